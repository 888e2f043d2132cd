/**
 * 卷宗目录: the index of a batch of dossiers as an .xlsx sheet — one row per case, in the order of
 * the files in the archive, with the file's name and page count, so the archive can be checked
 * against it. The petitioners are written as the dossiers print them for the exporter (masked
 * where the case shows them masked), never more.
 */
import ExcelJS from 'exceljs';

export interface DossierIndexRow {
  caseNumber: string;
  title: string;
  petitioners: string;
  holderOrganName: string;
  receivedOn: string;
  acceptedOn: string | null;
  closedOn: string | null;
  stateLabel: string;
  /** The PDF's pages; null when the case could not be exported (see `note`). */
  pages: number | null;
  /** The file's name in the archive; null when the case could not be exported. */
  file: string | null;
  note: string;
}

export const DOSSIER_INDEX_HEADERS = [
  '序号', '信访事项编号', '标题', '信访人', '办理机关', '收到日期', '受理日期', '办结日期', '状态', '页数', '文件名', '备注',
] as const;

/** A date cell for a YYYY-MM-DD (midnight UTC, so Excel shows that calendar day whatever the zone), as the ledger's export writes them. */
const dateCell = (d: string | null): Date | null => (d ? new Date(`${d}T00:00:00Z`) : null);

export async function dossierIndexWorkbook(rows: DossierIndexRow[],
  ctx: { title: string; exportedBy: string; exportedOn: string; createdAt: Date }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '民声信访工作平台';
  wb.created = ctx.createdAt;
  wb.modified = ctx.createdAt;
  const ws = wb.addWorksheet('卷宗目录', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { key: 'seq', width: 6 }, { key: 'caseNumber', width: 22 }, { key: 'title', width: 40 }, { key: 'petitioners', width: 18 },
    { key: 'holder', width: 28 }, { key: 'receivedOn', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
    { key: 'acceptedOn', width: 12, style: { numFmt: 'yyyy-mm-dd' } }, { key: 'closedOn', width: 12, style: { numFmt: 'yyyy-mm-dd' } },
    { key: 'state', width: 14 }, { key: 'pages', width: 8, style: { numFmt: '0' } }, { key: 'file', width: 28 }, { key: 'note', width: 24 },
  ];
  const header = ws.getRow(1);
  header.values = [...DOSSIER_INDEX_HEADERS];
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', horizontal: 'center' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FA' } };
  rows.forEach((r, i) => {
    ws.addRow({
      seq: i + 1, caseNumber: r.caseNumber, title: r.title, petitioners: r.petitioners, holder: r.holderOrganName,
      receivedOn: dateCell(r.receivedOn), acceptedOn: dateCell(r.acceptedOn), closedOn: dateCell(r.closedOn), state: r.stateLabel,
      pages: r.pages, file: r.file ?? '', note: r.note,
    });
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: DOSSIER_INDEX_HEADERS.length } };
  const info = wb.addWorksheet('说明');
  info.columns = [{ width: 16 }, { width: 70 }];
  info.addRows([
    ['卷宗', ctx.title], ['导出日期', `${ctx.exportedOn}（北京时间）`], ['导出人', ctx.exportedBy],
    ['件数', rows.filter((r) => r.file).length],
    ['说明', '每件信访事项一个 PDF 卷宗（封面、目录、办理过程、全部文书、附件清单），按导出人可见的内容生成；信访人按导出人在系统中所见显示，检举控告类事项依法保护的内容不予导出。'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
