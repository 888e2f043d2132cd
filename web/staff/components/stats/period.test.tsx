/** The statistics page's periods and changes: what the pickers send and the cards say. */
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { change, countChange, defaultPeriod, percent, periodOf, periodText, trailingYear } from './period';

const today = dayjs('2026-12-08');

describe('periods', () => {
  it('a month, a quarter and a year; the current one stops at today', () => {
    expect(periodOf('month', dayjs('2026-10-15'), today)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(periodOf('month', dayjs('2026-12-01'), today)).toEqual({ from: '2026-12-01', to: '2026-12-08' });
    expect(periodOf('quarter', dayjs('2026-08-20'), today)).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(periodOf('quarter', dayjs('2024-02-29'), today)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(periodOf('year', dayjs('2025-06-01'), today)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(defaultPeriod(today)).toEqual({ from: '2026-01-01', to: '2026-12-08' });
    expect(periodOf('custom', [dayjs('2026-03-05'), dayjs('2026-04-01')], today)).toEqual({ from: '2026-03-05', to: '2026-04-01' });
  });

  it('the trend: twelve months ending with the period', () => {
    expect(trailingYear('2026-10-31')).toEqual({ from: '2025-11-01', to: '2026-10-31' });
  });

  it('words', () => {
    expect(periodText({ from: '2026-01-01', to: '2026-12-08' })).toBe('2026年1月1日至2026年12月8日');
    expect(percent(0.9787)).toBe('97.87%');
    expect(percent(null)).toBe('—');
    expect(change(0.6364, 0.7778)).toEqual({ arrow: '↓', text: '14.14个百分点', words: '下降14.14个百分点' });
    expect(change(0.5, 0.5)?.text).toBe('持平');
    expect(change(0.5, null)).toBeNull();
    expect(countChange(45, 40)).toEqual({ arrow: '↑', text: '12.5%', words: '增长12.5%' });
    expect(countChange(30, 40)?.words).toBe('下降25.0%');
    expect(countChange(7, 7)?.text).toBe('持平');
    expect(countChange(0, 0)?.text).toBe('持平');
    expect(countChange(3, 0)).toBeNull();
    expect(countChange(3, undefined)).toBeNull();
  });
});
