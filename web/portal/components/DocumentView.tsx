/**
 * One document as issued: an A4-like sheet with the organ as 版头, the number, the title and the
 * wording the server composed (src/domain/documents/document-content.ts — the same text the
 * workbench prints and the files carry). 打印 prints only the sheet (@media print hides the rest).
 */
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect } from 'react';
import type { PublicDocument } from '../lib/types';

/** The addressee, the paragraphs and the form rows of a document. */
export function DocumentBody({ doc }: { doc: PublicDocument }) {
  const { addressee, paragraphs, table } = doc.content;
  return (
    <>
      {addressee !== null && <p className="doc-addressee">{addressee}：</p>}
      {paragraphs.map((x, i) => <p key={i} className={x.plain ? 'doc-plain' : 'doc-para'}>{x.text}</p>)}
      {table?.map((r) => (
        <div className="doc-field" key={r.label}><span className="k">{r.label}：</span>{r.value}</div>
      ))}
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
        <div className="doc-masthead">{doc.content.organName}</div>
        <div className="doc-number">{doc.content.docNumber}</div>
        <h1 id="doc-title" className="doc-title" tabIndex={-1}>{doc.content.title}</h1>
        <DocumentBody doc={doc} />
        <div className="doc-sign">
          <div>{doc.content.signatureOrgan}</div>
          <div>{doc.content.date}</div>
        </div>
      </div>
    </article>
  );
}
