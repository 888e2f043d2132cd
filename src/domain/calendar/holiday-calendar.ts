/**
 * China's working-day calendar (工作日历): weekends, statutory holidays (法定节假日 and the rest
 * days of their blocks, 放假日) and make-up working days (调休上班日). Holiday arrangements are
 * announced year by year by the State Council (国务院办公厅通知), so a year without data is
 * unknown — never guessed as plain Monday–Friday.
 */
import { DomainError } from '../errors.js';
import { fromDayNumber, isIsoDate, toDayNumber, weekday, yearOf, type IsoDate } from './dates.js';

export interface YearCalendar {
  year: number;
  /** 放假日: statutory holidays plus the other rest days of the holiday blocks. */
  holidays: IsoDate[];
  /** 调休上班日: weekend days declared working days. */
  makeupWorkdays: IsoDate[];
  /** official-notice = entered by an administrator; it overrides the library for that year. */
  source: 'library' | 'official-notice';
}

// Lookup cells: 0 = no data for that year, so a miss is distinguishable from a rest day.
const UNKNOWN = 0;
const WORKING = 1;
const REST = 2;

function invalid(y: YearCalendar, message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('CALENDAR_NOTICE_INVALID', `${y.year}年节假日安排有误：${message}`, { year: y.year, ...details });
}

export function validateYearCalendar(y: YearCalendar): void {
  if (!Number.isInteger(y.year) || y.year < 1970 || y.year > 2200) invalid(y, '年份无效'); // bounded: the lookup spans first..last year
  if (y.source !== 'library' && y.source !== 'official-notice') invalid(y, '来源只能是 library 或 official-notice');
  const seen = new Map<IsoDate, string>();
  for (const [list, label] of [[y.holidays, '放假日'], [y.makeupWorkdays, '调休上班日']] as const) {
    for (const d of list) {
      if (typeof d !== 'string' || !isIsoDate(d)) invalid(y, `${label} ${String(d)} 不是有效日期（YYYY-MM-DD）`, { date: d });
      if (yearOf(d) !== y.year) invalid(y, `${label} ${d} 不在该年度内`, { date: d });
      const earlier = seen.get(d);
      if (earlier === label) invalid(y, `${label} ${d} 重复`, { date: d });
      if (earlier) invalid(y, `${d} 不能既是放假日又是调休上班日`, { date: d });
      seen.set(d, label);
      const wd = weekday(d);
      if (label === '调休上班日' && wd !== 0 && wd !== 6) invalid(y, `调休上班日 ${d} 不是周六或周日`, { date: d });
    }
  }
}

export class HolidayCalendar {
  private readonly entries: ReadonlyMap<number, YearCalendar>;
  /** One cell per day from Jan 1 of the first known year; O(1) lookups for the deadline walks. */
  private readonly cells: Uint8Array;
  private readonly base: number;

  constructor(years: YearCalendar[]) {
    const entries = new Map<number, YearCalendar>();
    for (const y of years) {
      validateYearCalendar(y);
      const prev = entries.get(y.year);
      if (prev?.source === 'official-notice' && y.source === 'library') continue;
      entries.set(y.year, { ...y, holidays: [...y.holidays], makeupWorkdays: [...y.makeupWorkdays] });
    }
    this.entries = entries;

    const ys = [...entries.keys()];
    const first = ys.length ? Math.min(...ys) : 1970;
    const last = ys.length ? Math.max(...ys) : 1969;
    this.base = toDayNumber(`${first}-01-01`);
    this.cells = new Uint8Array(ys.length ? toDayNumber(`${last + 1}-01-01`) - this.base : 0);
    for (const y of entries.values()) {
      const from = toDayNumber(`${y.year}-01-01`);
      const to = toDayNumber(`${y.year + 1}-01-01`);
      for (let n = from; n < to; n++) {
        const wd = (n + 4) % 7; // same formula as weekday(); avoids re-parsing a string per day
        this.cells[n - this.base] = wd === 0 || wd === 6 ? REST : WORKING;
      }
      for (const d of y.holidays) this.cells[toDayNumber(d) - this.base] = REST;
      for (const d of y.makeupWorkdays) this.cells[toDayNumber(d) - this.base] = WORKING;
    }
  }

  hasYear(year: number): boolean {
    return this.entries.has(year);
  }

  years(): number[] {
    return [...this.entries.keys()].sort((a, b) => a - b);
  }

  yearSource(year: number): YearCalendar['source'] | undefined {
    return this.entries.get(year)?.source;
  }

  isWorkingDay(d: IsoDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(d));
  }

  isRestDay(d: IsoDate): boolean {
    return !this.isWorkingDay(d);
  }

  /** Same as isWorkingDay, on a day number (see dates.toDayNumber): the hot path of the deadline walks. */
  isWorkingDayNumber(n: number): boolean {
    const cell = this.cells[n - this.base] ?? UNKNOWN;
    if (cell === UNKNOWN) {
      const year = yearOf(fromDayNumber(n));
      throw new DomainError('CALENDAR_YEAR_UNKNOWN', `${year}年节假日安排尚未录入，无法计算期限`, { year });
    }
    return cell === WORKING;
  }

  withYear(y: YearCalendar): HolidayCalendar {
    return new HolidayCalendar([...this.entries.values(), y]);
  }
}
