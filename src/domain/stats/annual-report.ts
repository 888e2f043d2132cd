/**
 * 信访情况年度报告 (Art 41): what a petition office reports each year to 本级党委和政府 and to the
 * petition office one level up, in the four parts the article lists — (一) the statistics, the areas
 * the petitions concern and the organs most complained about; (二) its 转送、交办、督办; (三) its
 * recommendations (改进工作、完善政策、追究责任) and whether they were adopted; (四) other matters (the
 * backlog and the open cases past their deadline at the year's end). Pure: the annual report service
 * (src/app/annual-report.ts) gathers the figures, the .docx renderer lays this out.
 */
import { chineseDate } from '../calendar/provisional-note.js';
import type { IsoDate } from '../calendar/dates.js';
import { RECOMMENDATION_TYPE_LABELS } from '../labels.js';
import type { RecommendationType } from '../lifecycle/action-inputs.js';
import { INDICATOR_NAMES, INDICATORS, meetsTarget, targetText, type IndicatorFigures, type IndicatorTargets } from './indicators.js';

/** A labelled count (a channel, a kind of petition, a category, an organ). */
export interface Tally { label: string; n: number }
export interface RecommendationTally { issued: number; adopted: number; partlyAdopted: number; notAdopted: number; awaiting: number; awaitingLate: number }

export interface AnnualReportInput {
  year: number;
  /** The issuing organ (a petition office) and the place it serves, e.g. 于都县信访局, 于都县. */
  organName: string;
  place: string;
  /** 主送机关: 本级党委和政府, 上一级信访部门. */
  addressees: string[];
  issuedOn: IsoDate;
  /** The day (四) is counted at: the year's last day, or today while the year runs. */
  asOf: IsoDate;
  whole: IndicatorFigures;
  lastYear: IndicatorFigures;
  targets: IndicatorTargets;
  byChannel: Tally[];
  byKind: Tally[];
  /** First-level categories, most first. */
  categories: Tally[];
  /** The organs the year's petitions concern most (涉及机关), most first. */
  organsConcerned: Tally[];
  routing: { forwarded: number; assigned: number; reportsApproved: number; reportsReturned: number };
  supervision: { issued: number; answered: number; answeredInTime: number; open: number };
  recommendations: Record<RecommendationType, RecommendationTally>;
  atYearEnd: { overdueOpen: number; backlog: number };
  /** The facts were still being rebuilt when the figures were read. */
  incomplete: boolean;
}

export type AnnualBlock = { paragraph: string } | { table: { head: string[]; rows: string[][] } };
export interface AnnualSection { heading: string; blocks: AnnualBlock[] }
export interface AnnualReportContent { title: string; addressee: string; opening: string; sections: AnnualSection[]; signatureOrgan: string; date: string }

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);
const share = (n: number, total: number) => (total === 0 ? '—' : `${((n / total) * 100).toFixed(1)}%`);
/** 同比增长12.5% / 与上年持平 / 上年无可比数据: a count against the year before, as a clause. */
function countChange(now: number, then: number): string {
  if (then === 0) return now === 0 ? '与上年持平' : '上年无可比数据';
  const d = ((now - then) / then) * 100;
  if (Math.abs(d) < 0.05) return '与上年持平';
  return `同比${d > 0 ? '增长' : '下降'}${Math.abs(d).toFixed(1)}%`;
}
/** 上升2.00个百分点 / 持平 / 无可比数据: a ratio against the year before (the table's 同比 column, and after 同比 in a sentence). */
function pointChange(now: number | null, then: number | null): string {
  if (now === null || then === null) return '无可比数据';
  const d = (now - then) * 100;
  if (Math.abs(d) < 0.005) return '持平';
  return `${d > 0 ? '上升' : '下降'}${Math.abs(d).toFixed(2)}个百分点`;
}
const p = (paragraph: string): AnnualBlock => ({ paragraph });
const tallyTable = (what: string, xs: readonly Tally[], total: number): AnnualBlock =>
  ({ table: { head: [what, '件数', '占比'], rows: xs.map((x) => [x.label, String(x.n), share(x.n, total)]) } });
/** 甲（12件）、乙（9件） */
const listed = (xs: readonly Tally[]) => xs.map((x) => `${x.label}（${x.n}件）`).join('、');

const TYPES: RecommendationType[] = ['improve_work', 'improve_policy', 'accountability'];

export function composeAnnualReport(r: AnnualReportInput): AnnualReportContent {
  const w = r.whole, l = r.lastYear;
  const registered = w.counts.registered;
  const stats: AnnualBlock[] = [
    p(`${r.year}年，全${r.place}共登记信访事项${registered}件，${countChange(registered, l.counts.registered)}；其中来访${w.counts.visits}件，${countChange(w.counts.visits, l.counts.visits)}，`
      + `网上信访占比${pct(w.indicators.onlineShare.value)}，${w.indicators.onlineShare.value === null || l.indicators.onlineShare.value === null ? '上年无可比数据'
        : `同比${pointChange(w.indicators.onlineShare.value, l.indicators.onlineShare.value)}`}。`
        + `全年受理${w.counts.accepted}件，出具处理、复查、复核意见${w.counts.opinions}件，处理意见平均办理${w.avgHandlingDays ?? '—'}日。`),
    p(`按信访形式分：${listed(r.byChannel) || '无'}。按信访事项性质分：${listed(r.byKind) || '无'}。`),
    tallyTable('信访形式', r.byChannel, registered),
    tallyTable('信访事项性质', r.byKind, registered),
    p('主要工作指标及与上年比较如下：'),
    { table: { head: ['指标', `${r.year}年`, `${r.year - 1}年`, '同比', '目标'], rows: INDICATOR_NAMES.map((n) => {
      const now = w.indicators[n].value, target = r.targets[n];
      const met = meetsTarget(n, now, target);
      return [INDICATORS[n].label, pct(now), pct(l.indicators[n].value), pointChange(now, l.indicators[n].value),
        target === null ? '—' : `${targetText(n, target)}${met === null ? '' : met ? '（达标）' : '（未达标）'}`];
    }) } },
    p(r.categories.length ? `信访事项涉及的领域主要是：${listed(r.categories.slice(0, 5))}。` : '本年度未登记信访事项，无涉及领域可述。'),
    tallyTable('涉及领域（内容分类）', r.categories, registered),
    p(r.organsConcerned.length
      ? `信访事项反映（投诉）较多的机关、单位依次为：${listed(r.organsConcerned.slice(0, 5))}。`
      : '本年度登记的信访事项未指明所涉及的机关、单位。'),
  ];
  const sup = r.supervision, rt = r.routing;
  const routing: AnnualBlock[] = [
    p(`全年转送信访事项${rt.forwarded}件，交办${rt.assigned}件；交办事项的办结报告经审核通过${rt.reportsApproved}件，退回重办${rt.reportsReturned}件。`),
    p(`全年督办${sup.issued}件，有关机关已反馈${sup.answered}件（其中在反馈期限内反馈${sup.answeredInTime}件），尚未反馈${sup.open}件。`),
  ];
  const recs = TYPES.map((t) => r.recommendations[t]);
  const sum = (f: keyof RecommendationTally) => recs.reduce((s, x) => s + x[f], 0);
  const answered = sum('adopted') + sum('partlyAdopted') + sum('notAdopted');
  const recommendations: AnnualBlock[] = [
    p(`全年提出${TYPES.map((t) => `${RECOMMENDATION_TYPE_LABELS[t]}${r.recommendations[t].issued}件`).join('、')}，共${sum('issued')}件。`
      + `有关机关、单位已书面反馈${answered}件，其中采纳${sum('adopted')}件、部分采纳${sum('partlyAdopted')}件、不予采纳${sum('notAdopted')}件；`
      + `尚未反馈${sum('awaiting')}件${sum('awaitingLate') ? `（其中已超过反馈期限${sum('awaitingLate')}件）` : ''}。`),
    { table: { head: ['建议类型', '提出', '采纳', '部分采纳', '不予采纳', '尚未反馈'], rows: [
      ...TYPES.map((t) => {
        const x = r.recommendations[t];
        return [RECOMMENDATION_TYPE_LABELS[t], ...[x.issued, x.adopted, x.partlyAdopted, x.notAdopted, x.awaiting].map(String)];
      }),
      ['合计', ...(['issued', 'adopted', 'partlyAdopted', 'notAdopted', 'awaiting'] as const).map((f) => String(sum(f)))],
    ] } },
  ];
  const asOf = chineseDate(r.asOf);
  const other: AnnualBlock[] = [
    p(`截至${asOf}，全${r.place}在办信访事项中超过办理期限的${r.atYearEnd.overdueOpen}件，超过期限仍未出具处理、复查、复核意见的积案${r.atYearEnd.backlog}件，将逐件落实责任单位，限期办结。`),
    ...(r.incomplete ? [p('（统计数据正在重建，部分数字可能偏小。）')] : []),
  ];
  return {
    title: `${r.place}${r.year}年信访情况年度报告`,
    addressee: `${r.addressees.join('、')}：`,
    opening: `根据《信访工作条例》第四十一条的规定，现将${r.place}${r.year}年信访情况报告如下。`,
    sections: [
      { heading: '一、信访事项的数据统计、涉及领域和被投诉较多的机关', blocks: stats },
      { heading: '二、转送、交办、督办情况', blocks: routing },
      { heading: '三、提出改进工作、完善政策、追究责任建议及采纳情况', blocks: recommendations },
      { heading: '四、其他应当报告的事项', blocks: other },
    ],
    signatureOrgan: r.organName,
    date: chineseDate(r.issuedOn),
  };
}
