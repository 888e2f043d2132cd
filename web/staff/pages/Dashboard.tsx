/**
 * 工作台: what is waiting for me and my organ, by stage, with the deadlines first. Every number is a
 * link to the queue or ledger filtered to exactly those cases (the server computes both with the
 * same conditions). The chart is lazy: the counts render without waiting for ECharts.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api';
import type { ApiAnswer } from '../../shared/api-contract';
import { useMe } from '../auth';
import CaseDrawer from '../components/lists/LazyCaseDrawer';
import { CountdownTag } from '../components/CountdownTag';
import type { QueuePage } from '../components/lists/ref';
import { useOrgans } from '../components/reference';
import { approvalsQuery } from '../components/approvals/query';
import '../components/lists/lists.css';

const DueChart = lazy(() => import('../components/lists/DueChart'));

type Summary = ApiAnswer<'/api/workbench/summary'>;

function Stat({ to, title, value, color, testId }: { to: string; title: string; value: number; color?: string; testId: string }) {
  return (
    <Card className="dash-card" size="small">
      <Link to={to} className="dash-stat" data-testid={testId} aria-label={`${title}：${value}件，查看列表`}>
        <Statistic title={title} value={value} suffix="件" valueStyle={{ color: value > 0 ? color : undefined, fontWeight: 600 }} />
      </Link>
    </Card>
  );
}

export default function Dashboard() {
  const me = useMe();
  const q = useQuery({ queryKey: ['workbench-summary'], queryFn: () => api.get<Summary>('/api/workbench/summary'), staleTime: 0, refetchInterval: 5 * 60_000 });
  // The most urgent few, so the first screen already shows which case to open first.
  const urgent = useQuery({ queryKey: ['queue', 'urgent'], queryFn: () => api.get<QueuePage>('/api/cases', { query: { pageSize: 8 } }), staleTime: 0 });
  const { name: organName } = useOrgans();
  // Leaders approve extensions and sign opinions: what waits for them first.
  const isLeader = me.user.roles.includes('leader');
  const approvals = useQuery({ ...approvalsQuery, enabled: isLeader, staleTime: 0 });
  const [openId, setOpenId] = useState<string | null>(null);
  const s = q.data;
  return (
    <div className="dashboard-page">
      <Typography.Title level={1} className="page-title">工作台</Typography.Title>
      {q.error && <Alert type="error" showIcon message={(q.error).message} />}
      {!s ? <Skeleton active paragraph={{ rows: 6 }} /> : (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            {me.organ?.name ?? me.user.organId} · {me.user.name}，今天是 {s.today}。以下“本机关待办”为需要本机关办理的在办事项。
          </Typography.Paragraph>
          <Row gutter={[12, 12]}>
            {isLeader && <Col flex="1 1 150px"><Stat testId="dash-approvals" to="/approvals" title="待我审批" value={approvals.data?.items.length ?? 0} color="#c4151c" /></Col>}
            <Col flex="1 1 150px"><Stat testId="dash-total" to="/queue" title="本机关待办" value={s.mine.total} /></Col>
            <Col flex="1 1 150px"><Stat testId="dash-overdue" to="/queue?due=overdue" title="已超期" value={s.mine.overdue} color="#c4151c" /></Col>
            <Col flex="1 1 150px"><Stat testId="dash-soon" to="/queue?due=soon" title="3日内到期" value={s.mine.dueSoon} color="#ad4e00" /></Col>
            <Col flex="1 1 150px"><Stat testId="dash-assigned" to="/queue?assignedToMe=true" title="分办给我" value={s.mine.assignedToMe} /></Col>
            <Col flex="1 1 150px"><Stat testId="dash-sup-received" to="/queue?supervision=received" title="督办待反馈" value={s.supervision.received} color="#c4151c" /></Col>
            <Col flex="1 1 150px"><Stat testId="dash-sup-issued" to="/queue?supervision=issued" title="本机关督办未反馈" value={s.supervision.issued} /></Col>
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} lg={8}>
              <Card size="small" title={<h2 className="card-h">本机关待办 · 按阶段</h2>} className="dash-card">
                <ul className="stage-list">
                  {s.mine.stages.map((g) => (
                    <li key={g.key}>
                      <Link to={`/queue?stage=${g.key}`} aria-label={`${g.label}：${g.count}件`}>{g.label}</Link>
                      <span className="stage-count" aria-hidden="true">{g.count}</span>
                    </li>
                  ))}
                </ul>
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card size="small" title={<h2 className="card-h">未来14天到期分布（本机关待办）</h2>} className="dash-card">
                <Suspense fallback={<Skeleton active />}><DueChart days={s.mine.dueNext14} /></Suspense>
              </Card>
            </Col>
            <Col xs={24} lg={6}>
              <Card size="small" title={<h2 className="card-h">数据范围内</h2>} className="dash-card">
                <ul className="stage-list">
                  <li><Link to="/ledger?open=true">在办事项</Link><span className="stage-count">{s.scope.open}</span></li>
                  <li><Link to="/ledger?overdue=true">超期未办结</Link><span className="stage-count" style={{ color: s.scope.overdue ? '#c4151c' : undefined }}>{s.scope.overdue}</span></li>
                  <li><Link to={`/ledger?receivedFrom=${s.scope.since}`}>昨日以来新登记</Link><span className="stage-count">{s.scope.newSinceYesterday}</span></li>
                  <li><Link to="/ledger">全部事项</Link><span className="stage-count">{s.scope.totalCapped ? `${s.scope.total}+` : s.scope.total}</span></li>
                </ul>
              </Card>
            </Col>
          </Row>
          <Card size="small" className="dash-card" style={{ marginTop: 12 }} title={<h2 className="card-h">最紧急的待办</h2>} extra={<Link to="/queue">全部待办 »</Link>}>
            {urgent.data?.items.length === 0 && <Typography.Text type="secondary">本机关暂无待办事项。</Typography.Text>}
            <ul className="urgent-list">
              {(urgent.data?.items ?? []).map((r) => (
                <li key={r.id}>
                  <CountdownTag due={r.nextDue} daysLeft={r.daysLeft} overdue={r.overdue} provisional={r.nextDueProvisional} />
                  <button type="button" className="urgent-open" onClick={() => setOpenId(r.id)}>
                    <span className="case-number">{r.number}</span> {r.title}
                  </button>
                  <span className="urgent-organ">{organName(r.holderOrganId)}</span>
                </li>
              ))}
            </ul>
          </Card>
        </>
      )}
      <CaseDrawer caseId={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
