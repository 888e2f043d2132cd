/** Chinese labels for the values the action forms, timeline and notices show. */
import type { ActionName } from '../../../../src/domain/lifecycle/action-rules.js';
import type { CaseState } from '../../../../src/domain/model/case-states.js';
import {
  ADOPTION_LABELS, APPROVAL_KIND_LABELS, DECISION_LABELS, DIVERSION_LABELS, EVALUATION_LABELS, LEAD_MODE_LABELS, OPINION_FORM_LABELS, OPINION_STAGE_LABELS,
  OUTCOME_LABELS, RECOMMENDATION_TYPE_LABELS, SERVICE_METHOD_LABELS,
} from '../../../../src/domain/labels.js';

/** Value labels by field name (the action forms' selects and the timeline's facts). */
export const ENUM_LABELS: Record<string, Record<string, string>> = {
  outcome: OUTCOME_LABELS,
  method: SERVICE_METHOD_LABELS,
  form: OPINION_FORM_LABELS,
  decision: DECISION_LABELS,
  mode: LEAD_MODE_LABELS,
  route: DIVERSION_LABELS,
  result: EVALUATION_LABELS,
  stage: OPINION_STAGE_LABELS,
  kind: APPROVAL_KIND_LABELS,
  type: RECOMMENDATION_TYPE_LABELS,
  adoption: ADOPTION_LABELS,
};

/** Labels of fields whose schema has no title (and of event data keys). */
export const FIELD_LABELS: Record<string, string> = {
  note: '备注', reason: '理由', reasons: '请求及理由', to: '接收机关', toName: '接收机关', approverId: '审批（签发）领导', assigneeId: '承办人',
  newDue: '新的办理期限', handlingDue: '办理期限', days: '延期天数', decision: '决定', method: '送达方式', servedOn: '送达日期',
  requestedOn: '提出日期', reviewOrganId: '复查机关', rereviewOrganId: '复核机关', summary: '情况', reportBackDue: '办结报告期限',
  lead: '受理机关', mode: '确定方式', routeLabel: '法定途径', guidance: '引导意见', answer: '反馈情况', dueOn: '反馈期限', text: '办结报告',
  form: '意见形式', basis: '依据', channel: '应当提出的途径', competentAuthority: '有权机关', howHandled: '处理方式', heldOn: '听证日期',
  startedOn: '听证开始', endedOn: '听证结束', decisionDue: '决定期限', earlierNumber: '并入原件', reportedTo: '报送机关', result: '评价',
  comment: '意见', stage: '阶段', returnedFrom: '退回自', from: '原机关', receivedOn: '收到日期', organId: '督办机关', targetOrganId: '被督办机关',
  procedure: '法定程序', newFactsOrReasons: '新的事实或理由', earlierCaseNumber: '原信访事项', refused: '原决定', kind: '事项',
  type: '建议类型', content: '建议内容', adoption: '采纳情况', feedback: '书面反馈',
};

/** Event data keys holding organ ids, or staff ids: the timeline shows names. */
export const ORGAN_KEYS = new Set(['to', 'reviewOrganId', 'rereviewOrganId', 'lead', 'from', 'returnedFrom', 'organId', 'targetOrganId']);
export const USER_KEYS = new Set(['approverId', 'assigneeId']);

/** The usual next step in each state: shown as the primary button when allowed. */
export const USUAL_NEXT: Partial<Record<CaseState, ActionName[]>> = {
  registered: ['forward', 'assign', 'take_own_remit'],
  awaiting_acceptance: ['accept'],
  objection_pending: ['approve_objection'],
  handling: ['draft_opinion'],
  opinion_issued: ['serve'],
  served: ['close', 'submit_report', 'approve_report'],
  review_requested: ['accept_review'],
  under_review: ['draft_review_opinion'],
  review_opinion_issued: ['serve'],
  review_served: ['close'],
  rereview_requested: ['accept_rereview'],
  under_rereview: ['draft_rereview_opinion', 'end_hearing'],
  rereview_opinion_issued: ['serve'],
};
