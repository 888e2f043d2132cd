/**
 * The workbench's lists: dashboard counts, the approval inbox, the queue (GET /api/cases, with
 * filters), the ledger's Excel export, an issued document as a PDF or Word file, and a case's
 * dossier, and the dossiers of a period's closed cases as one zip. Each answer is computed under the caller's
 * data scope (WorkbenchService, DocumentFiles, Dossiers, DossierBatches).
 */
import { Type } from 'typebox';
import { LedgerFilterT } from '../../app/contracts/cases.js';
import { DocumentFileQueryT } from '../../app/contracts/documents.js';
import { ApprovalsT, QueueFilterT, QueuePageT, SummaryT } from '../../app/contracts/workbench.js';
import { DOCUMENT_MIME, type DocumentFiles } from '../../app/document-files.js';
import type { Dossiers } from '../../app/dossier.js';
import { DOSSIER_BATCH_MAX, type DossierBatches } from '../../app/dossier-batch.js';
import { DossierBatchQueryT } from '../../app/contracts/dossiers.js';
import type { WorkbenchService } from '../../app/workbench-service.js';
import { staff } from '../request-user.js';
import { errors, fileAnswer, type App } from '../schemas.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZIP = 'application/zip';

/** RFC 5987/6266: an ASCII fallback and the real (UTF-8) name. */
export function attachmentDisposition(filename: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function registerWorkbenchRoutes(app: App, workbench: WorkbenchService, documentFiles: DocumentFiles, dossiers: Dossiers,
  batches: DossierBatches): void {
  app.get('/api/workbench/summary', {
    schema: { tags: ['cases'], summary: '工作台统计：本人/本机关待办按阶段、超期、3日内到期、昨日以来新登记、督办（仅计数，无个人信息）', response: { 200: SummaryT, ...errors(401) } },
  }, async (req) => workbench.summary(staff(req)));

  app.get('/api/approvals', {
    schema: { tags: ['cases'], summary: '审批待办：报请本人审批的延期申请和待签发的意见（最早的在前）', response: { 200: ApprovalsT, ...errors(401) } },
  }, async (req) => workbench.approvals(staff(req)));

  app.get('/api/cases', {
    schema: {
      tags: ['cases'], summary: '本机关待办队列（超期在前，按期限由近及远；可按阶段、状态、渠道、期限、编号/标题筛选）',
      querystring: QueueFilterT, response: { 200: QueuePageT, ...errors(400, 401) },
    },
  }, async (req) => workbench.queue(staff(req), req.query));

  app.get('/api/cases/ledger/export', {
    schema: {
      tags: ['cases'], summary: `台账导出 Excel（与台账相同的筛选与数据权限；个人信息脱敏；单次上限 1 万件；记入审计）`,
      querystring: LedgerFilterT,
      response: { 200: fileAnswer('Excel 工作簿（.xlsx）', XLSX), ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => {
    const { today, workbook } = await workbench.exportLedger(staff(req), req.query);
    const stamp = today.replaceAll('-', '');
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', attachmentDisposition(`台账-${stamp}.xlsx`, `ledger-${stamp}.xlsx`))
      .header('cache-control', 'no-store')
      .send(workbook);
  });

  app.get('/api/cases/:id/documents/:documentId/file', {
    schema: {
      tags: ['cases'], summary: '文书文件（PDF 或 Word，按 GB/T 9704-2012 排版）：首次下载时生成并固化，此后原样返回；X-Content-SM3 为文件的 SM3；记入审计',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), documentId: Type.String({ minLength: 1, maxLength: 100 }) }),
      querystring: DocumentFileQueryT,
      response: { 200: fileAnswer('文书文件', DOCUMENT_MIME.pdf, DOCUMENT_MIME.docx), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => {
    const f = await documentFiles.file(staff(req), req.params.id, req.params.documentId, req.query.format);
    return reply
      .header('content-type', f.mimeType)
      .header('content-disposition', attachmentDisposition(f.name, f.asciiName))
      .header('x-content-sm3', f.sm3)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(f.bytes);
  });

  app.get('/api/cases/:id/dossier.pdf', {
    schema: {
      tags: ['cases'], summary: '卷宗（PDF）：封面、目录、办理过程、全部文书、附件清单；按本人可见的内容生成；记入审计',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
      response: { 200: fileAnswer('卷宗 PDF', DOCUMENT_MIME.pdf), ...errors(400, 401, 404) },
    },
  }, async (req, reply) => {
    const f = await dossiers.pdf(staff(req), req.params.id);
    return reply
      .header('content-type', DOCUMENT_MIME.pdf)
      .header('content-disposition', attachmentDisposition(f.name, f.asciiName))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(f.bytes);
  });

  app.get('/api/dossiers.zip', {
    schema: {
      tags: ['cases'],
      summary: `卷宗批量导出（归档）：机关（含下级）办理、在期间内办结（终结）且本人可查看的信访事项，每件一个卷宗 PDF（与单件卷宗相同），附卷宗目录（Excel）；边生成边下载；单次上限 ${DOSSIER_BATCH_MAX} 件；记入审计`,
      querystring: DossierBatchQueryT,
      response: { 200: fileAnswer('ZIP 压缩包', ZIP), ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => {
    const batch = await batches.export(staff(req), req.query);
    return reply
      .header('content-type', ZIP)
      .header('content-disposition', attachmentDisposition(batch.name, batch.asciiName))
      .header('x-dossier-count', String(batch.cases))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(batch.stream);
  });
}
