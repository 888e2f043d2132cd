/**
 * The audit trail for the 安全审计员 (audit_admin, 三员分立): search, chain verification and CSV
 * export (AuditLogService: the role check, and the audit of every read, allowed or refused).
 */
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { AuditLogService } from '../../app/audit-log.js';
import { AuditExportQueryT, AuditPageT, AuditQueryT, ChainCheckT } from '../../app/contracts/audit.js';
import { staff } from '../request-user.js';
import { errors, fileAnswer, type App } from '../schemas.js';

export function registerAuditRoutes(app: App, auditLog: AuditLogService): void {
  const origin = (req: FastifyRequest) => ({ route: req.routeOptions.url ?? req.url });

  app.get('/api/audit', {
    schema: {
      tags: ['audit'], summary: '查询审计日志（仅安全审计员；按序号由新到旧）',
      querystring: AuditQueryT,
      response: { 200: AuditPageT, ...errors(400, 401, 403, 422) },
    },
  }, async (req) => auditLog.search(staff(req), req.query, origin(req)));

  app.get('/api/audit/verify', {
    schema: { tags: ['audit'], summary: '校验审计日志哈希链（SM3），报告第一处断裂（仅安全审计员）', response: { 200: ChainCheckT, ...errors(401, 403) } },
  }, async (req) => auditLog.verify(staff(req), origin(req)));

  app.get('/api/audit/export', {
    schema: {
      tags: ['audit'], summary: '导出审计日志 CSV（UTF-8 含 BOM，可直接用 Excel 打开；仅安全审计员）',
      querystring: AuditExportQueryT,
      response: { 200: fileAnswer('CSV（UTF-8，含 BOM）', 'text/csv'), ...errors(400, 401, 403, 422) },
    },
  }, async (req, reply) => {
    const { stamp, lines } = await auditLog.exportCsv(staff(req), req.query, origin(req));
    const name = `审计日志-${stamp}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines));
  });
}
