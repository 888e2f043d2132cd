/**
 * This petition beside an earlier one, for the officer who decides whether they are the same matter
 * (Art 36 ¶3 不再受理 / 新的事实或理由; Art 19 ¶3 不予受理; 并案): title, requests, facts and reasons of
 * both, and the earlier one's last opinion. When the user may not see the earlier case, it says so.
 */
import { Alert, Skeleton } from 'antd';
import { DECISION_LABELS, OPINION_STAGE_LABELS } from '../../../../src/domain/labels.js';
import { STATE_LABELS } from '../../../../src/domain/model/case-states.js';
import type { LinkedView } from './ActionForm';
import '../approvals/approvals.css';
import type { CaseRecord } from './data';

function Side({ heading, c, organName }: { heading: string; c: CaseRecord; organName: (id: string) => string }) {
  const op = c.opinions.at(-1);
  return (
    <section aria-label={heading} data-testid="compare-side">
      <h4>{heading}：<span className="case-number">{c.number}</span></h4>
      <dl>
        <dt>标题</dt><dd>{c.content.title}</dd>
        <dt>状态</dt><dd>{STATE_LABELS[c.state]}（{organName(c.holderOrganId)}）</dd>
        <dt>信访请求</dt><dd><ol>{c.content.requests.map((r) => <li key={r.no} value={r.no}>{r.text}</li>)}</ol></dd>
        <dt>事实</dt><dd>{c.content.facts}</dd>
        <dt>理由</dt><dd>{c.content.reasons || '—'}</dd>
        {op && (
          <>
            <dt>{OPINION_STAGE_LABELS[op.stage]}（{op.issuedOn}{op.servedOn ? `，${op.servedOn}送达` : ''}）</dt>
            <dd>{op.decision ? `${DECISION_LABELS[op.decision]}。` : ''}{op.facts}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

export function CaseComparison({ current, earlier, organName }: { current: CaseRecord; earlier: LinkedView | undefined; organName: (id: string) => string }) {
  if (!earlier) return null;
  if (earlier.loading) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (!earlier.record) {
    return <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="您无权查看所选的原信访事项，无法在此比对。请联系持有该事项的机关核实后再作认定。" />;
  }
  return (
    <div className="case-compare" data-testid="case-compare">
      <Side heading="本件" c={current} organName={organName} />
      <Side heading="原信访事项" c={earlier.record} organName={organName} />
    </div>
  );
}
