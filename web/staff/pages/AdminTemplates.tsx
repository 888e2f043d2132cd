/**
 * 模板管理 (system administrator), two tabs. 短信模板: the wording of each message the petitioner
 * receives. The server accepts only the template's own placeholders and refuses a wording without
 * the required ones; its refusal is shown as it says it. A change applies to every message sent
 * after it (audited). 文书模板: each organ's wording of its documents (components/admin/DocumentTemplates).
 */
import { MessageOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, ApiError } from '../../shared/api';
import type { Schema } from '../../shared/api-contract';
import { formatDateTime } from '../../shared/format';
import { DocumentTemplates } from '../components/admin/DocumentTemplates';
import { useFormSubmit } from '../components/useFormSubmit';
import '../components/admin/admin.css';

export type TemplateRow = Schema<'SmsTemplate'>;

/** The example values a preview fills in, so the administrator reads the message as sent. */
const EXAMPLE: Record<string, string> = {
  number: '于信〔2025〕0123号', queryCode: 'K7QM-4XPA', organ: '于都县人力资源和社会保障局', due: '2025年11月25日',
  days: '30', route: '劳动争议仲裁', code: '482913', minutes: '10',
};
const preview = (body: string) => body.replace(/\{([^{}]*)\}/g, (m, name: string) => EXAMPLE[name] ?? m);

function EditDialog({ row, onClose }: { row: TemplateRow; onClose: (changed: boolean) => void }) {
  const [form] = Form.useForm<{ body: string }>();
  const body = Form.useWatch<string | undefined>('body', form) ?? row.body; // undefined until the form has mounted
  const { message } = App.useApp();
  const { busy, error, submit: save } = useFormSubmit(form, async (v) => {
    await api.put(`/api/admin/notification-templates/${encodeURIComponent(row.key)}`, { body: v.body });
    message.success(`“${row.label}”模板已保存`);
    onClose(true);
  }, '保存失败，请重试');
  const insert = (name: string) => form.setFieldValue('body', `${form.getFieldValue('body') ?? ''}{${name}}`);
  return (
    <Modal open title={`修改短信模板：${row.label}`} okText="保存" cancelText="取消" onOk={() => { void save(); }} onCancel={() => onClose(false)}
      confirmLoading={busy} width={680} destroyOnHidden maskClosable={false}>
      <Form form={form} layout="vertical" initialValues={{ body: row.body }} name="template">
        <Form.Item name="body" label="短信内容" rules={[{ required: true, whitespace: true, message: '请填写短信内容' }, { max: 300, message: '不超过300字' }]}
          extra="花括号内为占位符，发送时替换为实际内容；带“必填”的占位符不能删除。">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={300} showCount />
        </Form.Item>
      </Form>
      <Space wrap style={{ marginBottom: 12 }} aria-label="可用占位符">
        {row.placeholders.map((p) => (
          <Button key={p.name} size="small" onClick={() => insert(p.name)}>
            {`插入{${p.name}}${p.label}${p.required ? '（必填）' : ''}`}
          </Button>
        ))}
        <Button size="small" type="link" onClick={() => form.setFieldValue('body', row.defaultBody)}>恢复默认内容</Button>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>预览（示例数据）：</Typography.Paragraph>
      <Typography.Paragraph className="template-preview" data-testid="template-preview">{preview(body)}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" message={error} data-testid="template-error" />}
    </Modal>
  );
}

function SmsTemplates() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['notification-templates'], queryFn: () => api.get<TemplateRow[]>('/api/admin/notification-templates') });
  const [editing, setEditing] = useState<TemplateRow | null>(null);
  const columns: ColumnsType<TemplateRow> = [
    { title: '短信', dataIndex: 'label', width: 200, render: (v: string, r) => <Space direction="vertical" size={0}><span>{v}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.key}</Typography.Text></Space> },
    { title: '内容', dataIndex: 'body', render: (v: string) => <span className="template-body">{v}</span> },
    { title: '状态', dataIndex: 'customised', width: 150, render: (v: boolean, r) => (v
      ? <Space direction="vertical" size={0}><Tag color="blue">已修改</Tag>{r.updatedAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(r.updatedAt)}</Typography.Text>}</Space>
      : <Tag>默认</Tag>) },
    { title: '操作', key: 'op', width: 90, render: (_: unknown, r) => <Button type="link" onClick={() => setEditing(r)} aria-label={`修改 ${r.label}`}>修改</Button> },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">
        登记、受理、延期、意见送达、复查复核和终结时，系统自动向信访人发送短信。修改后发出的短信即采用新内容；每次修改记入审计日志。
        使用阿里云、腾讯云短信时，平台上报备的模板须与此处内容一致。
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon message={list.error instanceof ApiError ? list.error.message : '模板加载失败'} />}
      <Card size="small">
        <Table<TemplateRow> rowKey="key" columns={columns} dataSource={list.data ?? []} loading={list.isLoading} pagination={false} size="middle"
          aria-label="短信模板" />
      </Card>
      {editing && (
        <EditDialog row={editing} onClose={(changed) => {
          setEditing(null);
          if (changed) void qc.invalidateQueries({ queryKey: ['notification-templates'] });
        }} />
      )}
    </>
  );
}

export default function AdminTemplates() {
  return (
    <div className="admin-page">
      <Typography.Title level={1} className="page-title"><MessageOutlined /> 短信与文书模板</Typography.Title>
      <Tabs items={[
        { key: 'sms', label: '短信模板', children: <SmsTemplates /> },
        { key: 'documents', label: '文书模板', children: <DocumentTemplates /> },
      ]} />
    </div>
  );
}
