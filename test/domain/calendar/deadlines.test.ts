import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import {
  addWorkingDays,
  clockStatus,
  computeDue,
  computeDueDetail,
  countWorkingDays,
  nextWorkingDayOnOrAfter,
  type DeadlineRule,
  type DueInput,
} from '../../../src/domain/calendar/deadlines.js';
import { HolidayCalendar, validateYearCalendar, type YearCalendar } from '../../../src/domain/calendar/holiday-calendar.js';
import { defaultCalendar, libraryYears } from '../../../src/domain/calendar/library-years.js';
import { officialNotices } from '../../fixtures/official-holiday-notices.js';

const cal = defaultCalendar();
const calendarDays = (days: number, rollForward = true): DeadlineRule => ({ days, unit: 'calendar', rollForward });
const workingDays = (days: number): DeadlineRule => ({ days, unit: 'working', rollForward: false });
const due = (input: DueInput, c: HolidayCalendar = cal) => computeDue(input, c);

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

/** A made-up 2027 notice (元旦 1/1–1/3, nothing else) for override tests. */
const notice2027: YearCalendar = {
  year: 2027,
  source: 'official-notice',
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
  makeupWorkdays: [],
};

describe('calendar-day periods', () => {
  it('a last day inside National Day rolls forward to the first working day after it', () => {
    // 9/20 + 15 = 10/05; 10/05–10/08 are 国庆中秋 rest days; 10/09 (Thu) is the next working day
    expect(due({ start: '2025-09-20', rule: calendarDays(15) })).toBe('2025-10-09');
    expect(due({ start: '2025-09-20', rule: calendarDays(15, false) })).toBe('2025-10-05');
  });

  it('does not count the start day', () => {
    expect(due({ start: '2025-03-03', rule: calendarDays(1) })).toBe('2025-03-04');
    expect(due({ start: '2025-03-03', rule: calendarDays(0) })).toBe('2025-03-03');
    expect(due({ start: '2025-08-01', rule: calendarDays(60) })).toBe('2025-09-30'); // a working Tuesday
  });

  it('rolls a weekend last day to Monday', () => {
    expect(due({ start: '2025-03-01', rule: calendarDays(7) })).toBe('2025-03-10'); // 3/08 is a Saturday
  });

  it('does not roll off a make-up workday (调休上班日 is a working day)', () => {
    expect(due({ start: '2025-09-18', rule: calendarDays(10) })).toBe('2025-09-28'); // Sunday, 调休上班
  });

  it('adds extension days before rolling forward', () => {
    expect(due({ start: '2025-08-01', rule: calendarDays(60), extensionDays: 30 })).toBe('2025-10-30');
    expect(due({ start: '2025-08-01', rule: calendarDays(60), extensionDays: 7 })).toBe('2025-10-09'); // 10/07 → 10/09
  });
});

describe('working-day periods', () => {
  it('skips the National Day block and counts the 9/28 make-up day', () => {
    // from Fri 9/26: 9/27 Sat rest; 9/28 Sun 调休上班 (1); 9/29 (2); 9/30 (3); 10/1–10/8 rest; 10/9 (4); 10/10 (5)
    expect(due({ start: '2025-09-26', rule: workingDays(5) })).toBe('2025-10-10');
    expect(addWorkingDays('2025-09-26', 5, cal)).toBe('2025-10-10');
    expect(countWorkingDays('2025-09-26', '2025-10-10', cal)).toBe(5);
  });

  it('crosses the 2025 Spring Festival with its two make-up days', () => {
    // from Fri 1/24: 1/26 Sun 调休 (1); 1/27 (2); 1/28–2/4 rest; 2/5 (3), 2/6 (4), 2/7 (5); 2/8 Sat 调休 (6); 2/10 (7)
    expect(due({ start: '2025-01-24', rule: workingDays(7) })).toBe('2025-02-10');
    expect(due({ start: '2025-01-24', rule: workingDays(15) })).toBe('2025-02-20');
  });

  it('does not count the start day; 0 days is the start itself, even on a rest day', () => {
    expect(due({ start: '2025-03-03', rule: workingDays(1) })).toBe('2025-03-04');
    expect(due({ start: '2025-03-07', rule: workingDays(1) })).toBe('2025-03-10'); // Fri → Mon
    expect(due({ start: '2025-03-08', rule: workingDays(1) })).toBe('2025-03-10'); // Sat → Mon
    expect(due({ start: '2025-03-08', rule: workingDays(0) })).toBe('2025-03-08');
  });

  it('adds extension days as working days', () => {
    expect(due({ start: '2025-03-03', rule: workingDays(10) })).toBe('2025-03-17');
    expect(due({ start: '2025-03-03', rule: workingDays(10), extensionDays: 2 })).toBe('2025-03-19');
  });
});

describe('helpers', () => {
  it('nextWorkingDayOnOrAfter', () => {
    expect(nextWorkingDayOnOrAfter('2025-10-01', cal)).toBe('2025-10-09');
    expect(nextWorkingDayOnOrAfter('2025-10-09', cal)).toBe('2025-10-09');
    expect(nextWorkingDayOnOrAfter('2025-10-11', cal)).toBe('2025-10-11'); // Saturday 调休上班
  });

  it('countWorkingDays counts (from, to] and is antisymmetric', () => {
    expect(countWorkingDays('2025-03-03', '2025-03-03', cal)).toBe(0);
    expect(countWorkingDays('2025-03-02', '2025-03-09', cal)).toBe(5);
    expect(countWorkingDays('2025-03-09', '2025-03-02', cal)).toBe(-5);
  });

  it('clockStatus', () => {
    expect(clockStatus('2025-10-09', '2025-10-01', false)).toEqual({ due: '2025-10-09', daysLeft: 8, overdue: false, paused: false });
    expect(clockStatus('2025-10-09', '2025-10-09', false)).toEqual({ due: '2025-10-09', daysLeft: 0, overdue: false, paused: false });
    expect(clockStatus('2025-10-09', '2025-10-10', false)).toEqual({ due: '2025-10-09', daysLeft: -1, overdue: true, paused: false });
    expect(clockStatus('2025-10-09', '2025-12-01', true)).toEqual({ due: null, daysLeft: null, overdue: false, paused: true });
    expect(clockStatus(null, '2025-12-01', true)).toEqual({ due: null, daysLeft: null, overdue: false, paused: true });
  });
});

describe('pauses (hearings)', () => {
  it('a closed pause adds daysBetween(from, to) calendar days', () => {
    expect(due({ start: '2025-03-01', rule: calendarDays(30) })).toBe('2025-03-31');
    // 5 days off the clock → 4/05, inside 清明 (4/4–4/6) → 4/07
    expect(due({ start: '2025-03-01', rule: calendarDays(30), pauses: [{ from: '2025-03-10', to: '2025-03-15' }] })).toBe('2025-04-07');
    expect(due({ start: '2025-03-01', rule: calendarDays(30, false), pauses: [{ from: '2025-03-10', to: '2025-03-15' }] })).toBe('2025-04-05');
    // a pause opened and closed the same day takes nothing off
    expect(due({ start: '2025-03-01', rule: calendarDays(30), pauses: [{ from: '2025-03-10', to: '2025-03-10' }] })).toBe('2025-03-31');
  });

  it('for working-day rules, adds the working days among from … to−1', () => {
    // Fri 3/07 → Mon 3/10 excludes 3/07, 3/08, 3/09: one working day
    expect(due({ start: '2025-03-03', rule: workingDays(10), pauses: [{ from: '2025-03-07', to: '2025-03-10' }] })).toBe('2025-03-18');
    // Sat → Mon excludes only a weekend: nothing
    expect(due({ start: '2025-03-03', rule: workingDays(10), pauses: [{ from: '2025-03-08', to: '2025-03-10' }] })).toBe('2025-03-17');
  });

  it('several pauses add up; one may start the day the previous ended', () => {
    const pauses = [
      { from: '2025-03-12', to: '2025-03-14' },
      { from: '2025-03-10', to: '2025-03-12' },
    ];
    expect(due({ start: '2025-03-01', rule: calendarDays(30, false), pauses })).toBe('2025-04-04');
  });

  it('an open pause suspends the clock', () => {
    expect(due({ start: '2025-03-01', rule: calendarDays(30), pauses: [{ from: '2025-03-10', to: null }] })).toBeNull();
    expect(due({ start: '2025-03-01', rule: workingDays(30), pauses: [{ from: '2025-03-01', to: '2025-03-05' }, { from: '2025-03-10', to: null }] })).toBeNull();
  });

  it('rejects overlapping and reversed pauses', () => {
    const bad = [
      [{ from: '2025-03-10', to: '2025-03-15' }, { from: '2025-03-14', to: '2025-03-20' }],
      [{ from: '2025-03-10', to: null }, { from: '2025-03-14', to: '2025-03-20' }],
      [{ from: '2025-03-10', to: '2025-03-20' }, { from: '2025-03-12', to: '2025-03-12' }],
      [{ from: '2025-03-15', to: '2025-03-10' }],
    ];
    for (const pauses of bad) {
      expect(errorOf(() => due({ start: '2025-03-01', rule: calendarDays(30), pauses })).code).toBe('CLOCK_PAUSE_INVALID');
    }
  });
});

describe('years without a notice: provisional', () => {
  it('a calendar-day period whose roll-forward check needs 2027 is computed provisionally', () => {
    // 2026-12-20 + 30 = 2027-01-19, a Tuesday; the provisional 2027 has only 1月1日 as a January
    // holiday, so it is a working day: due 2027-01-19, provisional.
    expect(computeDueDetail({ start: '2026-12-20', rule: calendarDays(30) }, cal)).toEqual({ due: '2027-01-19', provisional: true });
    // 2026-12-02 + 30 = 2027-01-01 (元旦, provisional holiday) → Saturday 01-02, Sunday 01-03 → Monday 2027-01-04
    expect(computeDueDetail({ start: '2026-12-02', rule: calendarDays(30) }, cal)).toEqual({ due: '2027-01-04', provisional: true });
  });

  it('a working-day walk into 2027 is provisional', () => {
    // From Friday 2026-12-25: 12-28, 29, 30, 31 (4), 2027-01-01 元旦 skipped, 01-04, 05, 06, 07, 08 (9), 01-11 (10)
    expect(computeDueDetail({ start: '2026-12-25', rule: workingDays(10) }, cal)).toEqual({ due: '2027-01-11', provisional: true });
    expect(addWorkingDays('2026-12-31', 1, cal)).toBe('2027-01-04');
    expect(cal.isWorkingDay('2027-01-04')).toBe(true);
    expect(cal.isProvisionalDay('2027-01-04')).toBe(true);
    expect(cal.isProvisionalDay('2026-12-31')).toBe(false);
  });

  it('periods that stay inside known years, or need no calendar, are not provisional', () => {
    expect(computeDueDetail({ start: '2026-12-30', rule: calendarDays(1) }, cal)).toEqual({ due: '2026-12-31', provisional: false });
    expect(computeDueDetail({ start: '2026-12-31', rule: workingDays(0) }, cal)).toEqual({ due: '2026-12-31', provisional: false });
    // no roll-forward: the last day is plain arithmetic, no calendar consulted
    expect(computeDueDetail({ start: '2026-12-20', rule: calendarDays(30, false) }, cal)).toEqual({ due: '2027-01-19', provisional: false });
  });

  it('an entered notice replaces the provisional year', () => {
    const entered = cal.withYear({ year: 2027, holidays: ['2027-01-01', '2027-01-19'], makeupWorkdays: [], source: 'official-notice' });
    expect(computeDueDetail({ start: '2026-12-20', rule: calendarDays(30) }, entered)).toEqual({ due: '2027-01-20', provisional: false });
    expect(entered.yearSource(2027)).toBe('official-notice');
    expect(entered.isProvisionalYear(2027)).toBe(false);
    expect(entered.isProvisionalYear(2028)).toBe(true);
  });

  it('years outside 2004–2100 are refused with CALENDAR_YEAR_UNSUPPORTED', () => {
    const e = errorOf(() => cal.isWorkingDay('2003-12-31'));
    expect(e.code).toBe('CALENDAR_YEAR_UNSUPPORTED');
    expect(e.details).toEqual({ year: 2003, firstYear: 2004, lastYear: 2100 });
    expect(e.message).toBe('2003年不在期限计算支持的年份范围（2004年至2100年）内');
    expect(errorOf(() => due({ start: '2100-12-20', rule: calendarDays(30) })).code).toBe('CALENDAR_YEAR_UNSUPPORTED');
    expect(due({ start: '2100-11-20', rule: calendarDays(30) })).toBe('2100-12-20');
    // A calendar without a provisional source refuses every year it has no data for.
    expect(errorOf(() => new HolidayCalendar(officialNotices).isWorkingDay('2027-01-04')).code).toBe('CALENDAR_YEAR_UNSUPPORTED');
  });
});

describe('administrator overrides (official-notice)', () => {
  it('a 2027 notice makes 2027 computable', () => {
    const c = cal.withYear(notice2027);
    expect(due({ start: '2026-12-20', rule: calendarDays(30) }, c)).toBe('2027-01-19');
    // from Fri 12/25: 12/28–12/31 (4); 1/1–1/3 rest; 1/4–1/8 (9); 1/11 (10)
    expect(due({ start: '2026-12-25', rule: workingDays(10) }, c)).toBe('2027-01-11');
    expect(c.yearSource(2027)).toBe('official-notice');
    expect(cal.hasYear(2027)).toBe(false); // withYear does not mutate
  });

  it('an override for 2025 that removes a holiday changes the answer', () => {
    const n2025 = officialNotices.find((n) => n.year === 2025)!;
    const c = defaultCalendar([{ ...n2025, holidays: n2025.holidays.filter((d) => d !== '2025-10-08') }]);
    expect(due({ start: '2025-09-20', rule: calendarDays(15) }, c)).toBe('2025-10-08');
    expect(due({ start: '2025-09-20', rule: calendarDays(15) })).toBe('2025-10-09');
  });

  it('official-notice beats library whatever the order; later entries of equal rank win', () => {
    const lib2025 = libraryYears().find((y) => y.year === 2025)!;
    const official: YearCalendar = { ...lib2025, source: 'official-notice', holidays: [] };
    expect(new HolidayCalendar([official, lib2025]).yearSource(2025)).toBe('official-notice');
    expect(new HolidayCalendar([official, lib2025]).isWorkingDay('2025-10-08')).toBe(true);
    expect(cal.withYear(official).withYear(lib2025).isWorkingDay('2025-10-08')).toBe(true);
    const again: YearCalendar = { ...official, holidays: ['2025-10-08'] };
    expect(new HolidayCalendar([official, again]).isWorkingDay('2025-10-08')).toBe(false);
    expect(cal.years()).toEqual(cal.withYear(official).years());
  });
});

describe('validation', () => {
  const base: YearCalendar = { year: 2027, source: 'official-notice', holidays: ['2027-01-01'], makeupWorkdays: [] };
  const invalid: [string, Partial<YearCalendar>][] = [
    ['date in another year', { holidays: ['2026-12-31'] }],
    ['not a date', { holidays: ['2027-02-30'] }],
    ['not ISO', { holidays: ['2027/01/01'] }],
    ['make-up day on a weekday', { makeupWorkdays: ['2027-01-04'] }],
    ['in both lists', { holidays: ['2027-01-09'], makeupWorkdays: ['2027-01-09'] }],
    ['duplicate holiday', { holidays: ['2027-01-01', '2027-01-01'] }],
    ['duplicate make-up day', { makeupWorkdays: ['2027-01-09', '2027-01-09'] }],
  ];
  for (const [what, patch] of invalid) {
    it(`rejects a notice with a ${what}`, () => {
      const y = { ...base, ...patch };
      const e = errorOf(() => validateYearCalendar(y));
      expect(e.code).toBe('CALENDAR_NOTICE_INVALID');
      expect(e.message).toMatch(/^2027年节假日安排有误/);
      expect(errorOf(() => cal.withYear(y)).code).toBe('CALENDAR_NOTICE_INVALID');
    });
  }

  it('accepts a valid notice', () => {
    expect(() => validateYearCalendar({ ...base, makeupWorkdays: ['2027-01-09'] })).not.toThrow();
  });

  it('rejects bad day counts', () => {
    for (const rule of [calendarDays(-1), calendarDays(1.5), workingDays(Number.NaN), { days: 3, unit: 'month', rollForward: false } as unknown as DeadlineRule]) {
      expect(errorOf(() => due({ start: '2025-03-01', rule })).code).toBe('DEADLINE_RULE_INVALID');
    }
    expect(errorOf(() => due({ start: '2025-03-01', rule: calendarDays(5), extensionDays: -1 })).code).toBe('DEADLINE_RULE_INVALID');
    expect(errorOf(() => addWorkingDays('2025-03-01', -1, cal)).code).toBe('DEADLINE_RULE_INVALID');
  });

  it('rejects malformed dates', () => {
    expect(errorOf(() => due({ start: '2025-02-29', rule: calendarDays(5) })).code).toBe('INPUT_INVALID');
  });
});
