/**
 * 机关管理: the organ tree (level, kind, region code, merged → successor), with creation, renaming and
 * 撤并 (merge into a successor) for the system administrator; others with access see it read-only.
 * The server checks every rule (level below the parent's, region within the parent's) and its
 * refusal is shown as it says it.
 */
import { ClusterOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { useAuth } from '../auth';
import { useOrgans, type Organ } from '../components/reference';
import { ORGAN_KIND_LABELS, ORGAN_LEVEL_LABELS, RegionPicker } from '../components/register/refdata';
import { useFormSubmit } from '../components/useFormSubmit';
import '../components/admin/admin.css';

interface Row extends Organ { children?: Row[] }
type Dialog = { kind: 'create'; parentId: string | null } | { kind: 'rename'; organ: Organ } | { kind: 'merge'; organ: Organ } | null;

const LEVELS = ['province', 'city', 'county', 'township', 'village', 'department'] as const;
const KINDS = ['petition_office', 'handling_organ', 'discipline_inspection', 'political_legal'] as const;
const NEXT_LEVEL: Record<string, string> = { province: 'city', city: 'county', county: 'township', township: 'village' };

/** Cascader codes (36, 3607) as organs carry them (360000, 360700). */
const organRegionCode = (code: string | null | undefined) => (code ? (code.length < 6 ? code.padEnd(6, '0') : code) : null);

function buildTree(organs: Organ[]): Row[] {
  const rows = new Map<string, Row>(organs.map((o) => [o.id, { ...o }]));
  const roots: Row[] = [];
  for (const r of rows.values()) {
    const p = r.parentId ? rows.get(r.parentId) : undefined;
    if (p) (p.children ??= []).push(r);
    else roots.push(r);
  }
  return roots;
}

interface TreeOpt { value: string; title: string; children?: TreeOpt[] }
const toTreeOptions = (rows: Row[]): TreeOpt[] => rows.map((r) => ({
  value: r.id, title: r.name, ...(r.children ? { children: toTreeOptions(r.children) } : {}),
}));

function OrganDialog({ dialog, organs, onClose }: { dialog: Exclude<Dialog, null>; organs: Organ[]; onClose: (changed: boolean) => void }) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const level = Form.useWatch('level', form) as string | undefined;
  const tree = useMemo(() => toTreeOptions(buildTree(organs.filter((o) => !o.successorId))), [organs]);
  const parent = dialog.kind === 'create' && dialog.parentId ? organs.find((o) => o.id === dialog.parentId) : undefined;
  const title = dialog.kind === 'create' ? (parent ? `在“${parent.name}”下新增机关` : '新增机关') : dialog.kind === 'rename' ? `修改“${dialog.organ.name}”` : `撤并“${dialog.organ.name}”`;
  const initial = dialog.kind === 'create'
    ? { parentId: dialog.parentId, level: parent ? NEXT_LEVEL[parent.level] ?? 'department' : 'province', kind: 'handling_organ', regionCode: parent?.regionCode ?? null }
    : dialog.kind === 'rename' ? { name: dialog.organ.name } : { successorId: dialog.organ.successorId ?? undefined };
  const { busy, error, submit: ok } = useFormSubmit(form, async (v) => {
    if (dialog.kind === 'create') {
      await api.post('/api/admin/organs', {
        name: String(v.name).trim(), parentId: (v.parentId as string | undefined) ?? null, level: v.level, kind: v.kind,
        regionCode: v.level === 'department' ? null : organRegionCode(v.regionCode as string | null),
        ...(v.level === 'department' && typeof v.system === 'string' && v.system.trim() ? { system: v.system.trim() } : {}),
      });
    } else if (dialog.kind === 'rename') {
      await api.patch(`/api/admin/organs/${dialog.organ.id}`, { name: String(v.name).trim() });
    } else {
      await api.patch(`/api/admin/organs/${dialog.organ.id}`, { successorId: (v.successorId as string | undefined) ?? null });
    }
    onClose(true);
  }, '保存失败');
  return (
    <Modal open title={title} onOk={() => void ok()} onCancel={() => onClose(false)} okText="保存" cancelText="取消" confirmLoading={busy} destroyOnHidden width={560}>
      <Form form={form} layout="vertical" name="organ" initialValues={initial} preserve={false}>
        {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
        {dialog.kind !== 'merge' && (
          <Form.Item name="name" label="机关名称" rules={[{ required: true, whitespace: true, message: '请填写机关名称' }]}>
            <Input maxLength={100} />
          </Form.Item>
        )}
        {dialog.kind === 'create' && (
          <>
            <Form.Item name="parentId" label="上级机关" extra="不选则为省级机关">
              <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" allowClear treeDefaultExpandAll={false} placeholder="选择上级机关" />
            </Form.Item>
            <Space size="large" wrap>
              <Form.Item name="level" label="层级" rules={[{ required: true, message: '请选择层级' }]}>
                <Select style={{ width: 160 }} options={LEVELS.map((l) => ({ value: l, label: ORGAN_LEVEL_LABELS[l] }))} />
              </Form.Item>
              <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
                <Select style={{ width: 200 }} options={KINDS.map((k) => ({ value: k, label: ORGAN_KIND_LABELS[k] }))} />
              </Form.Item>
            </Space>
            {level !== 'department' && (
              <Form.Item name="regionCode" label="行政区划" rules={[{ required: true, message: '地方机关须选择行政区划' }]} extra="须在上级机关的区划之内（GB/T 2260）">
                <RegionPicker />
              </Form.Item>
            )}
            {level === 'department' && (
              <Form.Item name="system" label="职能系统" extra="同一系统的上下级部门填写相同名称（如“人力资源社会保障”），上级部门可将转来的事项转送、交办本系统下级部门（第23条）">
                <Input maxLength={40} style={{ width: 320 }} />
              </Form.Item>
            )}
          </>
        )}
        {dialog.kind === 'merge' && (
          <>
            <Typography.Paragraph>撤并后，本机关的在办案件可移交承继机关办理。清空承继机关即撤销撤并标记。</Typography.Paragraph>
            <Form.Item name="successorId" label="承继机关">
              <Select showSearch allowClear optionFilterProp="label" placeholder="选择承继机关"
                options={organs.filter((o) => !o.successorId && o.id !== dialog.organ.id).map((o) => ({ value: o.id, label: o.name }))} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

export default function AdminOrgans() {
  const { has } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const organs = useOrgans();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [keyword, setKeyword] = useState('');
  const canEdit = has('system_admin');
  const all = organs.organs;
  const byId = useMemo(() => new Map(all.map((o) => [o.id, o])), [all]);
  const tree = useMemo(() => {
    const k = keyword.trim();
    if (!k) return buildTree(all);
    // Matches and their ancestors, so a match is shown in place.
    const keep = new Set<string>();
    for (const o of all) {
      if (!o.name.includes(k) && !o.regionCode?.startsWith(k)) continue;
      for (let x: Organ | undefined = o; x; x = x.parentId ? byId.get(x.parentId) : undefined) keep.add(x.id);
    }
    return buildTree(all.filter((o) => keep.has(o.id)));
  }, [all, byId, keyword]);
  const columns: ColumnsType<Row> = [
    { title: '机关名称', dataIndex: 'name', key: 'name', render: (n: string, r) => <span className={r.successorId ? 'merged' : undefined}>{n}</span> },
    { title: '层级', dataIndex: 'level', key: 'level', width: 100, render: (l: string) => ORGAN_LEVEL_LABELS[l] ?? l },
    { title: '类型', dataIndex: 'kind', key: 'kind', width: 140, render: (k: string) => ORGAN_KIND_LABELS[k] ?? k },
    { title: '行政区划代码', dataIndex: 'regionCode', key: 'regionCode', width: 130, render: (c: string | null) => c ?? <Typography.Text type="secondary">同上级</Typography.Text> },
    { title: '状态', key: 'state', width: 220, render: (_, r) => (r.successorId ? <Tag color="#ad4e00">已撤并 → {byId.get(r.successorId)?.name ?? r.successorId}</Tag> : <Tag color="#237804">正常</Tag>) },
    ...(canEdit ? [{
      title: '操作', key: 'ops', width: 230, render: (_: unknown, r: Row) => (
        <Space size={0} wrap>
          {!r.successorId && r.level !== 'department' && <Button type="link" size="small" onClick={() => setDialog({ kind: 'create', parentId: r.id })}>新增下级</Button>}
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'rename', organ: r })}>改名</Button>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'merge', organ: r })}>{r.successorId ? '承继' : '撤并'}</Button>
        </Space>
      ),
    }] : []),
  ];
  return (
    <div className="admin-page">
      <Typography.Title level={1} className="page-title"><ClusterOutlined aria-hidden /> 机关管理</Typography.Title>
      {!canEdit && <Alert type="info" showIcon message="机关的新增、修改与撤并由系统管理员办理；安全管理员可查看。" style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <label htmlFor="organ-search">查找</label>
          <Input.Search id="organ-search" allowClear placeholder="机关名称或区划代码" onSearch={setKeyword} onChange={(e) => !e.target.value && setKeyword('')} style={{ width: 280 }} />
          {canEdit && <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create', parentId: null })}>新增机关</Button>}
          <Typography.Text type="secondary">共 {all.length} 个机关</Typography.Text>
        </Space>
      </Card>
      {organs.error && <Alert type="error" showIcon message={organs.error instanceof ApiError ? organs.error.message : '加载失败'} />}
      <Table<Row> rowKey="id" size="small" columns={columns} dataSource={tree} loading={organs.isLoading} pagination={false}
        expandable={keyword ? { defaultExpandAllRows: true } : { defaultExpandedRowKeys: all.filter((o) => o.level === 'province' || o.level === 'city').map((o) => o.id) }}
        key={`${keyword}|${all.length}`} />
      {dialog && (
        <OrganDialog dialog={dialog} organs={all} onClose={(changed) => {
          setDialog(null);
          if (changed) {
            message.success('已保存');
            void qc.invalidateQueries({ queryKey: ['organs'] });
          }
        }} />
      )}
    </div>
  );
}
