/** Dates and labels shown the same way in both apps. */
import { chinaDateTime } from '../../src/domain/calendar/dates.js';
import { labelOf as knownLabel } from '../../src/domain/labels.js';

/** The label of a code the server sent, or (by default the code itself) when this build has no label for it. */
export function labelOf(labels: Readonly<Record<string, string>>, code: string, unknown = code): string {
  return knownLabel(labels, code) ?? unknown;
}

/** A JSON value as text: strings, numbers and booleans (nothing for null, objects and arrays). */
export function scalarText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** Typed text as an optional value: empty is none. */
export function filled(s: string | null | undefined): string | undefined {
  return s === undefined || s === null || s === '' ? undefined : s;
}

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
