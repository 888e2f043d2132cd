/**
 * A request for the organ head's approval as the workbench shows it, whether it comes from the
 * 审批待办 list (GET /api/approvals) or from the case itself (case.approvals): what is asked, by whom,
 * the period it concerns, and the action that decides it. The words shown for it live here too.
 */
import { ACTION_RULES } from '../../../../src/domain/lifecycle/action-rules.js';
import { APPROVAL_PERIOD, DECIDING_ACTION } from '../../../../src/domain/lifecycle/choices.js';
import { APPROVAL_KIND_LABELS, DECISION_LABELS, OPINION_FORM_LABELS, OUTCOME_LABELS } from '../../../../src/domain/labels.js';
import { DOCUMENT_LABELS } from '../../../../src/domain/model/documents.js';
import type { Schema } from '../../../shared/api-contract';
import { labelOf } from '../../../shared/format';
import type { CaseRecord, ClockView } from '../case/data';

type ApprovalRequest = Schema<'ApprovalRequest'>;

export type ApprovalKind = ApprovalRequest['kind'];
export type DecidingAction = (typeof DECIDING_ACTION)[ApprovalKind];

/** One row of GET /api/approvals. */
export type ApprovalItem = Schema<'ApprovalItem'>;

/** The draft of an opinion as stored with its signing request. */
export interface OpinionDraftView {
  form?: string; decision?: string | null; facts?: string; basis?: string;
  outcomes?: { requestNo: number; outcome: string; reasoning: string }[];
}
export interface ExtensionAsk { days?: number; reason?: string }

/** A pending request of the case, as the 审批待办 list would show it (for the case drawer's own buttons). */
export function itemOfCase(c: CaseRecord, a: ApprovalRequest, clocks: ClockView[], userName: (id: string) => string): ApprovalItem {
  const k = clocks.find((x) => x.kind === APPROVAL_PERIOD[a.kind]);
  return {
    caseId: c.id, caseNumber: c.number, title: c.content.title, state: c.state, version: c.version,
    approvalId: a.id, kind: a.kind, kindLabel: APPROVAL_KIND_LABELS[a.kind], action: DECIDING_ACTION[a.kind],
    requestedBy: userName(a.requestedBy), requestedOn: a.requestedOn, payload: a.payload,
    due: k?.due ?? null, daysLeft: k?.daysLeft ?? null, overdue: k?.overdue ?? false,
  };
}

/** 延期15日 / 处理意见书：第1项支持；第2项解释说明 — one line for a list. */
export function askSummary(kind: ApprovalKind, payload: Record<string, unknown>): string {
  if (kind === 'extension') {
    const p = payload as ExtensionAsk;
    return `延期${p.days ?? '?'}日${p.reason ? `：${p.reason}` : ''}`;
  }
  const d = payload as OpinionDraftView;
  const form = d.form && d.form !== 'opinion' ? labelOf(OPINION_FORM_LABELS, d.form) : documentOf(kind);
  const decision = d.decision ? `${labelOf(DECISION_LABELS, d.decision)}；` : '';
  const outcomes = (d.outcomes ?? []).map((o) => `第${o.requestNo}项${outcomeLabel(o.outcome)}`).join('；');
  return `${form}：${decision}${outcomes}`;
}

export const outcomeLabel = (o: string) => labelOf(OUTCOME_LABELS, o);

/** The document signing issues. */
export function documentOf(kind: ApprovalKind, payload?: Record<string, unknown>): string {
  if (kind === 'review') return DOCUMENT_LABELS.review_opinion;
  if (kind === 'rereview') return DOCUMENT_LABELS.rereview_opinion;
  const form = (payload as OpinionDraftView | undefined)?.form;
  if (form === 'mediation_agreement' || form === 'settlement_agreement') return DOCUMENT_LABELS[form];
  return DOCUMENT_LABELS.opinion;
}

/** 批准 / 签发: the word on the approving button. */
export const approveWord = (kind: ApprovalKind) => (kind === 'extension' ? '批准' : '签发');
export const actionTitle = (action: DecidingAction | 'refuse_approval') => ACTION_RULES[action].label;

/** What approving puts into effect, in plain words, for the confirmation. */
export function approvalConsequence(item: ApprovalItem): string {
  if (item.kind === 'extension') {
    const p = item.payload as ExtensionAsk;
    return `批准后，办理期限由${item.due ?? '原届满日'}延长${p.days ?? '?'}日（新的届满日由系统按期限规则计算），出具延期办理告知书，并以短信告知信访人延期理由。只能延期一次，批准后不能撤回。`;
  }
  const d = item.payload as OpinionDraftView;
  const doc = documentOf(item.kind, item.payload);
  if (item.kind === 'review' && d.decision === 'redo') return `签发后即以本机关名义出具${doc}（责令重作），本件退回原办理机关重新办理，并向信访人送达；签发后不能撤回。`;
  const next = item.kind === 'rereview' ? '复核意见为最终意见，送达后信访人以同一事实和理由再次提出的，不再受理（第36条第3款）' : '本件转入待送达';
  return `签发后即以本机关名义出具${doc}（成文日期为签发当日），${next}；签发后不能撤回。`;
}

/** What refusing does. */
export function refusalConsequence(item: ApprovalItem): string {
  const what = item.kind === 'extension' ? `延期${(item.payload as ExtensionAsk).days ?? ''}日的申请不予批准，办理期限不变、继续计算` : `${documentOf(item.kind, item.payload)}草稿退回修改，承办人修改后可重新报请签发；期限继续计算`;
  return `退回后，${item.requestedBy || '承办人'}${what}。退回理由记入办理过程。`;
}
