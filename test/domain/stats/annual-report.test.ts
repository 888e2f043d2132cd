/** The annual report's wording (Art 41) from hand-written figures: every sentence and table row written out here. */
import { describe, expect, it } from 'vitest';
import { composeAnnualReport, type AnnualReportInput } from '../../../src/domain/stats/annual-report.js';
import type { IndicatorFigures } from '../../../src/domain/stats/indicators.js';

const ratio = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator ? numerator / denominator : null });
const figures = (registered: number, visits: number, online: number, onTime: [number, number]): IndicatorFigures => ({
  indicators: {
    timelyAcceptance: ratio(9, 10), onTimeCompletion: ratio(...onTime), evaluationRate: ratio(0, 0), satisfaction: ratio(3, 4),
    repeatRate: ratio(1, registered), onlineShare: ratio(online, registered),
  },
  counts: { registered, visits, accepted: 30, opinions: 25, backlog: 2, overdueOpen: 3 },
  avgHandlingDays: 41.5,
});
const zero = { issued: 0, adopted: 0, partlyAdopted: 0, notAdopted: 0, awaiting: 0, awaitingLate: 0 };
const INPUT: AnnualReportInput = {
  year: 2026, organName: '于都县信访局', place: '于都县', addressees: ['中共于都县委员会', '于都县人民政府', '赣州市信访局'],
  issuedOn: '2027-01-10', asOf: '2026-12-31',
  whole: figures(40, 10, 20, [18, 20]), lastYear: figures(50, 20, 15, [18, 18]),
  targets: { timelyAcceptance: 1, onTimeCompletion: 1, evaluationRate: null, satisfaction: 0.9, repeatRate: null, onlineShare: null },
  byChannel: [{ label: '网上信访', n: 20 }, { label: '来访', n: 10 }, { label: '来信', n: 10 }],
  byKind: [{ label: '申诉求决类', n: 36 }, { label: '建议意见类', n: 4 }],
  categories: [{ label: '劳动和社会保障', n: 16 }, { label: '城乡建设', n: 8 }],
  organsConcerned: [{ label: '于都县人力资源和社会保障局', n: 15 }, { label: '于都县住房和城乡建设局', n: 7 }],
  routing: { forwarded: 31, assigned: 5, reportsApproved: 3, reportsReturned: 1 },
  supervision: { issued: 6, answered: 5, answeredInTime: 4, open: 1 },
  recommendations: {
    improve_work: { issued: 4, adopted: 2, partlyAdopted: 1, notAdopted: 0, awaiting: 1, awaitingLate: 1 },
    improve_policy: { ...zero, issued: 1, notAdopted: 1 },
    accountability: zero,
  },
  atYearEnd: { overdueOpen: 3, backlog: 2 },
  incomplete: false,
};

describe('the annual report (信访情况年度报告, Art 41)', () => {
  const r = composeAnnualReport(INPUT);
  const text = (i: number) => r.sections[i]!.blocks.flatMap((b) => ('paragraph' in b ? [b.paragraph] : []));
  const table = (i: number, n: number) => r.sections[i]!.blocks.flatMap((b) => ('table' in b ? [b.table] : []))[n]!;

  it('is titled by place and year, addressed to 本级党委和政府 and the office above, signed by the office', () => {
    expect(r.title).toBe('于都县2026年信访情况年度报告');
    expect(r.addressee).toBe('中共于都县委员会、于都县人民政府、赣州市信访局：');
    expect([r.signatureOrgan, r.date]).toEqual(['于都县信访局', '2027年1月10日']);
    expect(r.sections.map((s) => s.heading.slice(0, 2))).toEqual(['一、', '二、', '三、', '四、']);
  });

  it('(一) the statistics against the year before, the areas and the organs most complained about', () => {
    expect(text(0)[0]).toBe('2026年，全于都县共登记信访事项40件，同比下降20.0%；其中来访10件，同比下降50.0%，网上信访占比50.00%，同比上升20.00个百分点。'
      + '全年受理30件，出具处理、复查、复核意见25件，处理意见平均办理41.5日。');
    expect(table(0, 0).rows).toEqual([['网上信访', '20', '50.0%'], ['来访', '10', '25.0%'], ['来信', '10', '25.0%']]);
    expect(table(0, 2).rows[1]).toEqual(['按期办结率', '90.00%', '100.00%', '下降10.00个百分点', '不低于100%（未达标）']);
    expect(text(0)).toContain('信访事项反映（投诉）较多的机关、单位依次为：于都县人力资源和社会保障局（15件）、于都县住房和城乡建设局（7件）。');
  });

  it('(二) 转送、交办、督办 and (三) the recommendations with their adoption', () => {
    expect(text(1)).toEqual(['全年转送信访事项31件，交办5件；交办事项的办结报告经审核通过3件，退回重办1件。', '全年督办6件，有关机关已反馈5件（其中在反馈期限内反馈4件），尚未反馈1件。']);
    expect(text(2)[0]).toBe('全年提出改进工作建议4件、完善政策建议1件、追究责任建议0件，共5件。有关机关、单位已书面反馈4件，其中采纳2件、部分采纳1件、不予采纳1件；尚未反馈1件（其中已超过反馈期限1件）。');
    expect(table(2, 0).rows).toEqual([
      ['改进工作建议', '4', '2', '1', '0', '1'], ['完善政策建议', '1', '0', '0', '1', '0'], ['追究责任建议', '0', '0', '0', '0', '0'], ['合计', '5', '2', '1', '1', '1'],
    ]);
  });

  it('says so when the year before has nothing to compare with', () => {
    const first = composeAnnualReport({ ...INPUT, lastYear: figures(0, 0, 0, [0, 0]) });
    expect((first.sections[0]!.blocks[0] as { paragraph: string }).paragraph)
      .toMatch(/^2026年，全于都县共登记信访事项40件，上年无可比数据；其中来访10件，上年无可比数据，网上信访占比50\.00%，上年无可比数据。/);
  });

  it('(四) the backlog at the year\'s end', () => {
    expect(text(3)).toEqual(['截至2026年12月31日，全于都县在办信访事项中超过办理期限的3件，超过期限仍未出具处理、复查、复核意见的积案2件，将逐件落实责任单位，限期办结。']);
  });
});
