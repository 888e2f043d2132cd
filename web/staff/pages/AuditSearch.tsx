/**
 * 审计日志 (安全审计员 only): search the trail by time, actor, action, target and outcome over a
 * paginated table; a drawer shows one entry (ID numbers and phones masked even if a detail held
 * one); 校验日志链 checks the SM3 hash chain and names the first broken link; export as CSV.
 * Every search, verification and export is itself recorded by the server.
 */
import { AuditOutlined, DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, ApiError, withQuery } from '../../shared/api';
import type { ApiAnswer, Schema } from '../../shared/api-contract';
import { filled, formatDateTime } from '../../shared/format';
import { chinaDate } from '../../../src/domain/calendar/dates.js';
import { AUDIT_ACTION_LABELS, auditActionLabel } from '../../../src/domain/audit-actions.js';
import '../components/admin/admin.css';

type AuditRow = Schema<'AuditEntry'>;
type Verify = ApiAnswer<'/api/audit/verify'>;
/** The search form's values (sent as the query of GET /api/audit and /api/audit/export). */
interface Filter { from?: string; to?: string; actor?: string; action?: string; targetType?: string; targetId?: string; outcome?: string }
interface SearchValues {
  range?: [Dayjs | null, Dayjs | null] | null; actor?: string; action?: string; targetType?: string; targetId?: string; outcome?: string;
}

const OUTCOMES: Record<string, { label: string; color: string }> = { ok: { label: '成功', color: '#237804' }, denied: { label: '拒绝', color: '#c4151c' }, error: { label: '出错', color: '#ad4e00' } };
const ACTION_OPTIONS = [
  { value: 'case.*', label: 'case.*（全部案件操作）' }, { value: 'user.*', label: 'user.*（全部账户操作）' }, { value: 'auth.*', label: 'auth.*（登录与账户安全）' }, { value: 'organ.*', label: 'organ.*' }, { value: 'audit.*', label: 'audit.*' },
  ...Object.entries(AUDIT_ACTION_LABELS).map(([v, l]) => ({ value: v, label: `${v}（${l}）` })),
];
const TARGET_TYPES = ['case', 'user', 'organ', 'calendar', 'rules_profile', 'notification_template', 'audit_log'];

/** Anything that looks like an ID number or a mobile number is masked before it is shown. */
export function maskPersonal(text: string): string {
  return text
    .replace(/(?<!\d)(\d{4})\d{10}(\d{3}[\dXx])(?!\d)/g, '$1**********$2')
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2');
}

const actionLabel = auditActionLabel;
const beijingDate = (d: Dayjs) => d.format('YYYY-MM-DD');
const ACTOR_KINDS = { staff: '工作人员', petitioner: '信访人', system: '系统' } as const;
const TARGET_KINDS: Record<string, string> = { case: '信访事项', user: '账户', organ: '机关', calendar: '工作日历', rules_profile: '期限规则', notification_template: '短信模板', audit_log: '审计日志' };

/** The target as a person reads it: 信访事项 360731-2026-000123, 账户 张三 — the raw id in a tooltip. */
function Target({ r }: { r: AuditRow }) {
  const kind = TARGET_KINDS[r.targetType] ?? r.targetType;
  return <span title={r.targetId ?? undefined}>{kind}{r.targetLabel ? ` ${r.targetLabel}` : r.targetId ? <span className="mono"> {r.targetId}</span> : ''}</span>;
}

export default function AuditSearch() {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<Filter>({});
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [open, setOpen] = useState<AuditRow | null>(null);
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const q = useQuery({
    queryKey: ['audit', filter, page],
    queryFn: () => api.get<ApiAnswer<'/api/audit'>>('/api/audit', { query: { ...filter, ...page } }),
  });
  const search = (v: SearchValues) => {
    const f: Filter = {
      from: v.range?.[0] ? beijingDate(v.range[0]) : undefined, to: v.range?.[1] ? beijingDate(v.range[1]) : undefined,
      actor: filled(v.actor?.trim()), action: filled(v.action?.trim()), targetType: filled(v.targetType),
      targetId: filled(v.targetId?.trim()), outcome: filled(v.outcome),
    };
    setFilter(f);
    setPage((p) => ({ ...p, page: 1 }));
  };
  const [exporting, setExporting] = useState(false);
  // Fetched, not a plain link: a refusal or an error is shown here instead of replacing the page.
  const exportCsv = async () => {
    setExporting(true);
    try {
      const res = await fetch(withQuery('/api/audit/export', { ...filter }), { credentials: 'same-origin' });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        throw new Error(body.message ?? `导出失败（${res.status}）`);
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `审计日志-${chinaDate(new Date()).replace(/-/g, '')}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };
  const runVerify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerify(await api.get<Verify>('/api/audit/verify'));
    } catch (e) {
      setVerifyError(e instanceof ApiError ? e.message : '校验失败');
    } finally {
      setVerifying(false);
    }
  };
  return (
    <div className="admin-page">
      <Typography.Title level={1} className="page-title"><AuditOutlined aria-hidden /> 审计日志</Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form form={form} layout="inline" name="auditSearch" onFinish={search} style={{ rowGap: 8 }}>
          <Form.Item name="range" label="时间（北京时间）"><DatePicker.RangePicker allowEmpty={[true, true]} /></Form.Item>
          <Form.Item name="actor" label="操作人用户名"><Input allowClear style={{ width: 140 }} autoComplete="off" /></Form.Item>
          <Form.Item name="action" label="操作"><AutoComplete allowClear options={ACTION_OPTIONS} style={{ width: 220 }} filterOption={(i, o) => (o?.label ?? '').includes(i)} placeholder="如 user.* 或 case.register" /></Form.Item>
          <Form.Item name="targetType" label="对象类型"><Select allowClear style={{ width: 150 }} options={TARGET_TYPES.map((t) => ({ value: t, label: t }))} /></Form.Item>
          <Form.Item name="targetId" label="对象ID"><Input allowClear style={{ width: 180 }} autoComplete="off" /></Form.Item>
          <Form.Item name="outcome" label="结果"><Select allowClear style={{ width: 100 }} options={Object.entries(OUTCOMES).map(([v, o]) => ({ value: v, label: o.label }))} /></Form.Item>
          <Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit">查询</Button>
              <Button onClick={() => { form.resetFields(); search({}); }}>重置</Button>
              <Button icon={<DownloadOutlined />} onClick={() => void exportCsv()} loading={exporting}>导出CSV</Button>
              <Button icon={<SafetyCertificateOutlined />} onClick={() => void runVerify()} loading={verifying}>校验日志链</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <div aria-live="polite">
        {verifyError && <Alert type="error" showIcon message={verifyError} style={{ marginBottom: 12 }} />}
        {verify && (verify.ok
          ? (
              <Alert type="success" showIcon closable onClose={() => setVerify(null)} style={{ marginBottom: 12 }} message={`日志链完整：已校验 ${verify.checked} 条，链头序号 ${verify.headSeq}`}
                description={<span>链头 SM3 哈希：<span className="mono">{verify.headHash}</span>（请定期抄存于系统之外，以便发现整段删除）</span>} />
            )
          : (
              <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} message={`日志链断裂：第一处断裂在序号 ${verify.firstBroken?.seq}`}
                description={`${verify.firstBroken?.reason ?? ''}（已校验 ${verify.checked} 条）。请立即报告安全管理员并保全数据库。`} />
            ))}
      </div>
      {q.error && <Alert type="error" showIcon message={q.error instanceof ApiError ? q.error.message : '加载失败'} style={{ marginBottom: 12 }} />}
      <Table<AuditRow> rowKey="seq" size="small" loading={q.isLoading} dataSource={q.data?.items ?? []}
        onRow={(r) => ({ onDoubleClick: () => setOpen(r) })}
        pagination={{ current: page.page, pageSize: page.pageSize, total: q.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (n) => `共 ${n} 条`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '序号', dataIndex: 'seq', width: 80 },
          { title: '时间', dataIndex: 'at', width: 150, render: (a: string) => formatDateTime(a) },
          { title: '操作人', key: 'actor', width: 170, render: (_, r) => (r.actorId ? <span>{r.actorName ?? r.actorId}<Typography.Text type="secondary">（{r.actorId}）</Typography.Text></span> : ACTOR_KINDS[r.actorKind]) },
          { title: '机关', key: 'organ', render: (_, r) => r.actorOrganName ?? r.actorOrganId ?? '' },
          { title: '操作', dataIndex: 'action', render: (a: string) => <span title={a}>{actionLabel(a)}</span> },
          { title: '对象', key: 'target', render: (_, r) => <Target r={r} /> },
          { title: '结果', dataIndex: 'outcome', width: 80, render: (o: string) => <Tag color={OUTCOMES[o]?.color}>{OUTCOMES[o]?.label ?? o}</Tag> },
          { title: '详情', key: 'open', width: 80, render: (_, r) => <Button type="link" size="small" onClick={() => setOpen(r)} aria-label={`查看第 ${r.seq} 条详情`}>查看</Button> },
        ]} />
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={640} title={open ? `审计记录 #${open.seq}` : ''} className="audit-detail">
        {open && (
          <Descriptions column={1} bordered size="small" items={[
            { key: 'seq', label: '序号', children: open.seq },
            { key: 'at', label: '时间', children: `${formatDateTime(open.at)}（北京时间）` },
            { key: 'actor', label: '操作人', children: open.actorId ? `${open.actorName ?? ''}（${open.actorId}）` : '系统' },
            { key: 'organ', label: '机关', children: open.actorOrganId ? `${open.actorOrganName ?? ''}（${open.actorOrganId}）` : '—' },
            { key: 'action', label: '操作', children: `${actionLabel(open.action)}（${open.action}）` },
            { key: 'target', label: '对象', children: <><Target r={open} /><Typography.Text type="secondary" className="mono">（{open.targetType} {open.targetId ?? ''}）</Typography.Text></> },
            { key: 'outcome', label: '结果', children: <Tag color={OUTCOMES[open.outcome]?.color}>{OUTCOMES[open.outcome]?.label ?? open.outcome}</Tag> },
            { key: 'detail', label: '详情', children: <pre>{maskPersonal(JSON.stringify(open.detail, null, 2))}</pre> },
            { key: 'prev', label: '前一条哈希', children: <span className="mono">{open.prevHash}</span> },
            { key: 'hash', label: '本条哈希（SM3）', children: <span className="mono">{open.hash}</span> },
          ]} />
        )}
      </Drawer>
    </div>
  );
}
