/**
 * Dates in Minsheng are calendar dates in China (Asia/Shanghai, UTC+8, no DST since 1991),
 * written 'YYYY-MM-DD'. The domain never reads the clock; callers pass `today`.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Milliseconds since the epoch at 00:00 UTC of a 'YYYY-MM-DD' date (rolled over if out of range), or null if not one. */
function utcMs(s: string): number | null {
  const m = ISO_DATE.exec(s);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

export function isIsoDate(s: string): boolean {
  const ms = utcMs(s);
  return ms !== null && new Date(ms).toISOString().slice(0, 10) === s;
}

/**
 * The years a date given to the system may fall in. A petition, a deadline, an audit filter: all
 * lie well inside; a date outside (0000-01-01, 9999-12-31, year 275760) is a mistake or an attack,
 * and would overflow date arithmetic further on (JavaScript's Date ends in 275760).
 */
export const SANE_YEARS = { min: 1900, max: 2200 } as const;

/** A date that exists on the calendar (no 2025-13-45, no 2025-02-29) and falls in SANE_YEARS. */
export function isSaneIsoDate(s: string): boolean {
  if (!isIsoDate(s)) return false;
  const y = yearOf(s);
  return y >= SANE_YEARS.min && y <= SANE_YEARS.max;
}

/**
 * An instant as a filter takes it: a sane date (YYYY-MM-DD), or an ISO 8601 date-time (T or a space) whose date
 * part is a sane date (`2026-03-02T10:00:00+08:00`, `2026-03-02T02:00:00.000Z`).
 */
export function isSaneIsoDateOrDateTime(s: string): boolean {
  if (isSaneIsoDate(s)) return true;
  const m = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m?.[1] || !isSaneIsoDate(m[1])) return false;
  const t = new Date(s).getTime();
  return !Number.isNaN(t);
}

/** Day number since 1970-01-01 (UTC calendar arithmetic on a date without time). */
export function toDayNumber(d: IsoDate): number {
  const ms = utcMs(d);
  if (ms === null) throw new RangeError(`not an ISO date: ${d}`);
  return ms / DAY_MS;
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(d) + n);
}

/** Whole calendar days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** The date in China of an instant: 01:00 Beijing time on the 2nd is the 2nd, whatever the server's zone. */
export function chinaDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The date and time in China of an instant, 'YYYY-MM-DD HH:mm:ss.SSS' (slice(0, 16) for minutes),
 * whatever the machine's or the browser's zone.
 */
export function chinaDateTime(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 23);
}

export function yearOf(d: IsoDate): number {
  return +d.slice(0, 4);
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(d: IsoDate): number {
  return (toDayNumber(d) + 4) % 7; // 1970-01-01 was a Thursday
}
