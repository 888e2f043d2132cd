/** The case's issued documents, each with its number and a 打印 button opening the A4 notice in a new tab. */
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Table, Typography } from 'antd';
import { DOCUMENT_LABELS } from '../../../../src/domain/model/documents.js';
import type { DocumentRow } from './data';

export function CaseDocuments({ caseId, documents, organName }: { caseId: string; documents: DocumentRow[]; organName: (id: string) => string }) {
  return (
    <section aria-labelledby="case-documents">
      <Typography.Title level={5} id="case-documents">文书（{documents.length}）</Typography.Title>
      <Table<DocumentRow> size="small" rowKey="id" pagination={false} dataSource={documents} locale={{ emptyText: <Typography.Text type="secondary">尚无文书</Typography.Text> }}
        columns={[
          { title: '文书', dataIndex: 'kind', width: 150, render: (k: DocumentRow['kind']) => DOCUMENT_LABELS[k] },
          { title: '文号', dataIndex: 'docNumber' },
          { title: '出具机关', dataIndex: 'organId', render: (id: string) => organName(id) },
          { title: '日期', dataIndex: 'issuedOn', width: 110 },
          {
            title: '操作', key: 'print', width: 90,
            render: (_: unknown, d) => (
              <Button size="small" icon={<PrinterOutlined />} href={`/staff/print/${encodeURIComponent(caseId)}/${encodeURIComponent(d.id)}`} target="_blank" rel="noopener"
                aria-label={`打印${DOCUMENT_LABELS[d.kind]} ${d.docNumber}`}>打印
              </Button>
            ),
          },
        ]} />
    </section>
  );
}
