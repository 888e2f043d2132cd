/**
 * 文书模板 (system administrator): the wording of each document an organ issues. Pick the organ; each
 * kind shows whether it uses the default, the organ's own wording or one inherited from an organ
 * above; edit in a dialog with the placeholders as buttons and a live preview composed from an
 * invented case by the same composeDocument the print page uses. Documents already issued keep
 * the wording they were issued with (the server freezes it); every change is audited.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useRef, useState } from 'react';
import { composeDocument } from '../../../../src/domain/documents/document-content.js';
import { isDocumentKind } from '../../../../src/domain/model/documents.js';
import { api, ApiError } from '../../../shared/api';
import type { Schema } from '../../../shared/api-contract';
import { formatDateTime } from '../../../shared/format';
import { untilDone } from '../popconfirm';
import { useOrgans } from '../reference';
import { organTreeOptions } from '../register/refdata';
import { useFormSubmit } from '../useFormSubmit';
import { SAMPLE_CASE, sampleDocument } from './document-sample';

export type DocumentTemplateRow = Schema<'DocumentTemplate'>;
interface TemplateList { organId: string; organName: string; items: DocumentTemplateRow[] }

const url = (organId: string, kind: string) => `/api/admin/document-templates/${encodeURIComponent(organId)}/${encodeURIComponent(kind)}`;

/** The document as it would be issued: title, addressee and the composed paragraphs. */
function Preview({ row, organId, body }: { row: DocumentTemplateRow; organId: string; body: string }) {
  const organs = useOrgans();
  if (!isDocumentKind(row.kind)) return null;
  let content;
  try {
    content = composeDocument(sampleDocument(row.kind, organId, body), SAMPLE_CASE, { organ: organs.name, user: () => '王主任' });
  } catch {
    return <Typography.Text type="secondary">模板暂不能预览</Typography.Text>;
  }
  return (
    <div className="doc-template-preview" data-testid="document-template-preview" aria-label="文书预览" role="region">
      <p className="doc-template-preview-title">{content.title}</p>
      {content.addressee !== null && <p>{content.addressee}：</p>}
      {content.paragraphs.map((p, i) => <p key={i} className="doc-template-preview-para">{p.text}</p>)}
      <p className="doc-template-preview-sign">{content.signatureOrgan}<br />{content.date}</p>
    </div>
  );
}

interface EditProps { row: DocumentTemplateRow; organId: string; organName: string; onClose: (changed: boolean) => void }

function EditDialog({ row, organId, organName, onClose }: EditProps) {
  const [form] = Form.useForm<{ body: string }>();
  const initial = row.own?.body ?? row.inherited?.body ?? row.defaultBody;
  const body = Form.useWatch<string | undefined>('body', form) ?? initial; // undefined until the form has mounted
  const area = useRef<TextAreaRef>(null);
  const { message } = App.useApp();
  // The server's refusal concerns the text it was sent: once the text changes, it no longer shows.
  const [sent, setSent] = useState<string | null>(null);
  const { busy, error, submit: save } = useFormSubmit(form, async (v) => {
    setSent(v.body);
    await api.put(url(organId, row.kind), { body: v.body });
    message.success(`${organName}的“${row.label}”模板已保存`);
    onClose(true);
  }, '保存失败，请重试');
  /** Inserts {name} where the cursor is (at the end when the text area has not been focused). */
  const insert = (name: string) => {
    const el = area.current?.resizableTextArea?.textArea;
    const text = form.getFieldValue('body') as string | undefined ?? '';
    const at = el ? el.selectionStart : text.length;
    const end = el ? el.selectionEnd : text.length;
    const token = `{${name}}`;
    form.setFieldValue('body', `${text.slice(0, at)}${token}${text.slice(end)}`);
    requestAnimationFrame(() => { el?.focus(); el?.setSelectionRange(at + token.length, at + token.length); });
  };
  return (
    <Modal open title={`修改文书模板：${row.label}（${organName}）`} okText="保存" cancelText="取消" onOk={() => { void save(); }} onCancel={() => onClose(false)}
      confirmLoading={busy} width={920} destroyOnHidden maskClosable={false}>
      <div className="doc-template-editor">
        <div>
          <Form form={form} layout="vertical" initialValues={{ body: initial }} name="document-template">
            <Form.Item name="body" label="文书正文（每行一段）" rules={[{ required: true, whitespace: true, message: '请填写文书正文' }, { max: 5000, message: '不超过5000字' }]}
              extra="花括号内为占位符，出具时替换为实际内容；“逐项列出”的占位符须单独占一行。已出具的文书不受修改影响。">
              <Input.TextArea ref={area} autoSize={{ minRows: 8, maxRows: 18 }} maxLength={5000} showCount />
            </Form.Item>
          </Form>
          <Space wrap size={[6, 6]} aria-label="可用占位符" role="group" style={{ marginBottom: 12 }}>
            {row.placeholders.map((p) => (
              <Button key={p.name} size="small" onClick={() => insert(p.name)} title={p.label}>
                {`插入{${p.name}}${p.label}${p.required ? '（必填）' : ''}`}
              </Button>
            ))}
            <Button size="small" type="link" onClick={() => form.setFieldValue('body', row.defaultBody)}>填入默认文本</Button>
          </Space>
          {error && sent === body && <Alert type="error" showIcon role="alert" message={error} data-testid="document-template-error" />}
        </div>
        <div>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>预览（示例信访事项）：</Typography.Paragraph>
          <Preview row={row} organId={organId} body={body} />
        </div>
      </div>
    </Modal>
  );
}

function Status({ row }: { row: DocumentTemplateRow }) {
  if (row.own) {
    return (
      <Space direction="vertical" size={0}>
        <Tag color="blue">本机关</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(row.own.updatedAt)}</Typography.Text>
      </Space>
    );
  }
  if (row.inherited) return <Tag color="purple">{`继承自${row.inherited.organName}`}</Tag>;
  return <Tag>默认</Tag>;
}

export function DocumentTemplates() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const organs = useOrgans();
  const tree = useMemo(() => organTreeOptions(organs.organs.filter((o) => !o.successorId)), [organs.organs]);
  const [organId, setOrganId] = useState<string | undefined>();
  const list = useQuery({
    queryKey: ['document-templates', organId], enabled: Boolean(organId),
    queryFn: () => api.get<TemplateList>(`/api/admin/document-templates?organId=${encodeURIComponent(organId ?? '')}`),
  });
  const [editing, setEditing] = useState<DocumentTemplateRow | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['document-templates'] });
  const restore = async (r: DocumentTemplateRow) => {
    if (!organId) return;
    try {
      await api.delete(url(organId, r.kind));
      message.success(`“${r.label}”已恢复${r.inherited ? `为${r.inherited.organName}的模板` : '默认文本'}`);
      await refresh();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '恢复失败，请重试');
    }
  };
  const columns: ColumnsType<DocumentTemplateRow> = [
    { title: '名称', dataIndex: 'label', render: (v: string, r) => <Space direction="vertical" size={0}><span>{v}</span><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.kind}</Typography.Text></Space> },
    { title: '状态', key: 'status', width: 240, render: (_: unknown, r) => <Status row={r} /> },
    {
      title: '操作', key: 'op', width: 190, render: (_: unknown, r) => (
        <Space size={0}>
          <Button type="link" onClick={() => setEditing(r)} aria-label={`编辑 ${r.label}`}>编辑</Button>
          {r.own && (
            <Popconfirm title={`恢复“${r.label}”的${r.inherited ? `上级机关（${r.inherited.organName}）模板` : '默认文本'}？`} okText="恢复" cancelText="取消"
              onConfirm={untilDone(() => restore(r))}>
              <Button type="link" aria-label={`恢复默认 ${r.label}`}>恢复默认</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">
        各机关可设定本机关出具文书的文本；未设定的，采用最近一级上级机关的文本，均未设定的采用默认文本。修改只影响此后出具的文书，已出具的文书保持出具时的文本；每次修改记入审计日志。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} wrap>
        <label htmlFor="document-template-organ">机关</label>
        <TreeSelect id="document-template-organ" treeData={tree} value={organId} onChange={(v: string) => setOrganId(v)} showSearch
          treeNodeFilterProp="title" treeDefaultExpandAll placeholder="请选择机关" style={{ width: 360 }} popupMatchSelectWidth={360} />
      </Space>
      {list.error && <Alert type="error" showIcon message={list.error instanceof ApiError ? list.error.message : '模板加载失败'} />}
      {organId
        ? (
            <Card size="small">
              <Table<DocumentTemplateRow> rowKey="kind" columns={columns} dataSource={list.data?.items ?? []} loading={list.isLoading} pagination={false} size="middle"
                aria-label="文书模板" />
            </Card>
          )
        : <Alert type="info" showIcon message="请先选择机关，查看和修改其文书模板" />}
      {editing && organId && (
        <EditDialog row={editing} organId={organId} organName={list.data?.organName ?? ''} onClose={(changed) => {
          setEditing(null);
          if (changed) void refresh();
        }} />
      )}
    </>
  );
}
