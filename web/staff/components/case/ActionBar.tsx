/**
 * The actions the engine allows this user now (the usual next step in primary style), and the
 * ones it refuses in the case's present state with the engine's reason on hover and on keyboard
 * focus. Actions the state rules out entirely are not shown; nor are the approval decisions, which
 * are taken from the pending request (PendingApprovals).
 */
import { Button, Space, Tooltip, Typography } from 'antd';
import { APPROVAL_DECISIONS } from '../../../../src/domain/lifecycle/choices.js';
import type { CaseState } from '../../../../src/domain/model/case.js';
import type { ActionAvailability } from './data';
import { USUAL_NEXT } from './labels';

export function ActionBar({ actions, state, onPick }: { actions: ActionAvailability[]; state: CaseState; onPick: (a: ActionAvailability) => void }) {
  // Approving and refusing a request are taken from the request itself (PendingApprovals, 审批待办).
  const shown = actions.filter((a) => !APPROVAL_DECISIONS.has(a.action));
  const allowed = shown.filter((a) => a.allowed);
  // Refusals other than "not in this state" are the informative ones: role, organ, or a legal condition.
  const refused = shown.filter((a) => !a.allowed && a.refusal?.code !== 'STATE_NOT_ALLOWED');
  const usual = (USUAL_NEXT[state] ?? []).find((n) => allowed.some((a) => a.action === n));
  const ordered = [...allowed].sort((a, b) => Number(b.action === usual) - Number(a.action === usual));
  return (
    <section aria-labelledby="case-actions" className="case-actions">
      <Typography.Title level={5} id="case-actions">办理操作</Typography.Title>
      <Space wrap size={[8, 8]}>
        {ordered.map((a) => (
          <Button key={a.action} type={a.action === usual ? 'primary' : 'default'} onClick={() => onPick(a)} data-action={a.action}>
            {a.label}
          </Button>
        ))}
        {refused.map((a) => (
          <Tooltip key={a.action} title={a.refusal?.message} trigger={['hover', 'focus']}>
            {/* A disabled button takes no focus: the span does, so keyboard users get the reason too. */}
            <span tabIndex={0} className="action-refused" data-action={a.action} aria-label={`${a.label}（不可用：${a.refusal?.message ?? ''}）`}>
              <Button disabled tabIndex={-1} style={{ pointerEvents: 'none' }}>{a.label}</Button>
            </span>
          </Tooltip>
        ))}
      </Space>
      {allowed.length === 0 && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>您当前没有可进行的操作。</Typography.Paragraph>}
    </section>
  );
}
