/**
 * The case's requests for the head's approval: each pending one as a notice ("延期15日，已于…报请张伟
 * 审批，待审批"), with 批准/签发 and 不予批准 for the leader it is addressed to; below, the decided
 * ones (approved, or refused with the reason). The approval actions are taken here, from the request
 * itself, never from a generic form with an approval number in it.
 */
import { Alert, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { ApprovalDialog, type DecisionMode } from '../approvals/ApprovalDialog';
import { OPINION_STAGE_LABELS } from '../../../../src/domain/labels.js';
import { approveWord, askSummary, itemOfCase, type ApprovalItem, type ExtensionAsk } from '../approvals/approval';
import type { ActionAvailability, ClockView, ApprovalRequest, CaseRecord } from './data';
import '../approvals/approvals.css';

/** 延期15日 / 处理意见 — what was asked, briefly. */
function what(a: ApprovalRequest): string {
  if (a.kind === 'extension') return `延期${(a.payload as ExtensionAsk).days ?? '?'}日`;
  return OPINION_STAGE_LABELS[a.kind];
}
const verb = (a: ApprovalRequest) => (a.kind === 'extension' ? '审批' : '签发');

export function PendingApprovals({ c, clocks, actions, meId, userName, onChanged }: {
  c: CaseRecord; clocks: ClockView[]; actions: ActionAvailability[] | undefined; meId: string; userName: (id: string) => string; onChanged: () => void;
}) {
  const [deciding, setDeciding] = useState<{ item: ApprovalItem; mode: DecisionMode } | null>(null);
  const approvals = c.approvals;
  if (approvals.length === 0) return null;
  const pending = approvals.filter((a) => a.status === 'pending');
  const decided = approvals.filter((a) => a.status !== 'pending');
  const allowed = (name: string) => actions?.find((x) => x.action === name);

  return (
    <section aria-labelledby="case-approvals" className="approval-pending" data-testid="case-approvals">
      <Typography.Title level={5} id="case-approvals">审批</Typography.Title>
      {pending.map((a) => {
        const item = itemOfCase(c, a, clocks, userName);
        const approve = allowed(item.action);
        const refuse = allowed('refuse_approval');
        const mine = a.approverId === meId;
        return (
          <Alert key={a.id} type={item.overdue ? 'error' : 'info'} showIcon style={{ marginBottom: 8 }} data-testid="approval-pending"
            message={<span>{what(a)}，已于{a.requestedOn}由{userName(a.requestedBy)}报请{userName(a.approverId)}{verb(a)}，<strong>待{verb(a)}</strong></span>}
            description={(
              <>
                <div>{a.kind === 'extension' ? `延期理由：${(a.payload as ExtensionAsk).reason ?? ''}` : askSummary(a.kind, a.payload)}</div>
                {item.due && <div>相关期限届满日 {item.due}（审批期间期限继续计算）</div>}
                {mine && (approve?.allowed ? (
                  <Space wrap>
                    <Button type="primary" onClick={() => setDeciding({ item, mode: 'approve' })} data-decide="approve">{approveWord(a.kind)}</Button>
                    {refuse?.allowed && <Button danger onClick={() => setDeciding({ item, mode: 'refuse' })} data-decide="refuse">不予批准（退回修改）</Button>}
                  </Space>
                ) : approve?.refusal && <Typography.Text type="danger">{approve.refusal.message}</Typography.Text>)}
              </>
            )} />
        );
      })}
      {decided.length > 0 && (
        <details open={pending.length === 0}>
          <summary>审批记录（{decided.length}）</summary>
          <ol className="approval-history" data-testid="approval-history">
            {decided.map((a) => (
              <li key={a.id}>
                {a.requestedOn} {userName(a.requestedBy)}报请{what(a)}；{a.decidedOn} {userName(a.approverId)}
                {a.status === 'approved' ? approveWord(a.kind) : <strong>不予批准（退回修改）</strong>}
                {a.note && <>，{a.status === 'refused' ? '理由' : '意见'}：{a.note}</>}
              </li>
            ))}
          </ol>
        </details>
      )}
      {deciding && (
        <ApprovalDialog key={`${deciding.item.approvalId}:${deciding.mode}`} item={deciding.item} mode={deciding.mode} requests={c.content.requests}
          onClose={() => setDeciding(null)} onDone={onChanged} />
      )}
    </section>
  );
}
