/**
 * The statistics page's periods: a month, a quarter, a year or any range, as the from/to dates the
 * API takes. A period that has not ended stops at today (the facts stop there too), so the default
 * — this year — is "1 January to today", and its 环比/同比 are periods as long.
 */
import dayjs, { type Dayjs } from 'dayjs';

export const PERIOD_KINDS = [
  { value: 'month', label: '月' },
  { value: 'quarter', label: '季度' },
  { value: 'year', label: '年' },
  { value: 'custom', label: '自定义' },
] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number]['value'];
export const isPeriodKind = (s: string | undefined): s is PeriodKind => PERIOD_KINDS.some((k) => k.value === s);

const ISO = 'YYYY-MM-DD';
export interface PeriodDates { from: string; to: string }

/** The period of `kind` holding day `d` (a range for 'custom'), ending today at the latest. */
export function periodOf(kind: PeriodKind, d: Dayjs | [Dayjs, Dayjs], today: Dayjs = dayjs()): PeriodDates {
  let start: Dayjs, end: Dayjs;
  if (Array.isArray(d)) [start, end] = d;
  else if (kind === 'quarter') {
    start = d.month(Math.floor(d.month() / 3) * 3).startOf('month');
    end = start.add(2, 'month').endOf('month');
  } else {
    const unit = kind === 'month' ? 'month' : 'year';
    start = d.startOf(unit);
    end = d.endOf(unit);
  }
  if (!Array.isArray(d) && end.isAfter(today, 'day') && !start.isAfter(today, 'day')) end = today;
  return { from: start.format(ISO), to: end.format(ISO) };
}

/** The default period: this year to today. */
export const defaultPeriod = (today: Dayjs = dayjs()): PeriodDates => periodOf('year', today, today);

/** 2026-01-01 → 2026年1月1日 */
export const chineseDate = (iso: string) => dayjs(iso).format('YYYY年M月D日');
export const periodText = (p: PeriodDates) => (p.from === p.to ? chineseDate(p.from) : `${chineseDate(p.from)}至${chineseDate(p.to)}`);

/** The twelve months ending with the period's last month (趋势). */
export function trailingYear(to: string): PeriodDates {
  const end = dayjs(to);
  return { from: end.subtract(11, 'month').startOf('month').format(ISO), to };
}

/** A ratio (0–1) as a percentage with two decimals; '—' when nothing was due. */
export const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)}%`);

/** The change of a ratio in percentage points, as words and an arrow (null when either side has no value). */
export function change(now: number | null, before: number | null | undefined): { arrow: string; text: string; words: string } | null {
  if (now === null || before === null || before === undefined) return null;
  const pp = Math.round((now - before) * 10000) / 100;
  if (pp === 0) return { arrow: '', text: '持平', words: '持平' };
  const up = pp > 0;
  const n = Math.abs(pp).toFixed(2);
  return { arrow: up ? '↑' : '↓', text: `${n}个百分点`, words: `${up ? '上升' : '下降'}${n}个百分点` };
}

/** The change of a count in per cent, as change() has it; null when there was nothing before to compare. */
export function countChange(now: number, before: number | undefined): { arrow: string; text: string; words: string } | null {
  if (before === undefined || before === 0) return before === 0 && now === 0 ? { arrow: '', text: '持平', words: '持平' } : null;
  const pc = Math.round(((now - before) / before) * 1000) / 10;
  if (pc === 0) return { arrow: '', text: '持平', words: '持平' };
  const up = pc > 0;
  const n = Math.abs(pc).toFixed(1);
  return { arrow: up ? '↑' : '↓', text: `${n}%`, words: `${up ? '增长' : '下降'}${n}%` };
}
