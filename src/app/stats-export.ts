/**
 * 统计表导出: the indicators of an organ and of each direct subordinate for a period as an .xlsx
 * sheet — ratios as percentage cells with their numerators and denominators beside them, so the
 * file can be checked and re-ranked — and, when asked, the same period before (环比) and a year
 * before (同比). Counts only: no case, no person.
 */
import ExcelJS from 'exceljs';
import { COUNT_LABELS, INDICATOR_NAMES, INDICATORS, type CountName } from '../domain/stats/indicators.js';
import type { IndicatorAnswer } from './contracts/stats.js';

const COUNT_ORDER: CountName[] = ['registered', 'visits', 'accepted', 'opinions', 'overdueOpen', 'backlog'];
type Figures = Pick<IndicatorAnswer, 'indicators' | 'counts' | 'avgHandlingDays'>;

function figureCells(f: Figures): (number | null)[] {
  return [
    ...COUNT_ORDER.map((c) => f.counts[c]),
    f.avgHandlingDays,
    ...INDICATOR_NAMES.flatMap((n) => [f.indicators[n].value, f.indicators[n].numerator, f.indicators[n].denominator]),
  ];
}

export async function indicatorWorkbook(a: IndicatorAnswer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '民声信访工作平台';
  const ws = wb.addWorksheet('统计指标');
  ws.addRow([`${a.organName} 信访工作统计指标（${a.from} 至 ${a.to}）`]);
  ws.addRow([`统计日期：${a.asOf}。在办超期、超期未出具意见为截至统计日期的数字。`]);
  const header = ['机关', ...COUNT_ORDER.map((c) => COUNT_LABELS[c]), '平均办理天数',
    ...INDICATOR_NAMES.flatMap((n) => [INDICATORS[n].label, `${INDICATORS[n].label}分子（${INDICATORS[n].numerator}）`, `${INDICATORS[n].label}分母（${INDICATORS[n].denominator}）`])];
  const head = ws.addRow(header);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  const rows: [string, Figures][] = [[`${a.organName}（合计）`, a], ...(a.children ?? []).map((c) => [c.organName, c] as [string, Figures])];
  if (a.previous) rows.push([`环比：${a.previous.from} 至 ${a.previous.to}`, a.previous]);
  if (a.lastYear) rows.push([`同比：${a.lastYear.from} 至 ${a.lastYear.to}`, a.lastYear]);
  for (const [name, f] of rows) ws.addRow([name, ...figureCells(f)]);
  // The organ's targets (its rules profile) under the ratios they apply to; 重复信访率's is a ceiling.
  ws.addRow(['目标值（重复信访率为上限）', ...COUNT_ORDER.map(() => null), null, ...INDICATOR_NAMES.flatMap((n) => [a.targets[n].value, null, null])]).font = { italic: true };
  const firstRatio = 2 + COUNT_ORDER.length + 1;
  INDICATOR_NAMES.forEach((_, i) => {
    ws.getColumn(firstRatio + i * 3).numFmt = '0.00%';
  });
  ws.getColumn(1).width = 36;
  for (let c = 2; c <= header.length; c++) ws.getColumn(c).width = 12;
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
