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
import { ASSIGNABLE, type ActionInputs, type ActionName, type OpinionInput } from '../../src/domain/lifecycle/transitions.js';
import { TERMINAL_STATES, type CaseRecord, type CaseState } from '../../src/domain/model/case.js';
import { OrganTree, type Organ, type OrganKind } from '../../src/domain/model/organ.js';
import type { PetitionContent } from '../../src/domain/model/petition.js';
import type { StaffUser } from '../../src/domain/model/user.js';
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
} = {}): World {
  const organs = change.successors
    ? new OrganTree(base.organs.all().map((o): Organ => ({ ...o, successorId: change.successors![o.id] ?? o.successorId })))
    : base.organs;
  const users = change.idNumbers
    ? base.users.map((u) => (change.idNumbers![u.username] ? { ...u, conflictKeys: [change.idNumbers![u.username]!.toUpperCase()] } : u))
    : base.users;
  return { organs, users, calendar: change.calendar ?? base.calendar, profile: change.profile ?? base.profile };
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

export interface LinkedCase { id: string; number: string; state: CaseState }

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

export const linkOf = (c: CaseRecord): LinkedCase => ({ id: c.id, number: c.number, state: c.state });

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
      throw new Error(`walk: ${actor} ${action} on ${on} from ${c.state} failed: ${(e as Error & { code?: string }).code ?? ''} ${(e as Error).message}`);
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

/** Every request answered (支持), facts and basis filled in, signed by the approver. */
export function opinionInput(c: Pick<CaseRecord, 'content'>, approverUsername: string): OpinionInput {
  return {
    outcomes: c.content.requests.map((r) => ({ requestNo: r.no, outcome: 'support' as const, reasoning: '经核实，事实清楚，符合规定' })),
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
    return u && u.organId === organId && u.roles.includes('leader') && !c.recusedUserIds.includes(id) && !c.content.involvedUserIds.includes(id);
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
      return map(route(['handling_organ', 'political_legal', 'discipline_inspection'],
        (o) => ctx.organs.isAncestorOrSelf(c.holderOrganId, o.id)), (targetOrganId) => ({ targetOrganId }));
    },
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
    decline: () => ({ reason: '不属于信访事项受理范围', basis: '《信访工作条例》第三十一条', channel: '向人民法院提起诉讼' }),
    decline_terminated: () => map(ctx.linkedCases.find((l) => l.state === 'terminated')?.id, (terminatedCaseId) => ({ terminatedCaseId })),
    divert: () => ({ route: pick(['litigation', 'arbitration', 'administrative_review', 'party_appeal', 'other_statutory'] as const, variant)!, guidance: '请依法申请劳动仲裁' }),
    apply_simplified: () => ({ note: '初信初访，事实清楚' }),
    convert_to_normal: () => ({ reason: '情况复杂，需调查核实' }),
    record_hearing: () => ({ heldOn: today, summary: '双方陈述意见' }),
    extend: () => map(approverFor(c, ctx), (approverId) => ({ days: 1 + (variant % ctx.profile.maxExtensionDays), reason: '需补充调查', approverId })),
    issue_opinion: () => map(approverFor(c, ctx), (approverId) => ({
      ...opinionInput(c, 'nobody'), approverId,
      form: pick(['opinion', 'opinion', 'mediation_agreement', 'settlement_agreement'] as const, variant),
    })),
    serve: () => ({ method: pick(['in_person', 'mail', 'electronic'] as const, variant)!, servedOn: today }),
    submit_report: () => ({ text: '已办结，处理意见已送达信访人' }),
    approve_report: () => ({ note: '同意办结' }),
    return_report: () => ({ reason: '处理意见未回应第二项诉求，退回重办', reportBackDue: addDays(today, 30) }),
    evaluate: () => ({ result: pick(['satisfied', 'basically_satisfied', 'unsatisfied'] as const, variant)!, comment: '' }),
    // A request made within the window: today, or — once the window has run out — a letter posted on its last day.
    request_review: () => ({ reasons: '对处理意见不服', requestedOn: inWindow(c, 'review_request', today) }),
    accept_review: () => ({ note: '' }),
    decide_review: () => map(approverFor(c, ctx), (approverId) => ({
      ...opinionInput(c, 'nobody'), approverId, decision: pick(['uphold', 'annul', 'change', 'redo'] as const, variant)!,
    })),
    request_rereview: () => ({ reasons: '对复查意见不服', requestedOn: inWindow(c, 'rereview_request', today) }),
    accept_rereview: () => ({ note: '' }),
    start_hearing: () => ({ note: '组织听证' }),
    end_hearing: () => ({ summary: '听证结束，各方充分陈述' }),
    decide_rereview: () => map(approverFor(c, ctx), (approverId) => ({
      ...opinionInput(c, 'nobody'), approverId, decision: pick(['uphold', 'annul', 'change'] as const, variant)!,
    })),
    terminate: () => ({ note: '' }),
    close: () => ({ note: '' }),
    transfer_to_successor: () => ({ note: '原机关撤并' }),
    assign_handler: () => map(DEMO_STAFF.find((u) => u.organId === c.holderOrganId && u.roles.some((r) => ASSIGNABLE.includes(r))
      && !c.recusedUserIds.includes(u.id) && !c.content.involvedUserIds.includes(u.id))?.id, (userId) => ({ userId })),
    issue_supervision: () => ({ reason: '办理超期', dueOn: addDays(today, 10) }),
    answer_supervision: () => ({ answer: '已按期办理' }),
    declare_conflict: () => ({ reason: '与信访人系近亲属' }),
  };
  return (inputs[action] as () => ActionInputs[A] | undefined)();
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
  { to: 'opinion_issued', step: ['rsj_handler', 'issue_opinion', opinionInput({ content: petition() }, 'rsj_leader'), '2025-11-10'] },
  { to: 'served', step: ['rsj_handler', 'serve', { method: 'in_person', servedOn: '2025-11-12' }, '2025-11-12'] },
  { to: 'review_requested', step: [PETITIONER, 'request_review', { reasons: '对处理意见不服' }, '2025-11-20'] },
  { to: 'under_review', step: ['xian_handler', 'accept_review', {}, '2025-11-21'] },
  { to: 'review_opinion_issued', step: ['xian_handler', 'decide_review', { ...opinionInput({ content: petition() }, 'xian_leader'), decision: 'uphold' }, '2025-12-10'] },
  { to: 'review_served', step: ['xian_handler', 'serve', { method: 'mail', servedOn: '2025-12-12' }, '2025-12-12'] },
  { to: 'rereview_requested', step: [PETITIONER, 'request_rereview', { reasons: '对复查意见不服' }, '2025-12-29'] },
  { to: 'under_rereview', step: ['shi_handler', 'accept_rereview', {}, '2025-12-30'] },
  { to: 'rereview_opinion_issued', step: ['shi_handler', 'decide_rereview', { ...opinionInput({ content: petition() }, 'shi_leader'), decision: 'uphold' }, '2026-01-20'] },
  { to: 'rereview_served', step: ['shi_handler', 'serve', { method: 'electronic', servedOn: '2026-01-22' }, '2026-01-22'] },
  { to: 'terminated', step: ['shi_handler', 'terminate', {}, '2026-01-23'] },
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

function fixture(name: string, steps: readonly Step[], start: () => CaseRecord, opts: { world?: World; walkWorld?: World; linkedCases?: LinkedCase[]; today?: IsoDate } = {}): Fixture {
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
  const opinionBy = (approver: string) => opinionInput({ content: petition() } as CaseRecord, approver);
  const std = () => standardCase();
  const FWD: Step = ['xfj_officer', 'forward', { targetOrganId: 'county-rsj' }, '2025-09-22'];
  const ASSIGN: Step = ['xfj_officer', 'assign', { targetOrganId: 'county-rsj', reportBackDue: '2025-11-30' }, '2025-09-22'];
  const assigned: Step[] = [ASSIGN, ...upTo('served').slice(1)];

  // Linked cases: an earlier petition still being handled, and one terminated after re-review.
  const openEarlier: LinkedCase = { id: 'earlier-open', number: '360731-2025-000900', state: 'handling' };
  const terminatedEarlier: LinkedCase = { id: 'earlier-terminated', number: '360731-2024-000800', state: 'terminated' };
  const linkedTo = (l: LinkedCase) => () => registerCase('xfj_clerk', { linkedCaseIds: [l.id] }, { linkedCases: [l] });
  const multiOrgan = () => registerCase('xfj_clerk', { organsConcerned: ['county-rsj', 'county-zjj'] });
  const accusation = () => registerCase('xfj_clerk', { kind: 'accusation', title: '检举某镇干部截留补贴', accusedOrganIds: ['town-tsl'] });
  const simplified = () => registerCase('xfj_clerk', {}, { simplified: true });
  const direct = () => registerCase('rsj_handler'); // received directly by 县人社局 (Art 23)

  const merged = worldWith(DEMO_WORLD, { successors: { 'county-rsj': 'county-zjj' } });
  const recusal = worldWith(DEMO_WORLD, { idNumbers: { rsj_handler: PETITIONER_ID_NUMBER } });

  const SUPERVISE: Step = ['xfj_officer', 'issue_supervision', { reason: '请加快办理', dueOn: '2025-10-15' }, '2025-09-26'];

  return [
    fixture('registered at the county petition office', [], std),
    fixture('registered directly at 县人社局', [], direct),
    fixture('registered directly at the county government', [], () => registerCase('xian_handler')),
    // Decided at the top of the tree: no organ above to review (复查) or re-review (复核).
    fixture('served by the province government (no review organ)', [
      ['sheng_handler', 'take_own_remit', { howHandled: '本机关办理' }, '2025-09-21'],
      ['sheng_handler', 'accept', {}, '2025-09-22'],
      ['sheng_handler', 'issue_opinion', opinionBy('sheng_leader'), '2025-10-20'],
      ['sheng_handler', 'serve', { method: 'mail', servedOn: '2025-10-22' }, '2025-10-22'],
    ], () => registerCase('sheng_handler')),
    fixture('review served by the province (no re-review organ)', [
      ['shi_handler', 'take_own_remit', { howHandled: '本机关办理' }, '2025-09-21'],
      ['shi_handler', 'accept', {}, '2025-09-22'],
      ['shi_handler', 'issue_opinion', opinionBy('shi_leader'), '2025-10-20'],
      ['shi_handler', 'serve', { method: 'mail', servedOn: '2025-10-22' }, '2025-10-22'],
      ['sheng_handler', 'request_review', { reasons: '不服' }, '2025-10-30'],
      ['sheng_handler', 'accept_review', {}, '2025-10-31'],
      ['sheng_handler', 'decide_review', { ...opinionBy('sheng_leader'), decision: 'uphold' }, '2025-11-20'],
      ['sheng_handler', 'serve', { method: 'mail', servedOn: '2025-11-21' }, '2025-11-21'],
    ], () => registerCase('shi_handler')),
    fixture('registered, several organs concerned', [], multiOrgan),
    fixture('registered, simplified', [], simplified),
    fixture('registered accusation against 铁山垅镇', [], accusation),
    fixture('registered, linked to a terminated matter', [], linkedTo(terminatedEarlier), { linkedCases: [terminatedEarlier] }),
    fixture('registered, linked to an open earlier petition', [], linkedTo(openEarlier), { linkedCases: [openEarlier] }),

    fixture('awaiting acceptance, forwarded, objection window open', [FWD], std),
    fixture('awaiting acceptance, forwarded, objection window expired', [FWD], std, { today: '2025-09-29' }),
    fixture('awaiting acceptance, own remit (no sender)', [['rsj_handler', 'take_own_remit', { howHandled: '本机关办理' }, '2025-09-21']], direct),
    fixture('awaiting acceptance, assigned (交办)', [ASSIGN], std),
    fixture('awaiting acceptance, several organs concerned', [FWD], multiOrgan),
    fixture('awaiting acceptance, simplified', [FWD], simplified),
    fixture('awaiting acceptance, linked to a terminated matter', [FWD], linkedTo(terminatedEarlier), { linkedCases: [terminatedEarlier] }),
    fixture('awaiting acceptance, linked to an open earlier petition', [FWD], linkedTo(openEarlier), { linkedCases: [openEarlier] }),
    fixture('awaiting acceptance, accusation sent to 县纪委监委', [['xfj_officer', 'forward_discipline', { targetOrganId: 'county-jw' }, '2025-09-22']], accusation),

    fixture('objection pending', [FWD, ['rsj_handler', 'object', { reason: '属住建部门职责' }, '2025-09-24']], std),

    fixture('handling', upTo('handling'), std),
    fixture('handling, simplified', upTo('handling'), simplified),
    fixture('handling, extended once', [...upTo('handling'), ['rsj_handler', 'extend', { days: 30, reason: '需补充调查', approverId: userId('rsj_leader') }, '2025-10-20']], std, { today: '2025-10-21' }),
    fixture('handling, assigned (交办)', [ASSIGN, STANDARD_PATH[1]!.step], std),
    fixture('handling, under supervision', [...upTo('handling'), SUPERVISE], std),
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
    fixture('under review', upTo('under_review'), std),
    fixture('review opinion issued', upTo('review_opinion_issued'), std),
    fixture('review served, re-review window open', upTo('review_served'), std),
    fixture('review served, re-review window expired', upTo('review_served'), std, { today: '2026-01-13' }),
    fixture('re-review requested', upTo('rereview_requested'), std),
    fixture('under re-review', upTo('under_rereview'), std),
    fixture('under re-review, hearing open', [...upTo('under_rereview'), ['shi_handler', 'start_hearing', {}, '2026-01-05']], std),
    fixture('re-review opinion issued', upTo('rereview_opinion_issued'), std),
    fixture('re-review served', upTo('rereview_served'), std),

    fixture('terminated (终结)', upTo('terminated'), std),
    fixture('closed (办结)', [...upTo('served'), ['rsj_handler', 'close', {}, '2025-12-13']], std),
    fixture('not accepted (不予受理)', [FWD, ['rsj_handler', 'decline', { reason: '不属受理范围', basis: '第31条', channel: '诉讼' }, '2025-09-24']], std),
    fixture('not accepted, supervision unanswered', [FWD, ['xfj_officer', 'issue_supervision', { reason: '请及时受理', dueOn: '2025-10-15' }, '2025-09-23'],
      ['rsj_handler', 'decline', { reason: '不属受理范围', basis: '第31条', channel: '诉讼' }, '2025-09-24']], std),
    fixture('not re-accepted (不再受理)', [FWD, ['rsj_handler', 'decline_terminated', { terminatedCaseId: terminatedEarlier.id }, '2025-09-24']],
      linkedTo(terminatedEarlier), { linkedCases: [terminatedEarlier] }),
    fixture('diverted (导入法定途径)', [FWD, ['rsj_handler', 'divert', { route: 'arbitration', guidance: '请申请劳动仲裁' }, '2025-09-24']], std),
    fixture('redirected (告知向有权机关提出)', [['rsj_handler', 'redirect_outside', { competentAuthority: '于都县人民法院', reason: '民事纠纷' }, '2025-09-21']], direct),
    fixture('merged (重复信访并案)', [['xfj_officer', 'merge_as_repeat', { earlierCaseId: openEarlier.id }, '2025-09-21']],
      linkedTo(openEarlier), { linkedCases: [openEarlier] }),
  ];
}
