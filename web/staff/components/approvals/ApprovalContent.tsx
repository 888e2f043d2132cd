/**
 * The whole of what a request asks, readable before deciding: an extension's days and reason, or the
 * opinion as drafted — each request of the petition with its answer and reasoning, the facts found,
 * the basis. `requests` (the petition's own words) are shown beside the answers when known.
 */
import { Descriptions, Typography } from 'antd';
import { DECISION_LABELS, OPINION_FORM_LABELS } from '../../../../src/domain/labels.js';
import { labelOf } from '../../../shared/format';
import { documentOf, outcomeLabel, type ApprovalItem, type ExtensionAsk, type OpinionDraftView } from './approval';

export function ApprovalContent({ item, requests }: { item: Pick<ApprovalItem, 'kind' | 'payload' | 'requestedBy' | 'requestedOn'>; requests?: { no: number; text: string }[] }) {
  if (item.kind === 'extension') {
    const p = item.payload as ExtensionAsk;
    return (
      <Descriptions size="small" column={1} bordered className="approval-content" data-testid="approval-content"
        items={[
          { key: 'days', label: '申请延期', children: <strong>{p.days ?? '?'}日</strong> },
          { key: 'reason', label: '延期理由', children: <span className="case-text">{p.reason}</span> },
          { key: 'by', label: '报请', children: `${item.requestedBy}，${item.requestedOn}` },
        ]} />
    );
  }
  const d = item.payload as OpinionDraftView;
  const form = d.form ? OPINION_FORM_LABELS[d.form as keyof typeof OPINION_FORM_LABELS] : undefined;
  return (
    <div className="approval-content" data-testid="approval-content">
      <Descriptions size="small" column={1} bordered
        items={[
          { key: 'doc', label: '文书', children: form && d.form !== 'opinion' ? form : documentOf(item.kind, item.payload) },
          ...(d.decision ? [{ key: 'decision', label: item.kind === 'rereview' ? '复核决定' : '复查决定', children: <strong>{labelOf(DECISION_LABELS, d.decision)}</strong> }] : []),
          { key: 'by', label: '拟稿', children: `${item.requestedBy}，${item.requestedOn}报请签发` },
        ]} />
      {(d.outcomes ?? []).length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>逐项意见</Typography.Title>
          <ol className="approval-outcomes">
            {(d.outcomes ?? []).map((o) => {
              const r = requests?.find((x) => x.no === o.requestNo);
              return (
                <li key={o.requestNo} value={o.requestNo} data-testid="approval-outcome">
                  <div>{r ? <>诉求：{r.text}</> : <>第{o.requestNo}项诉求</>}</div>
                  <div><span className="approval-outcome-label">{outcomeLabel(o.outcome)}</span>{o.reasoning}</div>
                </li>
              );
            })}
          </ol>
        </>
      )}
      <Typography.Title level={5}>查明事实</Typography.Title>
      <Typography.Paragraph className="case-text">{d.facts}</Typography.Paragraph>
      <Typography.Title level={5}>处理依据</Typography.Title>
      <Typography.Paragraph className="case-text">{d.basis}</Typography.Paragraph>
    </div>
  );
}
