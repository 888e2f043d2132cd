/**
 * How a provisional date (预计: computed before the year's State Council holiday notice was entered)
 * is written everywhere a person reads it — the workbench, the portal, documents and SMS — and how
 * a clock with no date at all is written, so no text ever shows an empty date or "null".
 * Pure, no dependencies: the web apps import it too.
 */
export const PROVISIONAL_LABEL = '预计';
export const PROVISIONAL_NOTE = '以国务院公布的节假日安排为准';
/** Appended to a provisional date: 2027-01-19（预计，以国务院公布的节假日安排为准）. */
export const PROVISIONAL_SUFFIX = `（${PROVISIONAL_LABEL}，${PROVISIONAL_NOTE}）`;

/** 2025-11-25 → 2025年11月25日; '' for anything that is not a date. */
export function chineseDate(d: unknown): string {
  if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return '';
  return `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

/**
 * A due date as text: the date (ISO or Chinese), with the provisional suffix when it is one, or
 * `none` when there is no date (a paused clock, a legacy record not recomputed yet).
 */
export function dueText(due: unknown, provisional: boolean, opts: { chinese?: boolean; none: string }): string {
  const text = opts.chinese ? chineseDate(due) : typeof due === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(due) ? due : '';
  if (!text) return opts.none;
  return provisional ? `${text}${PROVISIONAL_SUFFIX}` : text;
}

/** Whether `field` of an event's or a document's data holds a provisional date (see provisional-dates.ts). */
export function isProvisionalField(data: Record<string, unknown> | null | undefined, field: string): boolean {
  const list = data?.provisionalDates;
  return Array.isArray(list) && list.includes(field);
}
