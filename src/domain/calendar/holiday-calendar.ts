/**
 * China's working-day calendar (工作日历): weekends, statutory holidays (法定节假日 and the rest
 * days of their blocks, 放假日) and make-up working days (调休上班日). Holiday arrangements are
 * announced year by year by the State Council (国务院办公厅通知). A year without its notice is
 * never plain Monday–Friday: with a provisional source (see provisional-years.ts) it is the
 * statutory holidays plus weekends, and every answer drawn from it is marked provisional; a year
 * outside every source is refused (CALENDAR_YEAR_UNSUPPORTED).
 */
import { DomainError } from '../errors.js';
import { fromDayNumber, isIsoDate, toDayNumber, weekday, yearOf, type IsoDate } from './dates.js';

export interface YearCalendar {
  year: number;
  /** 放假日: statutory holidays plus the other rest days of the holiday blocks. */
  holidays: IsoDate[];
  /** 调休上班日: weekend days declared working days. */
  makeupWorkdays: IsoDate[];
  /**
   * official-notice = entered by an administrator; it overrides the library for that year.
   * provisional = computed from the statutory holidays while the notice is missing (never stored).
   */
  source: 'library' | 'official-notice' | 'provisional';
}

/** Where the calendar takes a year it has no data for: the provisional generator and its range. */
export interface ProvisionalSource {
  firstYear: number;
  lastYear: number;
  year(year: number): YearCalendar | null;
}

// Lookup cells: 0 = not filled yet (a year without data, or a provisional year not asked for yet),
// so a miss is distinguishable from a rest day. Working kinds are odd, rest kinds even.
const UNKNOWN = 0;
const WORKING = 1;
const REST = 2;
const PROVISIONAL_WORKING = 3;
const PROVISIONAL_REST = 4;
/** What a day is: working or rest, each from data or provisional. */
export type DayKind = typeof WORKING | typeof REST | typeof PROVISIONAL_WORKING | typeof PROVISIONAL_REST;
export const isWorkingKind = (k: DayKind): boolean => (k & 1) === 1;
export const isProvisionalKind = (k: DayKind): boolean => k > REST;

function invalid(y: YearCalendar, message: string, details: Record<string, unknown> = {}): never {
  throw new DomainError('CALENDAR_NOTICE_INVALID', `${y.year}年节假日安排有误：${message}`, { year: y.year, ...details });
}

export function validateYearCalendar(y: YearCalendar): void {
  if (!Number.isInteger(y.year) || y.year < 1970 || y.year > 2200) invalid(y, '年份无效'); // bounded: the lookup spans first..last year
  const seen = new Map<IsoDate, string>();
  for (const [list, label] of [[y.holidays, '放假日'], [y.makeupWorkdays, '调休上班日']] as const) {
    for (const d of list) {
      if (typeof d !== 'string' || !isIsoDate(d)) invalid(y, `${label} ${d} 不是有效日期（YYYY-MM-DD）`, { date: d });
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
  /**
   * One cell per day from Jan 1 of the first year (known or provisional) to Dec 31 of the last;
   * O(1) lookups for the deadline walks. Provisional years are filled the first time they are asked.
   */
  private readonly cells: Uint8Array;
  private readonly base: number;
  private readonly firstYear: number;
  private readonly lastYear: number;

  constructor(years: YearCalendar[], private readonly provisional: ProvisionalSource | null = null) {
    const entries = new Map<number, YearCalendar>();
    for (const y of years) {
      validateYearCalendar(y);
      if (y.source === 'provisional') continue; // computed on demand, never taken as data
      const prev = entries.get(y.year);
      if (prev?.source === 'official-notice' && y.source === 'library') continue;
      entries.set(y.year, { ...y, holidays: [...y.holidays], makeupWorkdays: [...y.makeupWorkdays] });
    }
    this.entries = entries;

    const ys = [...entries.keys()];
    if (provisional) ys.push(provisional.firstYear, provisional.lastYear);
    this.firstYear = ys.length ? Math.min(...ys) : 1970;
    this.lastYear = ys.length ? Math.max(...ys) : 1969;
    this.base = toDayNumber(`${this.firstYear}-01-01`);
    this.cells = new Uint8Array(ys.length ? toDayNumber(`${this.lastYear + 1}-01-01`) - this.base : 0);
    for (const y of entries.values()) this.fill(y, WORKING, REST);
  }

  private fill(y: YearCalendar, working: DayKind, rest: DayKind): void {
    const from = toDayNumber(`${y.year}-01-01`);
    const to = toDayNumber(`${y.year + 1}-01-01`);
    for (let n = from; n < to; n++) {
      const wd = (n + 4) % 7; // same formula as weekday(); avoids re-parsing a string per day
      this.cells[n - this.base] = wd === 0 || wd === 6 ? rest : working;
    }
    for (const d of y.holidays) this.cells[toDayNumber(d) - this.base] = rest;
    for (const d of y.makeupWorkdays) this.cells[toDayNumber(d) - this.base] = working;
  }

  /** Years with data (library or an entered notice); provisional years are not listed. */
  hasYear(year: number): boolean {
    return this.entries.has(year);
  }

  years(): number[] {
    return [...this.entries.keys()].sort((a, b) => a - b);
  }

  /** A year without data that the calendar answers provisionally. */
  isProvisionalYear(year: number): boolean {
    return !this.entries.has(year) && this.provisionalYear(year) !== null;
  }

  private provisionalYear(year: number): YearCalendar | null {
    if (!this.provisional || year < this.provisional.firstYear || year > this.provisional.lastYear) return null;
    return this.provisional.year(year);
  }

  yearSource(year: number): YearCalendar['source'] | undefined {
    return this.entries.get(year)?.source ?? (this.isProvisionalYear(year) ? 'provisional' : undefined);
  }

  /** The year as the calendar answers it: its data, or its provisional calendar, or undefined. */
  yearCalendar(year: number): YearCalendar | undefined {
    const y = this.entries.get(year) ?? this.provisionalYear(year) ?? undefined;
    return y && { ...y, holidays: [...y.holidays], makeupWorkdays: [...y.makeupWorkdays] };
  }

  /** The first and last year any deadline can be computed in (data or provisional). */
  supportedYears(): { first: number; last: number } | null {
    // The constructor stores the range; an empty calendar has first > last (1970 > 1969).
    return this.firstYear <= this.lastYear ? { first: this.firstYear, last: this.lastYear } : null;
  }

  isWorkingDay(d: IsoDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(d));
  }

  isRestDay(d: IsoDate): boolean {
    return !this.isWorkingDay(d);
  }

  /** Whether the answer for this day comes from a provisional year. */
  isProvisionalDay(d: IsoDate): boolean {
    return isProvisionalKind(this.dayKind(toDayNumber(d)));
  }

  /** Same as isWorkingDay, on a day number (see dates.toDayNumber): the hot path of the deadline walks. */
  isWorkingDayNumber(n: number): boolean {
    return isWorkingKind(this.dayKind(n));
  }

  /** The kind of a day number; fills a provisional year the first time one of its days is asked. */
  dayKind(n: number): DayKind {
    const cell = this.cells[n - this.base] ?? UNKNOWN;
    if (cell !== UNKNOWN) return cell as DayKind;
    const year = yearOf(fromDayNumber(n));
    const p = this.entries.has(year) ? null : this.provisionalYear(year);
    if (!p) {
      const range = this.supportedYears();
      throw new DomainError('CALENDAR_YEAR_UNSUPPORTED', range
        ? `${year}年不在期限计算支持的年份范围（${range.first}年至${range.last}年）内`
        : `没有${year}年的节假日数据，无法计算期限`, { year, ...(range ? { firstYear: range.first, lastYear: range.last } : {}) });
    }
    this.fill(p, PROVISIONAL_WORKING, PROVISIONAL_REST);
    return this.cells[n - this.base] as DayKind;
  }

  withYear(y: YearCalendar): HolidayCalendar {
    return new HolidayCalendar([...this.entries.values(), y], this.provisional);
  }
}
