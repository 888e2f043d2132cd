/**
 * Dates in Minsheng are calendar dates in China (Asia/Shanghai, UTC+8, no DST since 1991),
 * written 'YYYY-MM-DD'. The domain never reads the clock; callers pass `today`.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.toISOString().slice(0, 10) === s;
}

/** Day number since 1970-01-01 (UTC calendar arithmetic on a date without time). */
export function toDayNumber(d: IsoDate): number {
  const m = ISO_DATE.exec(d);
  if (!m) throw new RangeError(`not an ISO date: ${d}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) / DAY_MS;
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
