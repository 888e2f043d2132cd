import type { IsoDate } from '../calendar/dates.js';
import type { ClockPause, DeadlineRule } from '../calendar/deadlines.js';
import type { ClockKind } from '../rules/profiles.js';
import type { EvaluationResult, OpinionForm, RequestOutcome, ReviewDecision, ServiceMethod } from '../lifecycle/action-inputs.js';
import type { CaseState } from './case-states.js';
import type { PetitionContent } from './petition.js';

export type { CaseState } from './case-states.js';
export type { DocumentDraft, DocumentKind } from './documents.js';
export type { EvaluationResult, OpinionForm, RequestOutcome, ReviewDecision } from '../lifecycle/action-inputs.js';

/** A running or stopped statutory clock. The rule is stored so a changed calendar recomputes from data. */
export interface Clock {
  kind: ClockKind;
  /** The organ that must act before the due date. */
  organId: string;
  start: IsoDate;
  /** 'profile' or 'simplified' take the rule from the case's profile; 'fixed' is a date set by a person. */
  ruleSource: 'profile' | 'simplified' | 'fixed';
  rule: DeadlineRule | null;
  fixedDue: IsoDate | null;
  extensionDays: number;
  pauses: ClockPause[];
  due: IsoDate | null;
  /**
   * The due date rests on a year whose holiday notice is not entered yet (预计: statutory holidays
   * and weekends only); recomputed when it is. Absent on records stored before provisional dates.
   */
  provisional?: boolean;
  stoppedOn: IsoDate | null;
}

export type OpinionStage = 'handling' | 'review' | 'rereview';

export interface Opinion {
  stage: OpinionStage;
  form: OpinionForm;
  organId: string;
  decision: ReviewDecision | null;
  outcomes: { requestNo: number; outcome: RequestOutcome; reasoning: string }[];
  facts: string;
  basis: string;
  approverId: string;
  issuedOn: IsoDate;
  servedOn: IsoDate | null;
  serviceMethod: ServiceMethod | null;
}

/**
 * A request for the organ head's approval (负责人批准 / 签发): the handler asks, the named leader
 * approves or refuses. Meanwhile nothing changes and every clock keeps running (Art 34).
 */
export interface ApprovalRequest {
  /** 1, 2, … within the case. */
  id: number;
  kind: 'extension' | OpinionStage;
  organId: string;
  requestedBy: string;
  requestedOn: IsoDate;
  approverId: string;
  /** What approval will put into effect: the extension's days and reason, or the opinion as drafted. */
  payload: Record<string, unknown>;
  status: 'pending' | 'approved' | 'refused';
  decidedOn: IsoDate | null;
  /** The refusal's reason, or the approver's note. */
  note: string | null;
}

/**
 * The officer's finding on an earlier matter whose re-review opinion was served (Art 36 ¶3): this
 * petition brings new facts or reasons, so it is a new matter.
 */
export interface NewMatterFinding {
  earlierCaseId: string;
  newFactsOrReasons: string;
  by: string;
  on: IsoDate;
}

export interface SupervisionOrder {
  no: number;
  organId: string;
  targetOrganId: string;
  reason: string;
  issuedOn: IsoDate;
  dueOn: IsoDate;
  answeredOn: IsoDate | null;
  answer: string | null;
}

export interface CaseRecord {
  id: string;
  /** Human case number, e.g. 360731-2025-000123. */
  number: string;
  profileId: string;
  state: CaseState;
  content: PetitionContent;
  registrarOrganId: string;
  /** The organ currently holding the case (handling or routing it). */
  holderOrganId: string;
  /** The organ that sent it to the holder (for objections and return). */
  senderOrganId: string | null;
  routing: 'forward' | 'assign' | 'political_legal' | 'discipline' | 'own_remit' | 'subordinate' | 'lead_designation' | null;
  /** 交办: the assigning office expects a 办结报告 by reportBackDue. */
  assignment: {
    assignerOrganId: string;
    reportBackDue: IsoDate;
    report: 'pending' | 'submitted' | 'approved' | 'returned';
    reportText: string | null;
  } | null;
  receivedAtHolderOn: IsoDate;
  acceptedOn: IsoDate | null;
  simplified: boolean;
  extension: { days: number; reason: string; approverId: string; on: IsoDate } | null;
  approvals: ApprovalRequest[];
  newMatterFindings: NewMatterFinding[];
  objection: { reason: string; raisedOn: IsoDate; organId: string } | null;
  opinions: Opinion[];
  /** Each evaluation answers one opinion (by its index in `opinions`): a redone opinion is evaluated anew. */
  evaluations: { stage: OpinionStage; opinionIndex: number; result: EvaluationResult; comment: string; on: IsoDate }[];
  /** requestedOn: the day the petitioner made the request (a letter: its posting date); receivedOn: the day the review organ received it, from which its decision period runs (Arts 35, 36). */
  review: { organId: string; requestedOn: IsoDate; receivedOn: IsoDate; acceptedOn: IsoDate | null } | null;
  rereview: { organId: string; requestedOn: IsoDate; receivedOn: IsoDate; acceptedOn: IsoDate | null; hearingOpen: boolean } | null;
  supervisions: SupervisionOrder[];
  /** The handler a leader assigned the case to within the holding organ (分办), if any. */
  assigneeId: string | null;
  recusedUserIds: string[];
  closedOn: IsoDate | null;
  clocks: Clock[];
  /** Optimistic concurrency: bumped by every applied action. */
  version: number;
}

export interface CaseEvent {
  caseId: string;
  seq: number;
  action: string;
  at: string;
  on: IsoDate;
  actorId: string | null;
  actorKind: 'staff' | 'petitioner' | 'system';
  actorOrganId: string | null;
  fromState: CaseState | null;
  toState: CaseState;
  data: Record<string, unknown>;
}

