/**
 * The law as a table: every action on a case, who may take it, from which states, what it
 * requires and what it produces. One entry per action, readable beside the regulation.
 * `when` holds conditions that do not depend on the input (allowedActions shows them);
 * `apply` checks the input and returns the next case, the documents to issue and the event data.
 */
import { isIsoDate, type IsoDate } from '../calendar/dates.js';
import { DomainError } from '../errors.js';
import {
  CASE_STATES, type CaseRecord, type CaseState, type DocumentKind, type EvaluationResult, type Opinion, type OpinionForm, type OpinionStage,
  type RequestOutcome, type ReviewDecision,
} from '../model/case.js';
import type { Role } from '../model/user.js';
import { isWithin, makeClock, openClock, recomputeClocks, stopClocks, type NewClock } from './clocks.js';
import type { ClockKind } from '../rules/profiles.js';
import type { DomainContext, Outcome, Refusal } from './context.js';
import { handlingOrganOf, reviewOrganIdOf, rereviewOrganIdOf, type OrganRelation } from './relations.js';

export interface Transition<I> {
  label: string;
  basis: string;
  from: readonly CaseState[];
  /** The states the action may lead to (the engine checks the outcome against it). */
  to: readonly CaseState[];
  roles: readonly Role[];
  /** The petitioner may take it on their own case (portal). */
  petitioner?: boolean;
  organ: readonly OrganRelation[];
  /** What the action needs, for people (printed in the rules table). */
  requires: readonly string[];
  issues: readonly DocumentKind[];
  when?: (c: CaseRecord, ctx: DomainContext) => Refusal | null;
  apply: (c: CaseRecord, input: I, ctx: DomainContext) => Outcome;
}

// ——— inputs ———
export type ServiceMethod = 'in_person' | 'mail' | 'electronic';
export type DiversionRoute = 'litigation' | 'arbitration' | 'administrative_review' | 'party_appeal' | 'other_statutory';
export const DIVERSION_LABELS: Record<DiversionRoute, string> = {
  litigation: '诉讼',
  arbitration: '仲裁',
  administrative_review: '行政复议',
  party_appeal: '党员申诉',
  other_statutory: '其他法定途径',
};
export interface OpinionInput {
  outcomes: { requestNo: number; outcome: RequestOutcome; reasoning: string }[];
  facts: string;
  basis: string;
  approverId: string;
}
export interface ActionInputs {
  forward: { targetOrganId: string; note?: string };
  assign: { targetOrganId: string; reportBackDue: IsoDate; note?: string };
  forward_political_legal: { targetOrganId: string; note?: string };
  forward_discipline: { targetOrganId: string; note?: string };
  report_major: { summary: string; reportedTo: string };
  take_own_remit: { howHandled: string };
  forward_to_subordinate: { targetOrganId: string; note?: string };
  redirect_outside: { competentAuthority: string; reason: string };
  merge_as_repeat: { earlierCaseId: string };
  object: { reason: string };
  approve_objection: { note?: string };
  reject_objection: { reason: string };
  designate_lead_organ: { leadOrganId: string; mode: 'agreement' | 'superior_decision'; agreedOrganIds?: string[]; note?: string };
  accept: { note?: string };
  decline: { reason: string; basis: string; channel: string };
  decline_terminated: { terminatedCaseId: string };
  divert: { route: DiversionRoute; guidance: string };
  apply_simplified: { note?: string };
  convert_to_normal: { reason: string };
  record_hearing: { heldOn: IsoDate; summary: string };
  extend: { days: number; reason: string; approverId: string };
  issue_opinion: OpinionInput & { form?: OpinionForm };
  serve: { method: ServiceMethod; servedOn: IsoDate };
  submit_report: { text: string };
  approve_report: { note?: string };
  return_report: { reason: string; reportBackDue: IsoDate };
  evaluate: { result: EvaluationResult; comment?: string };
  request_review: { requestedOn?: IsoDate; reasons: string };
  accept_review: { note?: string };
  decide_review: OpinionInput & { decision: ReviewDecision };
  request_rereview: { requestedOn?: IsoDate; reasons: string };
  accept_rereview: { note?: string };
  start_hearing: { note?: string };
  end_hearing: { summary: string };
  decide_rereview: OpinionInput & { decision: Exclude<ReviewDecision, 'redo'> };
  terminate: { note?: string };
  close: { note?: string };
  transfer_to_successor: { note?: string };
  issue_supervision: { reason: string; dueOn: IsoDate };
  answer_supervision: { answer: string };
  declare_conflict: { reason: string };
  assign_handler: { userId: string };
}
export type ActionName = keyof ActionInputs;

// ——— small helpers shared by the entries ———
const OPEN_STATES: readonly CaseState[] = [
  'registered', 'awaiting_acceptance', 'objection_pending', 'handling', 'opinion_issued', 'served',
  'review_requested', 'under_review', 'review_opinion_issued', 'review_served',
  'rereview_requested', 'under_rereview', 'rereview_opinion_issued', 'rereview_served',
];
const ROUTERS: readonly Role[] = ['petition_officer', 'leader'];
const HANDLERS: readonly Role[] = ['handler', 'leader'];
/** Who a leader may assign a case to (分办). */
export const ASSIGNABLE: readonly Role[] = ['handler', 'petition_officer', 'discipline_officer', 'leader'];

function fail(code: string, message: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}

function text(value: string | undefined, field: string, label: string): string {
  const v = value?.trim() ?? '';
  if (!v) fail('INPUT_REQUIRED', `请填写${label}`, { field });
  return v;
}

function date(value: string | undefined, field: string, label: string): IsoDate {
  if (!value || !isIsoDate(value)) fail('INPUT_INVALID', `${label}不是有效日期（YYYY-MM-DD）`, { field });
  return value;
}

function actorOrganId(ctx: DomainContext): string | null {
  return ctx.actor.kind === 'staff' ? ctx.actor.user.organId : null;
}

function actorUserId(ctx: DomainContext): string | null {
  return ctx.actor.kind === 'staff' ? ctx.actor.user.id : null;
}

/** The approver must be a leader (负责人) of the acting organ and not recused. */
function approver(c: CaseRecord, approverId: string | undefined, ctx: DomainContext, what: string): string {
  const id = text(approverId, 'approverId', '审批领导');
  const u = ctx.user(id);
  const organ = actorOrganId(ctx);
  if (!u || !u.roles.includes('leader') || u.organId !== organ) {
    fail('APPROVER_INVALID', `${what}须由本机关负责人审批`, { approverId: id });
  }
  if (c.recusedUserIds.includes(u.id) || c.content.involvedUserIds.includes(u.id)) {
    fail('APPROVER_RECUSED', `审批人${u.name}应当回避，不能审批本件`, { approverId: id });
  }
  return id;
}

/** Art 30: an accusation never goes to the accused organ or anyone in it. */
function notToAccused(c: CaseRecord, organId: string, ctx: DomainContext): void {
  for (const accused of c.content.accusedOrganIds) {
    if (ctx.organs.isAncestorOrSelf(accused, organId)) {
      fail('ROUTE_TO_ACCUSED', '检举控告事项不得转交被检举控告的机关或其下属', { targetOrganId: organId });
    }
  }
}

/** A routing destination must exist, be of the right kind, under the office, and never an accused organ (Art 30). */
function destination(c: CaseRecord, id: string | undefined, ctx: DomainContext, kinds: string[], label: string) {
  const targetId = text(id, 'targetOrganId', label);
  const target = ctx.organs.get(targetId);
  if (!target) fail('ORGAN_NOT_FOUND', `${label}不存在`, { targetOrganId: targetId });
  if (!kinds.includes(target.kind)) fail('DESTINATION_KIND_INVALID', `${target.name}不是可接收此类事项的机关`, { targetOrganId: targetId });
  if (targetId === c.holderOrganId) fail('DESTINATION_IS_SELF', '不能转给本机关', { targetOrganId: targetId });
  if (target.successorId) fail('ORGAN_ABOLISHED', `${target.name}已撤并，请转其承继机关`, { targetOrganId: targetId, successorId: target.successorId });
  if (target.level === 'village') fail('DESTINATION_KIND_INVALID', `${target.name}是基层群众性自治组织，不是有权处理机关`, { targetOrganId: targetId });
  notToAccused(c, targetId, ctx);
  return target;
}

function opinionFrom(input: OpinionInput, c: CaseRecord, ctx: DomainContext, stage: OpinionStage,
  form: OpinionForm, decision: ReviewDecision | null, organId: string): Opinion {
  const facts = text(input.facts, 'facts', '查明事实');
  const basis = text(input.basis, 'basis', '处理依据');
  const approverId = approver(c, input.approverId, ctx, '处理意见');
  const outcomes = input.outcomes ?? [];
  if (stage === 'handling' && form === 'opinion') {
    const asked = c.content.requests.map((r) => r.no).sort((a, b) => a - b);
    const answered = outcomes.map((o) => o.requestNo).sort((a, b) => a - b);
    if (asked.join(',') !== answered.join(',')) {
      fail('OPINION_INCOMPLETE', '处理意见须对每一项诉求分别作出支持、解释说明或不予支持的意见', { asked, answered });
    }
  }
  for (const o of outcomes) {
    if (!['support', 'explain', 'not_support'].includes(o.outcome)) fail('INPUT_INVALID', '诉求处理结果只能是支持、解释说明或不予支持');
    text(o.reasoning, 'outcomes.reasoning', `对第${o.requestNo}项诉求的理由`);
  }
  return { stage, form, organId, decision, outcomes, facts, basis, approverId, issuedOn: ctx.today, servedOn: null, serviceMethod: null };
}

/** Move the case to a new organ for acceptance: it must decide within 15 days and may object within 5 working days. */
function sendTo(c: CaseRecord, targetId: string, ctx: DomainContext, routing: CaseRecord['routing']): CaseRecord {
  const simplified = c.simplified;
  const stopped = stopClocks(c.clocks, ctx.today, ['routing', 'acceptance', 'objection'])
    .map((k) => (k.kind === 'report_back' && k.stoppedOn === null ? { ...k, organId: targetId } : k));
  const clocks = [
    ...stopped,
    makeClock({ kind: 'acceptance', organId: targetId, start: ctx.today, simplified }, ctx.profile, ctx.calendar),
    makeClock({ kind: 'objection', organId: targetId, start: ctx.today }, ctx.profile, ctx.calendar),
  ];
  return {
    ...c,
    state: 'awaiting_acceptance',
    // An assigned case keeps answering to the assigning office, wherever it goes next.
    senderOrganId: c.assignment?.assignerOrganId ?? c.holderOrganId,
    holderOrganId: targetId,
    routing,
    receivedAtHolderOn: ctx.today,
    objection: null,
    clocks,
  };
}

function addClock(c: CaseRecord, spec: NewClock, ctx: DomainContext): CaseRecord {
  return { ...c, clocks: [...c.clocks, makeClock(spec, ctx.profile, ctx.calendar)] };
}

function closeAs(c: CaseRecord, state: CaseState, ctx: DomainContext): CaseRecord {
  return { ...c, state, closedOn: ctx.today, clocks: stopClocks(c.clocks, ctx.today) };
}

function latestOpinion(c: CaseRecord, stage: OpinionStage): Opinion | undefined {
  return [...c.opinions].reverse().find((o) => o.stage === stage);
}

/** Whether a clock's period still runs on `on` (a provisional due date counts like any other). */
function within(c: CaseRecord, kind: ClockKind, on: IsoDate): boolean {
  const k = openClock(c, kind);
  return Boolean(k && on >= k.start && isWithin(k, on));
}

const windowOpen = (c: CaseRecord, kind: 'review_request' | 'rereview_request', on: IsoDate): boolean => within(c, kind, on);

const SIMPLIFIED_BLOCKERS = (c: CaseRecord): string | null => {
  if (c.content.linkedCaseIds.length > 0) return '非初信初访，不适用简易办理';
  if (c.assignment) return '交办件不适用简易办理';
  if (c.content.organsConcerned.length > 1) return '涉及多个机关，不适用简易办理';
  if (c.content.kind === 'accusation') return '检举控告类事项不适用简易办理';
  return null;
};

function serveStage(c: CaseRecord, stage: OpinionStage, input: ActionInputs['serve'], ctx: DomainContext): Outcome {
  const op = latestOpinion(c, stage);
  if (!op) fail('OPINION_MISSING', '尚未出具意见，无法送达');
  const servedOn = date(input.servedOn, 'servedOn', '送达日期');
  if (!['in_person', 'mail', 'electronic'].includes(input.method)) fail('INPUT_INVALID', '送达方式只能是直接送达、邮寄送达或电子送达');
  if (servedOn > ctx.today) fail('DATE_IN_FUTURE', '送达日期不能晚于今天');
  if (servedOn < op.issuedOn) fail('DATE_BEFORE_OPINION', '送达日期不能早于意见出具日期');
  const opinions = c.opinions.map((o) => (o === op ? { ...o, servedOn, serviceMethod: input.method } : o));
  let next: CaseRecord = { ...c, opinions };
  if (stage === 'handling') {
    next = { ...next, state: 'served' };
    const reviewer = reviewOrganIdOf(next, ctx.organs);
    if (reviewer) next = addClock(next, { kind: 'review_request', organId: reviewer, start: servedOn }, ctx);
  } else if (stage === 'review') {
    next = { ...next, state: 'review_served' };
    const rereviewer = rereviewOrganIdOf(next, ctx.organs);
    if (rereviewer) next = addClock(next, { kind: 'rereview_request', organId: rereviewer, start: servedOn }, ctx);
  } else {
    next = { ...next, state: 'rereview_served' };
  }
  return { case: next, documents: [{ kind: 'service_receipt', organId: op.organId, data: { stage, method: input.method, servedOn } }], data: { stage, method: input.method, servedOn } };
}

function evaluationStage(c: CaseRecord): OpinionStage {
  return c.state === 'served' ? 'handling' : c.state === 'review_served' ? 'review' : 'rereview';
}

/** The opinion being evaluated: the latest of the current stage (a redo makes a new one). */
function evaluatedOpinionIndex(c: CaseRecord): number {
  const stage = evaluationStage(c);
  for (let i = c.opinions.length - 1; i >= 0; i--) if (c.opinions[i]!.stage === stage) return i;
  return -1;
}

/** Actions that record something without moving the case: the target is the state it was in. */
export const SAME_STATE: readonly CaseState[] = CASE_STATES;

// ——— the table ———
export const TRANSITIONS: { [K in ActionName]: Transition<ActionInputs[K]> } = {
  forward: {
    label: '转送', basis: '第22条', from: ['registered'], to: ['awaiting_acceptance'], roles: ROUTERS, organ: ['holder'],
    requires: ['有权处理机关'], issues: ['forwarding_slip'],
    when: (c, ctx) => (ctx.organs.get(c.holderOrganId)?.kind === 'petition_office' ? null : { code: 'NOT_PETITION_OFFICE', message: '只有信访部门可以转送' }),
    apply: (c, input, ctx) => {
      const target = destination(c, input.targetOrganId, ctx, ['handling_organ'], '有权处理机关');
      const next = sendTo(c, target.id, ctx, 'forward');
      return { case: next, documents: [{ kind: 'forwarding_slip', organId: c.holderOrganId, data: { to: target.id, toName: target.name, due: openClock(next, 'acceptance')?.due, note: input.note ?? '' } }], data: { to: target.id, note: input.note ?? '' } };
    },
  },
  assign: {
    label: '交办', basis: '第22条', from: ['registered'], to: ['awaiting_acceptance'], roles: ROUTERS, organ: ['holder'],
    requires: ['有权处理机关', '办结报告期限'], issues: ['assignment_slip'],
    when: (c, ctx) => {
      if (ctx.organs.get(c.holderOrganId)?.kind !== 'petition_office') return { code: 'NOT_PETITION_OFFICE', message: '只有信访部门可以交办' };
      if (c.simplified) return { code: 'SIMPLIFIED_EXCLUDED', message: '交办件不适用简易办理，请先转为普通程序' };
      return null;
    },
    apply: (c, input, ctx) => {
      const target = destination(c, input.targetOrganId, ctx, ['handling_organ'], '有权处理机关');
      const due = date(input.reportBackDue, 'reportBackDue', '办结报告期限');
      if (due <= ctx.today) fail('DATE_NOT_AFTER_TODAY', '办结报告期限应晚于今天');
      let next = sendTo(c, target.id, ctx, 'assign');
      next = { ...next, assignment: { assignerOrganId: c.holderOrganId, reportBackDue: due, report: 'pending', reportText: null } };
      next = addClock(next, { kind: 'report_back', organId: target.id, start: ctx.today, fixedDue: due }, ctx);
      return { case: next, documents: [{ kind: 'assignment_slip', organId: c.holderOrganId, data: { to: target.id, toName: target.name, reportBackDue: due, note: input.note ?? '' } }], data: { to: target.id, reportBackDue: due } };
    },
  },
  forward_political_legal: {
    label: '转政法机关', basis: '第22条、第31条', from: ['registered'], to: ['awaiting_acceptance'], roles: ROUTERS, organ: ['holder'],
    requires: ['政法机关'], issues: ['forwarding_slip'],
    when: (c, ctx) => (ctx.organs.get(c.holderOrganId)?.kind === 'petition_office' ? null : { code: 'NOT_PETITION_OFFICE', message: '只有信访部门可以转送' }),
    apply: (c, input, ctx) => {
      const target = destination(c, input.targetOrganId, ctx, ['political_legal'], '政法机关');
      const next = sendTo(c, target.id, ctx, 'political_legal');
      return { case: next, documents: [{ kind: 'forwarding_slip', organId: c.holderOrganId, data: { to: target.id, toName: target.name, note: input.note ?? '' } }], data: { to: target.id } };
    },
  },
  forward_discipline: {
    label: '转纪检监察机关', basis: '第22条、第30条', from: ['registered'], to: ['awaiting_acceptance'], roles: ROUTERS, organ: ['holder'],
    requires: ['纪检监察机关'], issues: ['forwarding_slip'],
    when: (c, ctx) => (ctx.organs.get(c.holderOrganId)?.kind === 'petition_office' ? null : { code: 'NOT_PETITION_OFFICE', message: '只有信访部门可以转送' }),
    apply: (c, input, ctx) => {
      const target = destination(c, input.targetOrganId, ctx, ['discipline_inspection'], '纪检监察机关');
      const next = sendTo(c, target.id, ctx, 'discipline');
      return { case: next, documents: [{ kind: 'forwarding_slip', organId: c.holderOrganId, data: { to: target.id, toName: target.name, note: input.note ?? '' } }], data: { to: target.id } };
    },
  },
  report_major: {
    label: '重大紧急事项报告', basis: '第25条', from: OPEN_STATES, to: SAME_STATE, roles: ROUTERS, organ: ['holder', 'supervising_office'],
    requires: ['报告摘要', '报送机关'], issues: ['major_case_report'],
    apply: (c, input, ctx) => {
      const summary = text(input.summary, 'summary', '报告摘要');
      const reportedTo = text(input.reportedTo, 'reportedTo', '报送机关');
      return { case: c, documents: [{ kind: 'major_case_report', organId: actorOrganId(ctx)!, data: { summary, reportedTo } }], data: { summary, reportedTo } };
    },
  },
  take_own_remit: {
    label: '本机关处理（告知处理方式）', basis: '第23条第1项', from: ['registered'], to: ['awaiting_acceptance'], roles: [...HANDLERS, 'intake_clerk'], organ: ['holder'],
    requires: ['处理方式'], issues: [],
    when: (c, ctx) => (ctx.organs.get(c.holderOrganId)?.kind === 'petition_office' ? { code: 'PETITION_OFFICE_ROUTES', message: '信访部门应转送或交办，而非自行受理' } : null),
    apply: (c, input, ctx) => {
      const howHandled = text(input.howHandled, 'howHandled', '处理方式');
      // The 15-day acceptance clock started at registration keeps running (Art 23).
      return { case: { ...c, state: 'awaiting_acceptance', routing: 'own_remit' }, documents: [], data: { howHandled } };
    },
  },
  forward_to_subordinate: {
    label: '转下级机关', basis: '第23条第2项', from: ['registered'], to: ['awaiting_acceptance'], roles: [...HANDLERS, 'intake_clerk'], organ: ['holder'],
    requires: ['下级机关'], issues: ['forwarding_slip'],
    when: (c, ctx) => {
      if (ctx.organs.get(c.holderOrganId)?.kind === 'petition_office') return { code: 'PETITION_OFFICE_ROUTES', message: '信访部门请使用转送或交办' };
      const below = ctx.organs.subtreeIds(c.holderOrganId).map((id) => ctx.organs.get(id)!)
        .filter((o) => o.id !== c.holderOrganId && o.kind !== 'petition_office' && o.level !== 'village' && !o.successorId);
      return below.length ? null : { code: 'NO_SUBORDINATE', message: '本机关没有可转送的下级机关' };
    },
    apply: (c, input, ctx) => {
      const target = destination(c, input.targetOrganId, ctx, ['handling_organ', 'political_legal', 'discipline_inspection'], '下级机关');
      if (!ctx.organs.isAncestorOrSelf(c.holderOrganId, target.id)) fail('NOT_SUBORDINATE', `${target.name}不是本机关的下级机关`);
      const next = sendTo(c, target.id, ctx, 'subordinate');
      return { case: next, documents: [{ kind: 'forwarding_slip', organId: c.holderOrganId, data: { to: target.id, toName: target.name, note: input.note ?? '' } }], data: { to: target.id } };
    },
  },
  redirect_outside: {
    label: '告知向有权机关提出', basis: '第23条第3项', from: ['registered'], to: ['redirected'], roles: [...HANDLERS, 'intake_clerk'], organ: ['holder'],
    requires: ['有权机关名称', '理由'], issues: ['redirection_notice'],
    when: (c, ctx) => (ctx.organs.get(c.holderOrganId)?.kind === 'petition_office' ? { code: 'PETITION_OFFICE_ROUTES', message: '信访部门请使用转送或交办' } : null),
    apply: (c, input, ctx) => {
      const competentAuthority = text(input.competentAuthority, 'competentAuthority', '有权机关名称');
      const reason = text(input.reason, 'reason', '理由');
      return { case: closeAs(c, 'redirected', ctx), documents: [{ kind: 'redirection_notice', organId: c.holderOrganId, data: { competentAuthority, reason } }], data: { competentAuthority, reason } };
    },
  },
  merge_as_repeat: {
    label: '重复信访并案', basis: '重复信访处理规定', from: ['registered', 'awaiting_acceptance'], to: ['merged'], roles: [...ROUTERS, 'handler', 'intake_clerk'], organ: ['holder'],
    requires: ['在办的原信访事项'], issues: [],
    when: (c, ctx) => (ctx.linkedCases.some((l) => !TERMINAL.has(l.state)) ? null : { code: 'NO_OPEN_EARLIER_CASE', message: '没有关联的在办原件，不能并案' }),
    apply: (c, input, ctx) => {
      const earlier = ctx.linkedCases.find((l) => l.id === input.earlierCaseId);
      if (!earlier || TERMINAL.has(earlier.state)) fail('EARLIER_CASE_INVALID', '只能并入已关联且仍在办理的原信访事项');
      return { case: closeAs(c, 'merged', ctx), documents: [], data: { earlierCaseId: earlier.id, earlierNumber: earlier.number } };
    },
  },
  object: {
    label: '提出异议（非本机关职责）', basis: '第23条', from: ['awaiting_acceptance'], to: ['objection_pending'], roles: HANDLERS, organ: ['holder'],
    requires: ['异议理由', '收到之日起5个工作日内'], issues: ['objection_letter'],
    when: (c, ctx) => {
      if (!c.senderOrganId) return { code: 'NO_SENDER', message: '本件系本机关直接收到，无来文机关可提异议' };
      if (!within(c, 'objection', ctx.today)) return { code: 'OBJECTION_WINDOW_EXPIRED', message: '已超过收到之日起5个工作日的异议期限' };
      return null;
    },
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '异议理由');
      const next: CaseRecord = { ...c, state: 'objection_pending', objection: { reason, raisedOn: ctx.today, organId: c.holderOrganId }, clocks: stopClocks(c.clocks, ctx.today, ['objection']) };
      return { case: next, documents: [{ kind: 'objection_letter', organId: c.holderOrganId, data: { to: c.senderOrganId, reason } }], data: { reason } };
    },
  },
  approve_objection: {
    label: '同意异议并收回', basis: '第23条', from: ['objection_pending'], to: ['registered'], roles: ROUTERS, organ: ['sender'],
    requires: [], issues: [],
    apply: (c, input, ctx) => {
      const sender = c.senderOrganId!;
      const office = ctx.organs.get(sender);
      const clocks = stopClocks(c.clocks, ctx.today, ['acceptance', 'objection', 'report_back']);
      // The case returns to the sender, which routes it again within its own period counted from
      // the original receipt (Art 22), not from the return.
      const kind = office?.kind === 'petition_office' ? 'routing' : 'acceptance';
      let next: CaseRecord = { ...c, state: 'registered', holderOrganId: sender, senderOrganId: null, routing: null, assignment: null, receivedAtHolderOn: ctx.today, clocks };
      next = addClock(next, { kind, organId: sender, start: c.content.receivedOn, simplified: c.simplified }, ctx);
      return { case: next, documents: [], data: { returnedFrom: c.holderOrganId, note: input.note ?? '' } };
    },
  },
  reject_objection: {
    label: '不同意异议', basis: '第23条', from: ['objection_pending'], to: ['awaiting_acceptance'], roles: ROUTERS, organ: ['sender'],
    requires: ['理由'], issues: [],
    apply: (c, input) => {
      const reason = text(input.reason, 'reason', '理由');
      return { case: { ...c, state: 'awaiting_acceptance' }, documents: [], data: { reason } };
    },
  },
  designate_lead_organ: {
    label: '确定受理机关（多机关）', basis: '第24条', from: ['registered', 'awaiting_acceptance'], to: ['awaiting_acceptance'], roles: ROUTERS, organ: ['holder', 'common_superior'],
    requires: ['受理机关', '协商一致（各机关）或共同上级决定'], issues: ['forwarding_slip'],
    when: (c) => (c.content.organsConcerned.length > 1 ? null : { code: 'SINGLE_ORGAN', message: '本件只涉及一个机关，无需确定受理机关' }),
    apply: (c, input, ctx) => {
      const concerned = c.content.organsConcerned;
      if (!concerned.includes(input.leadOrganId)) fail('LEAD_NOT_CONCERNED', '受理机关须为本件涉及的机关之一');
      const me = actorOrganId(ctx)!;
      if (input.mode === 'agreement') {
        const agreed = new Set(input.agreedOrganIds ?? []);
        if (!concerned.every((o) => agreed.has(o))) fail('AGREEMENT_INCOMPLETE', '各涉及机关须全部协商一致；有争议的，由共同上级机关决定');
      } else if (input.mode === 'superior_decision') {
        if (!ctx.organs.isCommonSuperior(me, concerned)) fail('NOT_COMMON_SUPERIOR', '只有共同的上级机关可以决定受理机关');
      } else fail('INPUT_INVALID', '确定方式只能是协商一致或上级决定');
      let next: CaseRecord;
      let lead;
      if (input.leadOrganId === c.holderOrganId) {
        lead = ctx.organs.get(c.holderOrganId)!;
        notToAccused(c, lead.id, ctx);
        next = c;
      } else {
        lead = destination(c, input.leadOrganId, ctx, ['handling_organ', 'political_legal', 'discipline_inspection'], '受理机关');
        next = sendTo(c, lead.id, ctx, 'lead_designation');
      }
      next = { ...next, state: 'awaiting_acceptance' };
      return { case: next, documents: [{ kind: 'forwarding_slip', organId: me, data: { to: lead.id, toName: lead.name, mode: input.mode } }], data: { lead: lead.id, mode: input.mode, agreedOrganIds: input.agreedOrganIds ?? [] } };
    },
  },
  accept: {
    label: '受理', basis: '第23条、第34条', from: ['awaiting_acceptance'], to: ['handling'], roles: HANDLERS, organ: ['holder'],
    requires: ['收到之日起15日内书面告知'], issues: ['acceptance_notice'],
    when: (c, ctx) => {
      const done = ctx.linkedCases.find((l) => l.state === 'terminated');
      return done ? { code: 'MATTER_TERMINATED', message: `同一事项已于${done.number}终结，不再受理` } : null;
    },
    apply: (c, input, ctx) => {
      let next: CaseRecord = { ...c, state: 'handling', acceptedOn: ctx.today, clocks: stopClocks(c.clocks, ctx.today, ['routing', 'acceptance', 'objection']) };
      next = addClock(next, { kind: 'handling', organId: c.holderOrganId, start: ctx.today, simplified: c.simplified }, ctx);
      const due = openClock(next, 'handling')?.due;
      return { case: next, documents: [{ kind: 'acceptance_notice', organId: c.holderOrganId, data: { receivedOn: c.receivedAtHolderOn, senderOrganId: c.senderOrganId, simplified: c.simplified, handlingDue: due } }], data: { handlingDue: due, note: input.note ?? '' } };
    },
  },
  decline: {
    label: '不予受理', basis: '第23条、第31条', from: ['awaiting_acceptance'], to: ['not_accepted'], roles: HANDLERS, organ: ['holder'],
    requires: ['理由', '依据', '应当提出的途径'], issues: ['non_acceptance_notice'],
    apply: (c, input, ctx) => {
      const data = { reason: text(input.reason, 'reason', '不予受理理由'), basis: text(input.basis, 'basis', '依据'), channel: text(input.channel, 'channel', '应当提出的途径') };
      return { case: closeAs(c, 'not_accepted', ctx), documents: [{ kind: 'non_acceptance_notice', organId: c.holderOrganId, data }], data };
    },
  },
  decline_terminated: {
    label: '不再受理（已终结事项）', basis: '第36条', from: ['awaiting_acceptance', 'registered'], to: ['not_reaccepted'], roles: HANDLERS, organ: ['holder'],
    requires: ['已终结的原信访事项'], issues: ['non_reacceptance_notice'],
    when: (c, ctx) => (ctx.linkedCases.some((l) => l.state === 'terminated') ? null : { code: 'NO_TERMINATED_MATTER', message: '没有关联的已终结事项' }),
    apply: (c, input, ctx) => {
      const earlier = ctx.linkedCases.find((l) => l.id === input.terminatedCaseId && l.state === 'terminated');
      if (!earlier) fail('EARLIER_CASE_INVALID', '所选原信访事项未终结或未关联');
      return { case: closeAs(c, 'not_reaccepted', ctx), documents: [{ kind: 'non_reacceptance_notice', organId: c.holderOrganId, data: { terminatedCaseNumber: earlier.number } }], data: { terminatedCaseId: earlier.id } };
    },
  },
  divert: {
    label: '导入法定途径', basis: '第31条', from: ['awaiting_acceptance', 'registered'], to: ['diverted'], roles: HANDLERS, organ: ['holder'],
    requires: ['法定途径', '书面引导意见'], issues: ['diversion_guidance'],
    apply: (c, input, ctx) => {
      if (!(input.route in DIVERSION_LABELS)) fail('INPUT_INVALID', '法定途径只能是诉讼、仲裁、行政复议、党员申诉或其他法定途径');
      const data = { route: input.route, routeLabel: DIVERSION_LABELS[input.route], guidance: text(input.guidance, 'guidance', '引导意见') };
      return { case: closeAs(c, 'diverted', ctx), documents: [{ kind: 'diversion_guidance', organId: c.holderOrganId, data }], data };
    },
  },
  apply_simplified: {
    label: '适用简易办理', basis: '《信访事项简易办理办法》', from: ['registered', 'awaiting_acceptance'], to: SAME_STATE, roles: [...ROUTERS, 'handler'], organ: ['holder'],
    requires: ['初信初访', '事实清楚、责任明确、争议不大'], issues: [],
    when: (c) => {
      if (c.simplified) return { code: 'ALREADY_SIMPLIFIED', message: '已适用简易办理' };
      const why = SIMPLIFIED_BLOCKERS(c);
      return why ? { code: 'SIMPLIFIED_EXCLUDED', message: why } : null;
    },
    apply: (c, input, ctx) => {
      const clocks = c.clocks.map((k) => (k.stoppedOn === null && ['routing', 'acceptance', 'handling'].includes(k.kind) ? { ...k, ruleSource: 'simplified' as const } : k));
      return { case: { ...c, simplified: true, clocks: recomputeClocks(clocks, ctx.profile, ctx.calendar) }, documents: [], data: { note: input.note ?? '' } };
    },
  },
  convert_to_normal: {
    label: '转为普通程序', basis: '《信访事项简易办理办法》', from: ['registered', 'awaiting_acceptance', 'handling'], to: SAME_STATE, roles: [...ROUTERS, 'handler'], organ: ['holder'],
    requires: ['理由'], issues: [],
    when: (c) => (c.simplified ? null : { code: 'NOT_SIMPLIFIED', message: '本件未适用简易办理' }),
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '转为普通程序的理由');
      const clocks = c.clocks.map((k) => (k.ruleSource === 'simplified' && k.stoppedOn === null ? { ...k, ruleSource: 'profile' as const } : k));
      return { case: { ...c, simplified: false, clocks: recomputeClocks(clocks, ctx.profile, ctx.calendar) }, documents: [], data: { reason } };
    },
  },
  record_hearing: {
    label: '听证', basis: '第33条', from: ['handling'], to: SAME_STATE, roles: HANDLERS, organ: ['holder'],
    requires: ['听证日期', '听证情况'], issues: ['hearing_record'],
    apply: (c, input, ctx) => {
      const heldOn = date(input.heldOn, 'heldOn', '听证日期');
      if (heldOn > ctx.today) fail('DATE_IN_FUTURE', '听证日期不能晚于今天');
      const summary = text(input.summary, 'summary', '听证情况');
      return { case: c, documents: [{ kind: 'hearing_record', organId: c.holderOrganId, data: { heldOn, summary } }], data: { heldOn, summary } };
    },
  },
  extend: {
    label: '延期办理', basis: '第34条', from: ['handling'], to: SAME_STATE, roles: HANDLERS, organ: ['holder'],
    requires: ['延期理由', '本机关负责人批准', '不超过30日'], issues: ['extension_notice'],
    when: (c) => {
      if (c.simplified) return { code: 'SIMPLIFIED_NO_EXTENSION', message: '简易办理事项不能延期；不能按期办结的，请转为普通程序' };
      return c.extension ? { code: 'ALREADY_EXTENDED', message: '本件已延期一次，不得再次延期' } : null;
    },
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '延期理由');
      const days = input.days;
      if (!Number.isInteger(days) || days < 1) fail('INPUT_INVALID', '延期天数应为正整数');
      if (days > ctx.profile.maxExtensionDays) fail('EXTENSION_TOO_LONG', `延期不得超过${ctx.profile.maxExtensionDays}日`, { max: ctx.profile.maxExtensionDays });
      const approverId = approver(c, input.approverId, ctx, '延期');
      const clocks = recomputeClocks(c.clocks.map((k) => (k.kind === 'handling' && k.stoppedOn === null ? { ...k, extensionDays: k.extensionDays + days } : k)), ctx.profile, ctx.calendar);
      const next: CaseRecord = { ...c, extension: { days, reason, approverId, on: ctx.today }, clocks };
      const newDue = openClock(next, 'handling')?.due;
      return { case: next, documents: [{ kind: 'extension_notice', organId: c.holderOrganId, data: { days, reason, approverId, newDue } }], data: { days, reason, approverId, newDue } };
    },
  },
  issue_opinion: {
    label: '出具处理意见', basis: '第32条、第34条', from: ['handling'], to: ['opinion_issued'], roles: HANDLERS, organ: ['holder'],
    requires: ['逐项诉求意见（支持/解释说明/不予支持）', '查明事实', '依据', '负责人签发'], issues: ['opinion', 'mediation_agreement', 'settlement_agreement'],
    apply: (c, input, ctx) => {
      const form = input.form ?? 'opinion';
      if (!['opinion', 'mediation_agreement', 'settlement_agreement'].includes(form)) fail('INPUT_INVALID', '意见形式不正确');
      const op = opinionFrom(input, c, ctx, 'handling', form, null, c.holderOrganId);
      const kind: DocumentKind = form === 'opinion' ? 'opinion' : form;
      const next: CaseRecord = { ...c, state: 'opinion_issued', opinions: [...c.opinions, op], clocks: stopClocks(c.clocks, ctx.today, ['handling']) };
      return { case: next, documents: [{ kind, organId: c.holderOrganId, data: { ...op, reviewOrganId: reviewOrganIdOf(next, ctx.organs) ?? null } }], data: { form, outcomes: op.outcomes, approverId: op.approverId } };
    },
  },
  serve: {
    label: '送达', basis: '第32条', from: ['opinion_issued', 'review_opinion_issued', 'rereview_opinion_issued'], to: ['served', 'review_served', 'rereview_served'], roles: [...HANDLERS, 'intake_clerk'],
    organ: ['holder', 'review_organ', 'rereview_organ'], requires: ['送达方式', '送达日期（回执）'], issues: ['service_receipt'],
    when: (c, ctx) => {
      const me = actorOrganId(ctx);
      const stage: OpinionStage = c.state === 'opinion_issued' ? 'handling' : c.state === 'review_opinion_issued' ? 'review' : 'rereview';
      const op = latestOpinion(c, stage);
      // The issuing organ serves; after a transfer to a successor, the organ now holding the case does.
      const mayServe = op && (op.organId === me || (stage === 'handling' && c.holderOrganId === me));
      return mayServe ? null : { code: 'NOT_ISSUING_ORGAN', message: '只有出具意见的机关可以送达' };
    },
    apply: (c, input, ctx) => serveStage(c, c.state === 'opinion_issued' ? 'handling' : c.state === 'review_opinion_issued' ? 'review' : 'rereview', input, ctx),
  },
  submit_report: {
    label: '报送办结报告', basis: '第22条（交办）', from: ['served'], to: SAME_STATE, roles: HANDLERS, organ: ['holder'],
    requires: ['办结报告'], issues: ['report_back'],
    when: (c) => {
      if (!c.assignment) return { code: 'NOT_ASSIGNED', message: '本件不是交办件，无需报送办结报告' };
      if (c.assignment.report === 'submitted' || c.assignment.report === 'approved') return { code: 'REPORT_ALREADY_SUBMITTED', message: '办结报告已报送' };
      return null;
    },
    apply: (c, input, ctx) => {
      const reportText = text(input.text, 'text', '办结报告');
      const next: CaseRecord = { ...c, assignment: { ...c.assignment!, report: 'submitted', reportText }, clocks: stopClocks(c.clocks, ctx.today, ['report_back']) };
      return { case: next, documents: [{ kind: 'report_back', organId: c.holderOrganId, data: { to: c.assignment!.assignerOrganId, text: reportText } }], data: { text: reportText } };
    },
  },
  approve_report: {
    label: '审核通过办结报告', basis: '第22条（交办）', from: ['served'], to: SAME_STATE, roles: ROUTERS, organ: ['assigner'],
    requires: [], issues: [],
    when: (c) => (c.assignment?.report === 'submitted' ? null : { code: 'NO_REPORT', message: '没有待审核的办结报告' }),
    apply: (c, input) => ({ case: { ...c, assignment: { ...c.assignment!, report: 'approved' } }, documents: [], data: { note: input.note ?? '' } }),
  },
  return_report: {
    label: '退回重办', basis: '第22条（交办）', from: ['served'], to: ['handling'], roles: ROUTERS, organ: ['assigner'],
    requires: ['退回理由', '新的办结报告期限'], issues: [],
    when: (c) => (c.assignment?.report === 'submitted' ? null : { code: 'NO_REPORT', message: '没有待审核的办结报告' }),
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '退回理由');
      const due = date(input.reportBackDue, 'reportBackDue', '新的办结报告期限');
      if (due <= ctx.today) fail('DATE_NOT_AFTER_TODAY', '办结报告期限应晚于今天');
      // Sent back to redo, like a review's 责令重作: a fresh handling period, extension available again.
      let next: CaseRecord = { ...c, state: 'handling', extension: null, assignment: { ...c.assignment!, report: 'returned', reportBackDue: due }, clocks: stopClocks(c.clocks, ctx.today, ['review_request']) };
      next = addClock(next, { kind: 'handling', organId: c.holderOrganId, start: ctx.today }, ctx);
      next = addClock(next, { kind: 'report_back', organId: c.holderOrganId, start: ctx.today, fixedDue: due }, ctx);
      return { case: next, documents: [], data: { reason, reportBackDue: due } };
    },
  },
  evaluate: {
    label: '评价', basis: '第38条（群众评价）', from: ['served', 'review_served', 'rereview_served'], to: SAME_STATE, roles: ['intake_clerk', 'petition_officer'], petitioner: true,
    organ: ['holder', 'registrar', 'review_organ', 'rereview_organ'], requires: ['满意/基本满意/不满意'], issues: [],
    when: (c) => (c.evaluations.some((e) => e.opinionIndex === evaluatedOpinionIndex(c)) ? { code: 'ALREADY_EVALUATED', message: '对本次意见已作评价' } : null),
    apply: (c, input, ctx) => {
      if (!['satisfied', 'basically_satisfied', 'unsatisfied'].includes(input.result)) fail('INPUT_INVALID', '评价只能是满意、基本满意或不满意');
      const e = { stage: evaluationStage(c), opinionIndex: evaluatedOpinionIndex(c), result: input.result, comment: input.comment?.trim() ?? '', on: ctx.today };
      return { case: { ...c, evaluations: [...c.evaluations, e] }, documents: [], data: e };
    },
  },
  request_review: {
    label: '申请复查', basis: '第35条', from: ['served'], to: ['review_requested'], roles: ['intake_clerk', 'petition_officer', 'handler'], petitioner: true,
    organ: ['review_organ'], requires: ['收到处理意见之日起30日内', '复查请求及理由'], issues: [],
    // The window is judged on the date the petitioner made the request (a letter posted in time
    // counts), so the check is in apply; here only that a window exists.
    when: (c, ctx) => (reviewOrganIdOf(c, ctx.organs) ? null : { code: 'NO_REVIEW_ORGAN', message: '没有可受理复查的上一级机关' }),
    apply: (c, input, ctx) => {
      const reasons = text(input.reasons, 'reasons', '复查请求及理由');
      const on = input.requestedOn ? date(input.requestedOn, 'requestedOn', '申请日期') : ctx.today;
      if (on > ctx.today) fail('DATE_IN_FUTURE', '申请日期不能晚于今天');
      if (!windowOpen(c, 'review_request', on)) fail('REVIEW_WINDOW_EXPIRED', '申请日期不在收到处理意见之日起30日内（邮寄的以寄出日期为准）');
      const organId = reviewOrganIdOf(c, ctx.organs);
      if (!organId) fail('NO_REVIEW_ORGAN', '没有可受理复查的上一级机关');
      let next: CaseRecord = { ...c, state: 'review_requested', review: { organId, requestedOn: on, acceptedOn: null }, clocks: stopClocks(c.clocks, on, ['review_request']) };
      next = addClock(next, { kind: 'review_decision', organId, start: on }, ctx);
      return { case: next, documents: [], data: { reasons, requestedOn: on, reviewOrganId: organId } };
    },
  },
  accept_review: {
    label: '受理复查', basis: '第35条', from: ['review_requested'], to: ['under_review'], roles: HANDLERS, organ: ['review_organ'],
    requires: [], issues: ['review_acceptance_notice'],
    apply: (c, input, ctx) => {
      const next: CaseRecord = { ...c, state: 'under_review', review: { ...c.review!, acceptedOn: ctx.today } };
      return { case: next, documents: [{ kind: 'review_acceptance_notice', organId: c.review!.organId, data: { requestedOn: c.review!.requestedOn, decisionDue: openClock(c, 'review_decision')?.due } }], data: { note: input.note ?? '' } };
    },
  },
  decide_review: {
    label: '作出复查意见', basis: '第35条', from: ['under_review'], to: ['review_opinion_issued', 'handling'], roles: HANDLERS, organ: ['review_organ'],
    requires: ['维持/撤销/变更/责令重作', '查明事实', '依据', '负责人签发'], issues: ['review_opinion'],
    apply: (c, input, ctx) => {
      if (!['uphold', 'annul', 'change', 'redo'].includes(input.decision)) fail('INPUT_INVALID', '复查决定只能是维持、撤销、变更或责令重作');
      const op = opinionFrom(input, c, ctx, 'review', 'opinion', input.decision, c.review!.organId);
      let next: CaseRecord = { ...c, opinions: [...c.opinions, op], clocks: stopClocks(c.clocks, ctx.today, ['review_decision']) };
      if (input.decision === 'redo') {
        // 责令重作: the original organ handles again, with a fresh handling period from the order.
        const original = handlingOrganOf(c);
        next = { ...next, state: 'handling', holderOrganId: original, review: null, extension: null };
        next = addClock(next, { kind: 'handling', organId: original, start: ctx.today }, ctx);
      } else {
        next = { ...next, state: 'review_opinion_issued' };
      }
      return { case: next, documents: [{ kind: 'review_opinion', organId: c.review!.organId, data: { ...op, rereviewOrganId: rereviewOrganIdOf(c, ctx.organs) ?? null } }], data: { decision: input.decision, approverId: op.approverId } };
    },
  },
  request_rereview: {
    label: '申请复核', basis: '第36条', from: ['review_served'], to: ['rereview_requested'], roles: ['intake_clerk', 'petition_officer', 'handler'], petitioner: true,
    organ: ['rereview_organ'], requires: ['收到复查意见之日起30日内', '复核请求及理由'], issues: [],
    when: (c, ctx) => (rereviewOrganIdOf(c, ctx.organs) ? null : { code: 'NO_REREVIEW_ORGAN', message: '没有可受理复核的上一级机关' }),
    apply: (c, input, ctx) => {
      const reasons = text(input.reasons, 'reasons', '复核请求及理由');
      const on = input.requestedOn ? date(input.requestedOn, 'requestedOn', '申请日期') : ctx.today;
      if (on > ctx.today) fail('DATE_IN_FUTURE', '申请日期不能晚于今天');
      if (!windowOpen(c, 'rereview_request', on)) fail('REREVIEW_WINDOW_EXPIRED', '申请日期不在收到复查意见之日起30日内（邮寄的以寄出日期为准）');
      const organId = rereviewOrganIdOf(c, ctx.organs);
      if (!organId) fail('NO_REREVIEW_ORGAN', '没有可受理复核的上一级机关');
      let next: CaseRecord = { ...c, state: 'rereview_requested', rereview: { organId, requestedOn: on, acceptedOn: null, hearingOpen: false }, clocks: stopClocks(c.clocks, on, ['rereview_request']) };
      next = addClock(next, { kind: 'rereview_decision', organId, start: on }, ctx);
      return { case: next, documents: [], data: { reasons, requestedOn: on, rereviewOrganId: organId } };
    },
  },
  accept_rereview: {
    label: '受理复核', basis: '第36条', from: ['rereview_requested'], to: ['under_rereview'], roles: HANDLERS, organ: ['rereview_organ'],
    requires: [], issues: ['rereview_acceptance_notice'],
    apply: (c, input, ctx) => {
      const next: CaseRecord = { ...c, state: 'under_rereview', rereview: { ...c.rereview!, acceptedOn: ctx.today } };
      return { case: next, documents: [{ kind: 'rereview_acceptance_notice', organId: c.rereview!.organId, data: { requestedOn: c.rereview!.requestedOn, decisionDue: openClock(c, 'rereview_decision')?.due } }], data: { note: input.note ?? '' } };
    },
  },
  start_hearing: {
    label: '举行听证（期限中止）', basis: '第36条', from: ['under_rereview'], to: SAME_STATE, roles: HANDLERS, organ: ['rereview_organ'],
    requires: [], issues: ['hearing_notice'],
    when: (c) => (c.rereview?.hearingOpen ? { code: 'HEARING_OPEN', message: '听证正在进行' } : null),
    apply: (c, input, ctx) => {
      const clocks = c.clocks.map((k) => (k.stoppedOn === null && ctx.profile.hearingPauses.includes(k.kind as never) ? { ...k, pauses: [...k.pauses, { from: ctx.today, to: null }], due: null } : k));
      return { case: { ...c, rereview: { ...c.rereview!, hearingOpen: true }, clocks }, documents: [{ kind: 'hearing_notice', organId: c.rereview!.organId, data: { startedOn: ctx.today, note: input.note ?? '' } }], data: { startedOn: ctx.today } };
    },
  },
  end_hearing: {
    label: '听证结束（期限恢复）', basis: '第36条', from: ['under_rereview'], to: SAME_STATE, roles: HANDLERS, organ: ['rereview_organ'],
    requires: ['听证情况'], issues: ['hearing_record'],
    when: (c) => (c.rereview?.hearingOpen ? null : { code: 'NO_HEARING', message: '没有进行中的听证' }),
    apply: (c, input, ctx) => {
      const summary = text(input.summary, 'summary', '听证情况');
      const clocks = recomputeClocks(c.clocks.map((k) => (k.stoppedOn === null ? { ...k, pauses: k.pauses.map((p) => (p.to === null ? { ...p, to: ctx.today } : p)) } : k)), ctx.profile, ctx.calendar);
      const next: CaseRecord = { ...c, rereview: { ...c.rereview!, hearingOpen: false }, clocks };
      return { case: next, documents: [{ kind: 'hearing_record', organId: c.rereview!.organId, data: { endedOn: ctx.today, summary } }], data: { endedOn: ctx.today, summary, decisionDue: openClock(next, 'rereview_decision')?.due } };
    },
  },
  decide_rereview: {
    label: '作出复核意见', basis: '第36条', from: ['under_rereview'], to: ['rereview_opinion_issued'], roles: HANDLERS, organ: ['rereview_organ'],
    requires: ['维持/撤销/变更', '查明事实', '依据', '负责人签发'], issues: ['rereview_opinion'],
    when: (c) => (c.rereview?.hearingOpen ? { code: 'HEARING_OPEN', message: '听证尚未结束，不能作出复核意见' } : null),
    apply: (c, input, ctx) => {
      if (!['uphold', 'annul', 'change'].includes(input.decision)) fail('INPUT_INVALID', '复核决定只能是维持、撤销或变更');
      const op = opinionFrom(input, c, ctx, 'rereview', 'opinion', input.decision, c.rereview!.organId);
      const next: CaseRecord = { ...c, state: 'rereview_opinion_issued', opinions: [...c.opinions, op], clocks: stopClocks(c.clocks, ctx.today, ['rereview_decision']) };
      return { case: next, documents: [{ kind: 'rereview_opinion', organId: c.rereview!.organId, data: { ...op, final: true } }], data: { decision: input.decision, approverId: op.approverId } };
    },
  },
  terminate: {
    label: '终结', basis: '第36条', from: ['rereview_served'], to: ['terminated'], roles: HANDLERS, organ: ['rereview_organ'],
    requires: [], issues: ['termination_notice'],
    apply: (c, input, ctx) => ({ case: closeAs(c, 'terminated', ctx), documents: [{ kind: 'termination_notice', organId: c.rereview!.organId, data: { note: input.note ?? '' } }], data: { note: input.note ?? '' } }),
  },
  close: {
    label: '办结归档', basis: '第35条、第36条', from: ['served', 'review_served'], to: ['closed'], roles: HANDLERS, organ: ['holder', 'review_organ'],
    requires: ['申请期限届满未申请复查/复核', '交办件办结报告已通过'], issues: [],
    when: (c, ctx) => {
      const kind = c.state === 'served' ? 'review_request' : 'rereview_request';
      if (c.assignment && c.assignment.report !== 'approved') return { code: 'REPORT_NOT_APPROVED', message: '交办件须待办结报告审核通过后办结' };
      const k = openClock(c, kind);
      if (k && isWithin(k, ctx.today)) return { code: 'REQUEST_WINDOW_OPEN', message: `信访人仍在${kind === 'review_request' ? '复查' : '复核'}申请期限内（至${k.due}${k.provisional ? '，预计' : ''}）` };
      return null;
    },
    apply: (c, input, ctx) => ({ case: closeAs(c, 'closed', ctx), documents: [], data: { note: input.note ?? '' } }),
  },
  transfer_to_successor: {
    label: '移交承继机关', basis: '第24条', from: OPEN_STATES, to: SAME_STATE, roles: ROUTERS, organ: ['holder', 'supervising_office'],
    requires: ['原机关已撤并并指定承继机关'], issues: [],
    when: (c, ctx) => (ctx.organs.get(c.holderOrganId)?.successorId ? null : { code: 'NO_SUCCESSOR', message: '承办机关未撤并，无需移交' }),
    apply: (c, input, ctx) => {
      const from = c.holderOrganId;
      const to = ctx.organs.get(from)!.successorId!;
      notToAccused(c, to, ctx);
      const clocks = c.clocks.map((k) => (k.stoppedOn === null && k.organId === from ? { ...k, organId: to } : k));
      return { case: { ...c, holderOrganId: to, clocks }, documents: [], data: { from, to, note: input.note ?? '' } };
    },
  },
  issue_supervision: {
    label: '督办', basis: '第38条至第40条', from: CASE_STATES, to: SAME_STATE, roles: ROUTERS, organ: ['supervising_office'],
    requires: ['督办事由', '反馈期限'], issues: ['supervision_order'],
    when: (c) => (c.supervisions.some((s) => s.answeredOn === null) ? { code: 'SUPERVISION_OPEN', message: '已有尚未反馈的督办' } : null),
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '督办事由');
      const dueOn = date(input.dueOn, 'dueOn', '反馈期限');
      if (dueOn <= ctx.today) fail('DATE_NOT_AFTER_TODAY', '反馈期限应晚于今天');
      const me = actorOrganId(ctx)!;
      const order = { no: c.supervisions.length + 1, organId: me, targetOrganId: c.holderOrganId, reason, issuedOn: ctx.today, dueOn, answeredOn: null, answer: null };
      const next = addClock({ ...c, supervisions: [...c.supervisions, order] }, { kind: 'supervision', organId: c.holderOrganId, start: ctx.today, fixedDue: dueOn }, ctx);
      return { case: next, documents: [{ kind: 'supervision_order', organId: me, data: order }], data: order };
    },
  },
  answer_supervision: {
    label: '督办反馈', basis: '第38条', from: CASE_STATES, to: SAME_STATE, roles: HANDLERS, organ: ['holder'],
    requires: ['反馈情况'], issues: [],
    when: (c) => (c.supervisions.some((s) => s.answeredOn === null) ? null : { code: 'NO_SUPERVISION', message: '没有待反馈的督办' }),
    apply: (c, input, ctx) => {
      const answer = text(input.answer, 'answer', '反馈情况');
      const supervisions = c.supervisions.map((s) => (s.answeredOn === null ? { ...s, answeredOn: ctx.today, answer } : s));
      return { case: { ...c, supervisions, clocks: stopClocks(c.clocks, ctx.today, ['supervision']) }, documents: [], data: { answer } };
    },
  },
  assign_handler: {
    label: '分办（指定承办人）', basis: '第28条（承办人员）', from: OPEN_STATES, to: SAME_STATE, roles: ['leader'], organ: ['holder'],
    requires: ['本机关承办人'], issues: [],
    apply: (c, input, ctx) => {
      const u = ctx.user(text(input.userId, 'userId', '承办人'));
      if (!u || u.organId !== c.holderOrganId || !u.roles.some((r) => ASSIGNABLE.includes(r))) fail('ASSIGNEE_INVALID', '承办人须为本机关的工作人员（承办人、信访工作人员、纪检监察人员或负责人）');
      if (c.recusedUserIds.includes(u.id) || c.content.involvedUserIds.includes(u.id)) fail('ASSIGNEE_RECUSED', `${u.name}应当回避，不能承办本件`);
      return { case: { ...c, assigneeId: u.id }, documents: [], data: { assigneeId: u.id } };
    },
  },
  declare_conflict: {
    label: '申请回避', basis: '第28条', from: [...OPEN_STATES], to: SAME_STATE, roles: ['intake_clerk', 'petition_officer', 'handler', 'leader'],
    organ: ['holder', 'registrar', 'sender', 'assigner', 'review_organ', 'rereview_organ', 'supervising_office'],
    requires: ['回避理由'], issues: [],
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '回避理由');
      return { case: { ...c, recusedUserIds: [...new Set([...c.recusedUserIds, actorUserId(ctx)!])] }, documents: [], data: { reason } };
    },
  },
};

const TERMINAL = new Set<CaseState>(['not_accepted', 'not_reaccepted', 'diverted', 'redirected', 'merged', 'closed', 'terminated']);

export const ACTION_NAMES = Object.keys(TRANSITIONS) as ActionName[];
