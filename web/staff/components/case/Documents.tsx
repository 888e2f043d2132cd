/**
 * The case's issued documents, each with its number, a 打印 button opening the A4 notice in a new
 * tab, and its files (PDF, Word) as the server froze them at the first download; the case's
 * dossier (卷宗) as one PDF.
 */
import { FilePdfOutlined, FileWordOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Space, Table, Typography } from 'antd';
import { documentTitle } from '../../../../src/domain/model/documents.js';
import type { DocumentRow } from './data';

/** GET /api/cases/{id}/documents/{documentId}/file: the session cookie goes with the link. */
export const documentFileUrl = (caseId: string, documentId: string, format: 'pdf' | 'docx'): string =>
  `/api/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(documentId)}/file?format=${format}`;

/** 下载 PDF / Word buttons for one document. */
export function DocumentFileButtons({ caseId, doc, size }: { caseId: string; doc: Pick<DocumentRow, 'id' | 'kind' | 'docNumber' | 'data'>; size?: 'small' | 'middle' }) {
  const what = `${documentTitle(doc.kind, doc.data)} ${doc.docNumber}`;
  return (
    <>
      <Button size={size} icon={<FilePdfOutlined />} href={documentFileUrl(caseId, doc.id, 'pdf')} download aria-label={`下载PDF：${what}`}>PDF</Button>
      <Button size={size} icon={<FileWordOutlined />} href={documentFileUrl(caseId, doc.id, 'docx')} download aria-label={`下载Word：${what}`}>Word</Button>
    </>
  );
}

export function CaseDocuments({ caseId, documents, organName }: { caseId: string; documents: DocumentRow[]; organName: (id: string) => string }) {
  return (
    <section aria-labelledby="case-documents">
      <Space align="baseline" style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={5} id="case-documents">文书（{documents.length}）</Typography.Title>
        {/* The whole case as one PDF: cover, contents, timeline, every document, attachments. */}
        <Button size="small" icon={<FilePdfOutlined />} href={`/api/cases/${encodeURIComponent(caseId)}/dossier.pdf`} download aria-label="下载卷宗（PDF）">卷宗</Button>
      </Space>
      <Table<DocumentRow> size="small" rowKey="id" pagination={false} dataSource={documents} locale={{ emptyText: <Typography.Text type="secondary">尚无文书</Typography.Text> }}
        columns={[
          { title: '文书', dataIndex: 'kind', width: 150, render: (_: DocumentRow['kind'], d) => documentTitle(d.kind, d.data) },
          { title: '文号', dataIndex: 'docNumber' },
          { title: '出具机关', dataIndex: 'organId', render: (id: string) => organName(id) },
          { title: '日期', dataIndex: 'issuedOn', width: 110 },
          {
            title: '操作', key: 'print', width: 250,
            render: (_: unknown, d) => (
              <Space size={4} wrap>
                <Button size="small" icon={<PrinterOutlined />} href={`/staff/print/${encodeURIComponent(caseId)}/${encodeURIComponent(d.id)}`} target="_blank" rel="noopener"
                  aria-label={`打印${documentTitle(d.kind, d.data)} ${d.docNumber}`}>打印
                </Button>
                <DocumentFileButtons caseId={caseId} doc={d} size="small" />
              </Space>
            ),
          },
        ]} />
    </section>
  );
}
