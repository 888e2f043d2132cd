/**
 * Which demo cases, in which states, from when: a quota of target states (every state of the domain
 * at 21 cases or more), a family and matter for each that can reach it (case-routes.ts), its steps
 * (case-steps.ts), and a start date that ends its walk by today, keeps every clock inside the years
 * the holiday calendar knows, and makes a few open cases overdue. Repeat petitions (merged, not
 * reaccepted, declined as already handled) are planned after the cases they repeat.
 */
import { addDays, daysBetween, type IsoDate } from '../domain/calendar/dates.js';
import { TERMINAL_STATES, type CaseState } from '../domain/model/case-states.js';
import { REACH } from './case-routes.js';
import { buildPlan, type Plan } from './case-steps.js';
import { MATTERS, type Family } from './petition-texts.js';
import type { Rng } from './random.js';
import { must } from '../domain/errors.js';

/** Share of each target state among the demo cases (normalised). */
const TARGET_WEIGHTS: readonly (readonly [CaseState, number])[] = [
  ['registered', 4], ['awaiting_acceptance', 5], ['objection_pending', 1.5], ['handling', 19], ['opinion_issued', 3], ['served', 7],
  ['review_requested', 2], ['under_review', 3], ['review_opinion_issued', 1.5], ['review_served', 2],
  ['rereview_requested', 1.2], ['under_rereview', 1.5], ['rereview_opinion_issued', 1], ['rereview_served', 4],
  ['not_accepted', 2], ['not_reaccepted', 1], ['diverted', 4], ['redirected', 2.5], ['referred', 3], ['merged', 3], ['closed', 30],
];

/** How many cases of each target state: by the weights, largest remainders first, at least one each when count allows. */
function quotas(count: number): Map<CaseState, number> {
  const total = TARGET_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  const out = new Map<CaseState, number>();
  const floorAll = count >= TARGET_WEIGHTS.length;
  let used = 0;
  const rema: [CaseState, number][] = [];
  for (const [s, w] of TARGET_WEIGHTS) {
    const exact = (count * w) / total;
    const n = Math.max(floorAll ? 1 : 0, Math.floor(exact));
    out.set(s, n);
    used += n;
    rema.push([s, exact - Math.floor(exact)]);
  }
  rema.sort((a, b) => b[1] - a[1]);
  for (let i = 0; used < count; i = (i + 1) % rema.length) {
    const [s] = must(rema[i], 'a target state');
    out.set(s, (out.get(s) ?? 0) + 1);
    used++;
  }
  for (let i = rema.length - 1; used > count; i = (i - 1 + rema.length) % rema.length) {
    const [s] = must(rema[i], 'a target state');
    const n = out.get(s) ?? 0;
    if (n > (floorAll ? 1 : 0)) { out.set(s, n - 1); used--; }
  }
  return out;
}

/** A family and matter able to reach the target. */
function pickRoute(rng: Rng, target: CaseState): { family: Family; matter: string } {
  const options: [{ family: Family; matter: string }, number][] = [];
  for (const m of MATTERS) {
    const sum = m.families.reduce((x, [, fw]) => x + fw, 0);
    for (const [family, fw] of m.families) {
      if (!REACH[family].has(target)) continue;
      if (target === 'objection_pending' && !m.wrong) continue;
      options.push([{ family, matter: m.key }, (m.weight * fw) / sum]);
    }
  }
  return rng.weighted(options);
}

/** States of a case accepted and still being handled (its holder has it: handling to the review's end). */
const ACCEPTED_OPEN = new Set<CaseState>(['handling', 'opinion_issued', 'served']);

/** Open states without a due date (waiting to be served or terminated): placed recently, as such cases do not sit long. */
const OPEN_WITHOUT_DUE_RECENT = new Set<CaseState>(['opinion_issued', 'review_opinion_issued', 'rereview_opinion_issued']);

/**
 * Where the plan starts: its last step on or before today, every clock it opens within the
 * calendar's known years, and its due date before today for the share chosen to be overdue.
 */
function placePlan(rng: Rng, p: Plan, w: PlanWindow, reserve = 0, notBefore?: IsoDate): void {
  const { today, cutoff, windowStart } = w;
  const lastAt = lastStepAt(p);
  const hiByToday = addDays(today, -(lastAt + reserve));
  const hiByCutoff = addDays(cutoff, -(p.horizon + 4));
  const hi = hiByToday < hiByCutoff ? hiByToday : hiByCutoff;
  let lo = notBefore && notBefore > windowStart ? notBefore : windowStart;
  let origin: IsoDate;
  if (p.due) {
    const dueAt = p.due.at + p.due.days;
    // origin ≥ this ⇒ due ≥ today, with a margin: real due dates can fall a few days before the
    // estimate (receipt before registration, working days, steps moved off weekends).
    const notOverdueFrom = addDays(today, 4 - dueAt);
    if (p.overdue) {
      const a = addDays(notOverdueFrom, -rng.int(2, 35));
      origin = a < hi ? a : hi;
    } else if (notOverdueFrom > hi) {
      origin = hi; // cannot avoid it: the calendar ends too soon
    } else {
      lo = notOverdueFrom > lo ? notOverdueFrom : lo;
      origin = lo > hi ? hi : addDays(lo, rng.int(0, daysBetween(lo, hi)));
    }
  } else if (OPEN_WITHOUT_DUE_RECENT.has(p.target)) {
    origin = addDays(hi, -rng.int(0, 12));
  } else {
    if (lo > hi) origin = addDays(hi, -rng.int(0, 10));
    else origin = addDays(lo, Math.floor(Math.sqrt(rng.next()) * (daysBetween(lo, hi) + 1))); // more recent than old
  }
  if (notBefore && origin < notBefore) origin = notBefore;
  p.origin = origin;
}

/** The dates plans are placed between. */
export interface PlanWindow {
  /** The demo's today, no later than the calendar's last known day. */
  today: IsoDate;
  /** The last day of the last year the holiday calendar knows: no clock may run past it. */
  cutoff: IsoDate;
  /** The earliest start of a walk. */
  windowStart: IsoDate;
}

export function planWindow(realToday: IsoDate, lastCalendarYear: number): PlanWindow {
  const cutoff = `${lastCalendarYear}-12-31`;
  const today = realToday > cutoff ? cutoff : realToday;
  // At least ~6 months of history, and from 2026-06-01 whenever today allows (a fixed date, like the seed).
  const windowStart = addDays(today, -174) < '2026-06-01' ? addDays(today, -174) : '2026-06-01';
  return { today, cutoff, windowStart };
}

/** Fisher–Yates, in place, with the demo's generator. */
function shuffle(rng: Rng, xs: unknown[]): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const [a, b] = [must(xs[i], 'an element'), must(xs[j], 'an element')];
    xs[i] = b;
    xs[j] = a;
  }
}

/** Day offset of a plan's last step (every plan has at least its registration). */
const lastStepAt = (p: Plan): number => must(p.steps.at(-1), `a step of plan ${p.idx}`).at;

/** `count` plans, placed in time: primary cases first, then repeat petitions linked to them. */
export function planDemoCases(rng: Rng, count: number, w: PlanWindow): Plan[] {
  const q = quotas(count);
  const merged = q.get('merged') ?? 0;
  const reaccepted = q.get('not_reaccepted') ?? 0;
  // 不予受理 has one ground (Art 19 ¶3): the same matter accepted below. Every such case repeats a township's.
  const linkedDeclines = q.get('not_accepted') ?? 0;
  q.set('not_accepted', 0);
  q.set('merged', 0);
  q.set('not_reaccepted', 0);
  const primaryTargets: CaseState[] = [];
  for (const [s, n] of q) for (let i = 0; i < n; i++) primaryTargets.push(s);
  // Shuffle so indices (and numbers of same-day cases) are mixed.
  shuffle(rng, primaryTargets);
  const plans: Plan[] = [];
  for (const target of primaryTargets) {
    const { family, matter } = pickRoute(rng, target);
    const p = buildPlan(rng, plans.length, target, family, matter);
    p.overdue = p.due !== null && rng.chance(0.08);
    plans.push(p);
  }
  // Matters whose re-review opinion was served (final, Art 36 ¶3), and matters a township accepted and still handles.
  const finals = plans.filter((p) => p.target === 'rereview_served');
  const atTownship = plans.filter((p) => (p.family === 'C' || p.family === 'T') && ACCEPTED_OPEN.has(p.target));
  // The cases that repeat petitions refer to end early enough to leave them room (40 days).
  const reserved = new Map<number, number>();
  for (const p of finals.slice(0, reaccepted)) reserved.set(p.idx, 40);
  for (const p of atTownship.slice(0, linkedDeclines)) reserved.set(p.idx, 40);
  for (const p of plans) placePlan(rng, p, w, reserved.get(p.idx) ?? 0);

  const endOf = (p: Plan) => addDays(p.origin, lastStepAt(p));
  const openEarlier = plans.filter((p) => !TERMINAL_STATES.has(p.target) && !['registered', 'objection_pending'].includes(p.target)
    && ['F', 'C', 'T'].includes(p.family) && addDays(p.origin, 12) < w.today);
  const linked: { target: CaseState; earlier: Plan | undefined }[] = [
    ...Array.from({ length: merged }, () => ({ target: 'merged' as const, earlier: openEarlier.length ? rng.pick(openEarlier) : undefined })),
    ...Array.from({ length: reaccepted }, (_, i) => ({ target: 'not_reaccepted' as const, earlier: finals[i % Math.max(1, finals.length)] })),
    ...Array.from({ length: linkedDeclines }, (_, i) => ({ target: 'not_accepted' as const, earlier: atTownship[i % Math.max(1, atTownship.length)] })),
  ];
  for (const { target, earlier } of linked) {
    if (earlier) {
      const family: Family = target === 'not_accepted' ? 'G' : earlier.family === 'T' || earlier.family === 'C' ? earlier.family : 'F';
      const p = buildPlan(rng, plans.length, target, family, earlier.matter, { linkTo: earlier.idx, townKey: earlier.townKey });
      const after = target === 'merged' ? addDays(earlier.origin, rng.int(8, 40)) : addDays(endOf(earlier), rng.int(6, 20));
      placePlan(rng, p, w, 0, after);
      if (endOf(p) <= w.today) {
        plans.push(p);
        continue;
      }
    }
    // No room for the repeat petition: an ordinary case instead, so the count stays as asked.
    const { family: f, matter } = pickRoute(rng, 'handling');
    const q = buildPlan(rng, plans.length, 'handling', f, matter);
    placePlan(rng, q, w);
    plans.push(q);
  }
  return plans;
}
