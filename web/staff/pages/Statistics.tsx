/**
 * 统计分析 (issue 13): the indicators petition offices are ranked by, for an organ and its
 * subordinates over a period (GET /api/stats/indicators, 环比/同比 beside each ratio), every number
 * opening the cases behind it; the subordinates ranked, each a drill-down; the Excel sheet of the
 * same; and the charts (a lazy chunk, so the numbers never wait for ECharts). Filters live in the
 * URL, as the ledger's do.
 */
import { DownloadOutlined, FileWordOutlined, PrinterOutlined, RollbackOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Breadcrumb, Button, Card, Col, DatePicker, Form, Radio, Row, Select, Skeleton, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { OrganTree } from '../../../src/domain/model/organ.js';
import { COUNT_LABELS, INDICATOR_NAMES, INDICATORS, meetsTarget, targetText, type CountName, type IndicatorName } from '../../../src/domain/stats/indicators.js';
import { api } from '../../shared/api';
import type { ApiAnswer, Schema } from '../../shared/api-contract';
import { downloadFile } from '../../shared/download';
import { useMe, type Me } from '../auth';
import { CHANNEL_OPTIONS, channelLabel, objectToParams, useUrlFilters } from '../components/lists/ref';
import { useCategories, useOrgans } from '../components/reference';
import { categoryTreeOptions, organTreeOptions } from '../components/register/refdata';
import FigureDrawer, { type FigureChoice, type StatsFilters } from '../components/stats/FigureDrawer';
import { change, countChange, defaultPeriod, isPeriodKind, percent, periodOf, periodText, PERIOD_KINDS, trailingYear, type PeriodKind } from '../components/stats/period';
import '../components/lists/lists.css';
import '../components/stats/stats.css';

const StatsCharts = lazy(() => import('../components/stats/StatsCharts'));

type Indicators = ApiAnswer<'/api/stats/indicators'>;
type Monthly = ApiAnswer<'/api/stats/indicators/monthly'>;
type Breakdown = ApiAnswer<'/api/stats/breakdown'>;
type OrganFigures = Schema<'OrganFigures'>;

const FILTER_KEYS = ['organId', 'period', 'from', 'to', 'channel', 'categoryCode'] as const;
const PICKER_FORMATS = { month: 'YYYY年M月', quarter: 'YYYY年第Q季度', year: 'YYYY年' } as const;
/** Periods that have not begun have nothing to count. */
const future = (d: Dayjs) => d.isAfter(dayjs(), 'day');
const COUNT_ORDER: CountName[] = ['registered', 'visits', 'accepted', 'opinions', 'overdueOpen', 'backlog'];

/** The top of the user's data scope, as the server computes it (scopeOrganIds): a petition office sees its whole territory. */
function scopeOf(user: Me['user'], tree: OrganTree): { root: string; ids: Set<string> } {
  if (user.dataScope !== 'organ_and_subordinates') return { root: user.organId, ids: new Set([user.organId]) };
  const organ = tree.get(user.organId);
  const root = organ?.kind === 'petition_office' ? (tree.territoryOf(user.organId)?.id ?? user.organId) : user.organId;
  return { root, ids: new Set(tree.subtreeIds(root)) };
}

/** A number that opens the cases behind it. */
interface FigureButtonProps { label: string; onClick: () => void; children: ReactNode; className?: string; testId?: string }
function FigureButton({ label, onClick, children, className, testId }: FigureButtonProps) {
  return <button type="button" className={`figure-btn ${className ?? ''}`} onClick={onClick} aria-label={label} title={label} data-testid={testId}>{children}</button>;
}

/** 环比 or 同比 of a figure: an arrow and the change (percentage points for a ratio, per cent for a count). */
function Change({ name, c }: { name: string; c: ReturnType<typeof change> }) {
  return (
    <span className="stat-change">
      <span aria-hidden="true">{name} {c ? <>{c.arrow && <span className={c.arrow === '↑' ? 'chg-up' : 'chg-down'}>{c.arrow}</span>}{c.text}</> : '—'}</span>
      <span className="sr-only">{name}{c ? c.words : '无可比数据'}</span>
    </span>
  );
}

export default function Statistics() {
  const { message } = App.useApp();
  const me = useMe();
  const { params, setParams, filters: url } = useUrlFilters(FILTER_KEYS);
  const [form] = Form.useForm();
  const { organs, byId } = useOrgans();
  const { categories } = useCategories();
  const [exporting, setExporting] = useState(false);
  const [figure, setFigure] = useState<FigureChoice | null>(null);

  const tree = useMemo(() => new OrganTree(organs), [organs]);
  const scope = useMemo(() => scopeOf(me.user, tree), [me.user, tree]);
  const organTree = useMemo(() => organTreeOptions(organs.filter((o) => scope.ids.has(o.id))), [organs, scope]);
  const categoryTree = useMemo(() => categoryTreeOptions(categories), [categories]);
  const categoryName = useMemo(() => new Map(categories.map((c) => [c.code, c.name])), [categories]);

  const kind: PeriodKind = isPeriodKind(url.period) ? url.period : (url.from || url.to ? 'custom' : 'year');
  const period = useMemo(() => (url.from && url.to ? { from: url.from, to: url.to } : defaultPeriod()), [url.from, url.to]);
  const filters: StatsFilters = useMemo(() => ({
    from: period.from, to: period.to,
    ...(url.organId ? { organId: url.organId } : {}), ...(url.channel ? { channel: url.channel } : {}),
    ...(url.categoryCode ? { categoryCode: url.categoryCode } : {}),
  }), [period, url.organId, url.channel, url.categoryCode]);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue({
      organId: url.organId, channel: url.channel, categoryCode: url.categoryCode, kind,
      date: kind === 'custom' ? undefined : dayjs(period.from), range: kind === 'custom' ? [dayjs(period.from), dayjs(period.to)] : undefined,
    });
  }, [form, url, kind, period]);
  const formKind = (Form.useWatch('kind', form) as PeriodKind | undefined) ?? kind;

  const q = useQuery({
    queryKey: ['stats', filters],
    queryFn: ({ signal }) => api.get<Indicators>('/api/stats/indicators', { query: { ...filters, by: 'child', compare: true }, signal }),
  });
  const trend = trailingYear(period.to);
  const monthly = useQuery({
    queryKey: ['stats-monthly', filters],
    queryFn: ({ signal }) => api.get<Monthly>('/api/stats/indicators/monthly', { query: { ...filters, ...trend }, signal }),
  });
  const breakdown = (dimension: 'channel' | 'category' | 'region') => ({
    queryKey: ['stats-breakdown', dimension, filters],
    queryFn: ({ signal }: { signal: AbortSignal }) => api.get<Breakdown>('/api/stats/breakdown', { query: { ...filters, dimension }, signal }),
  });
  const byChannel = useQuery(breakdown('channel'));
  const byCategory = useQuery(breakdown('category'));
  const byRegion = useQuery(breakdown('region'));

  const setUrl = (next: Partial<Record<(typeof FILTER_KEYS)[number], string | undefined>>) => {
    const merged = { ...Object.fromEntries(params), ...next };
    setParams(objectToParams(merged));
  };

  const onSearch = (v: { organId?: string; kind: PeriodKind; date?: Dayjs; range?: [Dayjs, Dayjs]; channel?: string; categoryCode?: string }) => {
    const picked = v.kind === 'custom' ? v.range : v.date;
    const p = picked ? periodOf(v.kind, picked) : defaultPeriod();
    setParams(objectToParams({ organId: v.organId, period: v.kind, from: p.from, to: p.to, channel: v.channel, categoryCode: v.categoryCode }));
  };

  /** A file of the server's (the Excel sheet, or 月通报 of the month shown), its name from the server. */
  const download = async (url: string, query: Parameters<typeof downloadFile>[1], fallback: string) => {
    setExporting(true);
    try {
      const filename = await downloadFile(url, query, fallback);
      message.success(`已导出 ${filename}`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };

  const s = q.data;
  const current = s?.organId ?? url.organId ?? scope.root;
  // The way down from the top of the scope to the organ shown: each step a link back up.
  const trail = useMemo(() => {
    const up = tree.ancestorsOrSelf(current).map((o) => o.id);
    const i = up.indexOf(scope.root);
    return (i >= 0 ? up.slice(0, i + 1) : [current]).reverse();
  }, [tree, current, scope.root]);
  const parentId = trail.length > 1 ? trail[trail.length - 2] : undefined;
  const drill = (organId: string) => setUrl({ organId: organId === scope.root ? undefined : organId });

  type Organ = { id: string; name: string } | undefined;
  const openRatio = (n: IndicatorName, part: 'numerator' | 'denominator', organ?: Organ) => setFigure({
    name: n, title: INDICATORS[n].label, part, ...(organ ? { organ } : {}),
    parts: { numerator: INDICATORS[n].numerator, denominator: INDICATORS[n].denominator },
  });
  const openCount = (n: CountName, title: string = COUNT_LABELS[n], organ?: Organ) => setFigure({ name: n, title, part: 'denominator', parts: null, ...(organ ? { organ } : {}) });
  /** Whether a value meets the organ's target (the rules profile's), null when there is none or nothing was due. */
  const met = (n: IndicatorName, value: number | null) => meetsTarget(n, value, s?.targets[n].value ?? null);

  const pText = periodText(period);
  const children = s?.children ?? [];

  const chartData = useMemo(() => ({
    months: monthly.data?.months.map((m) => ({
      month: m.month, registered: m.counts.registered, visits: m.counts.visits, online: m.indicators.onlineShare.value,
    })),
    channels: byChannel.data?.map((r) => ({ name: r.key ? channelLabel(r.key) : '未知', registered: r.registered })),
    categories: byCategory.data?.map((r) => ({ name: r.key ? (categoryName.get(r.key) ?? r.key) : '未分类', registered: r.registered })),
    regions: byRegion.data?.map((r) => ({ name: r.name ?? '本级（未细分到下一级）', registered: r.registered })),
    organs: (q.data?.children ?? []).filter((c) => !c.self).map((c) => ({ name: c.organName, value: c.indicators.onTimeCompletion.value })),
  }), [monthly.data, byChannel.data, byCategory.data, byRegion.data, categoryName, q.data]);

  // A subordinate's number opens its cases; the organ's own row (本级) is not a subtree the API can list apart.
  const organOf = (r: OrganFigures) => (r.self ? undefined : { id: r.organId, name: r.organName });
  const ratioColumn = (n: IndicatorName): ColumnsType<OrganFigures>[number] => ({
    title: INDICATORS[n].label, key: n, align: 'right', width: 84,
    sorter: (a, b) => (a.indicators[n].value ?? -1) - (b.indicators[n].value ?? -1),
    ...(n === 'onTimeCompletion' ? { defaultSortOrder: 'descend' as const } : {}),
    render: (_: unknown, r) => {
      const v = r.indicators[n];
      const short = met(n, v.value) === false;
      const text = <>{percent(v.value)}{short && <span className="sr-only">，未达标</span>}</>;
      const organ = organOf(r);
      return organ && v.denominator > 0
        ? <FigureButton className={short ? 'below-target' : ''} label={`${r.organName}${INDICATORS[n].label}${percent(v.value)}（${v.numerator}/${v.denominator}）${short ? '，未达标' : ''}，查看事项`} onClick={() => openRatio(n, 'numerator', organ)}>{text}</FigureButton>
        : <span className={short ? 'below-target' : ''} title={`${v.numerator} / ${v.denominator}`}>{text}</span>;
    },
  });
  const countColumn = (n: CountName): ColumnsType<OrganFigures>[number] => ({
    title: COUNT_LABELS[n], key: n, align: 'right', width: n === 'backlog' ? 96 : 64,
    sorter: (a, b) => a.counts[n] - b.counts[n],
    render: (_: unknown, r) => {
      const organ = organOf(r);
      return organ && r.counts[n] > 0
        ? <FigureButton label={`${r.organName}${COUNT_LABELS[n]}${r.counts[n]}件，查看事项`} onClick={() => openCount(n, COUNT_LABELS[n], organ)}>{r.counts[n]}</FigureButton>
        : r.counts[n];
    },
  });
  const columns: ColumnsType<OrganFigures> = [
    {
      title: '机关', key: 'organ', fixed: 'left', width: 150,
      render: (_: unknown, r) => (r.self ? r.organName : (
        <Button type="link" className="drill-link" onClick={() => drill(r.organId)} aria-label={`查看${r.organName}的统计`}>{r.organName}</Button>
      )),
    },
    ...COUNT_ORDER.map(countColumn),
    ...INDICATOR_NAMES.map(ratioColumn),
  ];

  const item = (name: string, label: string, node: ReactNode, span: { lg?: number; xxl?: number } = {}) => (
    <Col xs={24} sm={12} lg={span.lg ?? 8} xxl={span.xxl ?? 6}><Form.Item name={name} label={label}>{node}</Form.Item></Col>
  );

  return (
    <div className="stats-page">
      <Typography.Title level={1} className="page-title">统计分析</Typography.Title>
      <Card className="filter-card no-print" size="small">
        <Form form={form} onFinish={onSearch} labelCol={{ flex: '84px' }} aria-label="统计条件" initialValues={{ kind }}>
          <Row gutter={16}>
            {item('organId', '机关', <TreeSelect allowClear showSearch treeNodeFilterProp="title" placeholder="本人数据权限内全部" treeData={organTree} treeDefaultExpandAll popupMatchSelectWidth={360} />)}
            {item('kind', '期间类型', (
              <Radio.Group optionType="button" options={PERIOD_KINDS.map((k) => ({ value: k.value, label: k.label }))}
                onChange={() => form.setFieldsValue({ date: dayjs(), range: [dayjs().startOf('year'), dayjs()] })} />
            ))}
            {formKind === 'custom'
              ? item('range', '统计期间', <DatePicker.RangePicker style={{ width: '100%' }} placeholder={['开始日期', '结束日期']} disabledDate={future} />)
              : item('date', '统计期间', (
                  <DatePicker picker={formKind} style={{ width: '100%' }} format={PICKER_FORMATS[formKind]} disabledDate={future}
                    placeholder={`选择${PERIOD_KINDS.find((k) => k.value === formKind)?.label ?? ''}`} />
                ))}
            {item('channel', '信访形式', <Select allowClear placeholder="全部" options={CHANNEL_OPTIONS} />)}
            {item('categoryCode', '内容分类', <TreeSelect allowClear showSearch treeNodeFilterProp="title" placeholder="全部" treeData={categoryTree} popupMatchSelectWidth={320} />)}
            <Col xs={24} sm={12} lg={8} xxl={6}>
              <Form.Item>
                <Space wrap>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>查询</Button>
                  <Button onClick={() => setParams(new URLSearchParams())}>重置</Button>
                  <Button icon={<DownloadOutlined />} onClick={() => void download('/api/stats/indicators/export', { ...filters, compare: true }, '统计指标.xlsx')}
                    loading={exporting}>导出Excel
                  </Button>
                  {kind === 'month' && (
                    <Button icon={<FileWordOutlined />} loading={exporting}
                      onClick={() => void download('/api/stats/bulletin', { organId: filters.organId, month: period.from.slice(0, 7) }, '月通报.docx')}>
                      月通报（Word）
                    </Button>
                  )}
                  {kind === 'year' && (
                    <Button icon={<FileWordOutlined />} loading={exporting} data-testid="annual-report"
                      onClick={() => void download('/api/stats/annual-report', { organId: filters.organId, year: period.from.slice(0, 4) }, '年度报告.docx')}>
                      年度报告（Word）
                    </Button>
                  )}
                  <Button icon={<PrinterOutlined />} onClick={() => window.print()}>打印</Button>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      <div className="stats-heading">
        <Breadcrumb className="stats-trail" items={trail.map((id, i) => ({
          key: id,
          title: i === trail.length - 1 ? <span aria-current="page">{byId.get(id)?.name ?? s?.organName ?? id}</span>
            : <a href="#" onClick={(e) => { e.preventDefault(); drill(id); }}>{byId.get(id)?.name ?? id}</a>,
        }))} />
        {parentId && <Button size="small" className="no-print" icon={<RollbackOutlined />} onClick={() => drill(parentId)}>返回上级</Button>}
        <Typography.Text className="stats-period">统计期间：{pText}{s ? `（数据截至${s.asOf}）` : ''}</Typography.Text>
      </div>

      {q.error && <Alert type="error" showIcon message={q.error.message} style={{ marginBottom: 12 }} role="alert" />}
      {s?.incomplete && <Alert type="warning" showIcon message="统计数据正在后台重建，数字可能偏小" style={{ marginBottom: 12 }} />}
      {!s && !q.error && <Skeleton active paragraph={{ rows: 8 }} />}
      {s && (
        <>
          <section aria-labelledby="stats-indicators-h">
            <h2 id="stats-indicators-h" className="sr-only">主要指标</h2>
            <Row gutter={[12, 12]} className="indicator-row">
              {INDICATOR_NAMES.map((n) => {
                const r = s.indicators[n];
                const ind = INDICATORS[n];
                const target = s.targets[n].value;
                const ok = met(n, r.value);
                return (
                  <Col key={n} xs={24} sm={12} lg={8} xxl={4}>
                    <Card size="small" className="indicator-card" data-testid={`indicator-${n}`}>
                      <div className="indicator-title">{ind.label}</div>
                      <FigureButton className="indicator-value" label={`${ind.label}${percent(r.value)}，查看${ind.numerator}的事项`} onClick={() => openRatio(n, 'numerator')} testId={`value-${n}`}>
                        {percent(r.value)}
                      </FigureButton>
                      <div className="indicator-parts">
                        <FigureButton label={`${ind.numerator}（分子）${r.numerator}件，查看事项`} onClick={() => openRatio(n, 'numerator')} testId={`numerator-${n}`}>{r.numerator}</FigureButton>
                        <span aria-hidden="true"> / </span>
                        <FigureButton label={`${ind.denominator}（分母）${r.denominator}件，查看事项`} onClick={() => openRatio(n, 'denominator')} testId={`denominator-${n}`}>{r.denominator}</FigureButton>
                      </div>
                      <div className="indicator-parts-label">{ind.numerator} / {ind.denominator}</div>
                      {target !== null && (
                        <div className="indicator-target" data-testid={`target-${n}`}>
                          目标{targetText(n, target)}
                          {ok !== null && <Tag className={`target-tag ${ok ? 'target-met' : 'target-short'}`}>{ok ? '达标' : '未达标'}</Tag>}
                        </div>
                      )}
                      <div className="indicator-compare">
                        <Change name="环比" c={change(r.value, s.previous?.indicators[n].value)} />
                        <Change name="同比" c={change(r.value, s.lastYear?.indicators[n].value)} />
                      </div>
                    </Card>
                  </Col>
                );
              })}
            </Row>
          </section>

          <section aria-labelledby="stats-counts-h" className="count-section">
            <h2 id="stats-counts-h" className="sr-only">数量</h2>
            <Card size="small" className="count-card">
              <ul className="count-list">
                {COUNT_ORDER.map((n) => (
                  <li key={n}>
                    <span className="count-label">{COUNT_LABELS[n]}</span>
                    <FigureButton className="count-value" label={`${COUNT_LABELS[n]}${s.counts[n]}件，查看事项`} onClick={() => openCount(n)} testId={`count-${n}`}>
                      {s.counts[n]}<small>件</small>
                    </FigureButton>
                    {n !== 'overdueOpen' && n !== 'backlog' && (
                      <span className="count-compare">
                        <Change name="环比" c={countChange(s.counts[n], s.previous?.counts[n])} />
                        <Change name="同比" c={countChange(s.counts[n], s.lastYear?.counts[n])} />
                      </span>
                    )}
                  </li>
                ))}
                <li>
                  <span className="count-label">平均办理天数</span>
                  <FigureButton className="count-value" label={`平均办理天数${s.avgHandlingDays ?? '—'}天（${s.counts.opinions}件处理意见），查看事项`}
                    onClick={() => openCount('opinions', '平均办理天数（期间内出具的处理意见）')} testId="count-avgHandlingDays">
                    {s.avgHandlingDays ?? '—'}<small>天</small>
                  </FigureButton>
                </li>
              </ul>
              <Typography.Text type="secondary" className="count-note">在办超期、超期未出具意见（积案）为截至今日的数字，与统计期间无关。</Typography.Text>
            </Card>
          </section>

          <Card size="small" className="dash-card rank-card" title={<h2 className="card-h">下级机关排名</h2>}
            extra={<Typography.Text type="secondary">点击机关名称查看其下级</Typography.Text>}>
            <Table<OrganFigures> size="small" rowKey="organId" columns={columns} dataSource={children} pagination={false}
              scroll={{ x: 1080 }} className="rank-table" locale={{ emptyText: '无下级机关' }} showSorterTooltip={{ target: 'sorter-icon' }} />
          </Card>
        </>
      )}

      {!q.error && (
        <Suspense fallback={<Skeleton active />}>
          <StatsCharts period={pText} {...chartData} />
        </Suspense>
      )}

      <FigureDrawer choice={figure} filters={filters} onClose={() => setFigure(null)} />
    </div>
  );
}
