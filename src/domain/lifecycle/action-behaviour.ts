/**
 * The code beside the law's table (action-rules.ts): for each action, `when` — the conditions that
 * do not depend on the input (availableActions shows them as the reason an action is not possible) —
 * and `apply`, which checks the input and returns the next case, the documents to issue and what the
 * event records. The engine checks the table (state, role, organ, recusal) before either runs.
 */
import { openClock, recomputeClocks, stopClocks } from './clocks.js';
import type { CaseRecord } from '../model/case.js';
import type { DocumentKind } from '../model/documents.js';
import { ASSIGNABLE_ROLES, ROLE_LABELS } from '../model/user.js';
import { DIVERSION_LABELS, RECOMMENDATION_TITLES } from '../labels.js';
import {
  ADOPTIONS, DIVERSION_ROUTES, EVALUATION_RESULTS, isOneOf, OPINION_FORMS, RECOMMENDATION_TYPES, REREVIEW_DECISIONS, REVIEW_DECISIONS, type ActionInputs,
} from './action-inputs.js';
import type { ActionName } from './action-rules.js';
import { awaitingMe, decided, newRequest, noPending, pendingApproval, requestToDecide } from './approvals.js';
import {
  actorOrganId, addClock, approverOf, closeAs, date, destination, DESTINATION_KINDS, destinationProblem, fail, handledBelow, heldUnderOwnProcedure,
  holderKind, notToAccused, openLinkedCases, optionalText, reopenForDecision, sameMatterUndecided, sendTo, staffActor, stepAsideReason, text,
  undecidedFinalMatters, wholeNumber, within,
} from './case-steps.js';
import { must } from '../errors.js';
import { isWithin } from './clocks.js';
import type { DomainContext, Outcome, Refusal } from './context.js';
import { checkDraft, evaluatedOpinionIndex, evaluationWindow, latestOpinion, serveOpinion, signedOpinion, stageOfState, type OpinionDraft } from './opinions.js';
import { actingOrganId, handlingOrganOf, reviewOrganIdOf, rereviewOrganIdOf } from './relations.js';
import type { OpinionStage } from '../model/case.js';
import { openRecommendationsTo, recommendationsOf, recommendationTargets, TARGET_RULE } from './recommendations.js';

export interface Behaviour<I> {
  when?: (c: CaseRecord, ctx: DomainContext) => Refusal | null;
  apply: (c: CaseRecord, input: I, ctx: DomainContext) => Outcome;
}

/** The first refusal among guards, or null. */
const firstOf = (...guards: (Refusal | null)[]): Refusal | null => guards.find((g) => g !== null) ?? null;

const isPetitionOffice = (c: CaseRecord, ctx: DomainContext) => holderKind(c, ctx) === 'petition_office';
const petitionOfficeOnly = (what: string) => (c: CaseRecord, ctx: DomainContext): Refusal | null =>
  (isPetitionOffice(c, ctx) ? null : { code: 'NOT_PETITION_OFFICE', message: `只有信访部门可以${what}` });
const notPetitionOffice = (c: CaseRecord, ctx: DomainContext): Refusal | null =>
  (isPetitionOffice(c, ctx) ? { code: 'PETITION_OFFICE_ROUTES', message: '信访部门应当转送、交办，请使用“转送”或“交办”' } : null);
/** 政法部门 and 纪检监察机关 follow their own procedures, not 信访 acceptance (Art 23 ¶4, Art 28 ¶2, Art 30). */
const notOwnProcedureOrgan = (c: CaseRecord, ctx: DomainContext): Refusal | null =>
  (heldUnderOwnProcedure(c, ctx) ? { code: 'OWN_PROCEDURE', message: '政法部门、纪检监察机关依照本机关的法定程序处理，不适用信访受理程序，请选择“依照本机关法定程序处理”' } : null);

/** What the petitioner is told when a matter goes to a procedure of its own (Art 23 ¶4). */
const PROCEDURES: Record<'political_legal' | 'discipline_inspection', { procedure: string; remedy: string }> = {
  political_legal: {
    procedure: '由政法部门依照法律规定的程序处理（诉讼与信访分离）',
    remedy: '对处理结果不服的，依照诉讼法律规定提出上诉、申请再审或者申诉。本事项不适用信访复查、复核程序。',
  },
  discipline_inspection: {
    procedure: '由纪检监察机关依规依纪依法处理',
    remedy: '处理情况由纪检监察机关依规依纪依法反馈；对处理结果不服的，可以依照有关规定向作出处理的机关或者其上一级机关提出。本事项不适用信访复查、复核程序。检举控告人的信息依法保密（第30条）。',
  },
};

/** 转政法部门 / 转纪检监察机关 (Art 22 ¶2): the matter leaves the 信访 procedure; the petitioner is told where it went and what remedy that procedure gives. */
function referTo(kind: 'political_legal' | 'discipline_inspection', c: CaseRecord, input: { targetOrganId: string; note?: string }, ctx: DomainContext): Outcome {
  const target = destination(c, input.targetOrganId, ctx, DESTINATION_KINDS[kind === 'political_legal' ? 'forward_political_legal' : 'forward_discipline'], kind === 'political_legal' ? '政法部门' : '纪检监察机关');
  const office = c.holderOrganId;
  const moved: CaseRecord = { ...c, holderOrganId: target.id, senderOrganId: office, routing: kind === 'political_legal' ? 'political_legal' : 'discipline', receivedAtHolderOn: ctx.today };
  const p = PROCEDURES[kind];
  const note = input.note ?? '';
  return {
    case: closeAs(moved, 'referred', ctx),
    documents: [
      { kind: 'forwarding_slip', organId: office, data: { to: target.id, toName: target.name, note } },
      { kind: 'referral_notice', organId: office, data: { to: target.id, toName: target.name, ...p } },
    ],
    data: { to: target.id, note },
  };
}

/**
 * Art 34: the extension is approved before the handling period ends. The request was made in time
 * (request_extension checks); whether an approval after the end still counts is the profile's call.
 */
function extensionTooLate(c: CaseRecord, ctx: DomainContext): Refusal | null {
  if (within(c, 'handling', ctx.today)) return null;
  const handling = openClock(c, 'handling');
  const request = pendingApproval(c, 'extension');
  if (ctx.profile.lateApprovalOfTimelyRequest && handling && request && isWithin(handling, request.requestedOn)) return null;
  return { code: 'EXTENSION_APPROVAL_LATE', message: `办理期限已于${handling?.due ?? ''}届满，延期须在期限届满前批准（第34条）；请作“不予批准”处理，本件按超期办理统计` };
}

/** The draft stored with a signing request (checked when it was drafted). */
function opinionDraftOf(payload: Record<string, unknown>): OpinionDraft {
  return payload as unknown as OpinionDraft;
}

/** The opinion a state's signing request concerns: handling, review or re-review. */
function stageOfDecision(c: CaseRecord): OpinionStage {
  return c.state === 'under_review' ? 'review' : c.state === 'under_rereview' ? 'rereview' : 'handling';
}

const hearingOpen = (c: CaseRecord): Refusal | null =>
  (c.rereview?.hearingOpen ? { code: 'HEARING_OPEN', message: '听证尚未结束，不能拟定或签发复核意见' } : null);

/**
 * 请求复查 / 复核 (Arts 35, 36): the request's window is judged on the day it was made (a letter: its
 * posting date); the decision period runs from the day the review organ received it. Online, both
 * are the day of submission.
 */
function appeal(c: CaseRecord, stage: 'review' | 'rereview', input: { requestedOn?: string; receivedOn?: string; reasons: string }, ctx: DomainContext): Outcome {
  const label = stage === 'review' ? '复查' : '复核';
  const reasons = text(input.reasons, 'reasons', `${label}请求及理由`);
  const requestedOn = input.requestedOn ? date(input.requestedOn, 'requestedOn', '提出日期') : ctx.today;
  const receivedOn = input.receivedOn ? date(input.receivedOn, 'receivedOn', `${label}机关收到日期`) : ctx.today;
  if (requestedOn > ctx.today) fail('DATE_IN_FUTURE', '提出日期不能晚于今天', { field: 'requestedOn' });
  if (receivedOn > ctx.today) fail('DATE_IN_FUTURE', '收到日期不能晚于今天', { field: 'receivedOn' });
  if (receivedOn < requestedOn) fail('DATE_BEFORE_REQUEST', '收到日期不能早于提出日期', { field: 'receivedOn' });
  const window = stage === 'review' ? 'review_request' : 'rereview_request';
  if (!within(c, window, requestedOn)) {
    const what = stage === 'review' ? '处理意见' : '复查意见';
    fail(stage === 'review' ? 'REVIEW_WINDOW_EXPIRED' : 'REREVIEW_WINDOW_EXPIRED', `提出日期不在收到${what}之日起${ctx.profile.limits[window].days}日内（邮寄的以寄出日期为准）`, { field: 'requestedOn' });
  }
  const organId = stage === 'review' ? reviewOrganIdOf(c, ctx.organs) : rereviewOrganIdOf(c, ctx.organs);
  if (!organId) fail(stage === 'review' ? 'NO_REVIEW_ORGAN' : 'NO_REREVIEW_ORGAN', `本事项没有可以受理${label}的上一级机关`);
  const record = { organId, requestedOn, receivedOn, acceptedOn: null };
  let next: CaseRecord = stage === 'review'
    ? { ...c, state: 'review_requested', review: record }
    : { ...c, state: 'rereview_requested', rereview: { ...record, hearingOpen: false } };
  next = { ...next, clocks: stopClocks(c.clocks, requestedOn, [window]) };
  next = addClock(next, { kind: stage === 'review' ? 'review_decision' : 'rereview_decision', organId, start: receivedOn }, ctx);
  return { case: next, documents: [], data: { reasons, requestedOn, receivedOn, [stage === 'review' ? 'reviewOrganId' : 'rereviewOrganId']: organId } };
}

type Table = { [K in ActionName]: Behaviour<ActionInputs[K]> };

export const ACTION_BEHAVIOUR: Table = {
  forward: {
    when: (c, ctx) => firstOf(petitionOfficeOnly('转送')(c, ctx), sameMatterUndecided(c, ctx)),
    apply: (c, input, ctx) => {
      const target = destination(c, input.targetOrganId, ctx, DESTINATION_KINDS.forward, '有权处理的机关');
      const next = sendTo(c, target.id, ctx, 'forward');
      const note = input.note ?? '';
      return { case: next, documents: [{ kind: 'forwarding_slip', organId: c.holderOrganId, data: { to: target.id, toName: target.name, due: openClock(next, 'acceptance')?.due ?? null, note } }], data: { to: target.id, note } };
    },
  },
  assign: {
    when: (c, ctx) => firstOf(
      petitionOfficeOnly('交办')(c, ctx),
      c.simplified ? { code: 'SIMPLIFIED_EXCLUDED', message: '交办件不适用简易办理，请先转为普通程序' } : null,
      sameMatterUndecided(c, ctx),
    ),
    apply: (c, input, ctx) => {
      const target = destination(c, input.targetOrganId, ctx, DESTINATION_KINDS.assign, '有权处理的机关');
      const due = date(input.reportBackDue, 'reportBackDue', '办结报告期限');
      if (due <= ctx.today) fail('DATE_NOT_AFTER_TODAY', '办结报告期限应晚于今天');
      let next = sendTo(c, target.id, ctx, 'assign');
      next = { ...next, assignment: { assignerOrganId: c.holderOrganId, reportBackDue: due, report: 'pending', reportText: null } };
      next = addClock(next, { kind: 'report_back', organId: target.id, start: ctx.today, fixedDue: due }, ctx);
      return { case: next, documents: [{ kind: 'assignment_slip', organId: c.holderOrganId, data: { to: target.id, toName: target.name, reportBackDue: due, note: input.note ?? '' } }], data: { to: target.id, reportBackDue: due } };
    },
  },
  forward_political_legal: {
    when: (c, ctx) => firstOf(petitionOfficeOnly('转送')(c, ctx), sameMatterUndecided(c, ctx)),
    apply: (c, input, ctx) => referTo('political_legal', c, input, ctx),
  },
  forward_discipline: {
    when: (c, ctx) => firstOf(petitionOfficeOnly('转送')(c, ctx), sameMatterUndecided(c, ctx)),
    apply: (c, input, ctx) => referTo('discipline_inspection', c, input, ctx),
  },
  report_major: {
    apply: (c, input, ctx) => {
      const summary = text(input.summary, 'summary', '报告摘要');
      const reportedTo = text(input.reportedTo, 'reportedTo', '报送机关');
      return { case: c, documents: [{ kind: 'major_case_report', organId: staffActor(ctx).organId, data: { summary, reportedTo } }], data: { summary, reportedTo } };
    },
  },
  take_own_remit: {
    when: (c, ctx) => firstOf(notPetitionOffice(c, ctx), notOwnProcedureOrgan(c, ctx), sameMatterUndecided(c, ctx)),
    apply: (c, input) => {
      const howHandled = text(input.howHandled, 'howHandled', '接收情况及处理途径和程序');
      // The 15-day acceptance clock started at registration keeps running (Art 23 ¶2).
      return { case: { ...c, state: 'awaiting_acceptance', routing: 'own_remit' }, documents: [], data: { howHandled } };
    },
  },
  forward_to_subordinate: {
    when: (c, ctx) => firstOf(
      notPetitionOffice(c, ctx),
      ctx.organs.subordinatesInSystem(c.holderOrganId).some((o) => destinationProblem(c, o, DESTINATION_KINDS.forward_to_subordinate, ctx.organs) === null)
        ? null : { code: 'NO_SUBORDINATE', message: '本机关没有本系统的下级机关可以转送、交办' },
      sameMatterUndecided(c, ctx),
    ),
    apply: (c, input, ctx) => {
      const target = destination(c, input.targetOrganId, ctx, DESTINATION_KINDS.forward_to_subordinate, '下级机关');
      if (!ctx.organs.subordinatesInSystem(c.holderOrganId).some((o) => o.id === target.id)) fail('NOT_SUBORDINATE', `${target.name}不是本机关或本系统的下级机关`);
      const next = sendTo(c, target.id, ctx, 'subordinate');
      return { case: next, documents: [{ kind: 'forwarding_slip', organId: c.holderOrganId, data: { to: target.id, toName: target.name, note: input.note ?? '' } }], data: { to: target.id } };
    },
  },
  redirect_outside: {
    when: notPetitionOffice,
    apply: (c, input, ctx) => {
      const competentAuthority = text(input.competentAuthority, 'competentAuthority', '有权处理的机关');
      const reason = text(input.reason, 'reason', '理由');
      return { case: closeAs(c, 'redirected', ctx), documents: [{ kind: 'redirection_notice', organId: c.holderOrganId, data: { competentAuthority, reason } }], data: { competentAuthority, reason } };
    },
  },
  refer_to_procedure: {
    when: (c, ctx) => (heldUnderOwnProcedure(c, ctx) ? null : { code: 'NOT_OWN_PROCEDURE', message: '只有政法部门、纪检监察机关依照本机关的法定程序处理' }),
    apply: (c, input, ctx) => {
      const procedure = text(input.procedure, 'procedure', '适用的法定程序');
      const organ = must(ctx.organs.get(c.holderOrganId), 'the organ holding the case');
      const { remedy } = PROCEDURES[organ.kind as 'political_legal' | 'discipline_inspection'];
      const note = input.note ?? '';
      return { case: closeAs(c, 'referred', ctx), documents: [{ kind: 'referral_notice', organId: c.holderOrganId, data: { to: organ.id, toName: organ.name, procedure, remedy } }], data: { procedure, note } };
    },
  },
  merge_as_repeat: {
    when: (c, ctx) => (openLinkedCases(ctx).length > 0 ? null : { code: 'NO_OPEN_EARLIER_CASE', message: '没有关联的在办原件，不能并案' }),
    apply: (c, input, ctx) => {
      const earlier = openLinkedCases(ctx).find((l) => l.id === input.earlierCaseId);
      if (!earlier) fail('EARLIER_CASE_INVALID', '只能并入已关联且仍在办理的原信访事项');
      return { case: closeAs(c, 'merged', ctx), documents: [], data: { earlierCaseId: earlier.id, earlierNumber: earlier.number } };
    },
  },
  decline_final_matter: {
    when: (c, ctx) => (undecidedFinalMatters(c, ctx).length ? null : { code: 'NO_FINAL_MATTER', message: '没有关联的、复核意见已送达且尚未比对的原信访事项' }),
    apply: (c, input, ctx) => {
      const earlier = undecidedFinalMatters(c, ctx).find((l) => l.id === input.earlierCaseId);
      if (!earlier) fail('EARLIER_CASE_INVALID', '所选原信访事项未关联、复核意见未送达，或已认定有新的事实或理由', { earlierCaseId: input.earlierCaseId });
      // Typed `true` and required by the HTTP schema; checked again for a caller that skips the schema.
      if (!(input.sameFactsAndReasons as boolean)) fail('CONFIRMATION_REQUIRED', '请比对原信访事项，确认事实和理由相同', { field: 'sameFactsAndReasons' });
      const note = input.note?.trim() ?? '';
      const data = {
        earlierCaseId: earlier.id, earlierCaseNumber: earlier.number, basis: '《信访工作条例》第三十六条第三款',
        text: `您提出的信访事项与${earlier.number}号信访事项的事实和理由相同。该事项已经复核，复核意见为最终意见；对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理。如有新的事实或理由，可以重新提出。`,
      };
      return { case: closeAs(c, 'not_reaccepted', ctx), documents: [{ kind: 'non_reacceptance_notice', organId: c.holderOrganId, data }], data: { earlierCaseId: earlier.id, earlierNumber: earlier.number, note } };
    },
  },
  confirm_new_matter: {
    when: (c, ctx) => (undecidedFinalMatters(c, ctx).length ? null : { code: 'NO_FINAL_MATTER', message: '没有关联的、复核意见已送达且尚未比对的原信访事项' }),
    apply: (c, input, ctx) => {
      const earlier = undecidedFinalMatters(c, ctx).find((l) => l.id === input.earlierCaseId);
      if (!earlier) fail('EARLIER_CASE_INVALID', '所选原信访事项未关联、复核意见未送达，或已作过认定', { earlierCaseId: input.earlierCaseId });
      const newFactsOrReasons = text(input.newFactsOrReasons, 'newFactsOrReasons', '新的事实或理由');
      const finding = { earlierCaseId: earlier.id, newFactsOrReasons, by: staffActor(ctx).id, on: ctx.today };
      return {
        case: { ...c, newMatterFindings: [...c.newMatterFindings, finding] }, documents: [],
        data: { earlierCaseId: earlier.id, earlierNumber: earlier.number, newFactsOrReasons },
      };
    },
  },
  object: {
    when: (c, ctx) => {
      if (!c.senderOrganId) return { code: 'NO_SENDER', message: '本件系本机关直接收到，无转送、交办机关可提异议' };
      if (!within(c, 'objection', ctx.today)) return { code: 'OBJECTION_WINDOW_EXPIRED', message: '已超过收到之日起5个工作日的异议期限：转送、交办的事项不能自行拒绝办理（第23条第3款）' };
      return null;
    },
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '异议理由');
      const next: CaseRecord = { ...c, state: 'objection_pending', objection: { reason, raisedOn: ctx.today, organId: c.holderOrganId }, clocks: stopClocks(c.clocks, ctx.today, ['objection']) };
      return { case: next, documents: [{ kind: 'objection_letter', organId: c.holderOrganId, data: { to: c.senderOrganId, reason } }], data: { reason } };
    },
  },
  approve_objection: {
    apply: (c, input, ctx) => {
      const sender = must(c.senderOrganId, 'the organ that sent the case (an objection needs one)');
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
    apply: (c, input) => {
      const reason = text(input.reason, 'reason', '理由');
      return { case: { ...c, state: 'awaiting_acceptance' }, documents: [], data: { reason } };
    },
  },
  designate_lead_organ: {
    when: (c, ctx) => firstOf(
      c.content.organsConcerned.length > 1 ? null : { code: 'SINGLE_ORGAN', message: '本件只涉及一个机关，无需确定受理机关' },
      sameMatterUndecided(c, ctx),
    ),
    apply: (c, input, ctx) => {
      const concerned = c.content.organsConcerned;
      if (!concerned.includes(input.leadOrganId)) fail('LEAD_NOT_CONCERNED', '受理机关须为本件涉及的机关之一');
      const me = staffActor(ctx).organId;
      if (input.mode === 'agreement') {
        const agreed = new Set(input.agreedOrganIds ?? []);
        if (!concerned.every((o) => agreed.has(o))) fail('AGREEMENT_INCOMPLETE', '各涉及机关须全部协商一致；有争议的，由共同上级机关决定');
      } else if (!ctx.organs.isCommonSuperior(me, concerned)) {
        // mode is 'superior_decision', the only other value its schema allows.
        fail('NOT_COMMON_SUPERIOR', '只有共同的上级机关可以决定受理机关');
      }
      let next: CaseRecord;
      let lead;
      if (input.leadOrganId === c.holderOrganId) {
        lead = must(ctx.organs.get(c.holderOrganId), 'the organ holding the case');
        notToAccused(c, lead.id, ctx);
        next = c;
      } else {
        lead = destination(c, input.leadOrganId, ctx, DESTINATION_KINDS.designate_lead_organ, '受理机关');
        next = sendTo(c, lead.id, ctx, 'lead_designation');
      }
      next = { ...next, state: 'awaiting_acceptance' };
      return { case: next, documents: [{ kind: 'forwarding_slip', organId: me, data: { to: lead.id, toName: lead.name, mode: input.mode } }], data: { lead: lead.id, mode: input.mode, agreedOrganIds: input.agreedOrganIds ?? [] } };
    },
  },
  accept: {
    when: (c, ctx) => firstOf(notOwnProcedureOrgan(c, ctx), sameMatterUndecided(c, ctx)),
    apply: (c, input, ctx) => {
      let next: CaseRecord = { ...c, state: 'handling', acceptedOn: ctx.today, clocks: stopClocks(c.clocks, ctx.today, ['routing', 'acceptance', 'objection']) };
      next = addClock(next, { kind: 'handling', organId: c.holderOrganId, start: ctx.today, simplified: c.simplified }, ctx);
      const due = openClock(next, 'handling')?.due ?? null;
      return { case: next, documents: [{ kind: 'acceptance_notice', organId: c.holderOrganId, data: { receivedOn: c.receivedAtHolderOn, senderOrganId: c.senderOrganId, simplified: c.simplified, handlingDue: due } }], data: { handlingDue: due, note: input.note ?? '' } };
    },
  },
  decline: {
    when: (c, ctx) => (handledBelow(c, ctx).length ? null : {
      code: 'NO_GROUND_TO_DECLINE',
      message: '不予受理仅适用于同一信访事项已由下级机关受理或正在办理的情形（第19条第3款）；转送、交办的事项不属于本机关职权范围的，应当在收到之日起5个工作日内提出异议',
    }),
    apply: (c, input, ctx) => {
      const earlier = handledBelow(c, ctx).find((l) => l.id === input.earlierCaseId);
      if (!earlier) fail('EARLIER_CASE_INVALID', '所选信访事项未关联，或不是下级机关已受理、正在办理的同一事项', { earlierCaseId: input.earlierCaseId });
      const reason = text(input.reason, 'reason', '不予受理理由');
      const organ = ctx.organs.get(earlier.holderOrganId)?.name ?? '';
      const data = {
        reason, basis: '《信访工作条例》第十九条第三款', earlierCaseNumber: earlier.number, earlierOrganName: organ,
        channel: `该事项已由${organ}受理办理（编号${earlier.number}），请等待其书面处理意见；对处理意见不服的，可以自收到之日起30日内请求复查`,
      };
      return { case: closeAs(c, 'not_accepted', ctx), documents: [{ kind: 'non_acceptance_notice', organId: c.holderOrganId, data }], data: { earlierCaseId: earlier.id, reason } };
    },
  },
  divert: {
    apply: (c, input, ctx) => {
      if (!isOneOf(DIVERSION_ROUTES, input.route)) fail('INPUT_INVALID', '法定途径只能是诉讼、仲裁、行政复议、党员申诉或其他法定途径');
      const data = { route: input.route, routeLabel: DIVERSION_LABELS[input.route], guidance: text(input.guidance, 'guidance', '引导意见') };
      return { case: closeAs(c, 'diverted', ctx), documents: [{ kind: 'diversion_guidance', organId: c.holderOrganId, data }], data };
    },
  },
  apply_simplified: {
    when: (c) => {
      if (c.simplified) return { code: 'ALREADY_SIMPLIFIED', message: '已适用简易办理' };
      if (c.content.linkedCaseIds.length > 0) return { code: 'SIMPLIFIED_EXCLUDED', message: '非初信初访，不适用简易办理' };
      if (c.assignment) return { code: 'SIMPLIFIED_EXCLUDED', message: '交办件不适用简易办理' };
      if (c.content.organsConcerned.length > 1) return { code: 'SIMPLIFIED_EXCLUDED', message: '涉及多个机关，不适用简易办理' };
      if (c.content.kind === 'accusation') return { code: 'SIMPLIFIED_EXCLUDED', message: '检举控告类事项不适用简易办理' };
      return null;
    },
    apply: (c, input, ctx) => {
      const clocks = c.clocks.map((k) => (k.stoppedOn === null && ['routing', 'acceptance', 'handling'].includes(k.kind) ? { ...k, ruleSource: 'simplified' as const } : k));
      return { case: { ...c, simplified: true, clocks: recomputeClocks(clocks, ctx.profile, ctx.calendar) }, documents: [], data: { note: input.note ?? '' } };
    },
  },
  convert_to_normal: {
    when: (c) => (c.simplified ? null : { code: 'NOT_SIMPLIFIED', message: '本件未适用简易办理' }),
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '转为普通程序的理由');
      const clocks = c.clocks.map((k) => (k.ruleSource === 'simplified' && k.stoppedOn === null ? { ...k, ruleSource: 'profile' as const } : k));
      return { case: { ...c, simplified: false, clocks: recomputeClocks(clocks, ctx.profile, ctx.calendar) }, documents: [], data: { reason } };
    },
  },
  record_hearing: {
    apply: (c, input, ctx) => {
      const heldOn = date(input.heldOn, 'heldOn', '听证日期');
      if (heldOn > ctx.today) fail('DATE_IN_FUTURE', '听证日期不能晚于今天');
      const summary = text(input.summary, 'summary', '听证情况');
      return { case: c, documents: [{ kind: 'hearing_record', organId: c.holderOrganId, data: { heldOn, summary } }], data: { heldOn, summary } };
    },
  },
  request_extension: {
    when: (c, ctx) => {
      if (c.simplified) return { code: 'SIMPLIFIED_NO_EXTENSION', message: '简易办理事项不能延期；不能按期办结的，请转为普通程序' };
      if (c.extension) return { code: 'ALREADY_EXTENDED', message: '本件已延期一次，不得再次延期' };
      const pending = noPending(c, 'extension', ctx);
      if (pending) return pending;
      if (!within(c, 'handling', ctx.today)) {
        return { code: 'EXTENSION_PERIOD_EXPIRED', message: `办理期限已于${openClock(c, 'handling')?.due ?? ''}届满，不能再申请延期；本件按超期办理统计（第34条）` };
      }
      return null;
    },
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '延期理由');
      const days = wholeNumber(input.days, 'days', '延期天数', 1, 365);
      const max = ctx.profile.maxExtensionDays;
      if (days > max) fail('EXTENSION_TOO_LONG', `延长期限不得超过${max}日（第34条）`, { field: 'days', max });
      const approverId = approverOf(c, input.approverId, ctx, '延期');
      const request = newRequest(c, 'extension', approverId, { days, reason }, ctx);
      return { case: { ...c, approvals: [...c.approvals, request] }, documents: [], data: { approvalId: request.id, days, reason, approverId } };
    },
  },
  approve_extension: {
    when: (c, ctx) => awaitingMe(c, ['extension'], ctx) ?? extensionTooLate(c, ctx),
    apply: (c, input, ctx) => {
      const a = requestToDecide(c, input.approvalId, ['extension'], ctx);
      const { days, reason } = a.payload as { days: number; reason: string };
      const clocks = recomputeClocks(c.clocks.map((k) => (k.kind === 'handling' && k.stoppedOn === null ? { ...k, extensionDays: k.extensionDays + days } : k)), ctx.profile, ctx.calendar);
      const approverId = staffActor(ctx).id;
      const next: CaseRecord = { ...decided(c, a, 'approved', optionalText(input.note), ctx), extension: { days, reason, approverId, on: ctx.today }, clocks };
      const newDue = openClock(next, 'handling')?.due ?? null;
      const data = { approvalId: a.id, days, reason, approverId, requestedOn: a.requestedOn, newDue };
      return { case: next, documents: [{ kind: 'extension_notice', organId: c.holderOrganId, data: { days, reason, approverId, newDue } }], data };
    },
  },
  draft_opinion: {
    when: (c, ctx) => noPending(c, 'handling', ctx),
    apply: (c, input, ctx) => {
      const form = input.form ?? 'opinion';
      if (!isOneOf(OPINION_FORMS, form)) fail('INPUT_INVALID', '意见形式不正确');
      const draft = checkDraft(c, input, 'handling', form, null);
      const approverId = approverOf(c, input.approverId, ctx, '处理意见');
      const request = newRequest(c, 'handling', approverId, { ...draft }, ctx);
      return {
        case: { ...c, approvals: [...c.approvals, request] }, documents: [],
        data: { approvalId: request.id, form, outcomes: draft.outcomes, approverId },
      };
    },
  },
  sign_opinion: {
    when: (c, ctx) => awaitingMe(c, ['handling'], ctx),
    apply: (c, input, ctx) => {
      const a = requestToDecide(c, input.approvalId, ['handling'], ctx);
      const op = signedOpinion(opinionDraftOf(a.payload), 'handling', c.holderOrganId, staffActor(ctx).id, ctx.today);
      const kind: DocumentKind = op.form === 'opinion' ? 'opinion' : op.form;
      const next: CaseRecord = { ...decided(c, a, 'approved', optionalText(input.note), ctx), state: 'opinion_issued', opinions: [...c.opinions, op], clocks: stopClocks(c.clocks, ctx.today, ['handling']) };
      return {
        case: next,
        documents: [{ kind, organId: c.holderOrganId, data: { ...op, kind: c.content.kind, reviewOrganId: reviewOrganIdOf(next, ctx.organs) ?? null } }],
        data: { approvalId: a.id, form: op.form, outcomes: op.outcomes, approverId: op.approverId },
      };
    },
  },
  refuse_approval: {
    when: (c, ctx) => awaitingMe(c, ['extension', stageOfDecision(c)], ctx),
    apply: (c, input, ctx) => {
      const a = requestToDecide(c, input.approvalId, ['extension', stageOfDecision(c)], ctx);
      const reason = text(input.reason, 'reason', '不予批准的理由');
      return { case: decided(c, a, 'refused', reason, ctx), documents: [], data: { approvalId: a.id, kind: a.kind, reason } };
    },
  },
  serve: {
    when: (c, ctx) => {
      const me = actorOrganId(ctx);
      const stage = stageOfState(c.state);
      const op = latestOpinion(c, stage);
      // The issuing organ serves; after a transfer to a successor, the organ now holding the case does.
      const mayServe = op && (op.organId === me || (stage === 'handling' && c.holderOrganId === me));
      return mayServe ? null : { code: 'NOT_ISSUING_ORGAN', message: '只有出具意见的机关可以送达' };
    },
    apply: (c, input, ctx) => serveOpinion(c, stageOfState(c.state), input, ctx),
  },
  submit_report: {
    when: (c) => {
      if (!c.assignment) return { code: 'NOT_ASSIGNED', message: '本件不是交办件，无需报送办结报告' };
      if (c.assignment.report === 'submitted' || c.assignment.report === 'approved') return { code: 'REPORT_ALREADY_SUBMITTED', message: '办结报告已报送' };
      return null;
    },
    apply: (c, input, ctx) => {
      const reportText = text(input.text, 'text', '办结报告');
      const assignment = must(c.assignment, 'the assignment (checked in when)');
      const next: CaseRecord = { ...c, assignment: { ...assignment, report: 'submitted', reportText }, clocks: stopClocks(c.clocks, ctx.today, ['report_back']) };
      return { case: next, documents: [{ kind: 'report_back', organId: c.holderOrganId, data: { to: assignment.assignerOrganId, text: reportText } }], data: { text: reportText } };
    },
  },
  approve_report: {
    when: (c) => (c.assignment?.report === 'submitted' ? null : { code: 'NO_REPORT', message: '没有待审核的办结报告' }),
    apply: (c, input) => {
      const assignment = must(c.assignment, 'the assignment (checked in when)');
      return { case: { ...c, assignment: { ...assignment, report: 'approved' } }, documents: [], data: { note: input.note ?? '' } };
    },
  },
  return_report: {
    when: (c) => (c.assignment?.report === 'submitted' ? null : { code: 'NO_REPORT', message: '没有待审核的办结报告' }),
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '退回理由');
      const due = date(input.reportBackDue, 'reportBackDue', '新的办结报告期限');
      if (due <= ctx.today) fail('DATE_NOT_AFTER_TODAY', '办结报告期限应晚于今天');
      // Sent back to redo, like a review's 责令重作: a fresh handling period, extension available again.
      const assignment = must(c.assignment, 'the assignment (checked in when)');
      let next: CaseRecord = {
        ...c, state: 'handling', extension: null, assignment: { ...assignment, report: 'returned', reportBackDue: due }, clocks: stopClocks(c.clocks, ctx.today, ['review_request']),
      };
      next = addClock(next, { kind: 'handling', organId: c.holderOrganId, start: ctx.today }, ctx);
      next = addClock(next, { kind: 'report_back', organId: c.holderOrganId, start: ctx.today, fixedDue: due }, ctx);
      return { case: next, documents: [], data: { reason, reportBackDue: due } };
    },
  },
  evaluate: {
    when: (c, ctx) => {
      const w = evaluationWindow(c, ctx.profile.evaluationDays);
      if (!w) return { code: 'EVALUATION_NOT_OPEN', message: '没有已送达、可以评价的意见' };
      if (w.evaluated) return { code: 'ALREADY_EVALUATED', message: '对本次意见已作评价，每份意见只能评价一次' };
      if (ctx.today > w.last) return { code: 'EVALUATION_WINDOW_CLOSED', message: `评价期限（送达之日起${ctx.profile.evaluationDays}日）已于${w.last}届满` };
      return null;
    },
    apply: (c, input, ctx) => {
      if (!isOneOf(EVALUATION_RESULTS, input.result)) fail('INPUT_INVALID', '评价只能是满意、基本满意或不满意');
      const e = { stage: stageOfState(c.state), opinionIndex: evaluatedOpinionIndex(c), result: input.result, comment: input.comment?.trim() ?? '', on: ctx.today };
      return { case: { ...c, evaluations: [...c.evaluations, e] }, documents: [], data: e };
    },
  },
  request_review: {
    // The window is judged on the day the petitioner made the request (a letter posted in time counts),
    // so that check is in apply; here only that a review organ exists.
    when: (c, ctx) => (reviewOrganIdOf(c, ctx.organs) ? null : { code: 'NO_REVIEW_ORGAN', message: '本事项没有可以受理复查的上一级机关' }),
    apply: (c, input, ctx) => appeal(c, 'review', input, ctx),
  },
  accept_review: {
    apply: (c, input, ctx) => {
      const r = must(c.review, 'the review requested');
      const next: CaseRecord = { ...c, state: 'under_review', review: { ...r, acceptedOn: ctx.today } };
      return { case: next, documents: [{ kind: 'review_acceptance_notice', organId: r.organId, data: { requestedOn: r.requestedOn, receivedOn: r.receivedOn, decisionDue: openClock(c, 'review_decision')?.due ?? null } }], data: { note: input.note ?? '' } };
    },
  },
  draft_review_opinion: {
    when: (c, ctx) => noPending(c, 'review', ctx),
    apply: (c, input, ctx) => {
      if (!isOneOf(REVIEW_DECISIONS, input.decision)) fail('INPUT_INVALID', '复查决定只能是维持、撤销、变更或责令重作');
      const draft = checkDraft(c, input, 'review', 'opinion', input.decision);
      const approverId = approverOf(c, input.approverId, ctx, '复查意见');
      const request = newRequest(c, 'review', approverId, { ...draft }, ctx);
      return { case: { ...c, approvals: [...c.approvals, request] }, documents: [], data: { approvalId: request.id, decision: input.decision, approverId } };
    },
  },
  sign_review_opinion: {
    when: (c, ctx) => awaitingMe(c, ['review'], ctx),
    apply: (c, input, ctx) => {
      const a = requestToDecide(c, input.approvalId, ['review'], ctx);
      const organId = must(c.review, 'the review under way').organId;
      const op = signedOpinion(opinionDraftOf(a.payload), 'review', organId, staffActor(ctx).id, ctx.today);
      let next: CaseRecord = { ...decided(c, a, 'approved', optionalText(input.note), ctx), opinions: [...c.opinions, op], clocks: stopClocks(c.clocks, ctx.today, ['review_decision']) };
      if (op.decision === 'redo') {
        // 责令重作: the original organ handles again, with a fresh handling period from the order.
        const original = handlingOrganOf(c);
        next = { ...next, state: 'handling', holderOrganId: original, review: null, extension: null };
        next = addClock(next, { kind: 'handling', organId: original, start: ctx.today }, ctx);
      } else {
        next = { ...next, state: 'review_opinion_issued' };
      }
      return { case: next, documents: [{ kind: 'review_opinion', organId, data: { ...op, rereviewOrganId: rereviewOrganIdOf(c, ctx.organs) ?? null } }], data: { approvalId: a.id, decision: op.decision, approverId: op.approverId } };
    },
  },
  request_rereview: {
    when: (c, ctx) => (rereviewOrganIdOf(c, ctx.organs) ? null : { code: 'NO_REREVIEW_ORGAN', message: '本事项没有可以受理复核的上一级机关' }),
    apply: (c, input, ctx) => appeal(c, 'rereview', input, ctx),
  },
  accept_rereview: {
    apply: (c, input, ctx) => {
      const r = must(c.rereview, 'the re-review requested');
      const next: CaseRecord = { ...c, state: 'under_rereview', rereview: { ...r, acceptedOn: ctx.today } };
      return { case: next, documents: [{ kind: 'rereview_acceptance_notice', organId: r.organId, data: { requestedOn: r.requestedOn, receivedOn: r.receivedOn, decisionDue: openClock(c, 'rereview_decision')?.due ?? null } }], data: { note: input.note ?? '' } };
    },
  },
  start_hearing: {
    when: (c) => (c.rereview?.hearingOpen ? { code: 'HEARING_OPEN', message: '听证正在进行' } : null),
    apply: (c, input, ctx) => {
      const clocks = c.clocks.map((k) => (k.stoppedOn === null && ctx.profile.hearingPauses.includes(k.kind as never)
        ? { ...k, pauses: [...k.pauses, { from: ctx.today, to: null }], due: null } : k));
      const rereview = must(c.rereview, 'the re-review under way');
      return {
        case: { ...c, rereview: { ...rereview, hearingOpen: true }, clocks },
        documents: [{ kind: 'hearing_notice', organId: rereview.organId, data: { startedOn: ctx.today, note: input.note ?? '' } }],
        data: { startedOn: ctx.today },
      };
    },
  },
  end_hearing: {
    when: (c) => (c.rereview?.hearingOpen ? null : { code: 'NO_HEARING', message: '没有进行中的听证' }),
    apply: (c, input, ctx) => {
      const summary = text(input.summary, 'summary', '听证情况');
      const resumed = c.clocks.map((k) => (k.stoppedOn === null ? { ...k, pauses: k.pauses.map((p) => (p.to === null ? { ...p, to: ctx.today } : p)) } : k));
      const clocks = recomputeClocks(resumed, ctx.profile, ctx.calendar);
      const rereview = must(c.rereview, 'the re-review under way (checked in when)');
      const next: CaseRecord = { ...c, rereview: { ...rereview, hearingOpen: false }, clocks };
      return {
        case: next,
        documents: [{ kind: 'hearing_record', organId: rereview.organId, data: { endedOn: ctx.today, summary } }],
        data: { endedOn: ctx.today, summary, decisionDue: openClock(next, 'rereview_decision')?.due ?? null },
      };
    },
  },
  draft_rereview_opinion: {
    when: (c, ctx) => firstOf(hearingOpen(c), noPending(c, 'rereview', ctx)),
    apply: (c, input, ctx) => {
      if (!isOneOf(REREVIEW_DECISIONS, input.decision)) fail('INPUT_INVALID', '复核决定只能是维持、撤销或变更');
      const draft = checkDraft(c, input, 'rereview', 'opinion', input.decision);
      const approverId = approverOf(c, input.approverId, ctx, '复核意见');
      const request = newRequest(c, 'rereview', approverId, { ...draft }, ctx);
      return { case: { ...c, approvals: [...c.approvals, request] }, documents: [], data: { approvalId: request.id, decision: input.decision, approverId } };
    },
  },
  sign_rereview_opinion: {
    when: (c, ctx) => firstOf(hearingOpen(c), awaitingMe(c, ['rereview'], ctx)),
    apply: (c, input, ctx) => {
      const a = requestToDecide(c, input.approvalId, ['rereview'], ctx);
      const organId = must(c.rereview, 'the re-review under way').organId;
      const op = signedOpinion(opinionDraftOf(a.payload), 'rereview', organId, staffActor(ctx).id, ctx.today);
      const next: CaseRecord = { ...decided(c, a, 'approved', optionalText(input.note), ctx), state: 'rereview_opinion_issued', opinions: [...c.opinions, op], clocks: stopClocks(c.clocks, ctx.today, ['rereview_decision']) };
      const finality = '本复核意见为最终意见。对复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理（《信访工作条例》第三十六条第三款）。';
      return { case: next, documents: [{ kind: 'rereview_opinion', organId, data: { ...op, final: true, finality } }], data: { approvalId: a.id, decision: op.decision, approverId: op.approverId } };
    },
  },
  close: {
    when: (c, ctx) => {
      const kind = c.state === 'served' ? 'review_request' : 'rereview_request';
      if (c.assignment && c.assignment.report !== 'approved') return { code: 'REPORT_NOT_APPROVED', message: '交办件须待办结报告审核通过后办结' };
      const k = openClock(c, kind);
      if (k && isWithin(k, ctx.today)) return { code: 'REQUEST_WINDOW_OPEN', message: `信访人仍在请求${kind === 'review_request' ? '复查' : '复核'}的期限内（至${k.due}${k.provisional ? '，预计' : ''}）` };
      return null;
    },
    apply: (c, input, ctx) => ({ case: closeAs(c, 'closed', ctx), documents: [], data: { note: input.note ?? '' } }),
  },
  transfer_to_successor: {
    when: (c, ctx) => (ctx.organs.get(c.holderOrganId)?.successorId ? null : { code: 'NO_SUCCESSOR', message: '承办机关未撤并，无需移交' }),
    apply: (c, input, ctx) => {
      const from = c.holderOrganId;
      const to = must(ctx.organs.get(from)?.successorId, 'the successor of the holding organ (checked in when)');
      notToAccused(c, to, ctx);
      const clocks = c.clocks.map((k) => (k.stoppedOn === null && k.organId === from ? { ...k, organId: to } : k));
      return { case: { ...c, holderOrganId: to, clocks }, documents: [], data: { from, to, note: input.note ?? '' } };
    },
  },
  issue_supervision: {
    when: (c) => (c.supervisions.some((s) => s.answeredOn === null) ? { code: 'SUPERVISION_OPEN', message: '已有尚未反馈的督办' } : null),
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '督办事由');
      const dueOn = date(input.dueOn, 'dueOn', '反馈期限');
      if (dueOn <= ctx.today) fail('DATE_NOT_AFTER_TODAY', '反馈期限应晚于今天');
      const me = staffActor(ctx).organId;
      // Addressed to the organ at fault: the one whose turn it is (during review, the review organ; Art 40).
      const target = actingOrganId(c, ctx.organs);
      const order = { no: c.supervisions.length + 1, organId: me, targetOrganId: target, reason, issuedOn: ctx.today, dueOn, answeredOn: null, answer: null };
      const next = addClock({ ...c, supervisions: [...c.supervisions, order] }, { kind: 'supervision', organId: target, start: ctx.today, fixedDue: dueOn }, ctx);
      return { case: next, documents: [{ kind: 'supervision_order', organId: me, data: order }], data: order };
    },
  },
  answer_supervision: {
    apply: (c, input, ctx) => {
      const answer = text(input.answer, 'answer', '反馈情况');
      const me = actorOrganId(ctx);
      const supervisions = c.supervisions.map((s) => (s.answeredOn === null && s.targetOrganId === me ? { ...s, answeredOn: ctx.today, answer } : s));
      return { case: { ...c, supervisions, clocks: stopClocks(c.clocks, ctx.today, ['supervision']) }, documents: [], data: { answer } };
    },
  },
  issue_recommendation: {
    apply: (c, input, ctx) => {
      if (!isOneOf(RECOMMENDATION_TYPES, input.type)) fail('INPUT_INVALID', '请选择建议类型', { field: 'type' });
      const type = input.type;
      const content = text(input.content, 'content', '建议内容');
      const dueOn = date(input.dueOn, 'dueOn', '反馈期限');
      if (dueOn <= ctx.today) fail('DATE_NOT_AFTER_TODAY', '反馈期限应晚于今天');
      const me = staffActor(ctx).organId;
      const targetId = text(input.targetOrganId, 'targetOrganId', '建议对象');
      if (!ctx.organs.get(targetId)) fail('ORGAN_NOT_FOUND', '建议对象不存在', { targetOrganId: targetId });
      if (!recommendationTargets(c, type, me, ctx.organs).some((o) => o.id === targetId)) fail('RECOMMENDATION_TARGET_INVALID', TARGET_RULE[type], { targetOrganId: targetId });
      // Several may be open at once (one to the organ at fault, one to the government): each is answered by its number.
      const list = recommendationsOf(c);
      const rec = {
        no: list.length + 1, type, organId: me, targetOrganId: targetId, content, issuedOn: ctx.today, dueOn, answeredOn: null, adoption: null, feedback: null,
      };
      const next = addClock({ ...c, recommendations: [...list, rec] }, { kind: 'recommendation', organId: targetId, start: ctx.today, fixedDue: dueOn }, ctx);
      return { case: next, documents: [{ kind: 'recommendation', organId: me, data: { ...rec, title: RECOMMENDATION_TITLES[type] } }], data: { no: rec.no, type, to: targetId, content, dueOn } };
    },
  },
  answer_recommendation: {
    apply: (c, input, ctx) => {
      const no = wholeNumber(input.no, 'no', '建议书', 1, 10_000);
      const me = staffActor(ctx).organId;
      const rec = openRecommendationsTo(c, me).find((r) => r.no === no);
      if (!rec) fail('RECOMMENDATION_NOT_OPEN', `第${no}号建议不是本机关待反馈的建议`, { no });
      if (!isOneOf(ADOPTIONS, input.adoption)) fail('INPUT_INVALID', '请选择采纳情况', { field: 'adoption' });
      const adoption = input.adoption;
      const feedback = text(input.feedback, 'feedback', '书面反馈');
      const recommendations = recommendationsOf(c).map((r) => (r.no === no ? { ...r, answeredOn: ctx.today, adoption, feedback } : r));
      // Stop this recommendation's clock only: others may still be open, even to the same organ.
      const clockAt = c.clocks.findIndex((k) => k.kind === 'recommendation' && k.stoppedOn === null && k.organId === me && k.start === rec.issuedOn && k.fixedDue === rec.dueOn);
      const clocks = c.clocks.map((k, i) => (i === clockAt ? { ...k, stoppedOn: ctx.today } : k));
      const data = { no, type: rec.type, to: rec.organId, issuedOn: rec.issuedOn, content: rec.content, adoption, feedback };
      return { case: { ...c, recommendations, clocks }, documents: [{ kind: 'recommendation_feedback', organId: me, data }], data: { no, type: rec.type, adoption, feedback } };
    },
  },
  order_correction: {
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '责令改正的理由');
      const me = staffActor(ctx).organId;
      return { case: reopenForDecision(c, ctx), documents: [{ kind: 'correction_order', organId: me, data: { to: c.holderOrganId, reason, refusedOn: c.closedOn } }], data: { reason, refused: c.state } };
    },
  },
  reopen: {
    when: (c) => (c.supervisions.some((s) => c.closedOn !== null && s.issuedOn >= c.closedOn)
      ? null : { code: 'NO_SUPERVISION_ORDER', message: '作出决定后未收到督办，不能自行重新受理；如确有错误，请报上级机关责令改正' }),
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '纠正理由');
      return { case: reopenForDecision(c, ctx), documents: [], data: { reason, refused: c.state } };
    },
  },
  declare_conflict: {
    apply: (c, input, ctx) => {
      const reason = text(input.reason, 'reason', '回避理由');
      return { case: { ...c, recusedUserIds: [...new Set([...c.recusedUserIds, staffActor(ctx).id])] }, documents: [], data: { reason } };
    },
  },
  assign_handler: {
    apply: (c, input, ctx) => {
      const u = ctx.user(text(input.userId, 'userId', '承办人'));
      if (u?.organId !== c.holderOrganId || !u.roles.some((r) => ASSIGNABLE_ROLES.includes(r))) {
        fail('ASSIGNEE_INVALID', `承办人须为本机关的${ASSIGNABLE_ROLES.map((r) => ROLE_LABELS[r]).join('、')}`);
      }
      if (stepAsideReason(c, u, ctx.personKey)) fail('ASSIGNEE_RECUSED', `${u.name}应当回避，不能承办本件`);
      return { case: { ...c, assigneeId: u.id }, documents: [], data: { assigneeId: u.id } };
    },
  },
};
