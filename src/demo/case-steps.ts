/**
 * Every action the demo takes on a case, in one place: buildPlan lists the steps from registration
 * to a target state in the order of the lifecycle, and returns as soon as the target is reached,
 * so the steps leading to a state are the lines above its `if (target === …) return done()`.
 * A renamed or split action is a change here only (the seeder runs whatever the plan says; the
 * texts the steps write are in data/case-texts.json).
 */
import { addDays, type IsoDate } from '../domain/calendar/dates.js';
import { must } from '../domain/errors.js';
import { openClock } from '../domain/lifecycle/clocks.js';
import type { RecommendationType } from '../domain/lifecycle/action-inputs.js';
import { openRecommendationsTo } from '../domain/lifecycle/recommendations.js';
import type { ActionName } from '../domain/lifecycle/action-rules.js';
import type { ApprovalRequest, CaseRecord } from '../domain/model/case.js';
import { TERMINAL_STATES, type CaseState } from '../domain/model/case-states.js';
import type { Channel } from '../domain/model/petition.js';
import { render } from '../notify/templates.js';
import { COUNTY_OFFICE, DEPTS, routeOf, TOWN_STAFF } from './case-routes.js';
import { DEMO_ORGANS } from './organ-tree.js';
import { TREE_TOWN_KEYS } from './people.js';
import { CASE_TEXTS as T, MATTER_BY_KEY, type Family, type TownKey } from './petition-texts.js';
import { demoOpinion, type Vars } from './petition-writer.js';
import type { Rng } from './random.js';

export type Act = ActionName | 'register';

/** What a step's input may depend on: its date, the case as it stands, the case's generated text. */
export interface Env { date: IsoDate; c: CaseRecord; vars: Vars; rng: Rng }

export interface Step {
  /** Day offset from the plan's origin. */
  at: number;
  /** Username of the demo user who acts. */
  who: string;
  act: Act;
  input: (e: Env) => unknown;
  /** The step cannot happen before this date (e.g. close: after the request window). */
  earliest?: (c: CaseRecord) => IsoDate | null;
  /** Skipped when this says no (e.g. a major-case report only for a group visit). */
  when?: (c: CaseRecord) => boolean;
}

export interface Plan {
  idx: number;
  target: CaseState;
  family: Family;
  matter: string;
  townKey?: TownKey;
  simplified: boolean;
  steps: Step[];
  /** Day offset and length of the duty clock that drives the due date after the last step (null: none). */
  due: { at: number; days: number } | null;
  /** Latest day offset any clock the walk opens may reach (must stay within the calendar's years). */
  horizon: number;
  /** The date of day offset 0 (set by placePlan). */
  origin: IsoDate;
  /** For a repeat petition: the earlier case (plan index). */
  linkTo?: number;
  overdue: boolean;
  organs: string[];
  accused: string[];
  channel?: Channel;
}

/** Working-day periods as calendar days, generously (weekends and a holiday). */
const wd = (n: number) => Math.ceil((n * 7) / 5) + 4;

/** Builds a plan's steps in order, keeping the day offset, the due clock and the horizon. */
class Walk {
  steps: Step[] = [];
  t = 0;
  due: Plan['due'] = null;
  horizon = 0;
  constructor(private readonly rng: Rng) {}
  /** A step `gap` days after the previous one; `opens`: days of the clock it starts. */
  step(gap: readonly [number, number], who: string, act: Act, input: (e: Env) => unknown = () => ({}), opens = 0,
    earliest?: Step['earliest'], when?: Step['when']): this {
    this.t += this.rng.int(gap[0], gap[1]);
    this.steps.push({ at: this.t, who, act, input, earliest, when });
    if (opens > 0) this.horizon = Math.max(this.horizon, this.t + opens);
    return this;
  }

  /** The clock that gives the case its due date from here on. */
  clock(days: number, from = this.t): this {
    this.due = { at: from, days };
    return this;
  }

  none(): this {
    this.due = null;
    return this;
  }
}

const SERVICE_METHODS = [['in_person', 4.5], ['mail', 3], ['electronic', 2.5]] as const;
/** 本级政府 of the county 信访局: where its policy and accountability recommendations go. */
const COUNTY_GOVERNMENT = { organ: 'county', handler: 'xian_handler' } as const;

/** The request a leader decides: the pending one of its kind (the handler's draft or extension request). */
const pending = (c: CaseRecord, kind: ApprovalRequest['kind']): { approvalId: number } =>
  ({ approvalId: c.approvals.find((a) => a.kind === kind && a.status === 'pending')?.id ?? 0 });

/** Who signs for an organ: every organ a plan takes to a signature has a leader among the demo staff. */
const leaderOf = (o: { organ: string; leader: string | null }): string => must(o.leader, `a leader at ${o.organ}`);

/** The steps that take a case from registration to its target state. */
export function buildPlan(rng: Rng, idx: number, target: CaseState, family: Family, matterKey: string,
  opts: { linkTo?: number; townKey?: TownKey } = {}): Plan {
  const m = must(MATTER_BY_KEY.get(matterKey), `the matter ${matterKey}`);
  const needsTown = family === 'T' || family === 'C' || family === 'J' || family === 'L' || family === 'G';
  const townKey: TownKey | undefined = opts.townKey ?? (needsTown ? rng.pick(TREE_TOWN_KEYS) : undefined);
  const r = routeOf(rng, family, m, townKey);
  // What the route of this family has (checked when the family is chosen): a township, a target, a handling organ.
  const town = () => TOWN_STAFF[must(townKey, `a township for family ${family}`)];
  const routeTarget = () => must(r.target, `a target organ for family ${family}`);
  const handling = () => must(r.handling, `a handling organ for family ${family}`);
  const w = new Walk(rng);
  const simplified = opts.linkTo === undefined && ['F', 'T', 'C', 'D'].includes(family) && m.kind !== 'accusation'
    && ['handling', 'opinion_issued', 'served', 'closed', 'awaiting_acceptance'].includes(target) && rng.chance(0.16);
  const plan: Plan = {
    idx, target, family, matter: matterKey, townKey, simplified, steps: w.steps, due: null, horizon: 0, origin: '', overdue: false,
    linkTo: opts.linkTo, organs: [], accused: [],
  };
  if (family === 'L') plan.organs = [routeTarget(), town().gov.organ];
  else if (r.target) plan.organs = [r.target];
  else if (r.handling) plan.organs = [r.handling.organ];
  if (family === 'J') plan.accused = [town().gov.organ];
  if (family === 'D' || family === 'M') plan.channel = rng.weighted([['visit', 5], ['letter', 3], ['phone', 1]] as const);
  if (family === 'S') plan.channel = rng.weighted([['online', 5], ['higher_office', 2], ['visit', 2]] as const);

  const done = (): Plan => {
    plan.due = TERMINAL_STATES.has(target) ? null : w.due;
    plan.horizon = w.horizon;
    return plan;
  };
  const officeRouter = r.office?.officer ?? COUNTY_OFFICE.officer;
  const routing = simplified ? wd(1) : 15;

  // 登记
  w.step([0, 0], r.registrar, 'register', () => ({}), family === 'D' ? (simplified ? wd(3) : 15) : routing);
  w.clock(family === 'D' ? (simplified ? 5 : 15) : simplified ? 2 : 15);
  const returned = target === 'registered' && (family === 'F' || family === 'C') && m.wrong !== undefined && rng.chance(0.3);
  if (target === 'registered' && !returned) return done();
  if (r.office?.organ === 'county-xfj' && rng.chance(0.3)) {
    const summary = (c: CaseRecord) => render(T.majorReport.summary, { headcount: String(c.content.headcount), title: c.content.title });
    w.step([0, 1], officeRouter, 'report_major', (e) => ({ summary: summary(e.c), reportedTo: T.majorReport.reportedTo }), 0, undefined, (c) => c.content.channel === 'visit' && c.content.headcount >= 20);
  }
  if (target === 'merged') {
    w.step([0, 3], officeRouter, 'merge_as_repeat', (e) => ({ earlierCaseId: e.c.content.linkedCaseIds[0] }));
    return done();
  }
  if (target === 'not_reaccepted') {
    // The earlier matter's re-review opinion was served: compared and found the same (Art 36 ¶3), before any routing.
    w.step([0, 4], officeRouter, 'decline_final_matter', (e) => ({ earlierCaseId: e.c.content.linkedCaseIds[0], sameFactsAndReasons: true, note: T.sameFactsNote }));
    return done();
  }
  if (family === 'G') {
    // The same matter a township has accepted, brought to the county government: 不予受理 (Art 19 ¶3).
    const townGov = town().gov.organ;
    const organ = must(DEMO_ORGANS.find((o) => o.id === townGov), `the organ ${townGov}`).name;
    w.step([1, 6], handling().handler, 'decline', (e) => ({ earlierCaseId: e.c.content.linkedCaseIds[0], reason: render(T.sameMatterBelow, { organ }) }));
    return done();
  }
  if (target === 'referred' && r.route === 'none') throw new Error(`family ${family} cannot reach referred`);
  if (family === 'M') {
    w.step([0, 4], leaderOf(COUNTY_OFFICE), 'divert', () => ({ route: m.divert.route, guidance: m.divert.guidance }));
    return done();
  }
  if (target === 'redirected') {
    w.step([1, 6], handling().handler, 'redirect_outside', () => ({ ...m.redirect }));
    return done();
  }

  // 转送 / 交办 / 本机关处理
  const wrong = m.wrong && (family === 'F' || family === 'C') && !simplified && (target === 'objection_pending' || returned || rng.chance(0.06)) ? DEPTS[m.wrong] : null;
  if (wrong) {
    w.step([1, 5], officeRouter, 'forward', () => ({ targetOrganId: wrong.organ, note: T.wrongForwardNote }), wd(5));
    w.clock(15);
    w.step([1, 3], must(wrong.handler, `a handler at ${wrong.organ}`), 'object', () => ({ reason: DEPTS[m.dept].organ === r.target ? T.objection.toDepartment : T.objection.toTownship }));
    if (target === 'objection_pending') return done();
    w.step([1, 4], officeRouter, 'approve_objection', () => ({ note: T.objection.approved }), 15);
    w.clock(15);
    if (returned) return done();
  }
  const note = () => ({ targetOrganId: routeTarget(), note: rng.pick(T.forwardNotes) });
  switch (r.route) {
    case 'forward': w.step(simplified ? [0, 1] : [1, 6], officeRouter, 'forward', note, simplified ? wd(3) : 15); break;
    case 'assign': w.step([1, 5], officeRouter, 'assign', (e) => ({ targetOrganId: routeTarget(), reportBackDue: addDays(e.date, 75), note: T.assignNote }), 15); break;
    case 'forward_discipline': w.step([1, 6], officeRouter, 'forward_discipline', note); w.none(); return done();
    case 'forward_political_legal': w.step([1, 6], officeRouter, 'forward_political_legal', note); w.none(); return done();
    case 'lead': w.step([2, 8], officeRouter, 'designate_lead_organ', () => ({ leadOrganId: routeTarget(), mode: 'agreement', agreedOrganIds: plan.organs, note: T.leadOrganNote }), 15); break;
    case 'own': w.step([1, 5], handling().handler, 'take_own_remit', () => ({ howHandled: T.ownRemit })); break;
    case 'none': break;
  }
  if (r.route === 'own') w.clock(simplified ? 4 : 14, 0);
  else w.clock(simplified ? wd(3) - 4 : 7);
  if (target === 'awaiting_acceptance') return done();
  const h = handling();
  if (target === 'diverted') {
    w.step([2, 10], h.handler, 'divert', () => ({ route: m.divert.route, guidance: m.divert.guidance }));
    return done();
  }

  // 受理 → 办理
  const handlingDays = simplified ? wd(10) : 60;
  w.step(simplified ? [0, 2] : [1, 8], h.handler, 'accept', () => ({ note: '' }), handlingDays);
  const acceptAt = w.t;
  w.clock(simplified ? 14 : 60);
  let extension = 0;
  const convert = simplified && rng.chance(0.12);
  if (convert) {
    w.step([2, 5], h.handler, 'convert_to_normal', () => ({ reason: T.convertReason }));
    w.horizon = Math.max(w.horizon, acceptAt + 60);
    w.clock(60, acceptAt);
  }
  const normal = !simplified || convert;
  const toOpinion = target !== 'handling';
  if (normal && r.supervisors.length > 0 && rng.chance(target === 'handling' ? 0.12 : 0.1)) {
    const who = rng.pick(r.supervisors);
    w.step([15, 40], who, 'issue_supervision', (e) => ({ reason: rng.pick(T.supervision.reasons), dueOn: addDays(e.date, rng.int(7, 15)) }));
    if (toOpinion || rng.chance(0.5)) w.step([3, 9], h.handler, 'answer_supervision', () => ({ answer: T.supervision.answer }));
  }
  // 三项建议 (Art 40): now and then the supervising office proposes to the handling organ that it improve its
  // work, or (the county office) proposes to the county government a policy change or accountability; most
  // recipients have answered in writing by the time the case moves on.
  if (normal && r.supervisors.length > 0 && !plan.accused.includes(h.organ) && rng.chance(0.12)) {
    const who = rng.pick(r.supervisors);
    const type: RecommendationType = who === COUNTY_OFFICE.officer ? rng.weighted([['improve_work', 6], ['improve_policy', 3], ['accountability', 1]] as const) : 'improve_work';
    const [target, answerer] = type === 'improve_work' ? [h.organ, h.handler] : [COUNTY_GOVERNMENT.organ, COUNTY_GOVERNMENT.handler];
    w.step([5, 30], who, 'issue_recommendation', (e) => ({ type, targetOrganId: target, content: e.rng.pick(T.recommendation[type]), dueOn: addDays(e.date, 30) }), 30);
    if (toOpinion || rng.chance(0.6)) {
      const adoption = rng.weighted([['adopted', 6], ['partly_adopted', 3], ['not_adopted', 1]] as const);
      w.step([5, 25], answerer, 'answer_recommendation', (e) => ({ no: openRecommendationsTo(e.c, target).at(-1)?.no ?? 0, adoption, feedback: T.recommendation.feedback[adoption] }));
    }
  }
  // 延期: asked before the 60 days end, approved by the organ's head (Art 34); now and then still waiting for the head.
  const askOnly = target === 'handling' && rng.chance(0.3);
  if (normal && h.leader && rng.chance(askOnly ? 0.3 : 0.1)) {
    extension = rng.int(15, 30);
    w.t = Math.max(w.t, acceptAt + 40);
    w.step([0, 12], h.handler, 'request_extension', () => ({ days: extension, reason: T.extensionReason, approverId: `u-${h.leader}` }));
    if (askOnly) return done();
    w.step([0, 2], h.leader, 'approve_extension', (e) => pending(e.c, 'extension'));
    w.horizon = Math.max(w.horizon, acceptAt + 60 + extension);
    w.clock(60 + extension, acceptAt);
  }
  if (normal && rng.chance(0.05)) {
    w.step([3, 10], h.handler, 'record_hearing', (e) => ({ heldOn: e.date, summary: T.hearingSummary }));
  }
  if (target === 'handling') {
    const review = r.review;
    if (opts.linkTo === undefined && family !== 'Z' && family !== 'J' && family !== 'S' && review && rng.chance(0.05)) {
      // 复查责令重作: the original organ handles again with a fresh period.
      w.step([20, 44], h.handler, 'draft_opinion', (e) => demoOpinion(e.rng, e.c, plan.matter, e.vars, `u-${h.leader}`), 0);
      w.step([0, 1], leaderOf(h), 'sign_opinion', (e) => pending(e.c, 'handling'));
      w.step([1, 4], h.handler, 'serve', (e) => ({ method: e.rng.weighted(SERVICE_METHODS), servedOn: e.date }), 30);
      w.step([5, 20], review.handler, 'request_review', () => ({ reasons: rng.pick(T.reviewReasons) }), 30);
      w.step([1, 4], review.handler, 'accept_review', () => ({ note: '' }));
      w.step([10, 21], review.handler, 'draft_review_opinion', (e) => ({
        ...demoOpinion(e.rng, e.c, plan.matter, e.vars, `u-${review.leader}`), facts: T.review.facts.redo, basis: T.review.basis, decision: 'redo',
      }));
      w.step([0, 1], leaderOf(review), 'sign_review_opinion', (e) => pending(e.c, 'review'), 60);
      w.clock(60);
    } else if (h.leader && rng.chance(0.2)) {
      // Drafted, waiting in the head's 审批待办 for signature (签发).
      w.step([10, 40], h.handler, 'draft_opinion', (e) => demoOpinion(e.rng, e.c, plan.matter, e.vars, `u-${h.leader}`, simplified));
    }
    return done();
  }
  if (!h.leader) throw new Error(`family ${family} cannot reach ${target}`);
  const issueAt = simplified && !convert ? rng.int(3, 9) : rng.int(Math.min(15 + (extension ? 45 : 0), 50), extension ? 60 + extension - 3 : 55);
  w.t = Math.max(w.t, acceptAt + issueAt - 1);
  w.step([0, 0], h.handler, 'draft_opinion', (e) => demoOpinion(e.rng, e.c, plan.matter, e.vars, `u-${h.leader}`, simplified));
  w.step([1, 1], h.leader, 'sign_opinion', (e) => pending(e.c, 'handling'));
  w.none();
  if (target === 'opinion_issued') return done();
  w.step([1, 5], h.handler, 'serve', (e) => ({ method: e.rng.weighted(SERVICE_METHODS), servedOn: e.date }), 30);
  w.clock(30);
  const assigned = r.route === 'assign';
  if (assigned) {
    w.step([1, 6], h.handler, 'submit_report', () => ({ text: T.report.text }));
    if (target !== 'served' || rng.chance(0.5)) w.step([1, 5], COUNTY_OFFICE.officer, 'approve_report', () => ({ note: T.report.approved }));
  }
  const goesToReview = !['served', 'closed'].includes(target);
  if (r.evaluator && (goesToReview || rng.chance(0.6))) {
    w.step([0, 5], r.evaluator, 'evaluate', () => (goesToReview
      ? { result: 'unsatisfied', comment: T.unsatisfiedComment }
      : { result: rng.weighted([['satisfied', 6], ['basically_satisfied', 3], ['unsatisfied', 1]] as const), comment: '' }));
  }
  if (target === 'served') return done();
  const closeWindow = (c: CaseRecord) => {
    const k = openClock(c, c.state === 'served' ? 'review_request' : 'rereview_request');
    return k?.due ? addDays(k.due, 1) : null;
  };
  if (target === 'closed' && (!r.review || rng.chance(0.9))) {
    w.step([32, 45], h.handler, 'close', () => ({ note: T.closedWithoutReview }), 0, closeWindow);
    w.none();
    return done();
  }
  // 复查
  const rv = must(r.review, `a review organ for family ${family}`);
  // Within the 30-day window counted from service (evaluation may come in between).
  w.step([3, 18], rv.handler, 'request_review', () => ({ reasons: rng.pick(T.reviewReasons) }), 30);
  w.clock(30);
  if (target === 'review_requested') return done();
  w.step([1, 5], rv.handler, 'accept_review', () => ({ note: '' }));
  if (target === 'under_review') return done();
  const decision = rng.weighted([['uphold', 7], ['change', 2], ['annul', 1]] as const);
  w.step([8, 21], rv.handler, 'draft_review_opinion', (e) => ({
    ...demoOpinion(e.rng, e.c, plan.matter, e.vars, `u-${rv.leader}`),
    facts: T.review.facts[decision], basis: T.review.basis, decision,
  }));
  w.step([0, 1], leaderOf(rv), 'sign_review_opinion', (e) => pending(e.c, 'review'));
  w.none();
  if (target === 'review_opinion_issued') return done();
  w.step([1, 4], rv.handler, 'serve', (e) => ({ method: e.rng.weighted(SERVICE_METHODS), servedOn: e.date }), 30);
  w.clock(30);
  if (target === 'review_served') return done();
  if (target === 'closed' || !r.rereview) {
    w.step([32, 45], rv.handler, 'close', () => ({ note: T.closedWithoutRereview }), 0, closeWindow);
    w.none();
    return done();
  }
  // 复核
  const rr = r.rereview;
  w.step([4, 22], rr.handler, 'request_rereview', () => ({ reasons: rng.pick(T.rereviewReasons) }), 30);
  w.clock(30);
  if (target === 'rereview_requested') return done();
  w.step([1, 5], rr.handler, 'accept_rereview', () => ({ note: '' }));
  const requestAt = must(w.steps.at(-2), 'the request_rereview step').at;
  if (rng.chance(0.3)) {
    w.step([3, 8], rr.handler, 'start_hearing', () => ({ note: T.rereview.hearingStart }));
    if (target === 'under_rereview' && rng.chance(0.4)) {
      w.none();
      return done();
    }
    w.step([4, 10], rr.handler, 'end_hearing', () => ({ summary: T.rereview.hearingSummary }));
    const paused = w.t - must(w.steps.at(-2), 'the start_hearing step').at;
    w.horizon = Math.max(w.horizon, requestAt + 30 + paused);
    w.clock(30 + paused, requestAt);
  } else {
    w.clock(30, requestAt);
  }
  if (target === 'under_rereview') return done();
  w.step([8, 19], rr.handler, 'draft_rereview_opinion', (e) => ({
    ...demoOpinion(e.rng, e.c, plan.matter, e.vars, `u-${rr.leader}`),
    facts: T.rereview.facts, basis: T.rereview.basis, decision: 'uphold',
  }));
  w.step([0, 1], leaderOf(rr), 'sign_rereview_opinion', (e) => pending(e.c, 'rereview'));
  w.none();
  if (target === 'rereview_opinion_issued') return done();
  // Served, the re-review opinion is final (Art 36 ¶3): the case ends here.
  w.step([1, 4], rr.handler, 'serve', (e) => ({ method: e.rng.weighted(SERVICE_METHODS), servedOn: e.date }));
  return done();
}
