/**
 * The audit chain's head, exported outside the database (docs/decisions/005, issue 10).
 *
 * The hash chain (audit-trail.ts) shows any edit that was not followed by recomputing every later
 * hash; someone with full database rights can recompute the chain and the anchor consistently.
 * So, daily, the head — sequence number, hash of the head row, its time — is written to a file
 * `audit-head-YYYY-MM-DD.json` signed with HMAC-SM3 under a key the database does not hold
 * (given by the caller: the configuration supplies it from the environment). The audit
 * administrator keeps these files. `npm run audit:verify -- --heads DIR` then checks that every
 * exported head is still in the chain with the same hash: a chain rewritten since an export, even
 * consistently, no longer contains the exported hash at that sequence number.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { chinaDate } from '../domain/calendar/dates.js';
import type { Db } from '../store/database.js';
import { auditAnchor, auditLog } from '../store/schema.js';
import { canonical, type AuditTrail } from './audit-trail.js';

export const AUDIT_HEAD_FORMAT = 'minsheng-audit-head';
/** The key must be at least this long (bytes). */
export const AUDIT_HEAD_MIN_KEY_BYTES = 32;
const FILE = /^audit-head-(\d{4}-\d{2}-\d{2})\.json$/;

/** One exported head; `mac` = HMAC-SM3(key, canonical JSON of every other field), hex. */
export interface AuditHead {
  format: typeof AUDIT_HEAD_FORMAT;
  /** The Beijing date of the export (the file name's). */
  date: string;
  exportedAt: string;
  /** The head entry's sequence number (0 on an empty trail) and hash (64 zeros then). */
  seq: number;
  hash: string;
  /** The head entry's time (ISO, UTC), null on an empty trail. */
  at: string | null;
  mac: string;
}

export function headFileName(date: string): string {
  return `audit-head-${date}.json`;
}

/** The key from its configured form (base64 of ≥ 32 bytes); throws on a short or missing one. */
export function parseAuditHeadKey(base64: string | undefined, name = 'MINSHENG_AUDIT_HEAD_KEY'): Buffer {
  if (!base64) throw new Error(`未设置 ${name}（审计链头签名密钥，base64，至少 ${AUDIT_HEAD_MIN_KEY_BYTES} 字节）`);
  const key = Buffer.from(base64, 'base64');
  if (key.length < AUDIT_HEAD_MIN_KEY_BYTES) throw new Error(`${name} 解码后须至少 ${AUDIT_HEAD_MIN_KEY_BYTES} 字节`);
  return key;
}

function checkKey(key: Buffer): void {
  if (key.length < AUDIT_HEAD_MIN_KEY_BYTES) throw new Error(`审计链头签名密钥至少 ${AUDIT_HEAD_MIN_KEY_BYTES} 字节`);
}

function macOf(key: Buffer, head: Omit<AuditHead, 'mac'>): string {
  const { format, date, exportedAt, seq, hash, at } = head;
  return createHmac('sm3', key).update(canonical({ format, date, exportedAt, seq, hash, at }), 'utf8').digest('hex');
}

/**
 * Verify the chain and write today's head file into `dir` (replacing a file of the same day: a
 * later head covers an earlier one). Refuses on a broken chain — a head must never stamp a
 * tampered trail. Returns the head written.
 */
export async function exportAuditHead(db: Db, trail: AuditTrail, opts: { dir: string; key: Buffer; now: Date }): Promise<{ file: string; head: AuditHead }> {
  checkKey(opts.key);
  const check = await trail.verify(db);
  if (!check.ok) throw new Error(`审计链校验未通过，不导出链头：第 ${check.firstBroken?.seq ?? '?'} 条 — ${check.firstBroken?.reason ?? ''}`);
  let at: string | null = null;
  if (check.headSeq > 0) {
    const [row] = await db.select({ at: sql<string>`to_char(${auditLog.at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` })
      .from(auditLog).where(eq(auditLog.seq, check.headSeq));
    at = row?.at ?? null;
  }
  const body = {
    format: AUDIT_HEAD_FORMAT, date: chinaDate(opts.now), exportedAt: opts.now.toISOString(), seq: check.headSeq, hash: check.headHash, at,
  } as const;
  const head: AuditHead = { ...body, mac: macOf(opts.key, body) };
  const file = join(opts.dir, headFileName(head.date));
  const partial = `${file}.partial`;
  writeFileSync(partial, `${JSON.stringify(head, null, 2)}\n`, { mode: 0o640 });
  renameSync(partial, file);
  return { file, head };
}

export interface HeadCheck {
  file: string;
  seq: number | null;
  /** ok: in the chain with the same hash; purged: older than the retention purge (cannot be checked). */
  status: 'ok' | 'purged' | 'broken';
  reason?: string;
}

/**
 * Check every `audit-head-*.json` in `dir` against the chain: a valid signature, and the entry at
 * that sequence number still has that hash (or, for the last purged entry, the anchor records it).
 * `ok` is false when any file is broken, or when the directory holds no head at all.
 */
export async function verifyAuditHeads(db: Db, opts: { dir: string; key: Buffer }): Promise<{ ok: boolean; heads: HeadCheck[] }> {
  checkKey(opts.key);
  const files = readdirSync(opts.dir).filter((f) => FILE.test(f)).sort();
  const [anchor] = await db.select().from(auditAnchor).where(eq(auditAnchor.id, 1));
  const heads: HeadCheck[] = [];
  for (const f of files) {
    const broken = (reason: string, seq: number | null = null) => heads.push({ file: f, seq, status: 'broken', reason });
    let parsed: Partial<Record<keyof AuditHead, unknown>>;
    try {
      parsed = JSON.parse(readFileSync(join(opts.dir, f), 'utf8')) as typeof parsed;
    } catch {
      broken('文件不是合法的 JSON');
      continue;
    }
    if (parsed.format !== AUDIT_HEAD_FORMAT || typeof parsed.mac !== 'string' || !Number.isInteger(parsed.seq) || typeof parsed.hash !== 'string') {
      broken('不是审计链头文件');
      continue;
    }
    const head = parsed as AuditHead;
    const expected = Buffer.from(macOf(opts.key, head), 'hex');
    const given = Buffer.from(head.mac, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      broken('签名不符：文件被改动，或签名密钥不同', head.seq);
      continue;
    }
    if (FILE.exec(f)?.[1] !== head.date) {
      broken(`文件名的日期与内容（${head.date}）不符`, head.seq);
      continue;
    }
    if (head.seq === 0) {
      heads.push({ file: f, seq: 0, status: 'ok' });
      continue;
    }
    const purgedThrough = anchor?.purgedThroughSeq ?? 0;
    if (head.seq < purgedThrough) {
      heads.push({ file: f, seq: head.seq, status: 'purged', reason: `第 ${head.seq} 条已按保存期限清除（至第 ${purgedThrough} 条），无法核对` });
      continue;
    }
    const [row] = head.seq === purgedThrough
      ? [{ hash: anchor?.purgedThroughHash ?? '' }]
      : await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, head.seq));
    if (!row) {
      broken(`链中已没有第 ${head.seq} 条（导出于 ${head.exportedAt}）：记录被删除或审计链被重写`, head.seq);
    } else if (row.hash !== head.hash) {
      broken(`第 ${head.seq} 条的哈希与 ${head.date} 导出的链头不符：该条或其之前的记录被改动后整链重算`, head.seq);
    } else {
      heads.push({ file: f, seq: head.seq, status: 'ok' });
    }
  }
  return { ok: files.length > 0 && heads.every((h) => h.status !== 'broken'), heads };
}
