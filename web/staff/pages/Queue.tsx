/**
 * 待办: the cases my organ (or I) must act on, most urgent first. Filters live in the URL (the
 * dashboard links here with them); saved views are named filter sets kept in this browser per user.
 * Performance marks: `queue:data` when a page's JSON is parsed, `queue:painted` in the first frame
 * after React committed its rows; `queue:render` measures between them (read by bench/web-bench.ts).
 */
import { DeleteOutlined, SaveOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Segmented, Select, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../shared/api';
import { useMe } from '../auth';
import { CaseList } from '../components/lists/CaseList';
import { CHANNEL_OPTIONS, OPEN_STATE_OPTIONS, STAGE_OPTIONS, objectToParams, useUrlFilters, type QueuePage } from '../components/lists/ref';

const FILTER_KEYS = ['stage', 'state', 'channel', 'due', 'q', 'assignedToMe', 'supervision'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;
interface SavedView { name: string; filters: Filters }

const DUE_OPTIONS = [{ value: 'overdue', label: '已超期' }, { value: 'soon', label: '3日内到期' }];
const SUPERVISION_OPTIONS = [{ value: 'received', label: '本机关待反馈的督办' }, { value: 'issued', label: '本机关督办未反馈' }];
const ALL = '__all__';

const sameFilters = (a: Filters, b: Filters) => JSON.stringify(objectToParams(a).toString()) === JSON.stringify(objectToParams(b).toString());
const sorted = (f: Filters): Filters => Object.fromEntries(FILTER_KEYS.filter((k) => f[k]).map((k) => [k, f[k]]));
const isSavedView = (x: unknown): x is SavedView => {
  const v = x as { name?: unknown; filters?: unknown } | null;
  return typeof v?.name === 'string' && typeof v.filters === 'object' && v.filters !== null;
};

/** A page of the queue: `queue:data` marks when its JSON is parsed. */
async function loadPage(query: Filters & { page: number; pageSize: number }, signal: AbortSignal): Promise<QueuePage> {
  const r = await api.get<QueuePage>('/api/cases', { query, signal });
  performance.clearMarks('queue:painted');
  performance.clearMeasures('queue:render');
  performance.mark('queue:data');
  return r;
}
/** Once a page is on screen: `queue:painted` in the first frame after React committed its rows. */
function markPainted() {
  // rAF runs before the frame's paint; the timeout after it runs once that frame is painted.
  const raf = requestAnimationFrame(() => setTimeout(() => {
    performance.mark('queue:painted');
    try { performance.measure('queue:render', 'queue:data', 'queue:painted'); } catch { /* marks cleared by a newer fetch */ }
  }, 0));
  return () => cancelAnimationFrame(raf);
}

function useSavedViews(userId: string) {
  const key = `minsheng:queue-views:${userId}`;
  const [views, setViews] = useState<SavedView[]>(() => {
    try {
      const v = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown;
      return Array.isArray(v) ? v.filter(isSavedView) : [];
    } catch {
      return [];
    }
  });
  const save = (next: SavedView[]) => {
    setViews(next);
    localStorage.setItem(key, JSON.stringify(next));
  };
  return { views, save };
}

export default function Queue() {
  const { user } = useMe();
  const { message } = App.useApp();
  const { setParams, filters: inUrl } = useUrlFilters(FILTER_KEYS);
  const filters = useMemo(() => sorted(inUrl), [inUrl]);
  const [form] = Form.useForm();
  const [naming, setNaming] = useState(false);
  const [viewName, setViewName] = useState('');
  const { views, save } = useSavedViews(user.id);

  useEffect(() => {
    form.setFieldsValue({
      stage: undefined, state: undefined, channel: undefined, due: undefined, q: undefined, supervision: undefined, ...filters, assignedToMe: filters.assignedToMe === 'true',
    });
  }, [form, filters]);

  const apply = (f: Filters) => setParams(objectToParams({ ...sorted(f) }));
  const onSearch = (v: Record<string, unknown>) => apply({
    stage: v.stage as string, state: v.state as string, channel: v.channel as string, due: v.due as string, supervision: v.supervision as string,
    q: typeof v.q === 'string' ? v.q.trim() : undefined, assignedToMe: v.assignedToMe ? 'true' : undefined,
  });
  const activeView = useMemo(() => {
    if (Object.keys(filters).length === 0) return ALL;
    const i = views.findIndex((v) => sameFilters(sorted(v.filters), filters));
    return i >= 0 ? String(i) : null;
  }, [views, filters]);

  const saveView = () => {
    const name = viewName.trim();
    if (!name) return void message.error('请输入视图名称');
    if (name.length > 20) return void message.error('视图名称不超过20个字');
    if (Object.keys(filters).length === 0) return void message.error('当前没有筛选条件，无需保存');
    save([...views.filter((v) => v.name !== name), { name, filters }]);
    setNaming(false);
    setViewName('');
    message.success(`已保存视图“${name}”`);
  };

  const pick = (v: string) => {
    if (v === ALL) apply({});
    else if (v !== '__custom__') {
      const view = views[Number(v)];
      if (view) apply(view.filters);
    }
  };
  const shownView = activeView !== null && activeView !== ALL ? views[Number(activeView)] : undefined;

  // The page of cases is fetched and shown by <CaseList>: a page of data arriving re-renders the
  // table, not this form's dozen antd fields (bench: queue:render).
  return (
    <div className="queue-page">
      <Typography.Title level={1} className="page-title">待办事项</Typography.Title>
      <div className="views-bar" role="group" aria-label="保存的视图">
        <Segmented
          aria-label="选择视图"
          value={activeView ?? '__custom__'}
          onChange={pick}
          options={[{ value: ALL, label: '全部待办' }, ...views.map((v, i) => ({ value: String(i), label: v.name })), ...(activeView === null ? [{ value: '__custom__', label: '当前筛选' }] : [])]}
        />
        {shownView && (
          <Popconfirm title={`删除视图“${shownView.name}”？`} okText="删除" cancelText="取消"
            onConfirm={() => { save(views.filter((_, i) => String(i) !== activeView)); apply({}); }}>
            <Button size="small" icon={<DeleteOutlined />}>删除视图</Button>
          </Popconfirm>
        )}
      </div>
      <Card className="filter-card" size="small">
        <Form form={form} layout="inline" onFinish={onSearch} aria-label="待办筛选">
          <Form.Item name="stage" label="阶段"><Select allowClear placeholder="全部" options={STAGE_OPTIONS} style={{ width: 130 }} /></Form.Item>
          <Form.Item name="state" label="状态"><Select allowClear placeholder="全部" options={OPEN_STATE_OPTIONS} style={{ width: 150 }} /></Form.Item>
          <Form.Item name="channel" label="渠道"><Select allowClear placeholder="全部" options={CHANNEL_OPTIONS} style={{ width: 110 }} /></Form.Item>
          <Form.Item name="due" label="期限"><Select allowClear placeholder="全部" options={DUE_OPTIONS} style={{ width: 120 }} /></Form.Item>
          <Form.Item name="supervision" label="督办"><Select allowClear placeholder="全部" options={SUPERVISION_OPTIONS} style={{ width: 170 }} /></Form.Item>
          <Form.Item name="q" label="编号/标题"><Input allowClear placeholder="输入编号或标题关键字" maxLength={50} style={{ width: 200 }} /></Form.Item>
          <Form.Item name="assignedToMe" valuePropName="checked"><Checkbox>仅分办给我的</Checkbox></Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>查询</Button>
              <Button onClick={() => apply({})}>重置</Button>
              <Button icon={<SaveOutlined />} onClick={() => setNaming(true)} disabled={Object.keys(filters).length === 0}>保存为视图</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <CaseList name="queue" caption="待办事项（超期在前，按届满日期由近及远）" filters={filters}
        load={(page, signal) => loadPage({ ...filters, ...page }, signal)} onShown={markPainted} />
      <Modal title="保存为视图" open={naming} onOk={saveView} onCancel={() => setNaming(false)} okText="保存" cancelText="取消" destroyOnHidden>
        <Form layout="vertical" onFinish={saveView}>
          <Form.Item label="视图名称" htmlFor="queue-view-name" extra="保存当前筛选条件，之后可一键切换（仅保存在本机浏览器）。">
            <Input id="queue-view-name" value={viewName} onChange={(e) => setViewName(e.target.value)} maxLength={20} placeholder="如：本周到期的来信" autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
