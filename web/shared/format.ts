/** Dates and labels shown the same way in both apps. */
import { chinaDateTime } from '../../src/domain/calendar/dates.js';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // Beijing time, whatever the browser's zone.
  return chinaDateTime(d).slice(0, 16);
}

/** 2025-10-09 → 2025年10月9日 (as written in official documents). */
export function formatChineseDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const [y, m, d] = isoDate.slice(0, 10).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}
