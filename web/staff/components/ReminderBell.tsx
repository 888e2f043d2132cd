/**
 * 提醒 in the workbench header: cases in my queue due within 3 days or overdue, supervision orders
 * (督办) on cases my organ holds, requests awaiting my approval (待审批); for the system administrator,
 * from 1 November, next year's holiday notice still to be entered. A bell with the unread count; the
 * list opens in a popover, each item leads to its case (an approval: to 审批待办; the calendar: its
 * screen) and is marked read when opened.
 */
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Popover, Space, Tag, Typography } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../shared/api';
import type { ApiAnswer, Schema } from '../../shared/api-contract';
import { remindersQuery } from './reminders';

export type Reminder = Schema<'Reminder'>;

const KIND_LABELS: Record<Reminder['kind'], string> = { due_soon: '即将到期', overdue: '已超期', supervision: '督办', recommendation: '建议', approval: '待审批', calendar_year: '工作日历' };

/** Read by screen readers, not shown. */
const srOnly: CSSProperties = { position: 'absolute', width: 1, height: 1, padding: 0, margin: -1, overflow: 'hidden', clipPath: 'inset(50%)', whiteSpace: 'nowrap', border: 0 };

function describe(r: Reminder): string {
  if (r.kind === 'calendar_year') return '前往工作日历录入';
  if (r.kind === 'supervision') return r.due ? `督办反馈期限 ${r.due}` : '收到督办';
  if (r.kind === 'recommendation') return r.due ? `建议反馈期限 ${r.due}` : '收到建议';
  if (r.kind === 'approval') return `${r.at.slice(0, 10)} 报请，待您审批`;
  if (r.daysLeft === null || r.due === null) return '';
  const due = `${r.due}${r.provisional ? '，预计' : ''}`;
  if (r.daysLeft < 0) return `已超期 ${-r.daysLeft} 天（期限 ${due}）`;
  if (r.daysLeft === 0) return `今天到期（${due}）`;
  return `还剩 ${r.daysLeft} 天（期限 ${due}）`;
}

export default function ReminderBell() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const q = useQuery({ ...remindersQuery, refetchInterval: 60_000 });
  const markRead = useMutation({
    mutationFn: (keys: string[]) => api.post<ApiAnswer<'/api/reminders/read', 'post'>>('/api/reminders/read', { keys }),
    onSuccess: () => client.invalidateQueries({ queryKey: remindersQuery.queryKey }),
  });
  const items = q.data?.items ?? [];
  const unread = q.data?.unread ?? 0;
  const unreadKeys = items.filter((i) => !i.read).map((i) => i.key);

  const go = (r: Reminder) => {
    if (!r.read) markRead.mutate([r.key]);
    setOpen(false);
    void navigate(r.link ?? (r.kind === 'approval' ? `/approvals?q=${encodeURIComponent(r.caseNumber)}` : `/cases/${r.caseId}`));
  };

  const content = (
    <div style={{ width: 360, maxWidth: 'calc(100vw - 32px)' }}>
      {q.isError ? (
        <Typography.Text type="danger">提醒加载失败，请稍后重试</Typography.Text>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q.isLoading ? '正在加载…' : '暂无提醒'} />
      ) : (
        <List
          size="small"
          dataSource={items}
          style={{ maxHeight: 420, overflowY: 'auto' }}
          renderItem={(r) => (
            <List.Item key={r.key} style={{ padding: '4px 0' }}>
              {/* The visible text is the accessible name (kind, number, unread, title, due). */}
              <Button type="text" block onClick={() => go(r)} style={{ height: 'auto', textAlign: 'left', whiteSpace: 'normal', padding: '6px 8px' }}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space size={6} wrap>
                    <Tag style={{ marginInlineEnd: 0 }}>{KIND_LABELS[r.kind]}</Tag>
                    {r.caseNumber && <Typography.Text strong={!r.read}>{r.caseNumber}</Typography.Text>}
                    {!r.read && <Badge status="processing" text="未读" />}
                  </Space>
                  {r.kind === 'calendar_year'
                    ? <Typography.Text style={{ maxWidth: 320 }}>{r.title}</Typography.Text>
                    : <Typography.Text ellipsis style={{ maxWidth: 320 }}>{r.title}</Typography.Text>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{describe(r)}</Typography.Text>
                </Space>
              </Button>
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <>
      <Popover
        trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} content={content}
        title={(
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>我的提醒</span>
            <Button size="small" type="link" disabled={unreadKeys.length === 0 || markRead.isPending} onClick={() => markRead.mutate(unreadKeys)}>全部标为已读</Button>
          </Space>
        )}
      >
        <Badge count={unread} overflowCount={99} size="small">
          <Button shape="circle" icon={<BellOutlined />} aria-label="提醒" aria-haspopup="dialog" aria-expanded={open} aria-describedby="reminder-count" />
        </Badge>
      </Popover>
      <span id="reminder-count" role="status" aria-live="polite" style={srOnly}>{q.data ? (unread > 0 ? `${unread} 条未读提醒` : '没有未读提醒') : ''}</span>
    </>
  );
}
