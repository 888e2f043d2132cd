/**
 * The petition office's recommendations made from this case (三项建议, Art 40) and each recipient's
 * written answer: what was proposed, to whom, by when, and whether it was adopted. Shown only when
 * the case has any (records stored before recommendations existed have none).
 */
import { Table, Tag, Typography } from 'antd';
import { ADOPTION_LABELS, labelOf, RECOMMENDATION_TYPE_LABELS } from '../../../../src/domain/labels.js';
import type { CaseRecord } from './data';

type Row = NonNullable<CaseRecord['recommendations']>[number];

function status(r: Row, today: string) {
  if (r.answeredOn !== null) return <Tag color={r.adoption === 'not_adopted' ? 'orange' : 'green'}>{labelOf(ADOPTION_LABELS, r.adoption) ?? r.adoption}（{r.answeredOn}）</Tag>;
  return r.dueOn < today ? <Tag color="red">逾期未反馈</Tag> : <Tag>待反馈</Tag>;
}

export function CaseRecommendations({ c, today, organName }: { c: CaseRecord; today: string; organName: (id: string) => string }) {
  const rows = c.recommendations ?? [];
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="case-recommendations" style={{ marginTop: 16 }} data-testid="case-recommendations">
      <Typography.Title level={5} id="case-recommendations">建议及采纳情况（{rows.length}）</Typography.Title>
      <Table<Row> size="small" rowKey="no" pagination={false} dataSource={rows}
        expandable={{ expandedRowRender: (r) => (
          <>
            <Typography.Paragraph className="case-text"><strong>{r.issuedOn} 提出：</strong>{r.content}</Typography.Paragraph>
            {r.feedback && <Typography.Paragraph className="case-text"><strong>书面反馈：</strong>{r.feedback}</Typography.Paragraph>}
          </>
        ) }}
        columns={[
          { title: '序号', dataIndex: 'no', width: 56 },
          { title: '类型', dataIndex: 'type', width: 110, render: (t: Row['type']) => RECOMMENDATION_TYPE_LABELS[t] },
          { title: '建议对象', dataIndex: 'targetOrganId', render: (id: string) => organName(id) },
          { title: '反馈期限', dataIndex: 'dueOn', width: 104 },
          { title: '采纳情况', key: 'status', width: 160, render: (_: unknown, r) => status(r, today) },
        ]} />
    </section>
  );
}
