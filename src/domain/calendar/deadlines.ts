/**
 * Deadline arithmetic (期限计算), following the counting of Chinese law:
 * - the start day is not counted (期间开始的当日不计算在期间内); a deadline ends at the end of its last day;
 * - a calendar-day period whose last day is a rest day ends on the next working day
 *   (期间届满的最后一日是法定节假日的，以节假日后的第一日为期间届满的日期) — when rule.rollForward;
 * - a working-day period (工作日) skips weekends and holidays and counts 调休 make-up workdays.
 * Pure: callers pass every date. A period that consults a day of a provisional year (no notice yet)
 * gets a provisional due date (computeDueDetail); a year outside every source throws
 * CALENDAR_YEAR_UNSUPPORTED.
 */
import { DomainError } from '../errors.js';
import { fromDayNumber, isIsoDate, toDayNumber, type IsoDate } from './dates.js';
import { isProvisionalKind, isWorkingKind, type HolidayCalendar } from './holiday-calendar.js';
import type { ClockPause, DeadlineRule } from '../schemas.js';

export type DayUnit = 'calendar' | 'working';
/**
 * DeadlineRule — rollForward: for calendar-day periods, a last day that is a rest day moves to the
 * next working day. ClockPause — a clock pause (e.g. a hearing, 听证时间不计入期限): the clock stops at
 * the start of `from` and runs again from the start of `to`, so the days `from` … `to`−1 are not
 * counted — daysBetween(from, to) calendar days, or the working days among them for a working-day
 * rule. `to` = null: still paused. Pauses must not overlap; one may start on the day the previous one
 * ended. Both defined once as TypeBox schemas in ../schemas.ts.
 */
export type { ClockPause, DeadlineRule } from '../schemas.js';
export interface DueInput {
  start: IsoDate;
  rule: DeadlineRule;
  extensionDays?: number;
  pauses?: ClockPause[];
}
/** A due date and whether it rests on a provisional year's calendar (预计). */
export interface DueDetail {
  due: IsoDate | null;
  provisional: boolean;
}
export interface ClockStatus {
  due: IsoDate | null;
  daysLeft: number | null;
  overdue: boolean;
  paused: boolean;
}

// Parsing/formatting dates costs more than the whole walk (isIsoDate + toISOString ≈ 4µs per
// deadline), so both directions are memoised; the caches are cleared if they ever grow large.
const CACHE_LIMIT = 100_000;
const numbers = new Map<IsoDate, number>();
const dates = new Map<number, IsoDate>();

function dayNumber(d: IsoDate, label: string): number {
  let n = numbers.get(d);
  if (n === undefined) {
    if (typeof d !== 'string' || !isIsoDate(d)) {
      throw new DomainError('INPUT_INVALID', `${label}不是有效日期（YYYY-MM-DD）`, { value: d });
    }
    if (numbers.size >= CACHE_LIMIT) numbers.clear();
    numbers.set(d, (n = toDayNumber(d)));
  }
  return n;
}

function isoDate(n: number): IsoDate {
  let d = dates.get(n);
  if (d === undefined) {
    if (dates.size >= CACHE_LIMIT) dates.clear();
    dates.set(n, (d = fromDayNumber(n)));
  }
  return d;
}

function checkCount(n: number, label: string): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new DomainError('DEADLINE_RULE_INVALID', `${label}应为非负整数`, { value: n });
  }
}

/** The calendar as the walks read it, noting whether any day consulted came from a provisional year. */
interface Probe {
  working(n: number): boolean;
  provisional: boolean;
}

function probe(cal: HolidayCalendar): Probe {
  const p: Probe = {
    provisional: false,
    working(n) {
      const k = cal.dayKind(n);
      if (isProvisionalKind(k)) p.provisional = true;
      return isWorkingKind(k);
    },
  };
  return p;
}

/** The n-th working day after day number `start` (start excluded); `start` itself when n = 0. */
function walkWorkingDays(start: number, n: number, cal: Probe): number {
  let d = start;
  for (let left = n; left > 0;) if (cal.working(++d)) left--;
  return d;
}

/** Working days in (a, b]; negative when b < a, like daysBetween. */
function countBetween(a: number, b: number, cal: Probe): number {
  if (b < a) return 0 - countBetween(b, a, cal); // 0 − x, not −x: no -0
  let count = 0;
  for (let d = a + 1; d <= b; d++) if (cal.working(d)) count++;
  return count;
}

function nextWorkingOnOrAfter(d: number, cal: Probe): number {
  while (!cal.working(d)) d++;
  return d;
}

export function addWorkingDays(start: IsoDate, n: number, cal: HolidayCalendar): IsoDate {
  checkCount(n, '工作日天数');
  return isoDate(walkWorkingDays(dayNumber(start, '起算日期'), n, probe(cal)));
}

export function countWorkingDays(fromExclusive: IsoDate, toInclusive: IsoDate, cal: HolidayCalendar): number {
  return countBetween(dayNumber(fromExclusive, '起始日期'), dayNumber(toInclusive, '截止日期'), probe(cal));
}

export function nextWorkingDayOnOrAfter(d: IsoDate, cal: HolidayCalendar): IsoDate {
  return isoDate(nextWorkingOnOrAfter(dayNumber(d, '日期'), probe(cal)));
}

/** Days the pauses take off the clock, in the rule's unit; null while a pause is open. */
function pausedDays(pauses: ClockPause[], unit: DayUnit, cal: Probe): number | null {
  const spans = pauses
    .map((p) => ({ from: dayNumber(p.from, '暂停开始日期'), to: p.to === null ? Infinity : dayNumber(p.to, '暂停结束日期') }))
    .sort((a, b) => a.from - b.from);
  let reach = -Infinity;
  for (const s of spans) {
    if (s.to < s.from) throw new DomainError('CLOCK_PAUSE_INVALID', '暂停结束日期早于开始日期', { from: isoDate(s.from), to: isoDate(s.to) });
    if (s.from < reach) throw new DomainError('CLOCK_PAUSE_INVALID', '期限暂停的时段相互重叠', { from: isoDate(s.from) });
    reach = Math.max(reach, s.to);
  }
  if (reach === Infinity) return null;
  let total = 0;
  // Excluded days are from … to−1, i.e. (from−1, to−1] in countBetween's terms.
  for (const s of spans) total += unit === 'calendar' ? s.to - s.from : countBetween(s.from - 1, s.to - 1, cal);
  return total;
}

/** The last day of the period (inclusive), or null while the clock is paused. */
export function computeDue(input: DueInput, cal: HolidayCalendar): IsoDate | null {
  return computeDueDetail(input, cal).due;
}

/**
 * The last day of the period and whether it is provisional: true when any day the count consulted
 * lies in a year the calendar answers provisionally (a calendar-day period without roll-forward
 * consults none, so it is never provisional).
 */
export function computeDueDetail(input: DueInput, cal: HolidayCalendar): DueDetail {
  const { rule } = input;
  const extension = input.extensionDays ?? 0;
  checkCount(rule.days, '期限天数');
  checkCount(extension, '延长天数');
  // A rule comes from a stored profile (JSON): its unit is checked, not trusted.
  const unit: string = rule.unit;
  if (unit !== 'calendar' && unit !== 'working') {
    throw new DomainError('DEADLINE_RULE_INVALID', '期限单位只能是自然日或工作日', { unit });
  }
  const start = dayNumber(input.start, '起算日期');
  const p = probe(cal);
  const paused = pausedDays(input.pauses ?? [], rule.unit, p);
  if (paused === null) return { due: null, provisional: false };
  const n = rule.days + extension + paused;
  if (rule.unit === 'working') return { due: isoDate(walkWorkingDays(start, n, p)), provisional: p.provisional };
  // A calendar period without roll-forward needs no calendar data at all.
  const last = start + n;
  return { due: isoDate(rule.rollForward ? nextWorkingOnOrAfter(last, p) : last), provisional: p.provisional };
}

export function clockStatus(due: IsoDate | null, today: IsoDate, paused: boolean): ClockStatus {
  if (paused || due === null) return { due: null, daysLeft: null, overdue: false, paused };
  const daysLeft = dayNumber(due, '截止日期') - dayNumber(today, '当前日期');
  return { due, daysLeft, overdue: daysLeft < 0, paused: false };
}
