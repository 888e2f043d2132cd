/**
 * The audit trail as the 安全审计员 (audit_admin, 三员分立) reads it: search, chain verification
 * and the CSV export. Nobody else may read it, and every read — allowed or refused — is itself
 * audited (a refusal before it is returned).
 */
import { eq, sql } from 'drizzle-orm';
import { chinaDate, chinaDateTime } from '../domain/calendar/dates.js';
import type { StaffUser } from '../domain/model/user.js';
import type { AuditFilter, AuditRow, AuditTrail, VerifyResult } from '../security/audit-trail.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { textArray } from '../store/sql-arrays.js';
import type { Clock } from './clock.js';
import { requireRole } from './require-role.js';
import type { AuditQuery } from './contracts/audit.js';

export const AUDIT_CSV_HEADERS = ['序号', '时间', '操作人', '机关', '操作', '对象类型', '对象', '结果', '详情'] as const;
const OUTCOME_LABELS: Record<string, string> = { ok: '成功', denied: '拒绝', error: '出错' };

/** Where a read came from (the route), recorded with a refusal. */
export interface AuditReadOrigin { route: string }

interface NameBook { users: Map<string, string>; organs: Map<string, string> }

export class AuditLogService {
  constructor(private readonly db: Db, private readonly trail: AuditTrail, private readonly clock: Clock) {}

  /** Only the 安全审计员; a refusal is recorded before it is thrown. */
  private async auditor(user: StaffUser, action: string, origin: AuditReadOrigin): Promise<void> {
    try {
      requireRole(user, 'audit_admin', '仅安全审计员可以查看审计日志');
    } catch (e) {
      await this.trail.record(this.db, { actorId: user.id, actorOrganId: user.organId, action, targetType: 'audit_log', targetId: null, outcome: 'denied', detail: { route: origin.route } });
      throw e;
    }
  }

  /** Newest first, a page at a time, with the actors' and organs' names for display. */
  async search(user: StaffUser, query: AuditQuery, origin: AuditReadOrigin) {
    await this.auditor(user, 'audit.read', origin);
    const q = await this.byUsername(query);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const r = await this.trail.search(this.db, { ...q, page, pageSize });
    await this.trail.record(this.db, { actorId: user.id, actorOrganId: user.organId, action: 'audit.read', targetType: 'audit_log', targetId: null, outcome: 'ok', detail: { filter: filterOf(q), page, pageSize, total: r.total, returned: r.items.length } });
    const names = await this.nameBook();
    const caseIds = [...new Set(r.items.flatMap((it) => (it.targetType === 'case' && it.targetId ? [it.targetId] : [])))];
    const numbers = new Map(caseIds.length
      ? (await this.db.select({ id: s.cases.id, number: s.cases.number }).from(s.cases).where(sql`${s.cases.id} = any(${textArray(caseIds)})`)).map((c) => [c.id, c.number])
      : []);
    const targetLabel = (it: AuditRow): string | undefined => {
      if (!it.targetId) return undefined;
      if (it.targetType === 'case') return numbers.get(it.targetId);
      if (it.targetType === 'user') return names.users.get(it.targetId);
      if (it.targetType === 'organ') return names.organs.get(it.targetId);
      return undefined;
    };
    return {
      total: r.total, page, pageSize,
      items: r.items.map((it) => ({
        ...it,
        actorKind: actorKindOf(it),
        actorName: it.actorId ? names.users.get(it.actorId) : undefined,
        actorOrganName: it.actorOrganId ? names.organs.get(it.actorOrganId) : undefined,
        targetLabel: targetLabel(it),
      })),
    };
  }

  /** Walk the SM3 chain and report the first broken link; the check is recorded. */
  async verify(user: StaffUser, origin: AuditReadOrigin): Promise<VerifyResult> {
    await this.auditor(user, 'audit.verify', origin);
    const r = await this.trail.verify(this.db);
    await this.trail.record(this.db, { actorId: user.id, actorOrganId: user.organId, action: 'audit.verify', targetType: 'audit_log', targetId: null, outcome: 'ok', detail: { ok: r.ok, checked: r.checked, headSeq: r.headSeq, headHash: r.headHash, firstBrokenSeq: r.firstBroken?.seq ?? null } });
    return r;
  }

  /**
   * The matching entries as CSV (UTF-8 with a BOM, so Excel opens it as it is), oldest first,
   * streamed. Recorded before the rows are read out: the export is the read. `stamp` (YYYYMMDD,
   * Beijing) names the file.
   */
  async exportCsv(user: StaffUser, query: AuditQuery, origin: AuditReadOrigin): Promise<{ stamp: string; lines: AsyncIterable<string> }> {
    await this.auditor(user, 'audit.export', origin);
    const q = await this.byUsername(query);
    const total = await this.trail.count(this.db, q);
    await this.trail.record(this.db, { actorId: user.id, actorOrganId: user.organId, action: 'audit.export', targetType: 'audit_log', targetId: null, outcome: 'ok', detail: { filter: filterOf(q), total } });
    const names = await this.nameBook();
    return { stamp: chinaDate(this.clock.now()).replaceAll('-', ''), lines: csvLines(this.trail.scan(this.db, q), names) };
  }

  /** `actor` (a username) becomes the actorId filter; an unknown username matches nothing. */
  private async byUsername(q: AuditQuery): Promise<AuditFilter> {
    const { actor, ...rest } = q;
    if (actor === undefined) return rest;
    const rows = await this.db.select({ id: s.users.id }).from(s.users).where(eq(s.users.username, actor.trim().toLowerCase()));
    return { ...rest, actorId: rows[0]?.id ?? '(no-such-user)' };
  }

  /** Staff and organ names, so the spreadsheet reads 张三（u-123）rather than bare IDs. */
  private async nameBook(): Promise<NameBook> {
    const [us, os] = await Promise.all([
      this.db.select({ id: s.users.id, name: s.users.name }).from(s.users),
      this.db.select({ id: s.organs.id, name: s.organs.name }).from(s.organs),
    ]);
    return { users: new Map(us.map((u) => [u.id, u.name])), organs: new Map(os.map((o) => [o.id, o.name])) };
  }
}

function filterOf(q: AuditFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['from', 'to', 'actorId', 'action', 'targetType', 'targetId', 'outcome'] as const) {
    const v = q[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Who acted: a staff member, the petitioner (the portal: no staff id, `detail.actor`), or the system. */
export function actorKindOf(r: Pick<AuditRow, 'actorId' | 'detail'>): 'staff' | 'petitioner' | 'system' {
  if (r.actorId) return 'staff';
  return (r.detail as { actor?: unknown } | null)?.actor === 'petitioner' ? 'petitioner' : 'system';
}

const named = (id: string | null, book: Map<string, string>, none: string) => {
  if (id === null) return none;
  const name = book.get(id);
  return name ? `${name}（${id}）` : id;
};

async function* csvLines(rows: AsyncIterable<AuditRow>, names: NameBook): AsyncGenerator<string> {
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
    String(r.seq), beijingTime(r.at), named(r.actorId, names.users, actorKindOf(r) === 'petitioner' ? '信访人' : '系统'), named(r.actorOrganId, names.organs, ''), r.action, r.targetType, r.targetId ?? '',
    OUTCOME_LABELS[r.outcome] ?? r.outcome, JSON.stringify(r.detail),
  ].map(csvCell).join(',');
}

/** `2025-03-02 10:00:00.000` in Beijing time (the column header is 时间). */
function beijingTime(iso: string): string {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : chinaDateTime(t);
}

/** RFC 4180 quoting, and a leading ' on anything Excel would run as a formula (CSV injection). */
export function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
