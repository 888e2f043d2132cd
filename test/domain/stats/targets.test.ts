/** Whether an indicator meets its target, and the target in words: a hand-written table. */
import { describe, expect, it } from 'vitest';
import { meetsTarget, targetText, type IndicatorName } from '../../../src/domain/stats/indicators.js';

describe('indicator targets', () => {
  const table: [IndicatorName, number | null, number | null, boolean | null, string | null][] = [
    // indicator        value   target  met    words
    ['satisfaction', 0.9, 0.9, true, '不低于90%'],
    ['satisfaction', 0.8999, 0.9, false, '不低于90%'],
    ['onTimeCompletion', 1, 1, true, '不低于100%'],
    ['onTimeCompletion', 0.995, 1, false, '不低于100%'],
    ['repeatRate', 0.05, 0.05, true, '不高于5%'],
    ['repeatRate', 0.0501, 0.05, false, '不高于5%'],
    ['repeatRate', 0, 0.05, true, '不高于5%'],
    ['onlineShare', 0.625, 0.625, true, '不低于62.5%'],
    ['evaluationRate', null, 0.8, null, '不低于80%'], // nothing was due
    ['evaluationRate', 0.5, null, null, null], // no target set
  ];
  it.each(table)('%s %s against %s', (n, value, target, met, words) => {
    expect(meetsTarget(n, value, target)).toBe(met);
    if (target !== null) expect(targetText(n, target)).toBe(words);
  });
});
