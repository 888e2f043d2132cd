/**
 * Opinions (处理意见书, 复查意见书, 复核意见书): checking a draft, serving the signed one, and which one
 * the petitioner evaluates. A claim's requests are answered 支持 / 解释说明 / 不予支持 (Art 32); a
 * suggestion's 采纳 / 部分采纳 / 不予采纳 (Art 29).
 */
import { addDays, type IsoDate } from '../calendar/dates.js';
import type { CaseRecord, Opinion, OpinionStage } from '../model/case.js';
import type { PetitionKind } from '../model/petition.js';
import { OUTCOME_LABELS } from '../labels.js';
import { isOneOf, SERVICE_METHODS, type OpinionForm, type OpinionInput, type RequestOutcome, type ReviewDecision, type ServiceMethod } from './action-inputs.js';
import { addClock, closeAs, date, fail, text } from './case-steps.js';
import type { DomainContext, Outcome } from './context.js';
import { reviewOrganIdOf, rereviewOrganIdOf } from './relations.js';

/** The answers a request of this kind of petition may get. */
export function outcomesFor(kind: PetitionKind): readonly RequestOutcome[] {
  return kind === 'suggestion' ? ['adopt', 'partly_adopt', 'not_adopt'] : ['support', 'explain', 'not_support'];
}

/** The content of an opinion as drafted, without who signs it: checked, trimmed. */
export interface OpinionDraft {
  form: OpinionForm;
  decision: ReviewDecision | null;
  outcomes: OpinionInput['outcomes'];
  facts: string;
  basis: string;
}

/** Checks a draft; throws the first problem in Chinese. */
export function checkDraft(c: CaseRecord, input: Omit<OpinionInput, 'approverId'>, stage: OpinionStage, form: OpinionForm, decision: ReviewDecision | null): OpinionDraft {
  const facts = text(input.facts, 'facts', '查明事实');
  const basis = text(input.basis, 'basis', '处理依据');
  const outcomes = input.outcomes.map((o) => ({ ...o, reasoning: o.reasoning.trim() }));
  if (stage === 'handling' && form === 'opinion') {
    const asked = c.content.requests.map((r) => r.no).sort((a, b) => a - b);
    const answered = outcomes.map((o) => o.requestNo).sort((a, b) => a - b);
    if (asked.join(',') !== answered.join(',')) {
      fail('OPINION_INCOMPLETE', '处理意见须对每一项诉求分别作出意见', { asked, answered });
    }
  }
  const allowed = outcomesFor(c.content.kind);
  for (const o of outcomes) {
    if (!allowed.includes(o.outcome)) {
      fail('INPUT_INVALID', `诉求处理结果只能是${allowed.map((x) => OUTCOME_LABELS[x]).join('、')}`, { field: 'outcomes', outcome: o.outcome });
    }
    if (!o.reasoning) fail('INPUT_REQUIRED', `请填写对第${o.requestNo}项诉求的理由`, { field: 'outcomes.reasoning' });
  }
  return { form, decision, outcomes, facts, basis };
}

/** The signed opinion: the draft, the organ, who signed and when (成文日期 = the day it is signed). */
export function signedOpinion(draft: OpinionDraft, stage: OpinionStage, organId: string, approverId: string, on: IsoDate): Opinion {
  const { form, decision, outcomes, facts, basis } = draft;
  return { stage, form, organId, decision, outcomes, facts, basis, approverId, issuedOn: on, servedOn: null, serviceMethod: null };
}

export function latestOpinion(c: CaseRecord, stage: OpinionStage): Opinion | undefined {
  return [...c.opinions].reverse().find((o) => o.stage === stage);
}

/** Which opinion a state waits to serve, or has served. */
export function stageOfState(state: CaseRecord['state']): OpinionStage {
  if (state === 'opinion_issued' || state === 'served') return 'handling';
  if (state === 'review_opinion_issued' || state === 'review_served') return 'review';
  return 'rereview';
}

/** The opinion being evaluated: the latest of the stage just served (a redone opinion is evaluated anew). */
export function evaluatedOpinionIndex(c: CaseRecord): number {
  const stage = stageOfState(c.state);
  return c.opinions.findLastIndex((o) => o.stage === stage);
}

/**
 * The petitioner's evaluation of the opinion just served (评价, Art 21 ¶2): which opinion, and the
 * last day of the window the profile gives; null when no opinion of the current stage was served.
 */
export function evaluationWindow(c: CaseRecord, evaluationDays: number): { opinionIndex: number; last: IsoDate; evaluated: boolean } | null {
  if (c.state !== 'served' && c.state !== 'review_served' && c.state !== 'rereview_served') return null;
  const i = evaluatedOpinionIndex(c);
  const servedOn = c.opinions[i]?.servedOn;
  if (!servedOn) return null;
  return { opinionIndex: i, last: addDays(servedOn, evaluationDays), evaluated: c.evaluations.some((e) => e.opinionIndex === i) };
}

/**
 * 送达: the receipt's date starts the petitioner's window to ask for review or re-review (Arts 35,
 * 36). A served re-review opinion is final: the case ends there, and a petition on the same facts
 * and reasons is not accepted again (Art 36 ¶3).
 */
export function serveOpinion(c: CaseRecord, stage: OpinionStage, input: { method: ServiceMethod; servedOn: string }, ctx: DomainContext): Outcome {
  const op = latestOpinion(c, stage);
  if (!op) fail('OPINION_MISSING', '尚未出具意见，无法送达');
  const servedOn = date(input.servedOn, 'servedOn', '送达日期');
  if (!isOneOf(SERVICE_METHODS, input.method)) fail('INPUT_INVALID', '送达方式只能是直接送达、邮寄送达或电子送达');
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
    next = closeAs(next, 'rereview_served', ctx);
  }
  // The form names the served document on the receipt (信访处理意见书, 调解协议书 …).
  const data = { stage, form: op.form, method: input.method, servedOn };
  return { case: next, documents: [{ kind: 'service_receipt', organId: op.organId, data }], data };
}
