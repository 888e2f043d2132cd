import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, fromDayNumber, toDayNumber, type IsoDate } from '../../../src/domain/calendar/dates.js';
import { computeDue, computeDueDetail, countWorkingDays, type DeadlineRule } from '../../../src/domain/calendar/deadlines.js';
import { defaultCalendar, libraryYears } from '../../../src/domain/calendar/library-years.js';
import { provisionalYear } from '../../../src/domain/calendar/provisional-years.js';

const cal = defaultCalendar();
const RUNS = { numRuns: 500 };

// An oracle independent of HolidayCalendar: straight from the library's lists, and for 2027 (no
// data yet: provisional) from the provisional year's list (checked by hand in provisional.test.ts).
const years = [...libraryYears(), provisionalYear(2027)!];
const holidays = new Set(years.flatMap((y) => y.holidays));
const makeups = new Set(years.flatMap((y) => y.makeupWorkdays));
const LAST_DATA = '2026-12-31';
const LAST_KNOWN = '2027-12-31';
function bruteWorking(d: IsoDate): boolean {
  if (d > LAST_KNOWN || d < '2004-01-01') throw new Error(`oracle has no data for ${d}`);
  if (makeups.has(d)) return true;
  const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6 && !holidays.has(d);
}
/** Working days in (a, b], day by day. */
function bruteCount(a: IsoDate, b: IsoDate): number {
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (bruteWorking(d)) n++;
  return n;
}

const start = fc
  .integer({ min: toDayNumber('2004-01-01'), max: toDayNumber('2026-10-31') })
  .map(fromDayNumber);
const days = fc.integer({ min: 0, max: 60 });
const calendarRule = (d: number, rollForward: boolean): DeadlineRule => ({ days: d, unit: 'calendar', rollForward });
const workingRule = (d: number): DeadlineRule => ({ days: d, unit: 'working', rollForward: false });

/**
 * The due date; checks on the way that it is provisional exactly when the count consulted 2027 —
 * for a rolled calendar period or a working-day walk, exactly when the due date is in 2027.
 */
function dueOrUnknown(s: IsoDate, rule: DeadlineRule, extra: Partial<Parameters<typeof computeDue>[0]> = {}): IsoDate {
  const r = computeDueDetail({ start: s, rule, ...extra }, cal);
  if (r.due === null) throw new Error('unexpected null');
  // (With pauses the count also consults the paused days, which may lie past the due date.)
  if (extra.pauses) return r.due;
  if (rule.unit === 'working' || rule.rollForward) expect(r.provisional, `${s} ${JSON.stringify(rule)} → ${r.due}`).toBe(r.due > LAST_DATA);
  else expect(r.provisional).toBe(false);
  return r.due;
}

describe('deadline properties (2004-01-01 … 2026-10-31, 0–60 days)', () => {
  it('HolidayCalendar matches the library lists on every day 2004–2026 (and the provisional 2027)', () => {
    for (let d = '2004-01-01'; d <= LAST_KNOWN; d = addDays(d, 1)) expect(cal.isWorkingDay(d)).toBe(bruteWorking(d));
  });

  it('calendar + rollForward: first working day on or after start+days; provisional exactly when that is in 2027', () => {
    fc.assert(
      fc.property(start, days, (s, n) => {
        const plain = addDays(s, n);
        const due = dueOrUnknown(s, calendarRule(n, true));
        expect(bruteWorking(due)).toBe(true); // never ends on a rest day
        expect(due >= plain).toBe(true);
        for (let d = plain; d < due; d = addDays(d, 1)) expect(bruteWorking(d)).toBe(false); // and rolls no further than needed
      }),
      RUNS,
    );
  });

  it('calendar without rollForward: exactly start + days, never provisional, even past the known years', () => {
    fc.assert(
      fc.property(start, days, (s, n) => {
        expect(computeDueDetail({ start: s, rule: calendarRule(n, false) }, cal)).toEqual({ due: addDays(s, n), provisional: false });
      }),
      RUNS,
    );
  });

  it('working: a working day with exactly `days` working days after start (brute force); provisional exactly when 2026 runs out', () => {
    fc.assert(
      fc.property(start, days, (s, n) => {
        const due = dueOrUnknown(s, workingRule(n));
        expect(due > LAST_DATA).toBe(bruteCount(s, LAST_DATA) < n);
        if (n === 0) {
          expect(due).toBe(s);
          return;
        }
        expect(bruteWorking(due)).toBe(true);
        expect(bruteCount(s, due)).toBe(n);
        expect(countWorkingDays(s, due, cal)).toBe(n);
      }),
      RUNS,
    );
  });

  it('due ≥ start, and monotonic in days (both units)', () => {
    fc.assert(
      fc.property(start, days, days, fc.boolean(), (s, a, b, working) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const rule = (d: number) => (working ? workingRule(d) : calendarRule(d, true));
        const dLo = dueOrUnknown(s, rule(lo));
        const dHi = dueOrUnknown(s, rule(hi));
        expect(dLo >= s).toBe(true);
        expect(dHi >= dLo).toBe(true);
      }),
      RUNS,
    );
  });

  it('extension days behave like more days', () => {
    fc.assert(
      fc.property(start, days, fc.integer({ min: 0, max: 30 }), fc.boolean(), (s, n, ext, working) => {
        const rule = (d: number) => (working ? workingRule(d) : calendarRule(d, true));
        expect(dueOrUnknown(s, rule(n), { extensionDays: ext })).toBe(dueOrUnknown(s, rule(n + ext)));
      }),
      RUNS,
    );
  });

  it('a closed pause of k days: shifts an unrolled calendar deadline by exactly k, never moves a rolled one earlier', () => {
    fc.assert(
      fc.property(start, days, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 30 }), (s, n, offset, k) => {
        const pauses = [{ from: addDays(s, offset), to: addDays(s, offset + k) }];
        expect(computeDue({ start: s, rule: calendarRule(n, false), pauses }, cal)).toBe(addDays(s, n + k));
        const rolled = dueOrUnknown(s, calendarRule(n, true), { pauses });
        const unpaused = dueOrUnknown(s, calendarRule(n, true));
        expect(rolled >= unpaused).toBe(true);
      }),
      RUNS,
    );
  });

  it('a closed pause on a working-day rule = extension by the working days in from … to−1', () => {
    fc.assert(
      fc.property(start, days, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 30 }), (s, n, offset, k) => {
        const from = addDays(s, offset);
        const to = addDays(from, k);
        if (addDays(to, -1) > LAST_KNOWN) return; // the oracle has no data there
        const lost = bruteCount(addDays(from, -1), addDays(to, -1));
        expect(dueOrUnknown(s, workingRule(n), { pauses: [{ from, to }] })).toBe(dueOrUnknown(s, workingRule(n + lost)));
      }),
      RUNS,
    );
  });

  it('countWorkingDays is additive and antisymmetric', () => {
    fc.assert(
      fc.property(start, start, start, (a, b, c) => {
        expect(countWorkingDays(a, b, cal) + countWorkingDays(b, c, cal)).toBe(countWorkingDays(a, c, cal));
        expect(countWorkingDays(b, a, cal)).toBe(0 - countWorkingDays(a, b, cal));
      }),
      { numRuns: 100 },
    );
  });
});
