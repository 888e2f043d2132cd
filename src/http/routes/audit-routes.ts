/**
 * The audit trail for the 安全审计员 (audit_admin, 三员分立): search, chain verification and CSV
 * export (AuditLogService: the role check, and the audit of every read, allowed or refused).
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AuditLogService, AuditQuery } from '../../app/audit-log.js';
import { staff } from '../request-user.js';
import { ErrorT } from '../schemas.js';

const errors = { 400: ErrorT, 401: ErrorT, 403: ErrorT, 422: ErrorT };

const Filter = {
  from: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '起始时间：ISO 8601 时间，或 YYYY-MM-DD（北京时间，含当日）' })),
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '截止时间：ISO 8601 时间，或 YYYY-MM-DD（北京时间，含当日）' })),
  actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '操作人 ID' })),
  actor: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '操作人用户名（审计员通常只知道用户名）' })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '操作；以 * 结尾为前缀匹配，如 case.*' })),
  targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '对象类型' })),
  targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '对象 ID' })),
  outcome: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('error')], { description: '结果：ok 成功，denied 拒绝，error 出错' })),
};
const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
};

const AuditRowT = Type.Object({
  seq: Type.Integer(), at: Type.String({ description: 'ISO 8601（UTC）' }),
  actorId: Type.Union([Type.String(), Type.Null()]), actorOrganId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(), targetType: Type.String(), targetId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(), detail: Type.Unknown(), prevHash: Type.String(), hash: Type.String(),
  actorName: Type.Optional(Type.String({ description: '操作人姓名（显示用）' })), actorOrganName: Type.Optional(Type.String({ description: '机关名称（显示用）' })),
});
const VerifyT = Type.Object({
  ok: Type.Boolean(), checked: Type.Integer(), headSeq: Type.Integer(), headHash: Type.String({ description: '链头 SM3 哈希：请定期抄存于系统之外' }),
  firstBroken: Type.Union([Type.Null(), Type.Object({ seq: Type.Integer(), reason: Type.String() })]),
});

export async function registerAuditRoutes(app: FastifyInstance, auditLog: AuditLogService): Promise<void> {
  const origin = (req: FastifyRequest) => ({ route: req.routeOptions.url ?? req.url });

  app.get('/api/audit', {
    schema: {
      tags: ['audit'], summary: '查询审计日志（仅安全审计员；按序号由新到旧）',
      querystring: Type.Object({ ...Filter, ...Paging }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(AuditRowT) }), ...errors },
    },
  }, async (req) => auditLog.search(staff(req), req.query as AuditQuery, origin(req)));

  app.get('/api/audit/verify', {
    schema: { tags: ['audit'], summary: '校验审计日志哈希链（SM3），报告第一处断裂（仅安全审计员）', response: { 200: VerifyT, ...errors } },
  }, async (req) => auditLog.verify(staff(req), origin(req)));

  app.get('/api/audit/export', {
    schema: {
      tags: ['audit'], summary: '导出审计日志 CSV（UTF-8 含 BOM，可直接用 Excel 打开；仅安全审计员）',
      querystring: Type.Object(Filter, { additionalProperties: false }),
      response: errors,
    },
  }, async (req, reply) => {
    const { stamp, lines } = await auditLog.exportCsv(staff(req), req.query as AuditQuery, origin(req));
    const name = `审计日志-${stamp}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'no-store')
      .send(Readable.from(lines));
  });
}
