import type { IsoDate } from '../calendar/dates.js';
import type { ClockPause, DeadlineRule } from '../calendar/deadlines.js';
import type { ClockKind } from '../rules/profiles.js';
import type { PetitionContent } from './petition.js';

/** The states of a case (workflow.md §3). Terminal states are listed in TERMINAL_STATES. */
export type CaseState =
  | 'registered' // 已登记，待转送/交办（或本机关待定）
  | 'awaiting_acceptance' // 待受理
  | 'objection_pending' // 异议待来文机关确认
  | 'handling' // 办理中
  | 'opinion_issued' // 处理意见已出具，待送达
  | 'served' // 处理意见已送达（可申请复查）
  | 'review_requested' // 复查申请待受理
  | 'under_review' // 复查中
  | 'review_opinion_issued' // 复查意见待送达
  | 'review_served' // 复查意见已送达（可申请复核）
  | 'rereview_requested' // 复核申请待受理
  | 'under_rereview' // 复核中
  | 'rereview_opinion_issued' // 复核意见待送达
  | 'rereview_served' // 复核意见已送达，待终结
  | 'not_accepted' // 不予受理
  | 'not_reaccepted' // 不再受理
  | 'diverted' // 导入法定途径
  | 'redirected' // 告知向有权机关提出 (Art 23(3))
  | 'merged' // 重复信访，并入原件
  | 'closed' // 办结
  | 'terminated'; // 终结

export const CASE_STATES: readonly CaseState[] = [
  'registered', 'awaiting_acceptance', 'objection_pending', 'handling', 'opinion_issued', 'served',
  'review_requested', 'under_review', 'review_opinion_issued', 'review_served',
  'rereview_requested', 'under_rereview', 'rereview_opinion_issued', 'rereview_served',
  'not_accepted', 'not_reaccepted', 'diverted', 'redirected', 'merged', 'closed', 'terminated',
];

export const TERMINAL_STATES: ReadonlySet<CaseState> = new Set([
  'not_accepted', 'not_reaccepted', 'diverted', 'redirected', 'merged', 'closed', 'terminated',
]);

export const STATE_LABELS: Record<CaseState, string> = {
  registered: '已登记',
  awaiting_acceptance: '待受理',
  objection_pending: '异议待确认',
  handling: '办理中',
  opinion_issued: '意见待送达',
  served: '意见已送达',
  review_requested: '复查待受理',
  under_review: '复查中',
  review_opinion_issued: '复查意见待送达',
  review_served: '复查意见已送达',
  rereview_requested: '复核待受理',
  under_rereview: '复核中',
  rereview_opinion_issued: '复核意见待送达',
  rereview_served: '复核意见已送达',
  not_accepted: '不予受理',
  not_reaccepted: '不再受理',
  diverted: '已导入法定途径',
  redirected: '已告知向有权机关提出',
  merged: '重复件已并案',
  closed: '已办结',
  terminated: '已终结',
};

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
export type RequestOutcome = 'support' | 'explain' | 'not_support'; // 支持 / 解释说明 / 不予支持 (Art 32)
export type OpinionForm = 'opinion' | 'mediation_agreement' | 'settlement_agreement';
export type ReviewDecision = 'uphold' | 'annul' | 'change' | 'redo'; // 维持 / 撤销 / 变更 / 责令重作

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
  serviceMethod: 'in_person' | 'mail' | 'electronic' | null;
}

export type EvaluationResult = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

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
  objection: { reason: string; raisedOn: IsoDate; organId: string } | null;
  opinions: Opinion[];
  /** Each evaluation answers one opinion (by its index in `opinions`): a redone opinion is evaluated anew. */
  evaluations: { stage: OpinionStage; opinionIndex: number; result: EvaluationResult; comment: string; on: IsoDate }[];
  review: { organId: string; requestedOn: IsoDate; acceptedOn: IsoDate | null } | null;
  rereview: { organId: string; requestedOn: IsoDate; acceptedOn: IsoDate | null; hearingOpen: boolean } | null;
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

export type DocumentKind =
  | 'acceptance_notice' // 受理告知书
  | 'non_acceptance_notice' // 不予受理告知书
  | 'non_reacceptance_notice' // 不再受理告知书
  | 'diversion_guidance' // 导入法定途径告知书
  | 'redirection_notice' // 告知书（向有权机关提出）
  | 'forwarding_slip' // 转送单
  | 'assignment_slip' // 交办单
  | 'objection_letter' // 异议函
  | 'major_case_report' // 重大紧急信访事项报告
  | 'extension_notice' // 延期办理告知书
  | 'opinion' // 信访处理意见书
  | 'mediation_agreement' // 调解协议书
  | 'settlement_agreement' // 和解协议书
  | 'service_receipt' // 送达回执
  | 'report_back' // 办结报告
  | 'review_acceptance_notice' // 复查受理告知书
  | 'review_opinion' // 复查意见书
  | 'rereview_acceptance_notice' // 复核受理告知书
  | 'rereview_opinion' // 复核意见书
  | 'hearing_notice' // 听证通知
  | 'hearing_record' // 听证笔录
  | 'termination_notice' // 终结告知
  | 'supervision_order'; // 督办单

export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  acceptance_notice: '受理告知书',
  non_acceptance_notice: '不予受理告知书',
  non_reacceptance_notice: '不再受理告知书',
  diversion_guidance: '导入法定途径告知书',
  redirection_notice: '告知书',
  forwarding_slip: '转送单',
  assignment_slip: '交办单',
  objection_letter: '异议函',
  major_case_report: '重大紧急信访事项报告',
  extension_notice: '延期办理告知书',
  opinion: '信访处理意见书',
  mediation_agreement: '调解协议书',
  settlement_agreement: '和解协议书',
  service_receipt: '送达回执',
  report_back: '办结报告',
  review_acceptance_notice: '复查受理告知书',
  review_opinion: '复查意见书',
  rereview_acceptance_notice: '复核受理告知书',
  rereview_opinion: '复核意见书',
  hearing_notice: '听证通知',
  hearing_record: '听证笔录',
  termination_notice: '终结告知书',
  supervision_order: '督办单',
};

/** A document the action issues; the store numbers it and freezes it as issued. */
export interface DocumentDraft {
  kind: DocumentKind;
  organId: string;
  data: Record<string, unknown>;
}
