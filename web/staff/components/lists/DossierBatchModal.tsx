/**
 * 批量导出卷宗 (归档): an organ of the user's data scope and the period its cases were closed in
 * (default: the user's organ, last month) → GET /api/dossiers.zip, one PDF dossier per case and a
 * 卷宗目录, saved by the shared download helper. The server decides which cases (closed in the
 * period, held in the organ's subtree, visible to the user), refuses too many or none with its own
 * words — shown here as it says them — and audits the export.
 */
import { FileZipOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Modal, TreeSelect, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { scopeOrganIds, seesNoCases } from '../../../../src/domain/access/case-visibility.js';
import { OrganTree } from '../../../../src/domain/model/organ.js';
import { downloadFile } from '../../../shared/download';
import { useMe } from '../../auth';
import { useOrgans } from '../reference';
import { organTreeOptions } from '../register/refdata';

interface Values { organId: string; period: [Dayjs, Dayjs] }

/** Last month, first to last day: what an archive usually files at the start of a month. */
const lastMonth = (): [Dayjs, Dayjs] => {
  const m = dayjs().subtract(1, 'month');
  return [m.startOf('month'), m.endOf('month')];
};

/** The button and its dialog; hidden from users without an organ data scope (the server would refuse them). */
export function DossierBatchButton() {
  const me = useMe();
  const [open, setOpen] = useState(false);
  const user = { ...me.user, conflictKeys: [] };
  if (seesNoCases(user) || user.dataScope === 'assigned') return null;
  return (
    <>
      <Button icon={<FileZipOutlined />} onClick={() => setOpen(true)}>批量导出卷宗</Button>
      {open && <DossierBatchModal onClose={() => setOpen(false)} />}
    </>
  );
}

function DossierBatchModal({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const { message } = App.useApp();
  const { organs } = useOrgans();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The organs the server accepts: the user's scope (scopeOrganIds, the rule the server applies).
  const organTree = useMemo(() => {
    const ids = new Set(scopeOrganIds({ ...me.user, conflictKeys: [] }, new OrganTree(organs)));
    return organTreeOptions(organs.filter((o) => ids.has(o.id)));
  }, [me.user, organs]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const [from, to] = v.period;
      const filename = await downloadFile('/api/dossiers.zip', { organId: v.organId, from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') }, '卷宗.zip');
      message.success(`已导出 ${filename}`);
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title="批量导出卷宗" onCancel={onClose} maskClosable={!busy} closable={!busy} destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose} disabled={busy}>取消</Button>,
        <Button key="ok" type="primary" icon={<FileZipOutlined />} loading={busy} onClick={() => form.submit()}>导出</Button>,
      ]}>
      <Typography.Paragraph type="secondary">
        导出所选机关（含下级）办理、在所选期间内办结或终结的信访事项卷宗：每件一个 PDF，附卷宗目录（Excel），打包为一个 ZIP 文件。
        卷宗按本人可查看的内容生成，导出记入审计。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ organId: me.user.organId, period: lastMonth() }}
        aria-label="批量导出卷宗条件" disabled={busy}>
        {/* Never empty: it starts at the user's organ and cannot be cleared. */}
        <Form.Item name="organId" label="办理机关">
          <TreeSelect showSearch treeNodeFilterProp="title" treeData={organTree} treeDefaultExpandAll popupMatchSelectWidth={360} />
        </Form.Item>
        <Form.Item name="period" label="办结日期" rules={[{ required: true, message: '请选择办结日期范围' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} placeholder={['开始日期', '结束日期']} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
      {busy && <Alert type="info" showIcon message="正在逐件生成卷宗并打包，件数较多时需要几分钟，请勿关闭本页。" />}
      {error && <Alert type="error" showIcon message="未能导出" description={error} />}
    </Modal>
  );
}
