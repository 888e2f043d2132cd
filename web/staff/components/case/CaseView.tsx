/**
 * The whole case as staff work on it — header with clocks, actions, petitioners, content, linked
 * cases, timeline, documents — shared by the drawer and the full page (/staff/cases/:id).
 */
import { useQueries, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Divider, Empty, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ApiError } from '../../../shared/api';
import { STATE_LABELS } from '../../../../src/domain/model/case-states.js';
import { OrganTree } from '../../../../src/domain/model/organ.js';
import { useMe } from '../../auth';
import { useCategories, useOrgans } from '../reference';
import './case.css';
import { ActionBar } from './ActionBar';
import { ActionForm, type FormContext, type LinkedView } from './ActionForm';
import { FinalMatter } from './FinalMatter';
import { PendingApprovals } from './PendingApprovals';
import { CaseDocuments } from './Documents';
import { CaseRecommendations } from './Recommendations';
import { CaseHeader } from './CaseHeader';
import { PersonalData } from './PersonalData';
import { CaseTimeline } from './Timeline';
import {
  caseDetailQuery, profilesQuery, refreshAfterAction, useActionSchemas, useCaseActions, useCaseDetail, useCaseDocuments, useCaseEvents, useWorkbenchContext,
  type ActionAvailability, type CaseDetail,
} from './data';

/**
 * The linked cases' queries, reduced to what the view reads. A stable function: useQueries runs it
 * again only when a result changes, so the array it returns (and the memos over it) hold between renders.
 */
const linkedStates = (rs: UseQueryResult<CaseDetail>[]) => rs.map((r) => ({ record: r.data?.case ?? null, loading: r.isLoading }));

export interface CaseViewProps { caseId: string; onOpenCase?: (id: string) => void }

export function CaseView({ caseId, onOpenCase }: CaseViewProps) {
  const me = useMe();
  const qc = useQueryClient();
  const detail = useCaseDetail(caseId);
  const actions = useCaseActions(caseId);
  const events = useCaseEvents(caseId);
  const documents = useCaseDocuments(caseId);
  const organs = useOrgans();
  const context = useWorkbenchContext();
  const schemas = useActionSchemas();
  const { categories } = useCategories();
  const linkedIds = useMemo(() => detail.data?.case.content.linkedCaseIds ?? [], [detail.data]);
  const linked = useQueries({
    queries: linkedIds.map((id) => ({ ...caseDetailQuery(id), retry: false })),
    combine: linkedStates,
  });
  const [picked, setPicked] = useState<ActionAvailability | null>(null);
  // The profile's 延期上限 bounds only the extension form: read while it is open (fetched before it opens, see pick).
  const profiles = useQuery({ ...profilesQuery, enabled: picked?.action === 'request_extension' });

  const c = detail.data?.case;
  const tree = useMemo(() => new OrganTree(organs.organs), [organs.organs]);
  const linkedViews = useMemo<LinkedView[]>(
    () => linkedIds.map((id, i) => ({ id, record: linked[i]?.record ?? null, loading: linked[i]?.loading ?? true })),
    [linkedIds, linked],
  );
  const formCtx = useMemo<FormContext | null>(() => (c && detail.data && context.today ? {
    c, me: { id: me.user.id, organId: me.user.organId }, organs: organs.organs, tree, users: context.users, today: context.today,
    clocks: detail.data.clocks, linked: linkedViews,
    maxExtensionDays: profiles.data?.find((p) => p.id === c.profileId)?.maxExtensionDays ?? null,
  } : null), [c, detail.data, context.today, context.users, organs.organs, tree, me.user.id, me.user.organId, linkedViews, profiles.data]);

  if (detail.isLoading) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (detail.error || !c || !detail.data) {
    return <Alert type="error" showIcon message={detail.error instanceof ApiError ? detail.error.message : '案件加载失败'} />;
  }
  const categoryName = categories.find((x) => x.code === c.content.categoryCode)?.name;
  const pickedSchema = picked && schemas.data?.[picked.action];
  // Forms default to the server's date: read it afresh when a form opens (the day may have turned).
  const pick = async (a: ActionAvailability) => {
    await Promise.all([context.refetch(), a.action === 'request_extension' ? qc.query(profilesQuery).catch(() => null) : null]);
    setPicked(a);
  };
  const refresh = () => refreshAfterAction(qc, caseId);

  return (
    <div className="case-view">
      <CaseHeader detail={detail.data} organName={organs.name} categoryName={categoryName} />
      <Divider style={{ margin: '12px 0' }} />
      <FinalMatter c={c} linked={linkedViews} tree={tree} actions={actions.data} onPick={(a) => { void pick(a); }}
        organName={organs.name} userName={context.userName} />
      <PendingApprovals c={c} clocks={detail.data.clocks} actions={actions.data} meId={me.user.id} userName={context.userName}
        onChanged={() => { void refresh(); }} />
      {actions.data ? <ActionBar actions={actions.data} state={c.state} onPick={(a) => { void pick(a); }} /> : <Skeleton.Button active />}
      <Divider style={{ margin: '12px 0' }} />
      <Row gutter={24}>
        <Col xs={24} xl={14}>
          <PersonalData key={c.id} c={c} roles={me.user.roles} organId={me.user.organId} />
          <section aria-labelledby="case-content" style={{ marginTop: 16 }}>
            <Typography.Title level={5} id="case-content">信访请求</Typography.Title>
            <ol className="case-requests">{c.content.requests.map((r) => <li key={r.no} value={r.no}>{r.text}</li>)}</ol>
            <Typography.Title level={5}>事实</Typography.Title>
            <Typography.Paragraph className="case-text">{c.content.facts}</Typography.Paragraph>
            {c.content.reasons && <><Typography.Title level={5}>理由</Typography.Title><Typography.Paragraph className="case-text">{c.content.reasons}</Typography.Paragraph></>}
            {c.content.organsConcerned.length > 0 && <Typography.Paragraph>涉及机关：{c.content.organsConcerned.map((id) => organs.name(id)).join('、')}</Typography.Paragraph>}
            {c.content.attachments.length > 0 && <Typography.Paragraph>附件：{c.content.attachments.map((a) => a.name).join('、')}</Typography.Paragraph>}
          </section>
          {linkedIds.length > 0 && (
            <section aria-labelledby="case-linked" style={{ marginTop: 16 }}>
              <Typography.Title level={5} id="case-linked">关联信访事项</Typography.Title>
              <Space direction="vertical">
                {linkedViews.map(({ id, record: l, loading }) => (l ? (
                  <Button key={id} type="link" style={{ padding: 0 }} onClick={() => onOpenCase?.(id)}>
                    {l.number} {l.content.title} <Tag style={{ marginLeft: 8 }}>{STATE_LABELS[l.state]}</Tag>
                  </Button>
                ) : <Typography.Text key={id} type="secondary">{loading ? '载入中…' : '无权查看的关联事项'}</Typography.Text>))}
              </Space>
            </section>
          )}
          <CaseRecommendations c={c} today={context.today ?? ''} organName={organs.name} />
          <Card size="small" style={{ marginTop: 16 }} styles={{ body: { padding: 12 } }}>
            {documents.data ? <CaseDocuments caseId={caseId} documents={documents.data} organName={organs.name} /> : <Skeleton active />}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          {events.data ? <CaseTimeline events={events.data} organName={organs.name} userName={context.userName} /> : events.error ? <Empty description="办理过程加载失败" /> : <Skeleton active />}
        </Col>
      </Row>
      {picked && formCtx && pickedSchema && (
        <ActionForm key={picked.action} action={picked} schema={pickedSchema} ctx={formCtx} version={c.version}
          onClose={() => setPicked(null)}
          onConflict={() => { void refresh(); }}
          onDone={() => { setPicked(null); void refresh(); }} />
      )}
    </div>
  );
}
