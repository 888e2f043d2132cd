/**
 * The audit chain's head exported outside the database (issue 10; docs/decisions/005): signed
 * daily files, and a check that every exported head is still in the chain. A consistent rewrite
 * of history — an old entry edited and every later hash and the anchor recomputed, which the chain
 * check alone cannot see — is detected against the heads exported before it; an untouched chain
 * passes; a forged or edited head file, or another key, is refused.
 */
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHeadJob } from '../../src/app/audit-head-job.js';
import { exportAuditHead, verifyAuditHeads } from '../../src/security/audit-head.js';
import { AuditTrail, canonical, chainHash, type AuditEntryInput, type AuditRow } from '../../src/security/audit-trail.js';
import { openDatabase, type Database, type Db } from '../../src/store/database.js';
import { auditAnchor, auditLog } from '../../src/store/schema.js';
import { FakeClock, onPostgres, testDatabase } from '../support/db.js';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const entry = (i: number): AuditEntryInput => ({
  actorId: `u-${i}`, actorOrganId: 'county-xfj', action: 'case.act', targetType: 'case', targetId: `case-${i}`, outcome: 'ok', detail: { i },
});

let database: Database;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'minsheng-heads-'));
  dirs.push(d);
  return d;
};
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh chain: `days` days of `perDay` entries, a head exported at the end of each day. */
async function history(db: Db, clock: FakeClock, dir: string, days: number, perDay: number): Promise<AuditTrail> {
  await db.delete(auditLog);
  await db.delete(auditAnchor);
  const trail = new AuditTrail(clock);
  let i = 0;
  for (let d = 0; d < days; d++) {
    for (let k = 0; k < perDay; k++) await trail.append(db, entry(++i));
    await exportAuditHead(db, trail, { dir, key: KEY, now: clock.now() });
    clock.advance(1);
  }
  return trail;
}

/** What someone with full database rights can do: edit entry `seq` and recompute every later hash and the anchor. */
async function rewriteConsistently(db: Db, seq: number): Promise<void> {
  const trail = new AuditTrail(new FakeClock('2025-01-01'));
  const rows: AuditRow[] = (await trail.search(db, { pageSize: 500 })).items.reverse();
  let prev = rows.find((r) => r.seq === seq - 1)?.hash ?? '0'.repeat(64);
  for (const r of rows.filter((x) => x.seq >= seq)) {
    const detail = r.seq === seq ? { ...r.detail, i: 999 } : r.detail;
    const hash = chainHash(prev, { ...r, detail });
    await db.update(auditLog).set({ detail, prevHash: prev, hash }).where(eq(auditLog.seq, r.seq));
    prev = hash;
  }
  await db.update(auditAnchor).set({ headHash: prev }).where(eq(auditAnchor.id, 1));
}

describe('exported audit heads', () => {
  it('writes one signed file per day: the head seq and the head row\'s hash, under a key the database does not hold', async () => {
    const dir = tempDir();
    await history(database.db, new FakeClock('2025-09-20'), dir, 2, 3);
    expect(readdirSync(dir).sort()).toEqual(['audit-head-2025-09-20.json', 'audit-head-2025-09-21.json']);
    const head = JSON.parse(readFileSync(join(dir, 'audit-head-2025-09-21.json'), 'utf8')) as Record<string, unknown>;
    const [row6] = await database.db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, 6));
    expect(head).toMatchObject({ date: '2025-09-21', seq: 6, hash: row6!.hash, at: '2025-09-21T02:00:00.000Z' });
    // HMAC-SM3 over the other fields, recomputed here with the key.
    const { mac, ...signed } = head;
    expect(mac).toBe(createHmac('sm3', KEY).update(canonical(signed)).digest('hex'));
  });

  it('an untouched chain verifies against its heads', async () => {
    const dir = tempDir();
    const trail = await history(database.db, new FakeClock('2025-09-20'), dir, 3, 2);
    await trail.append(database.db, entry(100)); // entries after the last export are fine
    expect((await trail.verify(database.db)).ok).toBe(true);
    const r = await verifyAuditHeads(database.db, { dir, key: KEY });
    expect(r.ok).toBe(true);
    expect(r.heads.map((h) => [h.seq, h.status])).toEqual([[2, 'ok'], [4, 'ok'], [6, 'ok']]);
  });

  it('a consistent rewrite of an old entry passes the chain check but not the exported heads', async () => {
    const dir = tempDir();
    const trail = await history(database.db, new FakeClock('2025-09-20'), dir, 3, 2);
    await rewriteConsistently(database.db, 3);
    // The gap decision 005 named: the chain alone is consistent again.
    expect((await trail.verify(database.db)).ok).toBe(true);
    const r = await verifyAuditHeads(database.db, { dir, key: KEY });
    expect(r.ok).toBe(false);
    // The head exported before the edited entry still matches; those exported after it do not.
    expect(r.heads.map((h) => [h.file, h.status])).toEqual([
      ['audit-head-2025-09-20.json', 'ok'], ['audit-head-2025-09-21.json', 'broken'], ['audit-head-2025-09-22.json', 'broken'],
    ]);
    expect(r.heads[1]!.reason).toContain('第 4 条');
  });

  it('a chain rewritten shorter (entries deleted, the anchor moved back) is detected', async () => {
    const dir = tempDir();
    await history(database.db, new FakeClock('2025-09-20'), dir, 2, 3);
    const kept = await database.db.select().from(auditLog).orderBy(asc(auditLog.seq));
    await database.db.delete(auditLog).where(eq(auditLog.seq, 6));
    await database.db.update(auditAnchor).set({ headSeq: 5, headHash: kept[4]!.hash }).where(eq(auditAnchor.id, 1));
    const r = await verifyAuditHeads(database.db, { dir, key: KEY });
    expect(r.ok).toBe(false);
    expect(r.heads[1]).toMatchObject({ seq: 6, status: 'broken' });
  });

  it('refuses an edited head file, a head signed with another key, and an empty directory', async () => {
    const dir = tempDir();
    await history(database.db, new FakeClock('2025-09-20'), dir, 1, 2);
    expect((await verifyAuditHeads(database.db, { dir, key: OTHER_KEY })).ok).toBe(false);
    const f = join(dir, 'audit-head-2025-09-20.json');
    const head = JSON.parse(readFileSync(f, 'utf8')) as { hash: string };
    // An attacker replaces the kept hash with the rewritten chain's: the signature no longer matches.
    const [row] = await database.db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, 1));
    writeFileSync(f, JSON.stringify({ ...head, hash: row!.hash, seq: 1 }));
    const r = await verifyAuditHeads(database.db, { dir, key: KEY });
    expect(r.ok).toBe(false);
    expect(r.heads[0]!.reason).toContain('签名不符');
    expect((await verifyAuditHeads(database.db, { dir: tempDir(), key: KEY })).ok).toBe(false);
  });

  it('the server job writes today\'s file once a day, and none on a broken chain', async () => {
    const dir = tempDir();
    const clock = new FakeClock('2025-09-20');
    await history(database.db, clock, tempDir(), 1, 2);
    const trail = new AuditTrail(clock);
    const job = auditHeadJob(database.db, trail, clock, { dir, key: KEY });
    expect(await job.runOnce()).toBe(join(dir, 'audit-head-2025-09-21.json'));
    expect(await job.runOnce()).toBeNull();
    clock.advance(1);
    await database.db.update(auditLog).set({ detail: { i: 42 } }).where(eq(auditLog.seq, 1)); // an inconsistent edit
    await expect(job.runOnce()).rejects.toThrow(/审计链校验未通过/);
    expect(readdirSync(dir)).toEqual(['audit-head-2025-09-21.json']);
  });
});

// `npm run audit:verify -- --heads DIR` on a PGlite directory (the logic is the same on a server, above).
describe.skipIf(onPostgres)('npm run audit:head / audit:verify --heads', () => {
  it('exit 0 on an untouched chain, 1 after a consistent rewrite', async () => {
    const dataDir = join(tempDir(), 'db');
    const heads = tempDir();
    const db = await openDatabase({ dataDir });
    const trail = new AuditTrail(new FakeClock('2025-09-20'));
    for (let i = 1; i <= 4; i++) await trail.append(db.db, entry(i));
    await db.close();
    const run = promisify(execFile);
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const env = { ...process.env, MINSHENG_DATA_DIR: dataDir, DATABASE_URL: '', MINSHENG_AUDIT_HEAD_KEY: KEY.toString('base64') };
    const made = await run(tsx, ['scripts/audit-head.ts', '--dir', heads], { env });
    expect(made.stdout).toContain('已导出审计链头');
    const ok = await run(tsx, ['scripts/audit-verify.ts', '--heads', heads], { env });
    expect(ok.stdout).toContain('已导出的链头核对通过：1 个');
    const again = await openDatabase({ dataDir });
    await rewriteConsistently(again.db, 2);
    await again.close();
    const bad = await run(tsx, ['scripts/audit-verify.ts', '--heads', heads], { env }).catch((e: unknown) => e as { code: number; stdout: string });
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stdout: string }).stdout).toContain('审计日志校验通过'); // the chain alone is fooled …
    expect((bad as { stdout: string }).stdout).toContain('链头不符'); // … the exported head is not
  }, 240_000); // three commands, each starting tsx and PGlite
});
