/**
 * One document as issued: an A4-like sheet with the organ as 版头, the number, the title, the body
 * fields from `data` and the date. 打印 prints only the sheet (@media print hides the rest).
 */
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect } from 'react';
import { formatChineseDate } from '../../shared/format';
import { dueText, isProvisionalField } from '../../../src/domain/calendar/provisional-note.js';
import type { PublicDocument } from '../lib/types';

/** Public fields of documents, in the order a reader expects them; anything else is shown after. */
const FIELD_LABELS: [string, string][] = [
  ['toName', '转送 / 交办至'], ['receivedOn', '收到日期'], ['requestedOn', '申请日期'], ['facts', '查明事实'],
  ['reason', '理由'], ['days', '延长天数'], ['newDue', '延长后的办理期限'], ['handlingDue', '办理期限'], ['due', '办理期限'],
  ['decisionDue', '答复期限'], ['reportBackDue', '报告期限'], ['decisionLabel', '决定'], ['basis', '依据'], ['guidance', '告知事项'],
  ['competentAuthority', '有权处理的机关'], ['summary', '摘要'], ['heldOn', '日期'], ['startedOn', '日期'], ['endedOn', '日期'],
  ['servedOn', '送达日期'], ['methodLabel', '送达方式'], ['earlierCaseNumber', '原信访事项编号'], ['earlierOrganName', '办理机关'],
  ['terminatedCaseNumber', '已终结事项编号'], ['procedure', '处理程序'], ['remedy', '救济途径'], ['finality', '说明'], ['channel', '应当提出的途径'],
  ['note', '说明'], ['text', '内容'],
];
const SKIP = new Set(['provisionalDates', 'issuedOn', 'nextStep', 'outcomes', 'reviewOrgan', 'reviewDue', 'rereviewOrgan', 'rereviewDue', 'final', 'form', 'stage', 'method', 'decision', 'simplified', 'mode', 'kind']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function show(v: unknown, provisional = false): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return DATE.test(v) ? dueText(v, provisional, { chinese: true, none: '' }) : v;
  return null;
}

interface Outcome { requestNo?: number; outcome?: string; outcomeLabel?: string; reasoning?: string; request?: string }

export function DocumentBody({ doc }: { doc: PublicDocument }) {
  const d = doc.data;
  const known = new Set(FIELD_LABELS.map(([k]) => k));
  // A date that was provisional when the document was issued reads 2027年1月19日（预计，以国务院公布的节假日安排为准）.
  const rows = FIELD_LABELS.map(([k, label]) => [label, show(d[k], isProvisionalField(d, k))] as const).filter(([, v]) => v);
  const extra = Object.entries(d)
    .filter(([k]) => !known.has(k) && !SKIP.has(k) && !/id$/i.test(k) && !/Ids?$/.test(k))
    .map(([k, v]) => [k, show(v)] as const).filter(([, v]) => v);
  const outcomes = Array.isArray(d.outcomes) ? (d.outcomes as Outcome[]) : [];
  const appealOrgan = show(d.reviewOrgan) ?? show(d.rereviewOrgan);
  const appealDue = show(d.reviewDue) ?? show(d.rereviewDue);
  return (
    <>
      {outcomes.length > 0 && (
        <div className="doc-field">
          <div className="k">处理意见：</div>
          {outcomes.map((o, i) => (
            <p key={i}>对第 {o.requestNo ?? i + 1} 项请求{o.request ? `（${o.request}）` : ''}：<strong>{o.outcomeLabel ?? o.outcome}</strong>。{o.reasoning}</p>
          ))}
        </div>
      )}
      {rows.map(([label, v], i) => (
        <div className="doc-field" key={`${label}-${i}`}><span className="k">{label}：</span>{v}</div>
      ))}
      {extra.map(([k, v]) => <div className="doc-field" key={k}>{v}</div>)}
      {typeof d.nextStep === 'string' && <p>{d.nextStep}</p>}
      {!d.nextStep && appealOrgan && (
        <p>如对本意见不服，可以自收到本文书之日起30日内向{appealOrgan}{doc.kind === 'review_opinion' ? '请求复核' : '请求复查'}{appealDue ? `（至${appealDue}）` : ''}。</p>
      )}
      {d.final === true && <p>本意见为复核意见。信访人对复核意见不服，仍以同一事实和理由提出信访的，不再受理。</p>}
    </>
  );
}

export function DocumentView({ doc, onBack }: { doc: PublicDocument; onBack: () => void }) {
  useEffect(() => {
    document.getElementById('doc-title')?.focus();
  }, [doc.id]);
  return (
    <article aria-labelledby="doc-title">
      <div className="doc-toolbar no-print">
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>返回</Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>打印</Button>
      </div>
      <div className="doc-sheet">
        <div className="doc-masthead">{doc.organ}</div>
        <div className="doc-number">{doc.docNumber}</div>
        <h1 id="doc-title" className="doc-title" tabIndex={-1}>{doc.title}</h1>
        <DocumentBody doc={doc} />
        <div className="doc-sign">
          <div>{doc.organ}</div>
          <div>{formatChineseDate(doc.issuedOn)}</div>
        </div>
      </div>
    </article>
  );
}
