/** The statistics API (StatsService): indicators of an organ subtree for a period, and the cases behind each figure. */
import { Type, type Static } from 'typebox';
import { IsoDateT } from '../../domain/lifecycle/action-inputs.js';
import { CASE_STATES } from '../../domain/model/case-states.js';
import { CHANNELS, named } from '../../domain/schemas.js';
import { FACT_KINDS } from '../../domain/stats/indicator-facts.js';
import { COUNT_LABELS, INDICATOR_NAMES, INDICATORS, type CountName } from '../../domain/stats/indicators.js';
import { CategoryCodeT, Nullable, paging } from './common.js';

const COUNT_NAMES = Object.keys(COUNT_LABELS) as CountName[];

const scopeFilter = {
  organId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '机关（含下级）；缺省为本人数据权限的最上级机关' })),
  from: IsoDateT, to: IsoDateT,
  channel: Type.Optional(Type.Enum(CHANNELS, { description: '信访形式' })),
  categoryCode: Type.Optional(CategoryCodeT),
};

export const IndicatorQueryT = Type.Object({
  ...scopeFilter,
  by: Type.Optional(Type.Enum(['child'], { description: 'child：并列出各直属下级机关（含其下级）的数字' })),
  compare: Type.Optional(Type.Boolean({ description: '并列出环比（上一同长期间）和同比（上年同期）' })),
}, { additionalProperties: false });
export type IndicatorQuery = Static<typeof IndicatorQueryT>;

const Count = Type.Integer({ minimum: 0 });
export const RatioT = Type.Object({
  numerator: Count, denominator: Count,
  value: Nullable(Type.Number({ description: '比率（0–1，四位小数）；分母为 0 时为 null' })),
}, named('Ratio'));

const FiguresProps = {
  indicators: Type.Object(Object.fromEntries(INDICATOR_NAMES.map((n) => [n, RatioT])) as Record<(typeof INDICATOR_NAMES)[number], typeof RatioT>,
    { description: INDICATOR_NAMES.map((n) => `${n}：${INDICATORS[n].label}（${INDICATORS[n].numerator} / ${INDICATORS[n].denominator}）`).join('；') }),
  counts: Type.Object(Object.fromEntries(COUNT_NAMES.map((n) => [n, Count])) as Record<CountName, typeof Count>,
    { description: `${COUNT_NAMES.map((n) => `${n}：${COUNT_LABELS[n]}`).join('；')}。overdueOpen 与 backlog 为截至今日的数字，与期间无关` }),
  avgHandlingDays: Nullable(Type.Number({ description: '期间内出具的处理意见，自信访人提出之日起的平均自然日数' })),
};
const PeriodFiguresT = Type.Object({ from: IsoDateT, to: IsoDateT, ...FiguresProps });

export const OrganFiguresT = Type.Object({
  organId: Type.String(), organName: Type.String(),
  self: Type.Optional(Type.Boolean({ description: '本级（机关本身，不含下级）' })),
  ...FiguresProps,
}, named('OrganFigures'));

/** The organ's targets from its rules profile (RulesProfile.indicatorTargets), each with the way it should go. */
const TargetT = Type.Object({
  value: Nullable(Type.Number({ description: '目标值（0–1）；null 为未设目标' })),
  better: Type.Enum(['higher', 'lower'], { description: 'higher：不低于目标为达标；lower：不高于目标为达标' }),
});
const IndicatorTargetsT = Type.Object(Object.fromEntries(INDICATOR_NAMES.map((n) => [n, TargetT])) as Record<(typeof INDICATOR_NAMES)[number], typeof TargetT>,
  { ...named('IndicatorTargets'), description: '本机关适用的期限规则配置中的考核目标' });

export const IndicatorAnswerT = Type.Object({
  organId: Type.String(), organName: Type.String(), from: IsoDateT, to: IsoDateT,
  asOf: IsoDateT,
  ...FiguresProps,
  children: Type.Optional(Type.Array(OrganFiguresT)),
  previous: Type.Optional(PeriodFiguresT),
  lastYear: Type.Optional(PeriodFiguresT),
  incomplete: Type.Boolean({ description: '统计数据仍在重建（升级后首次启动），数字可能偏小' }),
  targets: IndicatorTargetsT,
  evaluationDays: Type.Integer({ minimum: 1, description: '评价期（送达之日起的自然日数）：期满未评价的意见计入参评率的分母' }),
}, named('IndicatorAnswer'));
export type IndicatorAnswer = Static<typeof IndicatorAnswerT>;

/** What a figure is made of: an indicator's numerator or denominator, or a count. */
export const FIGURE_NAMES = [...INDICATOR_NAMES, ...COUNT_NAMES] as const;
export const FigureCasesQueryT = Type.Object({
  ...scopeFilter,
  indicator: Type.Enum(FIGURE_NAMES, { description: '指标或计数' }),
  part: Type.Optional(Type.Enum(['numerator', 'denominator'], { description: '指标的分子或分母（计数忽略）；缺省为分母' })),
  ...paging(200),
}, { additionalProperties: false });
export type FigureCasesQuery = Static<typeof FigureCasesQueryT>;

export const FigureCaseT = Type.Object({
  caseId: Type.String(), number: Type.String(), title: Type.String(), state: Type.Enum(CASE_STATES),
  organId: Type.String({ description: '该数字所计的机关' }),
  on: IsoDateT, hit: Type.Boolean({ description: '计入分子' }),
  kind: Type.Enum([...FACT_KINDS, 'overdue_open']),
}, named('FigureCase'));
export const FigureCasesT = Type.Object({
  total: Count, hidden: Type.Integer({ minimum: 0, description: '计入该数字、但不在本人数据权限内（回避、检举控告、已移出本辖区）的件数' }),
  items: Type.Array(FigureCaseT),
});
export type FigureCases = Static<typeof FigureCasesT>;

const MonthFiguresT = Type.Object({ month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }), ...FiguresProps });
export const MonthlyAnswerT = Type.Object({ organId: Type.String(), months: Type.Array(MonthFiguresT) }, named('MonthlyIndicators'));

export const BreakdownQueryT = Type.Object({
  ...scopeFilter,
  dimension: Type.Enum(['channel', 'category', 'region'], { description: 'channel：按信访形式；category：按内容分类第一级；region：按问题发生地，机关辖区的下一级行政区划' }),
}, { additionalProperties: false });
export const BreakdownAnswerT = Type.Array(Type.Object({
  key: Nullable(Type.String({ description: '信访形式，或内容分类第一级代码，或下一级行政区划代码（未分类、未到下一级为 null）' })), registered: Count, visits: Count,
  name: Type.Optional(Type.String({ description: '行政区划名称（region）' })),
}));

export const BulletinQueryT = Type.Object({
  organId: scopeFilter.organId,
  month: Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: '通报月份 YYYY-MM' }),
}, { additionalProperties: false });

/** GET /api/stats/annual-report: the year is checked by the service (PERIOD_INVALID), so a bad one answers as the bulletin's bad month does. */
export const AnnualReportQueryT = Type.Object({
  organId: scopeFilter.organId,
  year: Type.String({ minLength: 1, maxLength: 10, description: '报告年度 YYYY' }),
}, { additionalProperties: false });
