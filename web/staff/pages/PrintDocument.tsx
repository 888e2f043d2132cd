/**
 * /staff/print/:caseId/:documentId — one issued notice laid out as an A4 official document
 * (GB/T 9704-2012): red masthead of the issuing organ, document number, red rule, title,
 * addressee, body, signature and date in Chinese; the toolbar is hidden when printing.
 */
import { PrinterOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Button, Spin } from 'antd';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../shared/api';
import { DOCUMENT_LABELS } from '../../../src/domain/model/documents.js';
import { composeDocument, type DocumentContent } from '../../../src/domain/documents/document-content.js';
import { useCaseDetail, useCaseDocuments, useWorkbenchContext } from '../components/case/data';
import { DocumentFileButtons } from '../components/case/Documents';
import { useOrgans } from '../components/reference';
import '../print.css';

/** The sheet as GB/T 9704-2012 lays it out, from the one composition of its wording (document-content.ts). */
export function OfficialDocument({ content }: { content: DocumentContent }) {
  return (
    <article className="official-doc" aria-label={`${content.title}（${content.docNumber}）`}>
      <header>
        <p className="doc-masthead">{content.organName}</p>
        <p className="doc-number" data-testid="doc-number">{content.docNumber}</p>
        <hr className="doc-rule" />
      </header>
      <h1 className="doc-title">{content.title}</h1>
      {content.addressee !== null && <p className="doc-addressee">{content.addressee}：</p>}
      <div className="doc-body">
        {content.paragraphs.map((x, i) => <p key={i} className={x.plain ? 'doc-plain' : undefined}>{x.text}</p>)}
        {content.table && (
          <table>
            <tbody>
              {content.table.map((r) => (
                <tr key={r.label}><th scope="row">{r.label}</th>{r.blankMm ? <td style={{ height: `${r.blankMm}mm` }} /> : <td>{r.value}</td>}</tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div className="doc-signature">
        <p>{content.signatureOrgan}</p>
        <p>{content.date}</p>
        <p className="doc-seal-note">（加盖印章）</p>
      </div>
      <div className="doc-page-number" aria-hidden="true">— 1 —</div>
    </article>
  );
}

export default function PrintDocument() {
  const { caseId = '', documentId = '' } = useParams();
  const detail = useCaseDetail(caseId);
  const docs = useCaseDocuments(caseId);
  const organs = useOrgans();
  const ctx = useWorkbenchContext();
  const doc = docs.data?.find((d) => d.id === documentId);
  const c = detail.data?.case;
  useEffect(() => {
    if (doc) document.title = `${DOCUMENT_LABELS[doc.kind]} ${doc.docNumber}`;
  }, [doc]);
  const toolbar = (
    <div className="print-toolbar" role="toolbar" aria-label="打印工具栏">
      <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!doc}>打印</Button>
      {doc && <DocumentFileButtons caseId={caseId} doc={doc} />}
      <Button icon={<RollbackOutlined />} onClick={() => { if (window.history.length > 1) window.history.back(); else window.close(); }}>返回</Button>
    </div>
  );
  const error = detail.error ?? docs.error;
  if (error) return <main className="print-root">{toolbar}<Alert type="error" showIcon style={{ maxWidth: 600, margin: '0 auto' }} message={error instanceof ApiError ? error.message : '文书加载失败'} /></main>;
  if (!c || !docs.data || !organs.data || !ctx.data) return <main className="print-root">{toolbar}<Spin size="large" className="page-spin" /></main>;
  if (!doc) return <main className="print-root">{toolbar}<Alert type="error" showIcon style={{ maxWidth: 600, margin: '0 auto' }} message="文书不存在" /></main>;
  const content = composeDocument(doc, c, { organ: organs.name, user: ctx.userName });
  return (
    <main className="print-root">
      {toolbar}
      <OfficialDocument content={content} />
    </main>
  );
}
