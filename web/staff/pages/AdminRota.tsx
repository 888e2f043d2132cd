/**
 * 领导接访安排 (system administrator): which organ's leaders receive visitors, when and where. The
 * list is published as it is on the portal's 办事指南; an entry is added, edited in place or deleted;
 * the server checks every entry and its refusal is shown as it says it.
 */
import { EditOutlined, PlusOutlined, ScheduleOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Table, TimePicker, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, ApiError } from '../../shared/api';
import type { Schema } from '../../shared/api-contract';
import { filled } from '../../shared/format';
import { untilDone } from '../components/popconfirm';
import { useOrgans } from '../components/reference';
import { organTreeOptions } from '../components/register/refdata';
import { useFormSubmit } from '../components/useFormSubmit';
import '../components/admin/admin.css';

const WEEKDAYS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'].map((label, i) => ({ value: i + 1, label }));

type RotaRow = Schema<'RotaEntry'>;

/** 09:00-12:00 → the two times of the range picker. */
const hoursOf = (time: string): [Dayjs, Dayjs] | undefined => {
  const at = (hhmm: string | undefined) => {
    const [h, m] = (hhmm ?? '').split(':').map(Number);
    return h === undefined || m === undefined || Number.isNaN(h) || Number.isNaN(m) ? undefined : dayjs().hour(h).minute(m).second(0).millisecond(0);
  };
  const [from, to] = time.split('-').map(at);
  return from && to ? [from, to] : undefined;
};

/** Add an entry, or edit `entry` in place. */
function RotaDialog({ entry, onClose }: { entry?: RotaRow; onClose: (changed: boolean) => void }) {
  const [form] = Form.useForm<{ organId: string; weekday: number; hours: [Dayjs, Dayjs]; leader?: string; place?: string }>();
  const initial = entry
    ? { organId: entry.organId, weekday: entry.weekday, hours: hoursOf(entry.time), leader: entry.leader ?? undefined, place: entry.place ?? undefined }
    : undefined;
  const organs = useOrgans();
  // Organs that receive visitors: no villages, none merged away.
  const tree = useMemo(() => organTreeOptions(organs.organs.filter((o) => !o.successorId && o.level !== 'village')), [organs.organs]);
  const { message } = App.useApp();
  const { busy, error, submit: save } = useFormSubmit(form, async (v) => {
    const body = {
      organId: v.organId, weekday: v.weekday, time: `${v.hours[0].format('HH:mm')}-${v.hours[1].format('HH:mm')}`,
      leader: filled(v.leader?.trim()) ?? null, place: filled(v.place?.trim()) ?? null,
    };
    if (entry) await api.put(`/api/admin/reception-rota/${encodeURIComponent(entry.id)}`, body);
    else await api.post('/api/admin/reception-rota', body);
    message.success(entry ? '接访安排已修改，门户“办事指南”即时更新' : '接访安排已添加，门户“办事指南”即时公布');
    onClose(true);
  }, '保存失败，请重试');
  return (
    <Modal open title={entry ? '修改接访安排' : '新增接访安排'} okText="保存" cancelText="取消" onOk={() => { void save(); }} onCancel={() => onClose(false)}
      confirmLoading={busy} destroyOnHidden maskClosable={false}>
      <Form form={form} layout="vertical" name="rota" initialValues={initial}>
        <Form.Item name="organId" label="接访机关" rules={[{ required: true, message: '请选择接访机关' }]}>
          <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll placeholder="请选择" popupMatchSelectWidth={360} />
        </Form.Item>
        <Form.Item name="weekday" label="星期" rules={[{ required: true, message: '请选择星期' }]}>
          <Select options={WEEKDAYS} placeholder="请选择" />
        </Form.Item>
        <Form.Item name="hours" label="接访时间" rules={[{ required: true, message: '请选择开始和结束时间' }]}>
          <TimePicker.RangePicker format="HH:mm" minuteStep={5} placeholder={['开始', '结束']} order />
        </Form.Item>
        <Form.Item name="leader" label="接访领导（可不填）" extra="可写职务，如“县人民政府值班领导”。">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="place" label="地点（可不填）">
          <Input maxLength={100} placeholder="如：于都县人民来访接待中心" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon role="alert" message={error} data-testid="rota-error" />}
    </Modal>
  );
}

export default function AdminRota() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery({ queryKey: ['reception-rota'], queryFn: () => api.get<RotaRow[]>('/api/admin/reception-rota') });
  // The dialog: closed, a new entry ('new'), or the entry being edited.
  const [editing, setEditing] = useState<RotaRow | 'new' | null>(null);
  const remove = async (r: RotaRow) => {
    try {
      await api.delete(`/api/admin/reception-rota/${encodeURIComponent(r.id)}`);
      message.success('已删除');
      await qc.invalidateQueries({ queryKey: ['reception-rota'] });
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '删除失败');
    }
  };
  const columns: ColumnsType<RotaRow> = [
    { title: '时间', key: 'when', width: 180, render: (_: unknown, r) => `${r.weekdayLabel} ${r.time}` },
    { title: '接访机关', dataIndex: 'organ' },
    { title: '接访领导', dataIndex: 'leader', render: (v: string | null) => v ?? '—' },
    { title: '地点', dataIndex: 'place', render: (v: string | null) => v ?? '—' },
    {
      title: '操作', key: 'op', width: 140,
      render: (_: unknown, r) => (
        <>
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(r)} aria-label={`修改 ${r.organ} ${r.weekdayLabel} ${r.time}`}>修改</Button>
          <Popconfirm title={`删除${r.organ}${r.weekdayLabel}的接访安排？`} okText="删除" cancelText="取消" onConfirm={untilDone(() => remove(r))}>
            <Button type="link" danger aria-label={`删除 ${r.organ} ${r.weekdayLabel} ${r.time}`}>删除</Button>
          </Popconfirm>
        </>
      ),
    },
  ];
  return (
    <div className="admin-page">
      <Typography.Title level={1} className="page-title"><ScheduleOutlined /> 领导接访安排</Typography.Title>
      <Typography.Paragraph type="secondary">此处的安排在网上信访平台“办事指南”中向群众公布；调整后即时生效，每次增删改记入审计日志。</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon message={list.error instanceof ApiError ? list.error.message : '加载失败'} />}
      <Card size="small" extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>新增接访安排</Button>} title="每周安排">
        <Table<RotaRow> rowKey="id" columns={columns} dataSource={list.data ?? []} loading={list.isLoading} pagination={false} size="middle"
          locale={{ emptyText: '尚未公布接访安排' }} />
      </Card>
      {editing && (
        <RotaDialog entry={editing === 'new' ? undefined : editing} onClose={(changed) => {
          setEditing(null);
          if (changed) void qc.invalidateQueries({ queryKey: ['reception-rota'] });
        }} />
      )}
    </div>
  );
}
