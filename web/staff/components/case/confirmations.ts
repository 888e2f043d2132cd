/**
 * Irreversible legal acts ask for confirmation, saying in plain words what will happen (issue 9 item 9):
 * the decision, the document the petitioner receives, whether the case ends, and that it cannot be
 * taken back. The texts are built from the input as it will be sent.
 */
import type { ActionName } from '../../../../src/domain/lifecycle/action-rules.js';
import { DECISION_LABELS, DIVERSION_LABELS, OUTCOME_LABELS } from '../../../../src/domain/labels.js';
import { DOCUMENT_LABELS } from '../../../../src/domain/model/documents.js';
import { labelOf } from '../../../shared/format';
import type { FormContext } from './ActionForm';

export const CONFIRMED_ACTIONS: ReadonlySet<ActionName> = new Set<ActionName>([
  'request_extension', 'draft_opinion', 'draft_review_opinion', 'draft_rereview_opinion', 'decline', 'decline_final_matter', 'confirm_new_matter',
  'divert', 'redirect_outside', 'forward_political_legal', 'forward_discipline', 'refer_to_procedure', 'merge_as_repeat', 'close', 'order_correction',
]);

const ENDS = '本件办结，不能撤回。';

/**
 * What the action will do, in one or two sentences. Approving, signing and refusing a request are
 * not here: they are decided in ApprovalDialog, which says what they do (approval.ts).
 */
export function consequence(action: ActionName, input: Record<string, unknown>, ctx: FormContext): string {
  const s = (k: string) => (typeof input[k] === 'string' ? (input[k]) : '');
  const organ = (id: string) => ctx.organs.find((o) => o.id === id)?.name ?? id;
  const user = (id: string) => ctx.users.find((u) => u.id === id)?.name ?? id;
  const earlier = () => {
    const l = ctx.linked.find((x) => x.id === s('earlierCaseId'))?.record;
    return l ? { number: l.number, organ: organ(l.holderOrganId) } : { number: '所选', organ: '下级机关' };
  };
  const due = (kind: string) => ctx.clocks.find((k) => k.kind === kind)?.due;
  const outcomes = () => ((input.outcomes as { requestNo: number; outcome: string }[] | undefined) ?? [])
    .map((o) => `第${o.requestNo}项${labelOf(OUTCOME_LABELS, o.outcome)}`).join('；');
  const draft = (doc: string, clock: string) => {
    const decision = s('decision') ? `${DECISION_LABELS[s('decision') as keyof typeof DECISION_LABELS]}；` : '';
    const d = due(clock);
    return `将把${doc}（${decision}${outcomes() || '无逐项意见'}）报请${user(s('approverId'))}签发。签发前可以被退回修改；签发后即以本机关名义出具${doc}。审批期间期限继续计算${d ? `（${d}届满）` : ''}。`;
  };
  switch (action) {
    case 'request_extension': {
      const d = due('handling');
      return `将报请${user(s('approverId'))}批准延期办理${String(input.days)}日（理由：${s('reason')}）。批准前办理期限不变${d ? `，仍于${d}届满` : ''}并继续计算；批准后延长办理期限，并以短信告知信访人延期理由。每件只能延期一次。`;
    }
    case 'draft_opinion': {
      const form = s('form');
      const doc = form === 'mediation_agreement' || form === 'settlement_agreement' ? DOCUMENT_LABELS[form] : DOCUMENT_LABELS.opinion;
      return draft(doc, 'handling');
    }
    case 'draft_review_opinion': return draft(DOCUMENT_LABELS.review_opinion, 'review_decision');
    case 'draft_rereview_opinion': return draft(DOCUMENT_LABELS.rereview_opinion, 'rereview_decision');
    case 'decline': {
      const e = earlier();
      return `将作出不予受理决定，并向信访人发出不予受理告知书（同一事项${e.number}已由${e.organ}受理办理，第19条第3款）。${ENDS}`;
    }
    case 'decline_final_matter':
      return `将认定本件与${earlier().number}号信访事项的事实和理由相同，作出不再受理决定，并向信访人发出不再受理告知书（第36条第3款）。${ENDS}`;
    case 'confirm_new_matter':
      return `将认定本件相对${earlier().number}号信访事项有新的事实或理由，作为新的信访事项依法转送、受理办理。该认定记入办理过程，不能撤回。`;
    case 'divert':
      return `将向信访人出具导入${labelOf(DIVERSION_LABELS, s('route'), '法定')}途径的书面引导意见，本件在信访程序中办结，不能撤回。`;
    case 'redirect_outside':
      return `将书面告知信访人向${s('competentAuthority')}提出。${ENDS}`;
    case 'forward_political_legal':
    case 'forward_discipline':
      return `将转送${organ(s('targetOrganId'))}依照法定程序处理，并向信访人发出转送告知书；本件在信访程序中办结（已移交法定程序处理），不适用信访复查、复核，不能撤回。`;
    case 'refer_to_procedure':
      return `将依照“${s('procedure')}”处理，并向信访人发出告知书；本件在信访程序中办结，不适用信访复查、复核，不能撤回。`;
    case 'merge_as_repeat':
      return `将本件作为重复信访并入${earlier().number}号信访事项办理。${ENDS}`;
    case 'close':
      return '将办结归档本件，所有期限停止计算，不能撤回。';
    case 'order_correction': {
      const holder = organ(ctx.c.holderOrganId);
      return `将责令${holder}改正：本件恢复为待受理，由${holder}重新作出受理决定，并出具责令改正通知书。`;
    }
    default:
      return '';
  }
}
