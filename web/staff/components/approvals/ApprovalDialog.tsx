/**
 * 批准 / 签发 or 不予批准（退回修改） one pending request: the dialog shows the whole request and, in
 * plain words, what the decision will do; approving sends the request's own action with its id (the
 * user never types or sees an approval number), refusing needs a reason. The server's refusal (e.g.
 * EXTENSION_APPROVAL_LATE) is shown as it words it. After approval the dialog says what took effect —
 * for an extension, the new due date the server computed.
 */
import { CheckCircleOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Result, Space, Typography } from 'antd';
import { useState } from 'react';
import { openClock } from '../../../../src/domain/lifecycle/clocks.js';
import { api, ApiError } from '../../../shared/api';
import { useFormSubmit } from '../useFormSubmit';
import { ApprovalContent } from './ApprovalContent';
import { actionTitle, approvalConsequence, approveWord, documentOf, refusalConsequence, type ApprovalItem, type ExtensionAsk } from './approval';
import { CountdownTag } from '../CountdownTag';
import { caseDetailQuery, type ActionResult } from '../case/data';

export type DecisionMode = 'approve' | 'refuse';

interface Props {
  item: ApprovalItem;
  mode: DecisionMode;
  /** The petition's requests, shown beside the drafted answers (loaded when not given). */
  requests?: { no: number; text: string }[];
  onClose: () => void;
  /** The decision was recorded (lists and the case refresh). */
  onDone: () => void;
}

export function ApprovalDialog({ item, mode, requests: given, onClose, onDone }: Props) {
  const [form] = Form.useForm<{ note?: string; reason?: string }>();
  const [version, setVersion] = useState(item.version);
  const [done, setDone] = useState<string | null>(null);
  const [gone, setGone] = useState(false);
  const action = mode === 'approve' ? item.action : 'refuse_approval';
  const word = mode === 'approve' ? approveWord(item.kind) : '不予批准（退回修改）';

  // The petition's own requests beside the drafted answers: read with the case when not given.
  const qc = useQueryClient();
  const detail = useQuery({ ...caseDetailQuery(item.caseId), enabled: !given && item.kind !== 'extension', retry: false });
  const requests = given ?? detail.data?.case.content.requests;

  const { busy, error, submit } = useFormSubmit(form, async (values) => {
    const input = mode === 'approve'
      ? { approvalId: item.approvalId, ...(values.note?.trim() ? { note: values.note.trim() } : {}) }
      : { approvalId: item.approvalId, reason: values.reason ?? '' };
    let r: ActionResult;
    try {
      r = await api.post<ActionResult>(`/api/cases/${encodeURIComponent(item.caseId)}/actions/${action}`, { input, expectedVersion: version });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'VERSION_CONFLICT')) throw e;
      // Someone acted on the case meanwhile: read it again; the request may have been decided already.
      const fresh = await qc.query(caseDetailQuery(item.caseId));
      setVersion(fresh.case.version);
      const still = fresh.case.approvals.some((a) => a.id === item.approvalId && a.status === 'pending');
      if (!still) setGone(true);
      throw new ApiError(e.status, e.code, still ? '案件已被他人更新，已重新载入最新情况，请核对后再提交。' : '该审批事项已被处理或撤回，无需再审批。', e.details);
    }
    if (mode === 'refuse') setDone(`已退回${item.requestedBy}修改，理由已记入办理过程。`);
    else if (item.kind === 'extension') {
      const due = openClock(r.case, 'handling')?.due ?? null;
      setDone(`已批准延期${(item.payload as ExtensionAsk).days ?? ''}日。办理期限延至 ${due ?? '（待录入节假日安排后确定）'}；已出具延期办理告知书，并将以短信告知信访人延期理由。`);
    } else setDone(`已签发${documentOf(item.kind, item.payload)}，请及时送达信访人。`);
    onDone();
  });

  const footer = done
    ? [<Button key="close" type="primary" onClick={onClose}>关闭</Button>]
    : [
        <Button key="cancel" onClick={onClose}>取消</Button>,
        <Button key="ok" type="primary" danger={mode === 'refuse'} loading={busy} disabled={gone} onClick={() => { void submit(); }} data-testid="approval-submit">
          {mode === 'approve' ? `确认${word}` : '确认不予批准'}
        </Button>,
      ];

  return (
    <Modal open title={`${mode === 'approve' ? actionTitle(item.action) : actionTitle('refuse_approval')}：${item.caseNumber}`} onCancel={onClose} footer={footer}
      width={760} destroyOnHidden maskClosable={false} className="approval-dialog">
      {done ? (
        <Result status="success" icon={<CheckCircleOutlined />} title={mode === 'approve' ? `已${word}` : '已退回修改'} subTitle={<span data-testid="approval-result">{done}</span>} />
      ) : (
        <>
          <Space wrap size={[8, 4]} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{item.title}</Typography.Text>
            <Typography.Text type="secondary">{item.kindLabel} · 相关期限 {item.due ?? '—'}</Typography.Text>
            <CountdownTag due={item.due} daysLeft={item.daysLeft} overdue={item.overdue} />
          </Space>
          <ApprovalContent item={item} requests={requests} />
          <Alert type={mode === 'approve' ? 'warning' : 'info'} showIcon style={{ margin: '12px 0' }} message={mode === 'approve' ? `${word}后将会：` : '不予批准后将会：'}
            description={<span data-testid="approval-consequence">{mode === 'approve' ? approvalConsequence(item) : refusalConsequence(item)}</span>} />
          <Form form={form} layout="vertical" name={`approval-${mode}`}>
            {mode === 'approve' ? (
              <Form.Item name="note" label="审批意见（可不填）">
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
              </Form.Item>
            ) : (
              <Form.Item name="reason" label="不予批准（退回修改）的理由" rules={[{ required: true, whitespace: true, message: '请填写不予批准的理由' }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
              </Form.Item>
            )}
          </Form>
          {error && <Alert type="error" showIcon role="alert" message={error} data-testid="action-error" />}
        </>
      )}
    </Modal>
  );
}
