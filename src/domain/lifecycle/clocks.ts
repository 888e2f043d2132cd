import type { IsoDate } from '../calendar/dates.js';
import { clockStatus, computeDueDetail, type DeadlineRule, type DueDetail } from '../calendar/deadlines.js';
import type { HolidayCalendar } from '../calendar/holiday-calendar.js';
import type { CaseRecord, Clock } from '../model/case.js';
import { CLOCK_LABELS, type ClockKind, type RulesProfile } from '../rules/profiles.js';
import type { ClockView } from '../schemas.js';

/** The rule a clock follows under a profile: simplified clocks take the 简易办理 limits. */
export function ruleFor(kind: ClockKind, source: Clock['ruleSource'], profile: RulesProfile): DeadlineRule | null {
  if (source === 'fixed') return null;
  if (source === 'simplified') {
    if (kind === 'routing') return profile.simplified.routing;
    if (kind === 'acceptance') return profile.simplified.acceptance;
    if (kind === 'handling') return profile.simplified.handling;
  }
  // report_back and supervision carry a date set by a person: the profile has no limit for them.
  const limits: Partial<Record<ClockKind, DeadlineRule>> = profile.limits;
  return limits[kind] ?? null;
}

/** Due date of a clock from its stored data (null while paused), and whether it is provisional. */
export function dueOf(clock: Clock, cal: HolidayCalendar): DueDetail {
  if (clock.ruleSource === 'fixed') return { due: clock.fixedDue, provisional: false };
  if (!clock.rule) return { due: null, provisional: false };
  return computeDueDetail(
    { start: clock.start, rule: clock.rule, extensionDays: clock.extensionDays, pauses: clock.pauses },
    cal,
  );
}

/**
 * A clock with its due date set. A period reaching a year whose holiday notice is not entered yet
 * gets a provisional date (预计) from the statutory holidays, shown, sorted and judged like any
 * other, and recomputed when the notice is entered. Records stored before provisional dates
 * existed carry `awaitingCalendarYear`: it is dropped here.
 */
export function withDue(clock: Clock, cal: HolidayCalendar): Clock {
  const { awaitingCalendarYear: _legacy, ...rest } = clock;
  const { due, provisional } = dueOf(clock, cal);
  return { ...rest, due, provisional };
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

export type { ClockView } from '../schemas.js';

/** What a screen shows for each open stage: due date, days left, overdue. */
export function clockViews(c: CaseRecord, today: IsoDate): ClockView[] {
  return openClocks(c).map((k) => ({
    kind: k.kind,
    label: CLOCK_LABELS[k.kind],
    organId: k.organId,
    start: k.start,
    ...clockStatus(k.due, today, k.pauses.some((p) => p.to === null)),
    provisional: k.due !== null && k.provisional === true,
  }));
}

/**
 * Windows that give a right (to object, to ask for review or re-review) rather than impose a duty:
 * they never make a case due or overdue for the organ.
 */
const RIGHT_WINDOWS: ReadonlySet<string> = new Set(['objection', 'review_request', 'rereview_request']);
/**
 * A recommendation's feedback (Art 40 ¶4) is its recipient's duty about its own work — often not the
 * organ the case waits on, and the case may be closed: it never makes the case due in a queue (the
 * recipient's reminders list it).
 */
const NOT_THE_CASES_DUTY: ReadonlySet<string> = new Set(['recommendation']);

/** The earliest open due date of a duty: the queue sorts by it and calls the case overdue past it. */
export function nextDue(c: CaseRecord): IsoDate | null {
  return nextDueDetail(c).due;
}

/**
 * nextDue and whether that date is provisional: only when every duty clock ending that day has a
 * provisional date (one that is certain makes the day certain).
 */
export function nextDueDetail(c: CaseRecord): DueDetail {
  let min: IsoDate | null = null;
  let provisional = false;
  for (const k of c.clocks) {
    if (k.stoppedOn !== null || k.due === null || RIGHT_WINDOWS.has(k.kind) || NOT_THE_CASES_DUTY.has(k.kind)) continue;
    const p = k.provisional === true;
    if (min === null || k.due < min) {
      min = k.due;
      provisional = p;
    } else if (k.due === min) provisional &&= p;
  }
  return { due: min, provisional };
}

/** Whether `on` is within a clock's period (its last day included); false when it has no date. */
export function isWithin(clock: Clock, on: IsoDate): boolean {
  return clock.due !== null && on <= clock.due;
}
