/**
 * The audit trail for the 安全审计员 (audit_admin, 三员分立): search, chain verification and CSV
 * export. Nobody else may read it, and every read — allowed or refused — is itself audited.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { DomainError } from '../../domain/errors.js';
import type { StaffUser } from '../../domain/model/user.js';
import type { AuditFilter, AuditRow, AuditTrail } from '../../security/audit-trail.js';
import type { Db } from '../../store/database.js';
import * as s from '../../store/schema.js';
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

export const AUDIT_CSV_HEADERS = ['序号', '时间', '操作人', '机关', '操作', '对象类型', '对象', '结果', '详情'] as const;
const OUTCOME_LABELS: Record<string, string> = { ok: '成功', denied: '拒绝', error: '出错' };

export async function registerAuditRoutes(app: FastifyInstance, deps: { db: Db; audit: AuditTrail }): Promise<void> {
  const { db, audit } = deps;

  /** Only the 安全审计员; a refusal is recorded before it is returned. */
  async function auditor(req: FastifyRequest, action: string): Promise<StaffUser> {
    const u = staff(req);
    if (!u.roles.includes('audit_admin')) {
      await audit.record(db, { actorId: u.id, actorOrganId: u.organId, action, targetType: 'audit_log', targetId: null, outcome: 'denied', detail: { route: req.routeOptions.url ?? req.url } });
      throw new DomainError('FORBIDDEN', '仅安全审计员可以查看审计日志');
    }
    return u;
  }

  app.get('/api/audit', {
    schema: {
      tags: ['audit'], summary: '查询审计日志（仅安全审计员；按序号由新到旧）',
      querystring: Type.Object({ ...Filter, ...Paging }, { additionalProperties: false }),
      response: { 200: Type.Object({ total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(AuditRowT) }), ...errors },
    },
  }, async (req) => {
    const u = await auditor(req, 'audit.read');
    const q = await byUsername(db, req.query as AuditFilter & { actor?: string });
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const r = await audit.search(db, { ...q, page, pageSize });
    await audit.record(db, { actorId: u.id, actorOrganId: u.organId, action: 'audit.read', targetType: 'audit_log', targetId: null, outcome: 'ok', detail: { filter: filterOf(q), page, pageSize, total: r.total, returned: r.items.length } });
    const names = await nameBook(db);
    return {
      total: r.total, page, pageSize,
      items: r.items.map((it) => ({ ...it, actorName: it.actorId ? names.users.get(it.actorId) : undefined, actorOrganName: it.actorOrganId ? names.organs.get(it.actorOrganId) : undefined })),
    };
  });

  app.get('/api/audit/verify', {
    schema: { tags: ['audit'], summary: '校验审计日志哈希链（SM3），报告第一处断裂（仅安全审计员）', response: { 200: VerifyT, ...errors } },
  }, async (req) => {
    const u = await auditor(req, 'audit.verify');
    const r = await audit.verify(db);
    await audit.record(db, { actorId: u.id, actorOrganId: u.organId, action: 'audit.verify', targetType: 'audit_log', targetId: null, outcome: 'ok', detail: { ok: r.ok, checked: r.checked, headSeq: r.headSeq, headHash: r.headHash, firstBrokenSeq: r.firstBroken?.seq ?? null } });
    return r;
  });

  app.get('/api/audit/export', {
    schema: {
      tags: ['audit'], summary: '导出审计日志 CSV（UTF-8 含 BOM，可直接用 Excel 打开；仅安全审计员）',
      querystring: Type.Object(Filter, { additionalProperties: false }),
      response: errors,
    },
  }, async (req, reply) => {
    const u = await auditor(req, 'audit.export');
    const q = await byUsername(db, req.query as AuditFilter & { actor?: string });
    const total = await audit.count(db, q);
    // Recorded before the rows are streamed: the export is the read.
    await audit.record(db, { actorId: u.id, actorOrganId: u.organId, action: 'audit.export', targetType: 'audit_log', targetId: null, outcome: 'ok', detail: { filter: filterOf(q), total } });
    const stamp = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');
    const name = `审计日志-${stamp}.csv`;
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('cache-control', 'no-store');
    const names = await nameBook(db);
    return reply.send(Readable.from(csvLines(audit.scan(db, q), names)));
  });
}

/** `actor` (a username) becomes the actorId filter; an unknown username matches nothing. */
async function byUsername(db: Db, q: AuditFilter & { actor?: string }): Promise<AuditFilter> {
  const { actor, ...rest } = q;
  if (actor === undefined) return rest;
  const rows = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.username, actor.trim().toLowerCase()));
  return { ...rest, actorId: rows[0]?.id ?? '(no-such-user)' };
}

function filterOf(q: AuditFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['from', 'to', 'actorId', 'action', 'targetType', 'targetId', 'outcome'] as const) {
    const v = q[k];
    if (v !== undefined) out[k] = String(v);
  }
  return out;
}

interface NameBook { users: Map<string, string>; organs: Map<string, string> }

/** Staff and organ names, so the spreadsheet reads 张三（u-123）rather than bare IDs. */
async function nameBook(db: Db): Promise<NameBook> {
  const [us, os] = await Promise.all([
    db.select({ id: s.users.id, name: s.users.name }).from(s.users),
    db.select({ id: s.organs.id, name: s.organs.name }).from(s.organs),
  ]);
  return { users: new Map(us.map((u) => [u.id, u.name])), organs: new Map(os.map((o) => [o.id, o.name])) };
}

const named = (id: string | null, book: Map<string, string>, none: string) => {
  if (id === null) return none;
  const name = book.get(id);
  return name ? `${name}（${id}）` : id;
};

async function* csvLines(rows: AsyncIterable<AuditRow>, names: NameBook = { users: new Map(), organs: new Map() }): AsyncGenerator<string> {
  yield `\uFEFF${AUDIT_CSV_HEADERS.join(',')}\r\n`;
  let chunk = '';
  let n = 0;
  for await (const r of rows) {
    chunk += `${csvRow(r, names)}\r\n`;
    if (++n % 500 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export function csvRow(r: AuditRow, names: NameBook = { users: new Map(), organs: new Map() }): string {
  return [
    String(r.seq), beijingTime(r.at), named(r.actorId, names.users, '系统'), named(r.actorOrganId, names.organs, ''), r.action, r.targetType, r.targetId ?? '',
    OUTCOME_LABELS[r.outcome] ?? r.outcome, JSON.stringify(r.detail),
  ].map(csvCell).join(',');
}

/** `2025-03-02 10:00:00.000` in Beijing time (the column header is 时间). */
function beijingTime(iso: string): string {
  const t = new Date(iso).getTime();
  return Number.isNaN(t) ? iso : new Date(t + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 23);
}

/** RFC 4180 quoting, and a leading ' on anything Excel would run as a formula (CSV injection). */
export function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
