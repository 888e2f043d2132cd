/**
 * The cases behind a figure of the statistics page: an indicator's numerator or denominator (both
 * as tabs) or a count, page by page (GET /api/stats/indicators/cases). Cases outside the user's data
 * scope are counted by the server but not listed: the drawer says how many.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Drawer, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { STATE_LABELS } from '../../../../src/domain/model/case-states.js';
import { api } from '../../../shared/api';
import type { ApiAnswer, ApiQuery } from '../../../shared/api-contract';
import { labelOf } from '../../../shared/format';
import { useOrgans } from '../reference';

type FigureCases = ApiAnswer<'/api/stats/indicators/cases'>;
type FigureRow = FigureCases['items'][number];
export type FigureName = ApiQuery<'/api/stats/indicators/cases'>['indicator'];
export type Part = 'numerator' | 'denominator';
export interface StatsFilters { organId?: string; from: string; to: string; channel?: string; categoryCode?: string }

/** What was clicked: a figure, the part to show first, and the parts' names (a count has one part). */
export interface FigureChoice {
  name: FigureName;
  title: string;
  part: Part;
  parts: { numerator: string; denominator: string } | null;
  /** A subordinate's figure (a cell of the ranking): its organ instead of the page's. */
  organ?: { id: string; name: string };
}

function CaseRows({ filters, name, part }: { filters: StatsFilters; name: FigureName; part: Part }) {
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const { name: organName } = useOrgans();
  const q = useQuery({
    queryKey: ['stats-cases', filters, name, part, page],
    queryFn: ({ signal }) => api.get<FigureCases>('/api/stats/indicators/cases', { query: { ...filters, indicator: name, part, ...page }, signal }),
    placeholderData: keepPreviousData,
  });
  const d = q.data;
  const listed = d ? d.total - d.hidden : 0;
  return (
    <>
      {q.error && <Alert type="error" showIcon message={q.error.message} style={{ marginBottom: 8 }} />}
      {d && (
        <Typography.Paragraph className="figure-total" data-testid="figure-total">
          共计 <strong>{d.total}</strong> 件{d.hidden > 0 ? `，列出 ${listed} 件` : ''}。
        </Typography.Paragraph>
      )}
      {d && d.hidden > 0 && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={`另有 ${d.hidden} 件不在您的数据权限内，仅计入数字`} />}
      <Table<FigureRow> size="small" rowKey={(r) => `${r.caseId}-${r.organId}-${r.on}-${r.kind}`} loading={q.isFetching} dataSource={d?.items ?? []}
        className="figure-table" scroll={{ x: 640 }}
        columns={[
          { title: '编号', dataIndex: 'number', width: 170, render: (v: string, r) => <Link to={`/cases/${encodeURIComponent(r.caseId)}`} className="case-number">{v}</Link> },
          { title: '标题', dataIndex: 'title', ellipsis: true },
          { title: '状态', dataIndex: 'state', width: 100, render: (s: string) => labelOf(STATE_LABELS, s) },
          { title: '计入机关', dataIndex: 'organId', width: 150, render: (id: string) => organName(id) },
          { title: '日期', dataIndex: 'on', width: 110 },
        ]}
        pagination={{
          current: page.page, pageSize: page.pageSize, total: listed, showSizeChanger: true, pageSizeOptions: [20, 50, 100],
          showTotal: (t) => `共 ${t} 件`, onChange: (p, s) => setPage({ page: s === page.pageSize ? p : 1, pageSize: s }),
        }} />
    </>
  );
}

function Parts({ choice, filters }: { choice: FigureChoice; filters: StatsFilters }) {
  const [tab, setTab] = useState<Part>(choice.part);
  if (!choice.parts) return <CaseRows filters={filters} name={choice.name} part="denominator" />;
  const parts = choice.parts;
  return (
    <Tabs activeKey={tab} onChange={(k) => setTab(k as Part)} destroyOnHidden items={(['numerator', 'denominator'] as const).map((p) => ({
      key: p, label: `${p === 'numerator' ? '分子' : '分母'}：${parts[p]}`,
      children: <CaseRows filters={filters} name={choice.name} part={p} />,
    }))} />
  );
}

export default function FigureDrawer({ choice, filters, onClose }: { choice: FigureChoice | null; filters: StatsFilters; onClose: () => void }) {
  // The last figure stays in the drawer while it slides away.
  const [shown, setShown] = useState(choice);
  if (choice && choice !== shown) setShown(choice);
  return (
    <Drawer open={!!choice} onClose={onClose} width="min(820px, 100vw)" destroyOnHidden
      title={shown ? `${shown.organ ? `${shown.organ.name} ` : ''}${shown.title}：计入的信访事项` : ''} className="figure-drawer">
      {shown && <Parts key={`${shown.name}-${shown.part}-${shown.organ?.id ?? ''}`} choice={shown} filters={shown.organ ? { ...filters, organId: shown.organ.id } : filters} />}
    </Drawer>
  );
}
