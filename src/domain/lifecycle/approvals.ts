/**
 * Approval by the organ's head (负责人批准, 签发): the handler asks, naming the leader; the request waits
 * on the case, and every clock keeps running; only the named leader approves (which puts the request
 * into effect) or refuses with a reason. One request of a kind is pending at a time.
 */
import type { ApprovalRequest, CaseRecord } from '../model/case.js';
import { APPROVAL_KIND_LABELS } from '../labels.js';
import { actorUserId, fail } from './case-steps.js';
import type { DomainContext, Refusal } from './context.js';

export type ApprovalKind = ApprovalRequest['kind'];

export const pendingApproval = (c: CaseRecord, kind: ApprovalKind): ApprovalRequest | undefined =>
  c.approvals.find((a) => a.kind === kind && a.status === 'pending');

/** Refuses a second request while one of the kind waits. */
export function noPending(c: CaseRecord, kind: ApprovalKind, ctx: DomainContext): Refusal | null {
  const p = pendingApproval(c, kind);
  if (!p) return null;
  return { code: 'APPROVAL_PENDING', message: `${APPROVAL_KIND_LABELS[kind]}已于${p.requestedOn}报请${ctx.user(p.approverId)?.name ?? '负责人'}审批，尚未审批` };
}

/** The pending request of this kind addressed to the acting leader, or why there is none. */
export function awaitingMe(c: CaseRecord, kinds: readonly ApprovalKind[], ctx: DomainContext): Refusal | null {
  const pending = c.approvals.filter((a) => a.status === 'pending' && kinds.includes(a.kind));
  if (pending.length === 0) return { code: 'NO_PENDING_APPROVAL', message: `没有待审批的${kinds.map((k) => APPROVAL_KIND_LABELS[k]).join('或')}事项` };
  const me = actorUserId(ctx);
  if (!pending.some((a) => a.approverId === me)) {
    return { code: 'NOT_APPROVER', message: `该事项已报请${pending.map((a) => ctx.user(a.approverId)?.name ?? '其他负责人').join('、')}审批` };
  }
  return null;
}

export function newRequest(c: CaseRecord, kind: ApprovalKind, approverId: string, payload: Record<string, unknown>, ctx: DomainContext): ApprovalRequest {
  return {
    id: c.approvals.length + 1, kind, organId: ctx.actor.kind === 'staff' ? ctx.actor.user.organId : c.holderOrganId,
    requestedBy: actorUserId(ctx) ?? '', requestedOn: ctx.today, approverId, payload, status: 'pending', decidedOn: null, note: null,
  };
}

/** The pending request the input names, addressed to the acting leader. */
export function requestToDecide(c: CaseRecord, approvalId: number, kinds: readonly ApprovalKind[], ctx: DomainContext): ApprovalRequest {
  const a = c.approvals.find((x) => x.id === approvalId);
  if (a?.status !== 'pending' || !kinds.includes(a.kind)) fail('APPROVAL_NOT_FOUND', '所选审批事项不存在或已处理', { approvalId });
  if (a.approverId !== actorUserId(ctx)) fail('NOT_APPROVER', `该事项已报请${ctx.user(a.approverId)?.name ?? '其他负责人'}审批`, { approvalId });
  return a;
}

export function decided(c: CaseRecord, a: ApprovalRequest, status: 'approved' | 'refused', note: string | null, ctx: DomainContext): CaseRecord {
  return { ...c, approvals: c.approvals.map((x) => (x.id === a.id ? { ...x, status, decidedOn: ctx.today, note } : x)) };
}
