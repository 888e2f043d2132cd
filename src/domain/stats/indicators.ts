/**
 * The indicators petition offices report and are ranked by (workflow.md §6), as ratios of counted
 * facts (indicator-facts.ts): each one's numerator is the hits of one kind of fact, its denominator
 * all facts of that kind in the period. Counts and the average handling time come from the same
 * facts. Pure: the statistics service sums the database's groups with it, and the tests' brute
 * force is written apart from it.
 */
import { addDays, daysBetween, type IsoDate } from '../calendar/dates.js';
import type { FactKind } from './indicator-facts.js';

export const INDICATORS = {
  timelyAcceptance: { label: '及时受理率', fact: 'acceptance', numerator: '按期受理（含按期转送交办）', denominator: '应受理', better: 'higher' },
  onTimeCompletion: { label: '按期办结率', fact: 'completion', numerator: '按期出具意见', denominator: '应出具意见', better: 'higher' },
  evaluationRate: { label: '参评率', fact: 'evaluation', numerator: '已评价', denominator: '已评价与评价期满未评价', better: 'higher' },
  satisfaction: { label: '满意率', fact: 'satisfaction', numerator: '满意和基本满意', denominator: '已评价', better: 'higher' },
  repeatRate: { label: '重复信访率', fact: 'repeat', numerator: '重复信访', denominator: '全部信访', better: 'lower' },
  onlineShare: { label: '网上信访占比', fact: 'online', numerator: '网上信访', denominator: '全部信访', better: 'higher' },
} as const satisfies Record<string, { label: string; fact: FactKind; numerator: string; denominator: string; better: 'higher' | 'lower' }>;
export type IndicatorName = keyof typeof INDICATORS;
export const INDICATOR_NAMES = Object.keys(INDICATORS) as IndicatorName[];

/**
 * The targets an organ is held to (目标值), per indicator, from its rules profile; null: none set.
 * A target is a floor for the indicators that should rise and a ceiling for 重复信访率.
 */
export type IndicatorTargets = Record<IndicatorName, number | null>;

/** Whether a value meets its target (null when either is missing: nothing due, or no target). */
export function meetsTarget(n: IndicatorName, value: number | null, target: number | null): boolean | null {
  if (value === null || target === null) return null;
  return INDICATORS[n].better === 'lower' ? value <= target : value >= target;
}

/** 不低于90% / 不高于5%: a target in words. */
export function targetText(n: IndicatorName, target: number): string {
  return `${INDICATORS[n].better === 'lower' ? '不高于' : '不低于'}${Number((target * 100).toFixed(2))}%`;
}

/** The counts beside the ratios: each the facts of one kind (hits only where `hitsOnly`). */
export const COUNTS = {
  registered: { label: '登记', fact: 'online' },
  visits: { label: '来访', fact: 'visit', hitsOnly: true },
  accepted: { label: '受理', fact: 'accepted' },
  opinions: { label: '出具意见', fact: 'opinion' },
  backlog: { label: '超期未出具意见（积案）', fact: 'backlog' },
} as const satisfies Record<string, { label: string; fact: FactKind; hitsOnly?: true }>;
export type CountName = keyof typeof COUNTS | 'overdueOpen';
export const COUNT_LABELS: Record<CountName, string> = { ...Object.fromEntries(Object.entries(COUNTS).map(([k, v]) => [k, v.label])) as Record<keyof typeof COUNTS, string>, overdueOpen: '在办超期' };

/** Facts counted by period (the rest — backlog — are counted as of today, whatever the period). */
export const PERIOD_FACTS: readonly FactKind[] = ['online', 'visit', 'repeat', 'acceptance', 'completion', 'evaluation', 'satisfaction', 'accepted', 'opinion'];

/** One group of facts as the database sums them: an organ's facts of one kind. */
export interface FactGroup { organId: string; kind: FactKind; hits: number; total: number; daysSum: number; daysCount: number }
/** An organ's open cases past their next due date, as the database counts them. */
export interface OverdueGroup { organId: string; n: number }

export interface Ratio { numerator: number; denominator: number; value: number | null }
export interface IndicatorFigures {
  indicators: Record<IndicatorName, Ratio>;
  counts: Record<CountName, number>;
  /** Mean calendar days from the petition's receipt to its handling opinion, over opinions issued in the period. */
  avgHandlingDays: number | null;
}

/** A ratio rounded to four places (a percentage with two decimals); null when nothing is due. */
export const ratio = (numerator: number, denominator: number): Ratio =>
  ({ numerator, denominator, value: denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000 });

/** The figures of the organs in `organIds` (a subtree, or one organ alone) from the database's groups. */
export function figuresOf(groups: readonly FactGroup[], overdue: readonly OverdueGroup[], organIds: ReadonlySet<string>): IndicatorFigures {
  const sum = new Map<FactKind, { hits: number; total: number; daysSum: number; daysCount: number }>();
  for (const g of groups) {
    if (!organIds.has(g.organId)) continue;
    const t = sum.get(g.kind) ?? { hits: 0, total: 0, daysSum: 0, daysCount: 0 };
    t.hits += g.hits; t.total += g.total; t.daysSum += g.daysSum; t.daysCount += g.daysCount;
    sum.set(g.kind, t);
  }
  const of = (k: FactKind) => sum.get(k) ?? { hits: 0, total: 0, daysSum: 0, daysCount: 0 };
  const indicators = Object.fromEntries(INDICATOR_NAMES.map((n) => {
    const t = of(INDICATORS[n].fact);
    return [n, ratio(t.hits, t.total)];
  })) as Record<IndicatorName, Ratio>;
  const counts = Object.fromEntries(Object.entries(COUNTS).map(([n, c]) => {
    const t = of(c.fact);
    return [n, 'hitsOnly' in c ? t.hits : t.total];
  })) as Record<CountName, number>;
  counts.overdueOpen = overdue.reduce((a, g) => a + (organIds.has(g.organId) ? g.n : 0), 0);
  const op = of('opinion');
  return { indicators, counts, avgHandlingDays: op.daysCount === 0 ? null : Math.round((op.daysSum / op.daysCount) * 10) / 10 };
}

// ——— periods ———

const pad = (n: number) => String(n).padStart(2, '0');
/** The last day of month m (1–12) of year y: the day before the first of the next month. */
const lastOfMonth = (y: number, m: number): IsoDate => addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`, -1);
const ymd = (d: IsoDate) => d.split('-').map(Number) as [number, number, number];

/** Shift a date by whole months, the day kept where the month has it (else its last day). */
export function addMonths(d: IsoDate, months: number): IsoDate {
  const [y, m, day] = ymd(d);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12), nm = (idx % 12) + 1;
  const last = Number(lastOfMonth(ny, nm).slice(8));
  return `${ny}-${pad(nm)}-${pad(Math.min(day, last))}`;
}

/** Whole months from the first of a month to the last of a month (null when the period is not such). */
function wholeMonths(from: IsoDate, to: IsoDate): number | null {
  const [fy, fm, fd] = ymd(from);
  const [ty, tm] = ymd(to);
  if (fd !== 1 || to !== lastOfMonth(ty, tm)) return null;
  return (ty * 12 + tm) - (fy * 12 + fm) + 1;
}

export interface Period { from: IsoDate; to: IsoDate }

/** 环比: the period just before, as long (whole months stay whole months: November → October). */
export function previousPeriod(p: Period): Period {
  const months = wholeMonths(p.from, p.to);
  if (months !== null) {
    const from = addMonths(p.from, -months);
    const [ty, tm] = ymd(addMonths(p.from, -1));
    return { from, to: lastOfMonth(ty, tm) };
  }
  const len = daysBetween(p.from, p.to) + 1;
  return { from: addDays(p.from, -len), to: addDays(p.from, -1) };
}

/** 同比: the same period a year before (a month's last day stays its last day: 29 Feb → 28 Feb). */
export function lastYearPeriod(p: Period): Period {
  const [ty, tm] = ymd(p.to);
  const toIsMonthEnd = p.to === lastOfMonth(ty, tm);
  const to = toIsMonthEnd ? lastOfMonth(ty - 1, tm) : addMonths(p.to, -12);
  return { from: addMonths(p.from, -12), to };
}
