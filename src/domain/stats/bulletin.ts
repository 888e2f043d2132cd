/**
 * 月通报: the monthly bulletin a petition office sends its subordinate units (日监测、周调度、月通报 in
 * the seeds): the month's figures against the month before (环比) and a year before (同比); the
 * units ranked by 按期办结率 and 及时受理率; the open cases past their deadline and the opinion duties
 * overdue (积案) with the unit and the official who holds each. Pure: the statistics service gathers
 * the figures and lists, the .docx renderer lays this out.
 */
import { chineseDate } from '../calendar/provisional-note.js';
import type { IsoDate } from '../calendar/dates.js';
import { INDICATORS, meetsTarget, targetText, type IndicatorFigures, type IndicatorName, type IndicatorTargets } from './indicators.js';

export interface BulletinCase { number: string; title: string; organName: string; holder: string; due: IsoDate; daysLate: number }
export interface BulletinUnit extends IndicatorFigures { organName: string }

export interface BulletinInput {
  organName: string;
  /** 'YYYY-MM' */
  month: string;
  issuedOn: IsoDate;
  whole: IndicatorFigures;
  previous: IndicatorFigures;
  lastYear: IndicatorFigures;
  units: BulletinUnit[];
  overdue: BulletinCase[];
  backlog: BulletinCase[];
  /** Cases counted in the figures but outside the issuer's data scope (not listed by number). */
  unlisted: number;
  /** The issuer's targets (its rules profile): each indicator's line says whether it is met, and units short of one are named. */
  targets: IndicatorTargets;
}

export interface BulletinSection { heading: string; paragraphs: string[]; table?: { head: string[]; rows: string[][] } }
export interface BulletinContent { title: string; issue: string; sections: BulletinSection[]; signatureOrgan: string; date: string }

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(2)}%`);
/** A change in percentage points, with its direction in words. */
function change(now: number | null, then: number | null): string {
  if (now === null || then === null) return '无可比数据';
  const d = (now - then) * 100;
  if (Math.abs(d) < 0.005) return '持平';
  return `${d > 0 ? '上升' : '下降'}${Math.abs(d).toFixed(2)}个百分点`;
}
function countChange(now: number, then: number): string {
  if (then === 0) return now === 0 ? '持平' : '上期为0';
  const d = ((now - then) / then) * 100;
  if (Math.abs(d) < 0.05) return '持平';
  return `${d > 0 ? '增长' : '下降'}${Math.abs(d).toFixed(1)}%`;
}

/** ，目标不低于90%，未达标 — or nothing when no target is set or nothing was due. */
function targetClause(n: IndicatorName, value: number | null, target: number | null): string {
  const met = meetsTarget(n, value, target);
  return met === null || target === null ? '' : `，目标${targetText(n, target)}，${met ? '达标' : '未达标'}`;
}

/** 按期办结率未达到目标的单位：甲、乙。 — one sentence per ranked indicator some unit falls short of. */
function shortOfTargets(units: readonly BulletinUnit[], targets: IndicatorTargets): string {
  return RANKED.map((n) => {
    const target = targets[n];
    const short = units.filter((u) => meetsTarget(n, u.indicators[n].value, target) === false).map((u) => u.organName);
    return short.length && target !== null ? `${INDICATORS[n].label}未达到目标（${targetText(n, target)}）的单位：${short.join('、')}。` : '';
  }).join('');
}

const RANKED: IndicatorName[] = ['onTimeCompletion', 'timelyAcceptance', 'satisfaction', 'evaluationRate'];

/** Units ranked by 按期办结率 (a unit with nothing due last), ties by 及时受理率 then name. */
export function rankUnits(units: readonly BulletinUnit[]): BulletinUnit[] {
  const key = (u: BulletinUnit, n: IndicatorName) => u.indicators[n].value ?? -1;
  return [...units].sort((a, b) => key(b, 'onTimeCompletion') - key(a, 'onTimeCompletion')
    || key(b, 'timelyAcceptance') - key(a, 'timelyAcceptance') || a.organName.localeCompare(b.organName, 'zh-CN'));
}

export function composeBulletin(b: BulletinInput): BulletinContent {
  const [y, m] = b.month.split('-').map(Number) as [number, number];
  const w = b.whole;
  const overview = [
    `${y}年${m}月，全辖登记信访事项${w.counts.registered}件，环比${countChange(w.counts.registered, b.previous.counts.registered)}，同比${countChange(w.counts.registered, b.lastYear.counts.registered)}；`
    + `其中网上信访占比${pct(w.indicators.onlineShare.value)}（环比${change(w.indicators.onlineShare.value, b.previous.indicators.onlineShare.value)}），来访${w.counts.visits}件（环比${countChange(w.counts.visits, b.previous.counts.visits)}）。`,
    `受理${w.counts.accepted}件，出具处理、复查、复核意见${w.counts.opinions}件，处理意见平均办理${w.avgHandlingDays ?? '—'}日。`,
    ...(['timelyAcceptance', 'onTimeCompletion', 'evaluationRate', 'satisfaction', 'repeatRate'] as IndicatorName[]).map((n) => {
      const r = w.indicators[n];
      return `${INDICATORS[n].label}${pct(r.value)}（${INDICATORS[n].numerator}${r.numerator}件，${INDICATORS[n].denominator}${r.denominator}件）${targetClause(n, r.value, b.targets[n])}，环比${change(r.value, b.previous.indicators[n].value)}，同比${change(r.value, b.lastYear.indicators[n].value)}。`;
    }),
    `截至${chineseDate(b.issuedOn)}，在办超期${w.counts.overdueOpen}件，超期未出具意见（积案）${w.counts.backlog}件。`,
  ];
  const ranked = rankUnits(b.units);
  const caseTable = (xs: BulletinCase[]) => ({
    head: ['序号', '编号', '事项', '责任单位', '承办人', '期限', '超期天数'],
    rows: xs.map((c, i) => [String(i + 1), c.number, c.title, c.organName, c.holder || '未分办', chineseDate(c.due), String(c.daysLate)]),
  });
  const sections: BulletinSection[] = [
    { heading: '一、总体情况', paragraphs: overview },
    {
      heading: '二、各单位主要指标排名',
      paragraphs: [ranked.length ? `以按期办结率排序（相同时比较及时受理率）。${shortOfTargets(ranked, b.targets)}${ranked.filter((u) => u.counts.overdueOpen > 0).map((u) => u.organName).join('、') || '各单位均'}${ranked.some((u) => u.counts.overdueOpen > 0) ? '有在办超期事项，请抓紧办理。' : '无在办超期事项。'}` : '本机关无下级单位。'],
      table: {
        head: ['排名', '单位', '登记', ...RANKED.map((n) => INDICATORS[n].label), '在办超期', '积案'],
        rows: ranked.map((u, i) => [
          String(i + 1), u.organName, String(u.counts.registered), ...RANKED.map((n) => pct(u.indicators[n].value)),
          String(u.counts.overdueOpen), String(u.counts.backlog),
        ]),
      },
    },
    {
      heading: '三、在办超期事项',
      paragraphs: [b.overdue.length ? `以下${b.overdue.length}件已超过办理期限，请责任单位于本通报印发之日起5个工作日内办结或说明情况。` : '本月无在办超期事项。'],
      ...(b.overdue.length ? { table: caseTable(b.overdue) } : {}),
    },
    {
      heading: '四、积案（超期未出具意见）',
      paragraphs: [b.backlog.length ? `以下${b.backlog.length}件超过处理、复查或复核期限仍未出具意见，实行领导包案，逐件明确责任人和化解时限。` : '本月无积案。'],
      ...(b.backlog.length ? { table: caseTable(b.backlog) } : {}),
    },
  ];
  if (b.unlisted > 0) sections.push({ heading: '说明', paragraphs: [`另有${b.unlisted}件计入上述数字，因回避、检举控告保护或已移出本辖区，未列明细。`] });
  return { title: `${b.organName}信访工作情况通报`, issue: `${y}年第${m}期`, sections, signatureOrgan: b.organName, date: chineseDate(b.issuedOn) };
}
