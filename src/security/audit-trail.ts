/**
 * The audit trail (等保 level 3 安全审计; 网络安全法 第二十一条: logs kept at least six months).
 *
 * Every entry is chained to the one before it with SM3:
 *   hash = SM3(prevHash + '\n' + canonical({ seq, at, actorId, actorOrganId, action, targetType, targetId, outcome, detail }))
 * starting from 64 zeros, so an edited, deleted, inserted or reordered entry breaks the chain at a
 * place verify() can name. seq has no gaps: appenders are serialised by a transaction-level
 * advisory lock and take headSeq + 1 from the anchor row, which also remembers the head (so a
 * deleted tail is seen) and, after a retention purge, the last purged entry the chain continues from.
 *
 * `at` is hashed as the exact ISO string (ms precision, UTC, `Z`) written to the timestamptz
 * column, and always read back through to_char(… AT TIME ZONE 'UTC') in that same shape, so the
 * session's TimeZone / DateStyle never changes what is hashed (PGlite and servers alike).
 *
 * What the chain does NOT do on its own: someone who can write the database can rewrite every hash
 * from the genesis on. Keep the head hash that verify reports (scripts/audit-verify.ts prints it)
 * outside the system from time to time; a later chain that does not contain it has been rewritten.
 */
import { createHash } from 'node:crypto';
import { and, asc, count, desc, eq, gt, gte, is, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { Type, type Static, type TSchema } from 'typebox';
import { isSaneIsoDateOrDateTime } from '../domain/calendar/dates.js';
import { DomainError } from '../domain/errors.js';
import { resultRows, type Db, type Tx } from '../store/database.js';
import { auditAnchor, auditLog } from '../store/schema.js';
import { bulkInsert } from '../store/bulk-insert.js';
import type { WriteBatch } from '../store/write-batch.js';

// The entry's shape is the app layer's port (AuditSink); this module implements it.
import type { AuditEntryInput, AuditHead, AuditSink } from '../app/audit-sink.js';
import type { Clock } from '../app/clock.js';
export type { AuditEntryInput };

// The shapes below are TypeBox schemas, once: the types are derived from them, and the audit
// routes' contracts (src/app/contracts/audit.ts) reuse them.
const OrNull = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** One stored entry, as search() returns it (`at`: ISO 8601, UTC, milliseconds). */
export const AuditRowT = Type.Object({
  seq: Type.Integer(), at: Type.String({ description: 'ISO 8601（UTC）' }),
  actorId: OrNull(Type.String()), actorOrganId: OrNull(Type.String()),
  action: Type.String(), targetType: Type.String(), targetId: OrNull(Type.String()),
  outcome: Type.String(), detail: Type.Record(Type.String(), Type.Unknown()), prevHash: Type.String(), hash: Type.String(),
});
export type AuditRow = Static<typeof AuditRowT>;

/** What search() and the export select by (every field optional), and search()'s page. */
export const AuditFilterT = Type.Object({
  /** ISO date-time, or YYYY-MM-DD (a Beijing date, inclusive). */
  from: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '起始时间：ISO 8601 时间，或 YYYY-MM-DD（北京时间，含当日）' })),
  /** ISO date-time (inclusive), or YYYY-MM-DD (a Beijing date, the whole day included). */
  to: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: '截止时间：ISO 8601 时间，或 YYYY-MM-DD（北京时间，含当日）' })),
  actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '操作人 ID' })),
  /** Exact action, or a prefix ending in `*` (e.g. `case.*`). */
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '操作；以 * 结尾为前缀匹配，如 case.*' })),
  targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '对象类型' })),
  targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: '对象 ID' })),
  outcome: Type.Optional(Type.Enum(['ok', 'denied', 'error'], { description: '结果：ok 成功，denied 拒绝，error 出错' })),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type AuditFilter = Static<typeof AuditFilterT>;

/** What verify() found. */
export const VerifyResultT = Type.Object({
  ok: Type.Boolean(),
  /** Entries whose link and content were checked. */
  checked: Type.Integer({ description: '校验的条目数' }),
  /** The head seq the anchor records (0 on an empty trail). */
  headSeq: Type.Integer(),
  /** The head hash the anchor records (64 zeros on an empty trail): keep it outside the system. */
  headHash: Type.String({ description: '链头 SM3 哈希：请定期抄存于系统之外' }),
  firstBroken: OrNull(Type.Object({ seq: Type.Integer(), reason: Type.String() })),
});
export type VerifyResult = Static<typeof VerifyResultT>;

export const GENESIS_HASH = '0'.repeat(64);
/** Minimum retention: 网络安全法 第二十一条 — 不少于六个月. */
export const MIN_RETENTION_DAYS = 180;
/** pg_advisory_xact_lock key for appenders and purges: ASCII 'msaudit1' as a bigint. */
export const AUDIT_LOCK_KEY = 0x6d73617564697431n;
/** verify() and export read this many rows per query. */
export const AUDIT_PAGE = 5000;
const ANCHOR_ID = 1;
const DAY_MS = 86_400_000;

// ——— canonical form and hash ———

/** The JSON value a detail becomes once stored: toJSON applied, undefined dropped, NaN → null. */
function jsonValue(v: unknown): unknown {
  const text = JSON.stringify(v) as string | undefined; // undefined for undefined or a function, whatever lib.d.ts says
  return text === undefined ? null : JSON.parse(text);
}

function canon(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canon(o[k])}`).join(',')}}`;
}

/** Stable JSON: keys sorted recursively, no whitespace; the value is first taken to plain JSON. */
export function canonical(entry: unknown): string {
  return canon(jsonValue(entry));
}

/** The fields that are hashed (everything but the two hashes). */
export type ChainedFields = Omit<AuditRow, 'prevHash' | 'hash'>;

export function chainHash(prevHash: string, e: ChainedFields): string {
  const body = canonical({
    seq: e.seq, at: e.at, actorId: e.actorId, actorOrganId: e.actorOrganId, action: e.action,
    targetType: e.targetType, targetId: e.targetId, outcome: e.outcome, detail: e.detail,
  });
  return createHash('sm3').update(`${prevHash}\n${body}`, 'utf8').digest('hex');
}

// ——— personal data guard ———

/** 18-digit resident ID number (GB 11643): region, birth date 18xx–20xx, sequence, check digit. */
const ID_NUMBER = /(?<!\d)[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)/;
/** Mainland mobile number, optionally +86 and with spaces or hyphens (138 1234 5678, 138-1234-5678). */
const MOBILE = /(?<!\d)(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/;

/**
 * Refuses a detail containing a string (value or key, at any depth) that looks like an ID number
 * or a mobile number. The error names the path, never the value.
 */
export function assertNoPersonalData(detail: unknown): void {
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      const kind = ID_NUMBER.test(v) ? '身份证号' : MOBILE.test(v) ? '手机号' : null;
      if (kind) throw new DomainError('AUDIT_PERSONAL_DATA', `审计日志详情不得包含明文个人信息：${path} 疑似${kind}`, { path, kind });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        walk(k, `${path}（字段名）`);
        walk(x, `${path}.${k}`);
      }
    }
  };
  walk(detail, 'detail');
}

// ——— the trail ———

/** The entry's detail as stored, after the checks every entry passes (outcome, names, no personal data). */
function checkedDetail(e: AuditEntryInput): Record<string, unknown> {
  if (!['ok', 'denied', 'error'].includes(e.outcome)) throw new DomainError('AUDIT_BAD_ENTRY', `审计结果取值不正确：${e.outcome}`);
  if (!e.action || !e.targetType) throw new DomainError('AUDIT_BAD_ENTRY', '审计日志须写明操作与对象类型');
  const detail = jsonValue(e.detail);
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) throw new DomainError('AUDIT_BAD_ENTRY', '审计详情须为对象');
  assertNoPersonalData(detail);
  return detail as Record<string, unknown>;
}

function chainedFields(e: AuditEntryInput, detail: Record<string, unknown>, seq: number, at: string): ChainedFields {
  return {
    seq, at, actorId: e.actorId ?? null, actorOrganId: e.actorOrganId ?? null, action: e.action,
    targetType: e.targetType, targetId: e.targetId ?? null, outcome: e.outcome, detail,
  };
}

/** `at` read back exactly as it was hashed. */
const atIso = sql<string>`to_char(${auditLog.at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const rowColumns = {
  seq: auditLog.seq, at: atIso, actorId: auditLog.actorId, actorOrganId: auditLog.actorOrganId, action: auditLog.action,
  targetType: auditLog.targetType, targetId: auditLog.targetId, outcome: auditLog.outcome, detail: auditLog.detail,
  prevHash: auditLog.prevHash, hash: auditLog.hash,
};

type Anchor = typeof auditAnchor.$inferSelect;

export class AuditTrail implements AuditSink {
  /** @param clock the business clock (src/app/clock.ts): each entry's `at`, and the retention cutoff. */
  constructor(private readonly clock: Clock) {}

  /**
   * Append inside the caller's transaction (so a rolled-back write leaves no audit row, and a
   * committed one always has its row). Given the database rather than a transaction, it opens one.
   * The lock is held until the caller commits: append last, and keep such transactions short.
   * Given a WriteBatch, the entry and the new head are added to it instead of written: the caller
   * must flush it in this transaction (the lock is already taken). Given the head lockHead() read,
   * the lock is already held and the head not read again (once: a second entry needs a new head).
   */
  async append(tx: Db | Tx, e: AuditEntryInput, writes?: WriteBatch, locked?: AuditHead): Promise<void> {
    if (!isTx(tx)) return tx.transaction((inner) => this.append(inner, e));
    const detail = checkedDetail(e);
    const anchor = locked ?? await lockedAnchor(tx);
    const fields = chainedFields(e, detail, anchor.headSeq + 1, this.clock.now().toISOString());
    const hash = chainHash(anchor.headHash, fields);
    const entry = sql`INSERT INTO ${auditLog} (seq, at, actor_id, actor_organ_id, action, target_type, target_id, outcome, detail, prev_hash, hash)
      VALUES (${fields.seq}, ${fields.at}::timestamptz, ${fields.actorId}, ${fields.actorOrganId}, ${fields.action}, ${fields.targetType},
              ${fields.targetId}, ${fields.outcome}, ${JSON.stringify(fields.detail)}::jsonb, ${anchor.headHash}, ${hash})`;
    const head = sql`UPDATE ${auditAnchor} SET head_seq = ${fields.seq}, head_hash = ${hash} WHERE id = ${ANCHOR_ID}`;
    if (writes) {
      // Sent with the caller's other writes (it flushes them before committing).
      writes.add(entry);
      writes.add(head);
      return;
    }
    // The entry and the new head in one statement (one round trip fewer while the lock is held).
    await tx.execute(sql`WITH audit_entry AS (${entry}) ${head}`);
  }

  /**
   * Take the audit lock and read the chain's head for one append(tx, entry, writes, head) later in
   * this transaction, after running `first` and returning its rows: a registration takes its case
   * number's counter and the audit lock in one round trip (decision 025).
   */
  async lockHead(tx: Tx, first?: SQL): Promise<{ head: AuditHead; first: Record<string, unknown>[] }> {
    const r = await lockedAnchorAfter(tx, first);
    return { head: { headSeq: r.anchor.headSeq, headHash: r.anchor.headHash }, first: r.first };
  }

  /**
   * Append entries that carry their own instant (a bulk load of past work: bench/seed.ts), chained in
   * the given order, in the caller's transaction, in multi-row inserts. The same checks as append().
   */
  async appendMany(tx: Tx, entries: readonly (AuditEntryInput & { at: string })[]): Promise<void> {
    if (entries.length === 0) return;
    const anchor = await lockedAnchor(tx);
    let prev = anchor.headHash;
    const rows: (typeof auditLog.$inferInsert)[] = entries.map((e, i) => {
      const fields = chainedFields(e, checkedDetail(e), anchor.headSeq + 1 + i, new Date(e.at).toISOString());
      const hash = chainHash(prev, fields);
      const row = { ...fields, prevHash: prev, hash };
      prev = hash;
      return row;
    });
    await bulkInsert(tx, auditLog, rows);
    await tx.update(auditAnchor).set({ headSeq: anchor.headSeq + rows.length, headHash: prev }).where(eq(auditAnchor.id, ANCHOR_ID));
  }

  /** Append in its own transaction (reads, refusals). */
  async record(db: Db, e: AuditEntryInput): Promise<void> {
    await db.transaction((tx) => this.append(tx, e));
  }

  /**
   * Walk the chain in seq order, AUDIT_PAGE rows at a time, on one snapshot, and report the first
   * broken link. Given the database, it reads in a read-only repeatable-read transaction.
   */
  async verify(db: Db | Tx): Promise<VerifyResult> {
    if (!isTx(db)) {
      return db.transaction((tx) => this.verify(tx), { isolationLevel: 'repeatable read', accessMode: 'read only' });
    }
    const tx = db;
    const [anchor] = await tx.select().from(auditAnchor).where(eq(auditAnchor.id, ANCHOR_ID));
    const result = (checked: number, firstBroken: VerifyResult['firstBroken']): VerifyResult => ({
      ok: firstBroken === null, checked, headSeq: anchor?.headSeq ?? 0, headHash: anchor?.headHash ?? GENESIS_HASH, firstBroken,
    });
    if (!anchor) {
      const [first] = await tx.select({ seq: auditLog.seq }).from(auditLog).orderBy(asc(auditLog.seq)).limit(1);
      return result(0, first ? { seq: first.seq, reason: '审计链锚点缺失，而日志中仍有记录：锚点被删除' } : null);
    }
    let expected = anchor.purgedThroughSeq + 1;
    let prev = anchor.purgedThroughHash;
    let checked = 0;
    let after: number | null = null;
    for (;;) {
      const page: AuditRow[] = await tx.select(rowColumns).from(auditLog)
        .where(after === null ? undefined : gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(AUDIT_PAGE);
      for (const row of page) {
        if (row.seq < expected) {
          const reason = row.seq <= anchor.purgedThroughSeq
            ? `第${row.seq}条在已按保存期限清除的范围内（至第${anchor.purgedThroughSeq}条）却仍存在：记录被插入或锚点被改动`
            : `第${row.seq}条序号重复或顺序错乱`;
          return result(checked, { seq: row.seq, reason });
        }
        if (row.seq > expected) {
          const missing = row.seq - 1 === expected ? `第${expected}条` : `第${expected}至${row.seq - 1}条`;
          return result(checked, { seq: expected, reason: `${missing}缺失（序号从第${expected - 1}条跳到第${row.seq}条）：记录被删除` });
        }
        if (row.prevHash !== prev) {
          const before = expected - 1 <= anchor.purgedThroughSeq ? '已清除部分的末条（锚点）' : `第${expected - 1}条`;
          return result(checked, { seq: row.seq, reason: `第${row.seq}条所记前一条哈希与${before}的哈希不符：记录被调换顺序、插入，或前一条被改动后重算了哈希` });
        }
        if (chainHash(row.prevHash, row) !== row.hash) {
          return result(checked, { seq: row.seq, reason: `第${row.seq}条的内容与其哈希不符：记录被篡改` });
        }
        prev = row.hash;
        expected += 1;
        checked += 1;
      }
      const lastRow = page.at(-1);
      if (!lastRow || page.length < AUDIT_PAGE) break;
      after = lastRow.seq;
    }
    const last = expected - 1;
    if (anchor.headSeq > last) {
      return result(checked, { seq: last + 1, reason: `链尾缺失：锚点记录链头为第${anchor.headSeq}条，日志只到第${last}条，末尾记录被删除` });
    }
    if (anchor.headSeq < last) {
      return result(checked, { seq: anchor.headSeq + 1, reason: `第${anchor.headSeq + 1}条起的记录在锚点记录的链头（第${anchor.headSeq}条）之后：记录被追加插入` });
    }
    if (anchor.headHash !== prev) {
      return result(checked, { seq: last, reason: `第${last}条的哈希与锚点记录的链头哈希不符：链尾记录被改动或替换` });
    }
    return result(checked, null);
  }

  /** Newest first. */
  async search(db: Db, f: AuditFilter): Promise<{ total: number; items: AuditRow[] }> {
    const where = filterWhere(f);
    const pageSize = Math.min(Math.max(Math.trunc(f.pageSize ?? 50), 1), 500);
    const page = Math.max(Math.trunc(f.page ?? 1), 1);
    const [c] = await db.select({ n: count() }).from(auditLog).where(where);
    const items = await db.select(rowColumns).from(auditLog).where(where)
      .orderBy(desc(auditLog.seq)).limit(pageSize).offset((page - 1) * pageSize);
    return { total: c?.n ?? 0, items };
  }

  /** Count of the entries a filter matches (paging ignored). */
  async count(db: Db, f: AuditFilter): Promise<number> {
    const [c] = await db.select({ n: count() }).from(auditLog).where(filterWhere(f));
    return c?.n ?? 0;
  }

  /** The entries a filter matches, oldest first, AUDIT_PAGE rows per query (for exports). */
  async* scan(db: Db, f: AuditFilter): AsyncGenerator<AuditRow> {
    const where = filterWhere(f);
    let after: number | null = null;
    for (;;) {
      const page: AuditRow[] = await db.select(rowColumns).from(auditLog)
        .where(and(where, after === null ? undefined : gt(auditLog.seq, after))).orderBy(asc(auditLog.seq)).limit(AUDIT_PAGE);
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < AUDIT_PAGE) return;
      after = last.seq;
    }
  }

  /**
   * Delete the entries older than the retention — the longest prefix of the chain that is all older,
   * so the chain never gets a hole even if the clock once went back — record the last purged
   * entry in the anchor, and append an entry about the purge. Refuses on a broken chain: purging
   * must not wash away the evidence of tampering.
   */
  async purge(db: Db, retentionDays: number,
    actor: { actorId: string | null; actorOrganId: string | null } = { actorId: null, actorOrganId: null }): Promise<{ purged: number }> {
    if (!Number.isFinite(retentionDays) || retentionDays < MIN_RETENTION_DAYS) {
      throw new DomainError('AUDIT_RETENTION_TOO_SHORT', '审计日志至少保存六个月（180日）', { retentionDays, minimum: MIN_RETENTION_DAYS });
    }
    const cutoff = new Date(this.clock.now().getTime() - retentionDays * DAY_MS).toISOString();
    return db.transaction(async (tx) => {
      const anchor = await lockedAnchor(tx);
      const check = await this.verify(tx);
      if (!check.ok) {
        throw new DomainError('AUDIT_CHAIN_BROKEN', `审计链校验未通过，不能清除：${check.firstBroken?.reason ?? ''}`, { firstBroken: check.firstBroken });
      }
      // The first entry that is not old enough; everything before it (in seq order) goes.
      const [keep] = await tx.select({ seq: auditLog.seq }).from(auditLog)
        .where(gte(auditLog.at, cutoff)).orderBy(asc(auditLog.seq)).limit(1);
      const through = keep ? keep.seq - 1 : anchor.headSeq;
      let purged = 0;
      if (through > anchor.purgedThroughSeq) {
        const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, through));
        if (!last) throw new DomainError('AUDIT_CHAIN_BROKEN', `审计链第${through}条缺失，不能清除`);
        const deleted = await tx.delete(auditLog).where(and(gt(auditLog.seq, anchor.purgedThroughSeq), lte(auditLog.seq, through)))
          .returning({ seq: auditLog.seq });
        purged = deleted.length;
        await tx.update(auditAnchor).set({ purgedThroughSeq: through, purgedThroughHash: last.hash }).where(eq(auditAnchor.id, ANCHOR_ID));
      }
      await this.append(tx, {
        ...actor, action: 'audit.purge', targetType: 'audit_log', targetId: null, outcome: 'ok',
        detail: { retentionDays, cutoff, purged, purgedThroughSeq: Math.max(through, anchor.purgedThroughSeq) },
      });
      return { purged };
    });
  }
}

/** A transaction handle (nested ones included), as opposed to the database itself. */
function isTx(x: Db | Tx): x is Tx {
  return is(x, PgTransaction);
}

/**
 * Take the appenders' lock and read (creating if missing) the anchor row, locked FOR UPDATE.
 * Usually one statement: the advisory lock in a materialised CTE, which runs before the row lock
 * (LockRows sits above the join); under READ COMMITTED the row lock then returns the latest head
 * even though the statement's snapshot predates the wait. Without an anchor yet, the statement
 * still takes the lock (the anchor is joined outside it); the row is then created and read again.
 */
async function lockedAnchor(tx: Tx): Promise<Anchor> {
  return (await lockedAnchorAfter(tx)).anchor;
}

/**
 * lockedAnchor, after `first` (a statement, often a data-modifying one, whose returned rows are
 * given back): the write that must also take a counter's row lock takes both in one round trip,
 * in the order every write takes them (counters, then the audit lock) — the lock waits for the
 * rows of `first`, which are aggregated before it is called.
 */
async function lockedAnchorAfter(tx: Tx, first: SQL = sql`SELECT 1 WHERE false`): Promise<{ anchor: Anchor; first: Record<string, unknown>[] }> {
  const lock = sql`pg_advisory_xact_lock(${sql.raw(AUDIT_LOCK_KEY.toString())})`;
  const result = resultRows<Record<string, unknown>>(await tx.execute(sql`WITH first AS (${first}),
      first_rows AS MATERIALIZED (SELECT coalesce(json_agg(first), '[]'::json) AS rows FROM first),
      audit_lock AS MATERIALIZED (SELECT ${lock} FROM first_rows),
      anchor AS (SELECT head_seq, head_hash, purged_through_seq, purged_through_hash FROM audit_lock, ${auditAnchor}
        WHERE id = ${ANCHOR_ID} FOR UPDATE OF ${auditAnchor})
      SELECT first_rows.rows AS first, anchor.* FROM first_rows LEFT JOIN anchor ON true`))[0];
  const rows = (typeof result?.first === 'string' ? JSON.parse(result.first) : result?.first ?? []) as Record<string, unknown>[];
  const found = result?.head_seq !== null && result?.head_seq !== undefined ? anchorOf({ rows: [result] }) : null;
  if (found) return { anchor: found, first: rows };
  // No anchor yet (a new database, or a deleted one: verify() reports that): the lock is held now.
  await tx.insert(auditAnchor).values({ id: ANCHOR_ID, headSeq: 0, headHash: GENESIS_HASH, purgedThroughSeq: 0, purgedThroughHash: GENESIS_HASH })
    .onConflictDoNothing();
  const created = anchorOf(await tx.execute(sql`SELECT head_seq, head_hash, purged_through_seq, purged_through_hash FROM ${auditAnchor}
    WHERE id = ${ANCHOR_ID} FOR UPDATE`));
  if (!created) throw new Error('audit anchor could not be created');
  return { anchor: created, first: rows };
}

function anchorOf(result: unknown): Anchor | null {
  const row = (result as { rows: Record<string, unknown>[] }).rows[0];
  if (!row) return null;
  return {
    id: ANCHOR_ID, headSeq: Number(row.head_seq), headHash: String(row.head_hash),
    purgedThroughSeq: Number(row.purged_through_seq), purgedThroughHash: String(row.purged_through_hash),
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A filter bound as an ISO instant; YYYY-MM-DD is a Beijing date (to: through the end of that day). */
function bound(value: string, end: boolean): string {
  const v = value.trim();
  // Only dates that exist, in sane years: `new Date` alone takes 2025-02-30 (as 03-02) and
  // 275760-09-13, whose next day is no Date at all (a 500 before).
  const date = DATE_ONLY.test(v) ? new Date(`${v}T00:00:00.000+08:00`) : new Date(v);
  if (!isSaneIsoDateOrDateTime(v) || Number.isNaN(date.getTime())) throw new DomainError('AUDIT_BAD_FILTER', `时间条件格式不正确：${value}`);
  return new Date(date.getTime() + (end && DATE_ONLY.test(v) ? DAY_MS : 0)).toISOString();
}

function filterWhere(f: AuditFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (f.from) conds.push(gte(auditLog.at, bound(f.from, false)));
  if (f.to) conds.push(DATE_ONLY.test(f.to.trim()) ? lt(auditLog.at, bound(f.to, true)) : lte(auditLog.at, bound(f.to, true)));
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.action) {
    conds.push(f.action.endsWith('*')
      ? like(auditLog.action, `${f.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
      : eq(auditLog.action, f.action));
  }
  if (f.targetType) conds.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) conds.push(eq(auditLog.targetId, f.targetId));
  if (f.outcome) conds.push(eq(auditLog.outcome, f.outcome));
  return conds.length ? and(...conds) : undefined;
}
