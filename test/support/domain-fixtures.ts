/**
 * Builders for pure domain tests of the case lifecycle (no database): the demo organ tree and
 * staff as a "world", a DomainContext for any demo user (or the petitioner) on any date, a
 * registered petition, `walk` to apply a sequence of actions, a catalogue of cases in every
 * state, and one valid input per action.
 *
 * Everything here goes through the public domain API (registerPetition, applyAction), so a case in
 * state X is a case the rules really let reach X.
 */
import { DEMO_ORGANS, DEMO_USERS } from '../../src/demo/organ-tree.js';
import { addDays, type IsoDate } from '../../src/domain/calendar/dates.js';
import type { HolidayCalendar } from '../../src/domain/calendar/holiday-calendar.js';
import { defaultCalendar } from '../../src/domain/calendar/library-years.js';
import { idNumberCheckChar } from '../../src/domain/identity/id-number.js';
import type { DomainContext } from '../../src/domain/lifecycle/context.js';
import { applyAction, type Applied } from '../../src/domain/lifecycle/engine.js';
import { registerPetition } from '../../src/domain/lifecycle/registration.js';
import { ADOPTIONS, RECOMMENDATION_TYPES, type ActionInputs, type OpinionInput } from '../../src/domain/lifecycle/action-inputs.js';
import type { ActionName } from '../../src/domain/lifecycle/action-rules.js';
import { handledBelow, stepAsideReason, undecidedFinalMatters } from '../../src/domain/lifecycle/case-steps.js';
import type { LinkedCase } from '../../src/domain/lifecycle/context.js';
import { outcomesFor } from '../../src/domain/lifecycle/opinions.js';
import { openRecommendationsTo, recommendationTargets } from '../../src/domain/lifecycle/recommendations.js';
import type { ApprovalRequest, CaseRecord } from '../../src/domain/model/case.js';
import { TERMINAL_STATES, type CaseState } from '../../src/domain/model/case-states.js';
import { OrganTree, type Organ, type OrganKind } from '../../src/domain/model/organ.js';
import type { PetitionContent } from '../../src/domain/model/petition.js';
import { ASSIGNABLE_ROLES, type StaffUser } from '../../src/domain/model/user.js';
import { NATIONAL_PROFILE, type RulesProfile } from '../../src/domain/rules/profiles.js';

// ——— the world: organs, staff, calendar, profile ———

export interface World {
  organs: OrganTree;
  users: readonly StaffUser[];
  calendar: HolidayCalendar;
  profile: RulesProfile;
}

/** The library calendar (chinese-days, 2004–2026), built once for every test. */
export const CALENDAR = defaultCalendar();

/** The demo staff as domain users. Like the seed (seed-reference.ts), nobody has an ID number recorded. */
export const DEMO_STAFF: readonly StaffUser[] = DEMO_USERS.map((u) => ({ ...u, roles: [...u.roles], dataScope: 'organ_and_subordinates' as const, conflictKeys: [] }));

export const DEMO_WORLD: World = {
  organs: new OrganTree(DEMO_ORGANS),
  users: DEMO_STAFF,
  calendar: CALENDAR,
  profile: NATIONAL_PROFILE,
};

/** A variant of a world: another profile or calendar, organs with successors, users with ID numbers. */
export function worldWith(base: World, change: {
  profile?: RulesProfile;
  calendar?: HolidayCalendar;
  /** organId → successorId (撤并: the organ's cases pass to the successor, Art 24). */
  successors?: Record<string, string>;
  /** username → the user's own ID number (for the recusal check). */
  idNumbers?: Record<string, string>;
  /** Staff beyond the demo's (e.g. a second leader of an organ). */
  extraUsers?: readonly StaffUser[];
} = {}): World {
  const organs = change.successors
    ? new OrganTree(base.organs.all().map((o): Organ => ({ ...o, successorId: change.successors![o.id] ?? o.successorId })))
    : base.organs;
  const users = change.idNumbers
    ? base.users.map((u) => (change.idNumbers![u.username] ? { ...u, conflictKeys: [change.idNumbers![u.username]!.toUpperCase()] } : u))
    : base.users;
  return { organs, users: [...users, ...(change.extraUsers ?? [])], calendar: change.calendar ?? base.calendar, profile: change.profile ?? base.profile };
}

export const userId = (username: string): string => `u-${username}`;

export function staff(username: string, world: World = DEMO_WORLD): StaffUser {
  const u = world.users.find((x) => x.username === username);
  if (!u) throw new Error(`no demo user ${username}`);
  return u;
}

/** A valid 公民身份号码 from its first 17 digits (adds the MOD 11-2 check character). */
export const idNumber = (first17: string): string => first17 + idNumberCheckChar(first17);

// ——— contexts ———

/** The actor name for the petitioner acting on their own case (portal: evaluate, request review). */
export const PETITIONER = 'petitioner';

export type { LinkedCase };

export interface CtxOptions {
  world?: World;
  /** The earlier petitions this one is linked to, as the store would load them. */
  linkedCases?: readonly LinkedCase[];
}

/** A DomainContext for a demo user (by username) or PETITIONER, on a given day in China. */
export function contextFor(actor: string, today: IsoDate, opts: CtxOptions & { caseId?: string } = {}): DomainContext {
  const world = opts.world ?? DEMO_WORLD;
  return {
    today,
    now: `${today}T02:00:00.000Z`, // 10:00 in Beijing
    actor: actor === PETITIONER ? { kind: 'petitioner', caseId: opts.caseId ?? 'unknown' } : { kind: 'staff', user: staff(actor, world) },
    organs: world.organs,
    user: (id) => world.users.find((u) => u.id === id),
    calendar: world.calendar,
    profile: world.profile,
    linkedCases: (opts.linkedCases ?? []).map((l) => ({ ...l })),
  };
}

export const linkOf = (c: CaseRecord): LinkedCase => ({
  id: c.id, number: c.number, state: c.state, holderOrganId: c.holderOrganId, accepted: c.acceptedOn !== null,
});

// ——— petitions and registration ———

export const PETITIONER_ID_NUMBER = idNumber('36073119900505123');

/** A claim (申诉求决类) letter with two requests, received 2025-09-20 (a Saturday). */
export function petition(overrides: Partial<PetitionContent> = {}): PetitionContent {
  return {
    channel: 'letter',
    kind: 'claim',
    title: '某建筑公司拖欠农民工工资',
    petitioners: [{ kind: 'person', name: '张某', idNumber: PETITIONER_ID_NUMBER, phone: '13807970000', address: '于都县贡江镇' }],
    headcount: 1,
    anonymous: false,
    requests: [
      { no: 1, text: '支付拖欠的工资三万元' },
      { no: 2, text: '补缴社会保险' },
    ],
    facts: '2025年3月至8月在某工地务工，工资未结清。',
    reasons: '多次索要未果。',
    categoryCode: null,
    regionCode: '360731',
    organsConcerned: [],
    accusedOrganIds: [],
    involvedUserIds: [],
    linkedCaseIds: [],
    attachments: [],
    receivedOn: '2025-09-20',
    ...overrides,
  };
}

let caseSeq = 0;

/** Registers a petition at the registrar's organ (on the day it was received unless `on` is given). */
export function registerCase(registrar: string, content: Partial<PetitionContent> = {}, opts: CtxOptions & {
  on?: IsoDate; simplified?: boolean; id?: string;
} = {}): CaseRecord {
  const p = petition(content);
  const n = ++caseSeq;
  const id = opts.id ?? `case-${n}`;
  const ctx = contextFor(registrar, opts.on ?? p.receivedOn, opts);
  return registerPetition(p, { id, number: `360731-${p.receivedOn.slice(0, 4)}-${String(n).padStart(6, '0')}` }, ctx, { simplified: opts.simplified }).case;
}

// ——— acting and walking ———

/** One step: who acts, which action, its input, on which day. Each tuple is checked against its action's input type. */
export type Step = { [A in ActionName]: readonly [actor: string, action: A, input: ActionInputs[A], on: IsoDate] }[ActionName];

export function act<A extends ActionName>(c: CaseRecord, actor: string, action: A, input: ActionInputs[A], on: IsoDate,
  opts: CtxOptions = {}): Applied {
  return applyAction(c, action, input, contextFor(actor, on, { ...opts, caseId: c.id }));
}

/** Applies the steps in order; returns every intermediate result (the last one's case is the walk's end). */
export function walkTrace(start: CaseRecord, steps: readonly Step[], opts: CtxOptions = {}): Applied[] {
  const out: Applied[] = [];
  let c = start;
  for (const [actor, action, input, on] of steps) {
    let applied: Applied;
    try {
      applied = act(c, actor, action, input as never, on, opts);
    } catch (e) {
      throw new Error(`walk: ${actor} ${action} on ${on} from ${c.state} failed: ${(e as Error & { code?: string }).code ?? ''} ${(e as Error).message}`, { cause: e });
    }
    out.push(applied);
    c = applied.case;
  }
  return out;
}

/** Applies the steps in order and returns the case. */
export function walk(start: CaseRecord, steps: readonly Step[], opts: CtxOptions = {}): CaseRecord {
  const trace = walkTrace(start, steps, opts);
  return trace.length ? trace[trace.length - 1]!.case : start;
}

// ——— inputs ———

/** Every request answered (支持, or 采纳 for a suggestion), facts and basis filled in, to be signed by the approver. */
export function opinionInput(c: Pick<CaseRecord, 'content'>, approverUsername: string): OpinionInput {
  return {
    outcomes: c.content.requests.map((r) => ({ requestNo: r.no, outcome: outcomesFor(c.content.kind)[0]!, reasoning: '经核实，事实清楚，符合规定' })),
    facts: '经调取考勤记录和工资表，查明欠薪属实。',
    basis: '《保障农民工工资支付条例》第十五条',
    approverId: userId(approverUsername),
  };
}

/** A leader (负责人) of the actor's organ, among the demo staff, who need not step aside on this case; or undefined. */
export function approverFor(c: CaseRecord, ctx: DomainContext): string | undefined {
  if (ctx.actor.kind !== 'staff') return undefined;
  const organId = ctx.actor.user.organId;
  const tryId = (id: string) => {
    const u = ctx.user(id);
    return u?.organId === organId && u.roles.includes('leader') && !c.recusedUserIds.includes(id) && !c.content.involvedUserIds.includes(id);
  };
  if (tryId(ctx.actor.user.id)) return ctx.actor.user.id;
  const all = [...new Set(DEMO_STAFF.map((u) => u.id))];
  return all.find(tryId);
}

/** Organs a case may be routed to with `kinds`: not the holder, not an accused organ or below it (Art 30). */
function destinations(c: CaseRecord, ctx: DomainContext, kinds: OrganKind[], within?: (o: Organ) => boolean): Organ[] {
  return ctx.organs.all().filter((o) => kinds.includes(o.kind) && o.id !== c.holderOrganId && !o.successorId && o.level !== 'village'
    && !c.content.accusedOrganIds.some((a) => ctx.organs.isAncestorOrSelf(a, o.id))
    && (!within || within(o)));
}

/** `today`, or the window's last day when today is past it. */
function inWindow(c: CaseRecord, kind: 'review_request' | 'rereview_request', today: IsoDate): IsoDate {
  const due = c.clocks.find((k) => k.kind === kind && k.stoppedOn === null)?.due;
  return due && due < today ? due : today;
}

const pick = <T>(xs: readonly T[], variant: number): T | undefined => (xs.length ? xs[variant % xs.length] : undefined);

/** Preferred first: the usual destinations of the demo scenarios. */
const PREFERRED = ['county-rsj', 'county-zjj', 'county-zrj', 'town-gj', 'county-zfw', 'county-jw'];
const preferred = (xs: Organ[]) => [...xs].sort((a, b) => rank(a.id) - rank(b.id));
const rank = (id: string) => (PREFERRED.includes(id) ? PREFERRED.indexOf(id) : PREFERRED.length);

/**
 * One valid input for `action` on this case by this actor, or undefined when no input can be
 * valid (e.g. no leader in the actor's organ to sign an opinion). `variant` picks among choices
 * (destination, decision, evaluation, opinion form) for the property tests.
 */
export function validInput<A extends ActionName>(action: A, c: CaseRecord, ctx: DomainContext, variant = 0): ActionInputs[A] | undefined {
  const today = ctx.today;
  const route = (kinds: OrganKind[], within?: (o: Organ) => boolean) => pick(preferred(destinations(c, ctx, kinds, within)), variant)?.id;
  const inputs: { [K in ActionName]: () => ActionInputs[K] | undefined } = {
    forward: () => map(route(['handling_organ']), (targetOrganId) => ({ targetOrganId, note: '请依法处理' })),
    assign: () => map(route(['handling_organ']), (targetOrganId) => ({ targetOrganId, reportBackDue: addDays(today, 45), note: '请于期限内报送办结报告' })),
    forward_political_legal: () => map(route(['political_legal']), (targetOrganId) => ({ targetOrganId })),
    forward_discipline: () => map(route(['discipline_inspection']), (targetOrganId) => ({ targetOrganId })),
    report_major: () => ({ summary: '涉及群体性欠薪，人数较多', reportedTo: '于都县委、县政府' }),
    take_own_remit: () => ({ howHandled: '由本机关按普通程序办理，15日内书面告知' }),
    forward_to_subordinate: () => {
      const below = new Set(ctx.organs.subordinatesInSystem(c.holderOrganId).map((o) => o.id));
      return map(route(['handling_organ'], (o) => below.has(o.id)), (targetOrganId) => ({ targetOrganId }));
    },
    refer_to_procedure: () => ({ procedure: '依规依纪依法受理办理' }),
    redirect_outside: () => ({ competentAuthority: '于都县人民法院', reason: '属民事纠纷，应通过诉讼解决' }),
    merge_as_repeat: () => map(ctx.linkedCases.find((l) => !TERMINAL_STATES.has(l.state))?.id, (earlierCaseId) => ({ earlierCaseId })),
    object: () => ({ reason: '该事项属住建部门职责，不属本机关职权范围' }),
    approve_objection: () => ({ note: '同意收回' }),
    reject_objection: () => ({ reason: '经核实属于你单位职责' }),
    designate_lead_organ: () => {
      const concerned = c.content.organsConcerned;
      const lead = pick(destinations(c, ctx, ['handling_organ', 'political_legal', 'discipline_inspection'], (o) => concerned.includes(o.id)), variant);
      return map(lead?.id, (leadOrganId) => ({ leadOrganId, mode: 'agreement' as const, agreedOrganIds: [...concerned] }));
    },
    accept: () => ({ note: '予以受理' }),
    decline: () => map(handledBelow(c, ctx)[0]?.id, (earlierCaseId) => ({ earlierCaseId, reason: '同一事项已由下级机关受理，正在办理' })),
    decline_final_matter: () => map(undecidedFinalMatters(c, ctx)[0]?.id, (earlierCaseId) => ({ earlierCaseId, sameFactsAndReasons: true as const })),
    confirm_new_matter: () => map(undecidedFinalMatters(c, ctx)[0]?.id, (earlierCaseId) => ({ earlierCaseId, newFactsOrReasons: '提交了复核后新取得的工资结算单' })),
    divert: () => ({ route: pick(['litigation', 'arbitration', 'administrative_review', 'party_appeal', 'other_statutory'] as const, variant)!, guidance: '请依法申请劳动仲裁' }),
    apply_simplified: () => ({ note: '初信初访，事实清楚' }),
    convert_to_normal: () => ({ reason: '情况复杂，需调查核实' }),
    record_hearing: () => ({ heldOn: today, summary: '双方陈述意见' }),
    request_extension: () => map(approverFor(c, ctx), (approverId) => ({ days: 1 + (variant % ctx.profile.maxExtensionDays), reason: '需补充调查', approverId })),
    approve_extension: () => map(pendingFor(c, ctx, 'extension'), (approvalId) => ({ approvalId })),
    draft_opinion: () => map(approverFor(c, ctx), (approverId) => ({
      ...opinionInput(c, 'nobody'), approverId,
      form: pick(['opinion', 'opinion', 'mediation_agreement', 'settlement_agreement'] as const, variant),
    })),
    sign_opinion: () => map(pendingFor(c, ctx, 'handling'), (approvalId) => ({ approvalId })),
    refuse_approval: () => map(pendingFor(c, ctx), (approvalId) => ({ approvalId, reason: '事实部分需补充' })),
    serve: () => ({ method: pick(['in_person', 'mail', 'electronic'] as const, variant)!, servedOn: today }),
    submit_report: () => ({ text: '已办结，处理意见已送达信访人' }),
    approve_report: () => ({ note: '同意办结' }),
    return_report: () => ({ reason: '处理意见未回应第二项诉求，退回重办', reportBackDue: addDays(today, 30) }),
    evaluate: () => ({ result: pick(['satisfied', 'basically_satisfied', 'unsatisfied'] as const, variant)!, comment: '' }),
    // A request made within the window: today, or — once the window has run out — a letter posted on its last day.
    request_review: () => ({ reasons: '对处理意见不服', requestedOn: inWindow(c, 'review_request', today) }),
    accept_review: () => ({ note: '' }),
    draft_review_opinion: () => map(approverFor(c, ctx), (approverId) => ({
      ...opinionInput(c, 'nobody'), approverId, decision: pick(['uphold', 'annul', 'change', 'redo'] as const, variant)!,
    })),
    sign_review_opinion: () => map(pendingFor(c, ctx, 'review'), (approvalId) => ({ approvalId })),
    request_rereview: () => ({ reasons: '对复查意见不服', requestedOn: inWindow(c, 'rereview_request', today) }),
    accept_rereview: () => ({ note: '' }),
    start_hearing: () => ({ note: '组织听证' }),
    end_hearing: () => ({ summary: '听证结束，各方充分陈述' }),
    draft_rereview_opinion: () => map(approverFor(c, ctx), (approverId) => ({
      ...opinionInput(c, 'nobody'), approverId, decision: pick(['uphold', 'annul', 'change'] as const, variant)!,
    })),
    sign_rereview_opinion: () => map(pendingFor(c, ctx, 'rereview'), (approvalId) => ({ approvalId })),
    close: () => ({ note: '' }),
    transfer_to_successor: () => ({ note: '原机关撤并' }),
    // The world's user (with their conflict keys), not the bare demo entry: Art 28 is the engine's one rule.
    assign_handler: () => map(DEMO_STAFF.find((u) => u.organId === c.holderOrganId && u.roles.some((r) => ASSIGNABLE_ROLES.includes(r))
      && !stepAsideReason(c, ctx.user(u.id) ?? u, ctx.personKey))?.id, (userId) => ({ userId })),
    issue_supervision: () => ({ reason: '办理超期', dueOn: addDays(today, 10) }),
    answer_supervision: () => ({ answer: '已按期办理' }),
    issue_recommendation: () => {
      const me = ctx.actor.kind === 'staff' ? ctx.actor.user.organId : '';
      // The variant's type when it has a recipient, else the next that has (完善政策 always has: the office's own government).
      const types = [0, 1, 2].map((i) => RECOMMENDATION_TYPES[(variant + i) % RECOMMENDATION_TYPES.length]!);
      const type = types.find((t) => recommendationTargets(c, t, me, ctx.organs).length > 0);
      const target = type && pick(recommendationTargets(c, type, me, ctx.organs), variant);
      return type && target ? { type, targetOrganId: target.id, content: '建议规范受理告知程序', dueOn: addDays(today, 15) } : undefined;
    },
    answer_recommendation: () => {
      const me = ctx.actor.kind === 'staff' ? ctx.actor.user.organId : '';
      return map(openRecommendationsTo(c, me)[0]?.no, (no) => ({ no, adoption: pick(ADOPTIONS, variant)!, feedback: '已研究，整改措施如下' }));
    },
    declare_conflict: () => ({ reason: '与信访人系近亲属' }),
    order_correction: () => ({ reason: '该事项属于其职权范围，不予受理不当' }),
    reopen: () => ({ reason: '根据督办意见，撤销不予受理决定' }),
  };
  return (inputs[action] as () => ActionInputs[A] | undefined)();
}

/** The pending request (of a kind) addressed to the acting user, if any. */
function pendingFor(c: CaseRecord, ctx: DomainContext, kind?: ApprovalRequest['kind']): number | undefined {
  const me = ctx.actor.kind === 'staff' ? ctx.actor.user.id : null;
  return c.approvals.find((a) => a.status === 'pending' && a.approverId === me && (!kind || a.kind === kind))?.id;
}

function map<T, U>(x: T | undefined, f: (x: T) => U): U | undefined {
  return x === undefined ? undefined : f(x);
}

// ——— cases in every state ———

/** A case as a test finds it: the case, the day to look at it, and the world it lives in. */
export interface Fixture {
  name: string;
  case: CaseRecord;
  today: IsoDate;
  world: World;
  linkedCases: LinkedCase[];
}

/**
 * The standard path (a wage claim received by 于都县信访局 on 2025-09-20), step by step. Each
 * step leads to the state named beside it; `reach(state)` walks as far as needed.
 */
export const STANDARD_PATH: readonly { to: CaseState; step: Step }[] = [
  { to: 'awaiting_acceptance', step: ['xfj_officer', 'forward', { targetOrganId: 'county-rsj' }, '2025-09-22'] },
  { to: 'handling', step: ['rsj_handler', 'accept', {}, '2025-09-25'] },
  { to: 'handling', step: ['rsj_handler', 'draft_opinion', opinionInput({ content: petition() }, 'rsj_leader'), '2025-11-07'] },
  { to: 'opinion_issued', step: ['rsj_leader', 'sign_opinion', { approvalId: 1 }, '2025-11-10'] },
  { to: 'served', step: ['rsj_handler', 'serve', { method: 'in_person', servedOn: '2025-11-12' }, '2025-11-12'] },
  { to: 'review_requested', step: [PETITIONER, 'request_review', { reasons: '对处理意见不服' }, '2025-11-20'] },
  { to: 'under_review', step: ['xian_handler', 'accept_review', {}, '2025-11-21'] },
  { to: 'under_review', step: ['xian_handler', 'draft_review_opinion', { ...opinionInput({ content: petition() }, 'xian_leader'), decision: 'uphold' }, '2025-12-08'] },
  { to: 'review_opinion_issued', step: ['xian_leader', 'sign_review_opinion', { approvalId: 2 }, '2025-12-10'] },
  { to: 'review_served', step: ['xian_handler', 'serve', { method: 'mail', servedOn: '2025-12-12' }, '2025-12-12'] },
  { to: 'rereview_requested', step: [PETITIONER, 'request_rereview', { reasons: '对复查意见不服' }, '2025-12-29'] },
  { to: 'under_rereview', step: ['shi_handler', 'accept_rereview', {}, '2025-12-30'] },
  { to: 'under_rereview', step: ['shi_handler', 'draft_rereview_opinion', { ...opinionInput({ content: petition() }, 'shi_leader'), decision: 'uphold' }, '2026-01-19'] },
  { to: 'rereview_opinion_issued', step: ['shi_leader', 'sign_rereview_opinion', { approvalId: 3 }, '2026-01-20'] },
  { to: 'rereview_served', step: ['shi_handler', 'serve', { method: 'electronic', servedOn: '2026-01-22' }, '2026-01-22'] },
];

/** The standard case as registered by 于都县信访局's clerk. */
export const standardCase = (opts: CtxOptions & { id?: string } = {}): CaseRecord => registerCase('xfj_clerk', {}, opts);

/** The standard case walked to `state` (for states off the standard path, see stateFixtures). */
export function reach(state: CaseState, opts: CtxOptions = {}): { case: CaseRecord; today: IsoDate } {
  let c = standardCase(opts);
  let today = c.receivedAtHolderOn;
  if (state === 'registered') return { case: c, today };
  for (const { to, step } of STANDARD_PATH) {
    c = walk(c, [step], opts);
    today = step[3];
    if (to === state) return { case: c, today };
  }
  throw new Error(`${state} is not on the standard path`);
}

function fixture(
  name: string, steps: readonly Step[], start: () => CaseRecord,
  opts: { world?: World; walkWorld?: World; linkedCases?: LinkedCase[]; today?: IsoDate } = {},
): Fixture {
  const world = opts.world ?? DEMO_WORLD;
  const linkedCases = opts.linkedCases ?? [];
  // walkWorld: the world the case lived in before the fixture's world (e.g. before an organ merged).
  const c = walk(start(), steps, { world: opts.walkWorld ?? world, linkedCases });
  const today = opts.today ?? (steps.length ? steps[steps.length - 1]![3] : c.receivedAtHolderOn);
  return { name, case: c, today, world, linkedCases };
}

const upTo = (state: CaseState): Step[] => {
  const i = STANDARD_PATH.findIndex((s) => s.to === state);
  return STANDARD_PATH.slice(0, i + 1).map((s) => s.step);
};

/**
 * A catalogue of cases: every state of CASE_STATES at least once, plus the variants the guards
 * look at (window open/expired, simplified, assigned, multi-organ, accusation, linked cases,
 * supervision, hearing, recusal, a merged organ). Built fresh on each call.
 */
export function stateFixtures(): Fixture[] {
  const opinionBy = (approver: string) => opinionInput({ content: petition() }, approver);
  const std = () => standardCase();
  const FWD: Step = ['xfj_officer', 'forward', { targetOrganId: 'county-rsj' }, '2025-09-22'];
  const ASSIGN: Step = ['xfj_officer', 'assign', { targetOrganId: 'county-rsj', reportBackDue: '2025-11-30' }, '2025-09-22'];
  const assigned: Step[] = [ASSIGN, ...upTo('served').slice(1)];

  // Linked cases: an earlier petition still being handled by 县人社局, one being handled by 贡江镇
  // (below the county government: Art 19 ¶3), and one whose re-review opinion was served (Art 36 ¶3).
  const openEarlier: LinkedCase = { id: 'earlier-open', number: '360731-2025-000900', state: 'handling', holderOrganId: 'county-rsj', accepted: true };
  const townEarlier: LinkedCase = { id: 'earlier-town', number: '360731-2025-000901', state: 'handling', holderOrganId: 'town-gj', accepted: true };
  const finalEarlier: LinkedCase = { id: 'earlier-final', number: '360731-2024-000800', state: 'rereview_served', holderOrganId: 'county-rsj', accepted: true };
  const linkedTo = (l: LinkedCase, registrar = 'xfj_clerk') => () => registerCase(registrar, { linkedCaseIds: [l.id] }, { linkedCases: [l] });
  const multiOrgan = () => registerCase('xfj_clerk', { organsConcerned: ['county-rsj', 'county-zjj'] });
  const accusation = () => registerCase('xfj_clerk', { kind: 'accusation', title: '检举某镇干部截留补贴', accusedOrganIds: ['town-tsl'] });
  const simplified = () => registerCase('xfj_clerk', {}, { simplified: true });
  const direct = () => registerCase('rsj_handler'); // received directly by 县人社局 (Art 23)
  const atCity = () => registerCase('shi_xfj_officer'); // received by 市信访局

  const merged = worldWith(DEMO_WORLD, { successors: { 'county-rsj': 'county-zjj' } });
  const recusal = worldWith(DEMO_WORLD, { idNumbers: { rsj_handler: PETITIONER_ID_NUMBER } });
  const lenient = worldWith(DEMO_WORLD, { profile: { ...NATIONAL_PROFILE, id: 'lenient', lateApprovalOfTimelyRequest: true } });
  // 县人社局 with a deputy head as well: a leader the request was not addressed to.
  const twoLeaders = worldWith(DEMO_WORLD, { extraUsers: [{ id: userId('rsj_deputy'), username: 'rsj_deputy', name: '副局长', organId: 'county-rsj', roles: ['leader'], dataScope: 'organ_and_subordinates', conflictKeys: [] }] });
  const CORRECT: Step = ['shi_xfj_officer', 'order_correction', { reason: '事实和理由是否相同须重新审查' }, '2025-09-25'];

  const SUPERVISE: Step = ['xfj_officer', 'issue_supervision', { reason: '请加快办理', dueOn: '2025-10-15' }, '2025-09-26'];
  const EXTEND_ASK: Step = ['rsj_handler', 'request_extension', { days: 30, reason: '需补充调查', approverId: userId('rsj_leader') }, '2025-11-20'];
  // Accepted 2025-09-25: 60 days end on 2025-11-24 (a Monday, a working day).
  const DECLINE_AT_COUNTY: Step = ['xian_handler', 'decline', { earlierCaseId: townEarlier.id, reason: '同一事项已由贡江镇受理办理' }, '2025-09-23'];
  const FINAL_SAME: Step = ['xfj_officer', 'decline_final_matter', { earlierCaseId: finalEarlier.id, sameFactsAndReasons: true }, '2025-09-22'];

  return [
    fixture('registered at the county petition office', [], std),
    fixture('registered directly at 县人社局', [], direct),
    fixture('registered directly at the county government', [], () => registerCase('xian_handler')),
    fixture('registered directly at 县纪委监委', [], () => registerCase('jw_handler', { kind: 'accusation', title: '检举某局干部' })),
    fixture('registered directly at 县政法委', [], () => registerCase('zfw_handler')),
    fixture('registered at 市信访局', [], atCity),
    // Decided at the top of the tree: no organ above to review (复查) or re-review (复核).
    fixture('served by the province government (no review organ)', [
      ['sheng_handler', 'take_own_remit', { howHandled: '本机关办理' }, '2025-09-21'],
      ['sheng_handler', 'accept', {}, '2025-09-22'],
      ['sheng_handler', 'draft_opinion', opinionBy('sheng_leader'), '2025-10-19'],
      ['sheng_leader', 'sign_opinion', { approvalId: 1 }, '2025-10-20'],
      ['sheng_handler', 'serve', { method: 'mail', servedOn: '2025-10-22' }, '2025-10-22'],
    ], () => registerCase('sheng_handler')),
    fixture('review served by the province (no re-review organ)', [
      ['shi_handler', 'take_own_remit', { howHandled: '本机关办理' }, '2025-09-21'],
      ['shi_handler', 'accept', {}, '2025-09-22'],
      ['shi_handler', 'draft_opinion', opinionBy('shi_leader'), '2025-10-19'],
      ['shi_leader', 'sign_opinion', { approvalId: 1 }, '2025-10-20'],
      ['shi_handler', 'serve', { method: 'mail', servedOn: '2025-10-22' }, '2025-10-22'],
      ['sheng_handler', 'request_review', { reasons: '不服' }, '2025-10-30'],
      ['sheng_handler', 'accept_review', {}, '2025-10-31'],
      ['sheng_handler', 'draft_review_opinion', { ...opinionBy('sheng_leader'), decision: 'uphold' }, '2025-11-19'],
      ['sheng_leader', 'sign_review_opinion', { approvalId: 2 }, '2025-11-20'],
      ['sheng_handler', 'serve', { method: 'mail', servedOn: '2025-11-21' }, '2025-11-21'],
    ], () => registerCase('shi_handler')),
    fixture('registered, several organs concerned', [], multiOrgan),
    fixture('registered, simplified', [], simplified),
    fixture('registered accusation against 铁山垅镇', [], accusation),
    fixture('registered, linked to a final matter (复核意见已送达)', [], linkedTo(finalEarlier), { linkedCases: [finalEarlier] }),
    fixture('registered, linked to a final matter, new facts found', [['xfj_officer', 'confirm_new_matter', { earlierCaseId: finalEarlier.id, newFactsOrReasons: '新的工资结算单' }, '2025-09-21']],
      linkedTo(finalEarlier), { linkedCases: [finalEarlier] }),
    fixture('registered, linked to an open earlier petition', [], linkedTo(openEarlier), { linkedCases: [openEarlier] }),
    fixture('registered directly at the county government, linked to a final matter', [], linkedTo(finalEarlier, 'xian_handler'), { linkedCases: [finalEarlier] }),
    fixture('registered, several organs concerned, linked to a final matter',
      [], () => registerCase('xfj_clerk', { organsConcerned: ['county-rsj', 'county-zjj'], linkedCaseIds: [finalEarlier.id] }, { linkedCases: [finalEarlier] }), { linkedCases: [finalEarlier] }),
    fixture('registered at the county government, the same matter handled by 贡江镇', [], linkedTo(townEarlier, 'xian_handler'), { linkedCases: [townEarlier] }),

    fixture('awaiting acceptance, forwarded, objection window open', [FWD], std),
    fixture('awaiting acceptance, forwarded, objection window expired', [FWD], std, { today: '2025-09-29' }),
    fixture('awaiting acceptance, own remit (no sender)', [['rsj_handler', 'take_own_remit', { howHandled: '本机关办理' }, '2025-09-21']], direct),
    fixture('awaiting acceptance, assigned (交办)', [ASSIGN], std),
    fixture('awaiting acceptance, several organs concerned', [FWD], multiOrgan),
    fixture('awaiting acceptance, simplified', [FWD], simplified),
    fixture('awaiting acceptance, linked to a final matter found new', [['xfj_officer', 'confirm_new_matter', { earlierCaseId: finalEarlier.id, newFactsOrReasons: '新的工资结算单' }, '2025-09-21'], FWD],
      linkedTo(finalEarlier), { linkedCases: [finalEarlier] }),
    fixture('awaiting acceptance, linked to an open earlier petition', [FWD], linkedTo(openEarlier), { linkedCases: [openEarlier] }),
    fixture('awaiting acceptance at 县政法委, designated lead organ', [['xfj_officer', 'designate_lead_organ', { leadOrganId: 'county-zfw', mode: 'agreement', agreedOrganIds: ['county-rsj', 'county-zfw'] }, '2025-09-22']],
      () => registerCase('xfj_clerk', { organsConcerned: ['county-rsj', 'county-zfw'] })),
    fixture('awaiting acceptance at 市人社局, forwarded by 市信访局', [['shi_xfj_officer', 'forward', { targetOrganId: 'city-rsj' }, '2025-09-22']], atCity),

    fixture('objection pending', [FWD, ['rsj_handler', 'object', { reason: '属住建部门职责' }, '2025-09-24']], std),

    fixture('handling', upTo('handling'), std),
    fixture('handling, simplified', upTo('handling'), simplified),
    fixture('handling, extension requested', [...upTo('handling'), EXTEND_ASK], std, { today: '2025-11-21' }),
    fixture('handling, extension requested, period ended before approval', [...upTo('handling'), EXTEND_ASK], std, { today: '2025-11-25' }),
    fixture('handling, extension requested, period ended, lenient profile', [...upTo('handling'), EXTEND_ASK], std, { today: '2025-11-25', world: lenient }),
    fixture('handling, extended once', [...upTo('handling'), EXTEND_ASK, ['rsj_leader', 'approve_extension', { approvalId: 1 }, '2025-11-21']], std, { today: '2025-11-22' }),
    fixture('handling, period ended', upTo('handling'), std, { today: '2025-11-25' }),
    fixture('handling, opinion drafted, awaiting signature', upTo('opinion_issued').slice(0, -1), std),
    fixture('handling, opinion drafted for the deputy head', [...upTo('handling'), ['rsj_handler', 'draft_opinion', opinionInput({ content: petition() }, 'rsj_deputy'), '2025-11-07']], std, { world: twoLeaders }),
    fixture('handling, assigned (交办)', [ASSIGN, STANDARD_PATH[1]!.step], std),
    fixture('handling, under supervision', [...upTo('handling'), SUPERVISE], std),
    fixture('handling, a recommendation to improve work awaiting feedback (Art 40)', [...upTo('handling'),
      ['xfj_officer', 'issue_recommendation', { type: 'improve_work', targetOrganId: 'county-rsj', content: '建议规范欠薪投诉的受理告知', dueOn: '2025-10-30' }, '2025-09-26']], std),
    fixture('handling, 县人社局 merged into 县住建局', upTo('handling'), std, { world: merged, walkWorld: DEMO_WORLD }),
    fixture('handling, a handler is the petitioner (回避)', [FWD, ['rsj_leader', 'accept', {}, '2025-09-25']], std, { world: recusal }),
    fixture('handling, the handler declared a conflict', [...upTo('handling'), ['rsj_handler', 'declare_conflict', { reason: '系信访人亲属' }, '2025-09-26']], std),

    fixture('opinion issued', upTo('opinion_issued'), std),

    fixture('served, review window open', upTo('served'), std),
    fixture('served, review window expired', upTo('served'), std, { today: '2025-12-13' }),
    fixture('served, evaluated', [...upTo('served'), [PETITIONER, 'evaluate', { result: 'satisfied' }, '2025-11-13']], std),
    fixture('served, assigned, report not yet submitted', assigned, std),
    fixture('served, assigned, report submitted', [...assigned, ['rsj_handler', 'submit_report', { text: '已办结' }, '2025-11-13']], std),
    fixture('served, assigned, report approved, window expired', [...assigned,
      ['rsj_handler', 'submit_report', { text: '已办结' }, '2025-11-13'],
      ['xfj_officer', 'approve_report', {}, '2025-11-14']], std, { today: '2025-12-13' }),

    fixture('review requested', upTo('review_requested'), std),
    fixture('review requested, supervision addressed to the review organ', [...upTo('review_requested'), ['xfj_officer', 'issue_supervision', { reason: '复查逾期', dueOn: '2025-12-30' }, '2025-12-22']], std),
    fixture('under review', upTo('under_review'), std),
    fixture('under review, opinion drafted, awaiting signature', upTo('review_opinion_issued').slice(0, -1), std),
    fixture('review opinion issued', upTo('review_opinion_issued'), std),
    fixture('review served, re-review window open', upTo('review_served'), std),
    fixture('review served, re-review window expired', upTo('review_served'), std, { today: '2026-01-13' }),
    fixture('re-review requested', upTo('rereview_requested'), std),
    fixture('under re-review', upTo('under_rereview'), std),
    fixture('under re-review, hearing open', [...upTo('under_rereview'), ['shi_handler', 'start_hearing', {}, '2026-01-05']], std),
    fixture('under re-review, opinion drafted, awaiting signature', upTo('rereview_opinion_issued').slice(0, -1), std),
    fixture('under re-review, opinion drafted, then a hearing opened', [...upTo('rereview_opinion_issued').slice(0, -1), ['shi_handler', 'start_hearing', {}, '2026-01-19']], std),
    fixture('re-review opinion issued', upTo('rereview_opinion_issued'), std),
    fixture('re-review served (final)', upTo('rereview_served'), std),
    fixture('re-review served, evaluation window closed', upTo('rereview_served'), std, { today: '2026-02-22' }),

    fixture('closed (办结)', [...upTo('served'), ['rsj_handler', 'close', {}, '2025-12-13']], std),
    fixture('not accepted (不予受理, Art 19 ¶3)', [DECLINE_AT_COUNTY], linkedTo(townEarlier, 'xian_handler'), { linkedCases: [townEarlier] }),
    fixture('not accepted, supervised afterwards', [DECLINE_AT_COUNTY, ['xfj_officer', 'issue_supervision', { reason: '不予受理不当', dueOn: '2025-10-15' }, '2025-09-24']],
      linkedTo(townEarlier, 'xian_handler'), { linkedCases: [townEarlier] }),
    fixture('not re-accepted (不再受理, Art 36 ¶3)', [FINAL_SAME], linkedTo(finalEarlier), { linkedCases: [finalEarlier] }),
    fixture('not re-accepted, correction ordered by 市信访局', [FINAL_SAME, CORRECT], linkedTo(finalEarlier), { linkedCases: [finalEarlier] }),
    fixture('not re-accepted at 县人社局, correction ordered by the county government', [
      ['rsj_handler', 'decline_final_matter', { earlierCaseId: finalEarlier.id, sameFactsAndReasons: true }, '2025-09-21'],
      ['xian_leader', 'order_correction', { reason: '须重新比对事实和理由' }, '2025-09-24'],
    ], linkedTo(finalEarlier, 'rsj_handler'), { linkedCases: [finalEarlier] }),
    fixture('referred to 县纪委监委', [['xfj_officer', 'forward_discipline', { targetOrganId: 'county-jw' }, '2025-09-22']], accusation),
    fixture('diverted (导入法定途径)', [FWD, ['rsj_handler', 'divert', { route: 'arbitration', guidance: '请申请劳动仲裁' }, '2025-09-24']], std),
    fixture('redirected (告知向有权机关提出)', [['rsj_handler', 'redirect_outside', { competentAuthority: '于都县人民法院', reason: '民事纠纷' }, '2025-09-21']], direct),
    fixture('merged (重复信访并案)', [['xfj_officer', 'merge_as_repeat', { earlierCaseId: openEarlier.id }, '2025-09-21']],
      linkedTo(openEarlier), { linkedCases: [openEarlier] }),
  ];
}
