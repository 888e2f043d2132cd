/**
 * 审批待办 (/staff/approvals, leaders): the requests addressed to me — extensions to approve, opinions
 * to sign — oldest first, with the period each concerns. A row expands to the whole request (the
 * drafted opinion in full, each request of the petition beside its answer); 批准 / 签发 and
 * 不予批准（退回修改） open a dialog that says what the decision will do; the case number opens the
 * case drawer. Filters live in the URL, as in the queue.
 */
import { SearchOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { APPROVAL_KIND_LABELS } from '../../../src/domain/labels.js';
import { ApprovalContent } from '../components/approvals/ApprovalContent';
import { ApprovalDialog, type DecisionMode } from '../components/approvals/ApprovalDialog';
import { approveWord, askSummary, type ApprovalItem } from '../components/approvals/approval';
import { approvalsQuery } from '../components/approvals/query';
import { caseDetailQuery, refreshAfterAction } from '../components/case/data';
import { CountdownTag } from '../components/CountdownTag';
import CaseDrawer from '../components/lists/LazyCaseDrawer';
import { objectToParams, useUrlFilters } from '../components/lists/ref';
import '../components/lists/lists.css';
import '../components/approvals/approvals.css';

const FILTER_KEYS = ['kind', 'due', 'q'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;
const KIND_OPTIONS = Object.entries(APPROVAL_KIND_LABELS).map(([value, label]) => ({ value, label }));
const DUE_OPTIONS = [{ value: 'overdue', label: '已超期' }, { value: 'soon', label: '3日内到期' }];

function matches(i: ApprovalItem, f: Filters): boolean {
  if (f.kind && i.kind !== f.kind) return false;
  if (f.due === 'overdue' && !i.overdue) return false;
  if (f.due === 'soon' && (i.overdue || i.daysLeft === null || i.daysLeft > 3)) return false;
  if (f.q && !i.caseNumber.includes(f.q) && !i.title.includes(f.q)) return false;
  return true;
}

/** The expanded row: the request in full, with the petition's requests beside the drafted answers. */
function Expanded({ item }: { item: ApprovalItem }) {
  const detail = useQuery({ ...caseDetailQuery(item.caseId), enabled: item.kind !== 'extension', retry: false });
  if (item.kind !== 'extension' && detail.isLoading) return <Skeleton active paragraph={{ rows: 4 }} />;
  return <div className="approval-expanded"><ApprovalContent item={item} requests={detail.data?.case.content.requests} /></div>;
}

export default function Approvals() {
  const qc = useQueryClient();
  const { setParams, filters } = useUrlFilters(FILTER_KEYS);
  const [form] = Form.useForm();
  // Polled once a minute by the shell (the menu's count), which every approver has mounted.
  const q = useQuery({ ...approvalsQuery, staleTime: 0 });
  const [deciding, setDeciding] = useState<{ item: ApprovalItem; mode: DecisionMode } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const rows = useMemo(() => (q.data?.items ?? []).filter((i) => matches(i, filters)), [q.data, filters]);

  useEffect(() => {
    form.setFieldsValue({ kind: undefined, due: undefined, q: undefined, ...filters });
  }, [form, filters]);

  const keyOf = (i: ApprovalItem) => `${i.caseId}:${i.approvalId}`;
  const columns: ColumnsType<ApprovalItem> = [
    {
      title: '相关期限', key: 'due', width: 150,
      render: (_, i) => <Space direction="vertical" size={0}><CountdownTag due={i.due} daysLeft={i.daysLeft} overdue={i.overdue} /><span className="approval-due">{i.due ? `届满日 ${i.due}` : '—'}</span></Space>,
    },
    {
      title: '案件', key: 'case',
      render: (_, i) => (
        <Space direction="vertical" size={0}>
          <Button type="link" className="approval-case-link" onClick={() => setOpenId(i.caseId)} aria-label={`打开案件 ${i.caseNumber} ${i.title}`}>
            <span className="case-number">{i.caseNumber}</span>
          </Button>
          <span>{i.title}</span>
        </Space>
      ),
    },
    { title: '事项', dataIndex: 'kindLabel', width: 130, render: (v: string, i) => <Tag color={i.kind === 'extension' ? '#ad4e00' : '#0958d9'}>{v}</Tag> },
    { title: '报请', key: 'by', width: 130, render: (_, i) => <Space direction="vertical" size={0}><span>{i.requestedBy}</span><span className="approval-due">{i.requestedOn}</span></Space> },
    { title: '请示内容', key: 'ask', render: (_, i) => <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>{askSummary(i.kind, i.payload)}</Typography.Paragraph> },
    {
      title: '操作', key: 'ops', width: 250,
      render: (_, i) => (
        <Space wrap size={[6, 6]}>
          <Button type="primary" size="small" data-decide="approve" onClick={() => setDeciding({ item: i, mode: 'approve' })}>{approveWord(i.kind)}</Button>
          <Button size="small" danger data-decide="refuse" onClick={() => setDeciding({ item: i, mode: 'refuse' })}>不予批准</Button>
          <Button size="small" type="link" onClick={() => setExpanded((e) => (e.includes(keyOf(i)) ? e.filter((k) => k !== keyOf(i)) : [...e, keyOf(i)]))}>
            {expanded.includes(keyOf(i)) ? '收起' : '查看全文'}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div className="approvals-page">
      <Typography.Title level={1} className="page-title">审批待办</Typography.Title>
      <Typography.Paragraph type="secondary">报请您审批的延期办理申请和待签发的处理、复查、复核意见。审批期间期限继续计算，请在相关期限届满前审批。</Typography.Paragraph>
      <Card className="filter-card" size="small">
        <Form form={form} layout="inline" aria-label="审批待办筛选"
          onFinish={(v: Filters) => setParams(objectToParams({ kind: v.kind, due: v.due, q: v.q?.trim() }))}>
          <Form.Item name="kind" label="事项"><Select allowClear placeholder="全部" options={KIND_OPTIONS} style={{ width: 150 }} /></Form.Item>
          <Form.Item name="due" label="期限"><Select allowClear placeholder="全部" options={DUE_OPTIONS} style={{ width: 120 }} /></Form.Item>
          <Form.Item name="q" label="编号/标题"><Input allowClear placeholder="输入编号或标题关键字" maxLength={50} style={{ width: 200 }} /></Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>查询</Button>
              <Button onClick={() => setParams(new URLSearchParams())}>重置</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {q.error && <Alert type="error" showIcon role="alert" message={(q.error).message} />}
      <Table<ApprovalItem>
        className="approvals-table"
        size="small"
        rowKey={keyOf}
        columns={columns}
        dataSource={rows}
        loading={q.isLoading}
        pagination={false}
        title={() => <Typography.Text strong>待审批事项（按报请日期由早到晚，共 {rows.length} 件{rows.length !== (q.data?.items.length ?? 0) ? `，全部 ${q.data?.items.length ?? 0} 件` : ''}）</Typography.Text>}
        locale={{ emptyText: q.isLoading ? '正在加载…' : '暂无待审批事项' }}
        rowClassName={(i) => (i.overdue ? 'row-overdue' : '')}
        expandable={{
          expandedRowKeys: expanded,
          onExpandedRowsChange: (keys) => setExpanded(keys as string[]),
          expandedRowRender: (i) => <Expanded item={i} />,
        }}
      />
      {deciding && (
        <ApprovalDialog key={`${keyOf(deciding.item)}:${deciding.mode}`} item={deciding.item} mode={deciding.mode}
          onClose={() => setDeciding(null)} onDone={() => { void refreshAfterAction(qc, deciding.item.caseId); }} />
      )}
      <CaseDrawer caseId={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
