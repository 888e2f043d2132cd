export type { CaseState } from './case-states.js';
export type { DocumentDraft, DocumentKind } from './documents.js';
export type { EvaluationResult, OpinionForm, RequestOutcome, ReviewDecision } from '../lifecycle/action-inputs.js';

/**
 * The case record and its parts: defined once as TypeBox schemas in ../schemas.ts (the API
 * validates and describes them with the same schemas), their types derived there.
 *
 * - Clock: a running or stopped statutory clock; the rule is stored so a changed calendar
 *   recomputes from data ('profile' or 'simplified' take the rule from the case's profile, 'fixed'
 *   is a date set by a person). `provisional`: the due date rests on a year whose holiday notice is
 *   not entered yet (预计); absent on records stored before provisional dates.
 * - ApprovalRequest: a request for the organ head's approval (负责人批准 / 签发): the handler asks,
 *   the named leader approves or refuses; meanwhile nothing changes and every clock keeps running (Art 34).
 * - NewMatterFinding: the officer's finding on an earlier matter whose re-review opinion was served
 *   (Art 36 ¶3): this petition brings new facts or reasons, so it is a new matter.
 * - CaseRecord: `holderOrganId` holds the case (handling or routing it), `senderOrganId` sent it
 *   (objections, return); `assignment` (交办) expects a 办结报告 by reportBackDue; each evaluation
 *   answers one opinion by its index; review/rereview `requestedOn` is the day the petitioner made
 *   the request (a letter: its posting date), `receivedOn` the day the organ received it, from which
 *   its decision period runs (Arts 35, 36); `version` is bumped by every applied action.
 */
export type { ApprovalRequest, CaseEvent, CaseRecord, Clock, NewMatterFinding, Opinion, Recommendation, SupervisionOrder } from '../schemas.js';

export const OPINION_STAGES = ['handling', 'review', 'rereview'] as const;
export type OpinionStage = (typeof OPINION_STAGES)[number];
