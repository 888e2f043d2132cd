/**
 * The Chinese words for the values a case carries, once: the server's documents and portal view and
 * both web apps show these. Pure data; safe to ship to the browser.
 */
import type { Adoption, DiversionRoute, EvaluationResult, OpinionForm, RecommendationType, RequestOutcome, ReviewDecision, ServiceMethod } from './lifecycle/action-inputs.js';
import type { OpinionStage } from './model/case.js';

/**
 * The label of a value read back from storage (an event's or a document's JSON, a text column):
 * undefined when it is not one of the labelled values, e.g. written by an older version.
 */
export function labelOf(labels: Partial<Record<string, string>>, value: unknown): string | undefined {
  return typeof value === 'string' && Object.hasOwn(labels, value) ? labels[value] : undefined;
}

export const OUTCOME_LABELS: Record<RequestOutcome, string> = {
  support: '支持', explain: '解释说明', not_support: '不予支持', // claims (Art 32)
  adopt: '采纳', partly_adopt: '部分采纳', not_adopt: '不予采纳', // suggestions (Art 29)
};
export const DECISION_LABELS: Record<ReviewDecision, string> = { uphold: '维持', annul: '撤销', change: '变更', redo: '责令重作' };
export const SERVICE_METHOD_LABELS: Record<ServiceMethod, string> = { in_person: '直接送达', mail: '邮寄送达', electronic: '电子送达' };
export const OPINION_FORM_LABELS: Record<OpinionForm, string> = { opinion: '处理意见书', mediation_agreement: '调解协议书', settlement_agreement: '和解协议书' };
export const EVALUATION_LABELS: Record<EvaluationResult, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };
export const DIVERSION_LABELS: Record<DiversionRoute, string> = {
  litigation: '诉讼', arbitration: '仲裁', administrative_review: '行政复议', party_appeal: '党员申诉', other_statutory: '其他法定途径',
};
export const OPINION_STAGE_LABELS: Record<OpinionStage, string> = { handling: '处理意见', review: '复查意见', rereview: '复核意见' };
export const LEAD_MODE_LABELS: Record<'agreement' | 'superior_decision', string> = { agreement: '各机关协商一致', superior_decision: '共同上级机关决定' };
export const APPROVAL_KIND_LABELS: Record<'extension' | OpinionStage, string> = { extension: '延期办理', handling: '签发处理意见', review: '签发复查意见', rereview: '签发复核意见' };
export const RECOMMENDATION_TYPE_LABELS: Record<RecommendationType, string> = { improve_work: '改进工作建议', improve_policy: '完善政策建议', accountability: '追究责任建议' };
/** The recommendation document's title by type (建议书 is one kind of document, titled by what it proposes). */
export const RECOMMENDATION_TITLES: Record<RecommendationType, string> = { improve_work: '改进工作建议书', improve_policy: '完善政策建议书', accountability: '追究责任建议书' };
export const ADOPTION_LABELS: Record<Adoption, string> = { adopted: '采纳', partly_adopted: '部分采纳', not_adopted: '不予采纳' };
