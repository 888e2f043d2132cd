/**
 * The petitioners as the API shows them (masked), and 查看完整信息 for those who may unmask:
 * the reason is asked each time (a common one picked, or typed) and goes into the audit entry;
 * the server decides and audits every request; a refusal is shown as the server words it.
 */
import { EyeOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Descriptions, Form, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../../shared/api';
import type { ApiAnswer } from '../../../shared/api-contract';
import type { CaseRecord, Petitioner } from './data';

/** Roles that may ask to unmask (the server decides per case: registrar or holder organ, Art 30). */
const UNMASK_ROLES = ['intake_clerk', 'petition_officer', 'handler', 'leader', 'discipline_officer'];
/** The reasons staff give most; any other may be typed. */
const COMMON_REASONS = ['联系信访人', '核实信访人身份', '送达文书', '电话回访', '约见信访人', '转送交办需要'];

export function PersonalData({ c, roles, organId }: { c: CaseRecord; roles: string[]; organId: string }) {
  const [full, setFull] = useState<Petitioner[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [asking, setAsking] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const mayAsk = roles.some((r) => UNMASK_ROLES.includes(r)) && (organId === c.holderOrganId || organId === c.registrarOrganId || c.content.kind === 'accusation');
  const shown = full ?? c.content.petitioners;
  const unmask = async (reason: string) => {
    setLoading(true);
    setError(null);
    try {
      setFull((await api.get<ApiAnswer<'/api/cases/{id}/personal-data'>>(`/api/cases/${encodeURIComponent(c.id)}/personal-data`, { query: { reason } })).petitioners);
      setAsking(false);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '查询失败');
      setAsking(false);
    } finally {
      setLoading(false);
    }
  };
  return (
    <section aria-labelledby="case-petitioners">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} id="case-petitioners" style={{ margin: 0 }}>
          信访人{c.content.anonymous ? '（匿名）' : ''}{c.content.headcount > 1 ? `（共${c.content.headcount}人）` : ''}
        </Typography.Title>
        {mayAsk && !full && <Button size="small" icon={<EyeOutlined />} loading={loading} onClick={() => { form.resetFields(); setAsking(true); }}>查看完整信息</Button>}
        {full && <Button size="small" onClick={() => setFull(null)}>隐藏完整信息</Button>}
      </Space>
      <Modal open={asking} title="查看完整个人信息" okText="确认查看" cancelText="取消" confirmLoading={loading} destroyOnHidden
        onCancel={() => setAsking(false)} onOk={() => { void form.validateFields().then((v) => unmask(v.reason.trim())); }}>
        <Typography.Paragraph>完整的身份证号、电话和住址仅用于办理本件。请说明查看事由，事由与查看记录一并记入审计日志。</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => { void unmask(v.reason.trim()); }}>
          <Form.Item name="reason" label="查看事由" rules={[
            { required: true, whitespace: true, message: '请说明查看事由' },
            { min: 2, message: '查看事由至少2个字' }, { max: 100, message: '查看事由不能超过100字' },
          ]}>
            <AutoComplete options={COMMON_REASONS.map((r) => ({ value: r }))} placeholder="选择或填写，如：联系信访人" autoFocus
              filterOption={(input, o) => (o?.value ?? '').includes(input)} />
          </Form.Item>
        </Form>
      </Modal>
      {full && <Alert type="warning" showIcon style={{ margin: '8px 0' }} message="完整个人信息仅用于办理本件，查看已记入审计日志。" />}
      {error && <Alert type="error" showIcon role="alert" style={{ margin: '8px 0' }} message={error} />}
      {shown.length === 0 && <Typography.Paragraph type="secondary">无信访人信息</Typography.Paragraph>}
      {shown.map((p, i) => (
        <Descriptions key={i} size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginTop: 8 }} data-testid="petitioner"
          items={[
            { key: 'n', label: '姓名', children: <>{p.name}{p.representative && <Tag style={{ marginLeft: 4 }}>代表</Tag>}{p.kind === 'organisation' && <Tag style={{ marginLeft: 4 }}>单位</Tag>}</> },
            { key: 'id', label: '身份证号', children: p.idNumber ?? '—' },
            { key: 'ph', label: '联系电话', children: p.phone ?? '—' },
            { key: 'ad', label: '住址', children: p.address ?? '—' },
          ]} />
      ))}
    </section>
  );
}
