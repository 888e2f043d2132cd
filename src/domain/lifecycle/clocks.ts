import { addDays, type IsoDate } from '../calendar/dates.js';
import { clockStatus, computeDue, type ClockStatus, type DeadlineRule } from '../calendar/deadlines.js';
import type { HolidayCalendar } from '../calendar/holiday-calendar.js';
import { DomainError } from '../errors.js';
import type { CaseRecord, Clock } from '../model/case.js';
import { CLOCK_LABELS, type ClockKind, type ProfiledClock, type RulesProfile } from '../rules/profiles.js';

/** The rule a clock follows under a profile: simplified clocks take the 简易办理 limits. */
export function ruleFor(kind: ClockKind, source: Clock['ruleSource'], profile: RulesProfile): DeadlineRule | null {
  if (source === 'fixed') return null;
  if (source === 'simplified') {
    if (kind === 'routing') return profile.simplified.routing;
    if (kind === 'acceptance') return profile.simplified.acceptance;
    if (kind === 'handling') return profile.simplified.handling;
  }
  return profile.limits[kind as ProfiledClock] ?? null;
}

/** Due date of a clock from its stored data (null while paused). */
export function dueOf(clock: Clock, cal: HolidayCalendar): IsoDate | null {
  if (clock.ruleSource === 'fixed') return clock.fixedDue;
  if (!clock.rule) return null;
  return computeDue(
    { start: clock.start, rule: clock.rule, extensionDays: clock.extensionDays, pauses: clock.pauses },
    cal,
  );
}

/**
 * A clock with its due date set. A period reaching a year without holiday data does not block the
 * work (accepting a case in late November cannot wait for next year's notice): the clock carries
 * no date and names the missing year until an administrator enters it and clocks are recomputed.
 */
export function withDue(clock: Clock, cal: HolidayCalendar): Clock {
  try {
    return { ...clock, due: dueOf(clock, cal), awaitingCalendarYear: null };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'CALENDAR_YEAR_UNKNOWN') {
      return { ...clock, due: null, awaitingCalendarYear: Number(e.details?.year) };
    }
    throw e;
  }
}

export interface NewClock {
  kind: ClockKind;
  organId: string;
  start: IsoDate;
  simplified?: boolean;
  fixedDue?: IsoDate;
}

export function makeClock(spec: NewClock, profile: RulesProfile, cal: HolidayCalendar): Clock {
  const ruleSource: Clock['ruleSource'] = spec.fixedDue ? 'fixed' : spec.simplified ? 'simplified' : 'profile';
  const clock: Clock = {
    kind: spec.kind,
    organId: spec.organId,
    start: spec.start,
    ruleSource,
    rule: ruleFor(spec.kind, ruleSource, profile),
    fixedDue: spec.fixedDue ?? null,
    extensionDays: 0,
    pauses: [],
    due: null,
    stoppedOn: null,
  };
  return withDue(clock, cal);
}

export const openClocks = (c: CaseRecord): Clock[] => c.clocks.filter((k) => k.stoppedOn === null);

export function openClock(c: CaseRecord, kind: ClockKind): Clock | undefined {
  return c.clocks.find((k) => k.kind === kind && k.stoppedOn === null);
}

/** Stop every open clock of the given kinds (all open clocks when kinds is empty). */
export function stopClocks(clocks: Clock[], on: IsoDate, kinds: ClockKind[] = []): Clock[] {
  return clocks.map((k) =>
    k.stoppedOn === null && (kinds.length === 0 || kinds.includes(k.kind)) ? { ...k, stoppedOn: on } : k,
  );
}

/**
 * Recompute every open clock after the calendar or the profile changed. Rules are re-read from the
 * profile, so a changed limit applies to running clocks, counted from their original start.
 */
export function recomputeClocks(clocks: Clock[], profile: RulesProfile, cal: HolidayCalendar): Clock[] {
  return clocks.map((k) => {
    if (k.stoppedOn !== null) return k;
    return withDue({ ...k, rule: ruleFor(k.kind, k.ruleSource, profile) }, cal);
  });
}

export interface ClockView extends ClockStatus {
  kind: ClockKind;
  label: string;
  organId: string;
  start: IsoDate;
  /** The year whose holiday notice must be entered before this due date can be known. */
  awaitingCalendarYear: number | null;
  /** Meanwhile, the day the period cannot end before (earliestEnd). */
  notBefore: IsoDate | null;
}

/** What a screen shows for each open stage: due date, days left, overdue. */
export function clockViews(c: CaseRecord, today: IsoDate): ClockView[] {
  return openClocks(c).map((k) => ({
    kind: k.kind,
    label: CLOCK_LABELS[k.kind],
    organId: k.organId,
    start: k.start,
    awaitingCalendarYear: k.awaitingCalendarYear ?? null,
    notBefore: k.due === null ? earliestEnd(k) : null,
    ...clockStatus(k.due, today, k.pauses.some((p) => p.to === null)),
  }));
}

/**
 * Windows that give a right (to object, to ask for review or re-review) rather than impose a duty:
 * they never make a case due or overdue for the organ.
 */
const RIGHT_WINDOWS: ReadonlySet<string> = new Set(['objection', 'review_request', 'rereview_request']);

/** The earliest open due date of a duty: the queue sorts by it and calls the case overdue past it. */
export function nextDue(c: CaseRecord): IsoDate | null {
  let min: IsoDate | null = null;
  for (const k of c.clocks) {
    if (k.stoppedOn === null && k.due !== null && !RIGHT_WINDOWS.has(k.kind) && (min === null || k.due < min)) min = k.due;
  }
  return min;
}

/**
 * For a clock awaiting next year's calendar: the day its period cannot end before. Weekends and
 * holidays only ever lengthen a period, so start + days is its earliest possible end.
 */
export function earliestEnd(clock: Clock): IsoDate | null {
  if (clock.due !== null) return clock.due;
  if (clock.awaitingCalendarYear && clock.rule) return addDays(clock.start, clock.rule.days + clock.extensionDays);
  return null;
}

/**
 * Whether `on` is within a clock's period: true, false, or 'unknown' when the due date awaits a
 * year's holiday notice and `on` lies past the earliest the period could end.
 */
export function isWithin(clock: Clock, on: IsoDate): boolean | 'unknown' {
  if (clock.due !== null) return on <= clock.due;
  const earliest = earliestEnd(clock);
  if (earliest) return on <= earliest ? true : 'unknown';
  return false;
}
