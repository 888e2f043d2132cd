/**
 * The audit trail: a gap-free SM3 hash chain that names the first place it was tampered with,
 * survives retention purges, never holds ID numbers or phone numbers in clear, follows the
 * caller's transaction, and is readable only by the 安全审计员 (every read audited).
 * Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffUser } from '../../src/domain/model/user.js';
import { errorHandler } from '../../src/http/errors.js';
import { AUDIT_CSV_HEADERS, AuditLogService, csvCell } from '../../src/app/audit-log.js';
import { systemClock } from '../../src/app/clock.js';
import { registerAuditRoutes } from '../../src/http/routes/audit-routes.js';
import {
  AuditTrail, GENESIS_HASH, assertNoPersonalData, canonical, chainHash, type AuditEntryInput, type AuditRow,
} from '../../src/security/audit-trail.js';
import type { Database, Db } from '../../src/store/database.js';
import { auditAnchor, auditLog } from '../../src/store/schema.js';
import { FakeClock, onPostgres, testDatabase } from '../support/db.js';

const entry = (i: number, over: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actorId: `u-${i % 7}`, actorOrganId: 'organ-yudu', action: i % 3 === 0 ? 'case.read' : 'case.act', targetType: 'case',
  targetId: `case-${i}`, outcome: 'ok', detail: { i, note: `第${i}次操作`, nested: { z: 1, a: [i, 'x'] } }, ...over,
});

// One database for the file (opening a PGlite and migrating it takes seconds); every test starts
// a fresh chain on it by emptying the two audit tables.
let shared: Database;
beforeAll(async () => {
  shared = await testDatabase();
});
afterAll(async () => {
  await shared.close();
});
async function fresh(): Promise<{ db: Db }> {
  await shared.db.execute(sql`DELETE FROM audit_log`);
  await shared.db.execute(sql`DELETE FROM audit_anchor`);
  return { db: shared.db };
}

/** A fresh chain of n entries appended one after the other. */
async function chain(n: number, audit = new AuditTrail(systemClock)): Promise<{ db: Db; audit: AuditTrail }> {
  const { db } = await fresh();
  for (let i = 1; i <= n; i++) await audit.append(db, entry(i));
  return { db, audit };
}

const rows = async (db: Db) => db.select({ seq: auditLog.seq, hash: auditLog.hash, prevHash: auditLog.prevHash }).from(auditLog).orderBy(auditLog.seq);
const run = (db: Db, q: ReturnType<typeof sql>) => db.execute(q);

describe('canonical form and hash', () => {
  it('sorts keys recursively and ignores insertion order', () => {
    expect(canonical({ b: 1, a: { d: [3, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"x":2,"y":1}]},"b":1}');
    expect(canonical({ x: 1, y: { q: 'é', p: true } })).toBe(canonical({ y: { p: true, q: 'é' }, x: 1 }));
    expect(canonical({ a: undefined, b: new Date('2025-01-01T00:00:00Z') })).toBe('{"b":"2025-01-01T00:00:00.000Z"}');
  });

  it('is SM3 over prevHash, a newline and the canonical entry', () => {
    const e = { seq: 1, at: '2025-01-01T02:00:00.000Z', actorId: null, actorOrganId: null, action: 'x', targetType: 't', targetId: null, outcome: 'ok', detail: {} };
    const expected = createHash('sm3').update(`${GENESIS_HASH}\n${canonical(e)}`).digest('hex');
    expect(chainHash(GENESIS_HASH, e)).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('appending and verifying', () => {
  it('keeps ~50 entries gap-free, sequential and concurrent, and verifies them', async () => {
    const { db } = await fresh();
    const audit = new AuditTrail(systemClock);
    for (let i = 1; i <= 10; i++) await audit.append(db, entry(i));
    await Promise.all(Array.from({ length: 20 }, (_, k) => audit.record(db, entry(100 + k))));
    await Promise.all(Array.from({ length: 20 }, (_, k) => db.transaction((tx) => audit.append(tx, entry(200 + k)))));
    const all = await rows(db);
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, k) => k + 1));
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    for (let k = 1; k < all.length; k++) expect(all[k]!.prevHash).toBe(all[k - 1]!.hash);
    const [anchor] = await db.select().from(auditAnchor);
    expect(anchor).toMatchObject({ id: 1, headSeq: 50, headHash: all[49]!.hash, purgedThroughSeq: 0, purgedThroughHash: GENESIS_HASH });
    const v = await audit.verify(db);
    expect(v).toEqual({ ok: true, checked: 50, headSeq: 50, headHash: all[49]!.hash, firstBroken: null });
  });

  it('verifies an empty trail', async () => {
    const { db } = await fresh();
    expect(await new AuditTrail(systemClock).verify(db)).toMatchObject({ ok: true, checked: 0, headSeq: 0, firstBroken: null });
  });

  it('hashes `at` exactly as stored, whatever the session time zone', async () => {
    const clock = new FakeClock('2025-06-30');
    clock.advance(0.5 + 123 / 86_400_000); // 14:00:00.123 UTC: a millisecond part and a date change in Beijing
    const { db, audit } = await chain(3, new AuditTrail(clock));
    const found = await audit.search(db, {});
    expect(found.items.map((r) => r.at)).toEqual(['2025-06-30T14:00:00.123Z', '2025-06-30T14:00:00.123Z', '2025-06-30T14:00:00.123Z']);
    const v = await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL TIME ZONE 'Asia/Shanghai'`);
      await tx.execute(sql`SET LOCAL DateStyle = 'SQL, DMY'`);
      return audit.verify(tx);
    });
    expect(v.ok).toBe(true);
    expect(v.checked).toBe(3);
  });

  it('appendMany: past entries with their own instants continue the chain; append continues after them; a bad one writes none', async () => {
    const { db, audit } = await chain(2);
    const past = [1, 2, 3].map((i) => ({ ...entry(100 + i), at: `2024-03-0${i}T01:02:03.456Z` }));
    await db.transaction((tx) => audit.appendMany(tx, past));
    await audit.append(db, entry(200));
    const found = await audit.search(db, { pageSize: 10 });
    expect(found.items.map((r) => [r.seq, r.targetId]).sort((a, b) => Number(a[0]) - Number(b[0])))
      .toEqual([[1, 'case-1'], [2, 'case-2'], [3, 'case-101'], [4, 'case-102'], [5, 'case-103'], [6, 'case-200']]);
    expect(found.items.find((r) => r.seq === 4)?.at).toBe('2024-03-02T01:02:03.456Z');
    expect(await audit.verify(db)).toMatchObject({ ok: true, checked: 6, headSeq: 6 });
    // An ID number in one detail: the whole batch is refused.
    await expect(db.transaction((tx) => audit.appendMany(tx, [past[0]!, { ...past[1]!, detail: { note: '110101199003074514' } }])))
      .rejects.toMatchObject({ code: 'AUDIT_PERSONAL_DATA' });
    expect(await audit.verify(db)).toMatchObject({ ok: true, checked: 6, headSeq: 6 });
  });
});

describe('tampering is found, at the first broken place', () => {
  it('an edited detail: names that entry', async () => {
    const { db, audit } = await chain(12);
    await run(db, sql`UPDATE audit_log SET detail = jsonb_set(detail, '{note}', '"改过的"') WHERE seq = 7`);
    const v = await audit.verify(db);
    expect(v.ok).toBe(false);
    expect(v.firstBroken?.seq).toBe(7);
    expect(v.firstBroken?.reason).toContain('篡改');
    expect(v.checked).toBe(6);
  });

  it('an edited time or actor: names that entry', async () => {
    const { db, audit } = await chain(6);
    await run(db, sql`UPDATE audit_log SET at = at + interval '1 millisecond' WHERE seq = 3`);
    expect((await audit.verify(db)).firstBroken?.seq).toBe(3);
    const second = await chain(6);
    await run(second.db, sql`UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = 5`);
    expect((await second.audit.verify(second.db)).firstBroken?.seq).toBe(5);
  });

  it('a deleted middle entry: names the gap', async () => {
    const { db, audit } = await chain(12);
    await run(db, sql`DELETE FROM audit_log WHERE seq = 10`);
    const v = await audit.verify(db);
    expect(v.ok).toBe(false);
    expect(v.firstBroken?.seq).toBe(10);
    expect(v.firstBroken?.reason).toContain('缺失');
  });

  it('two entries swapped (reordered): caught at the first of them', async () => {
    const { db, audit } = await chain(12);
    await run(db, sql`UPDATE audit_log SET seq = -5 WHERE seq = 5`);
    await run(db, sql`UPDATE audit_log SET seq = 5 WHERE seq = 6`);
    await run(db, sql`UPDATE audit_log SET seq = 6 WHERE seq = -5`);
    const v = await audit.verify(db);
    expect(v.ok).toBe(false);
    expect(v.firstBroken?.seq).toBe(5);
    expect(v.firstBroken?.reason).toContain('调换顺序');
  });

  it('the last entry deleted: caught through the anchor', async () => {
    const { db, audit } = await chain(12);
    await run(db, sql`DELETE FROM audit_log WHERE seq = 12`);
    const v = await audit.verify(db);
    expect(v.ok).toBe(false);
    expect(v.checked).toBe(11);
    expect(v.firstBroken?.seq).toBe(12);
    expect(v.firstBroken?.reason).toContain('链尾缺失');
  });

  it('an edited entry with its hash recomputed: caught at the next entry', async () => {
    const { db, audit } = await chain(12);
    const row = (await audit.search(db, { targetId: 'case-8' })).items[0];
    const forged: AuditRow = { ...row!, detail: { ...row!.detail, note: '伪造' } };
    const forgedHash = chainHash(forged.prevHash, forged);
    await run(db, sql`UPDATE audit_log SET detail = ${JSON.stringify(forged.detail)}::jsonb, hash = ${forgedHash} WHERE seq = 8`);
    const v = await audit.verify(db);
    expect(v.ok).toBe(false);
    expect(v.firstBroken?.seq).toBe(9);
    expect(v.firstBroken?.reason).toContain('前一条哈希');
  });

  it('the last entry edited with its hash recomputed: caught through the anchor', async () => {
    const { db, audit } = await chain(5);
    const row = (await audit.search(db, { targetId: 'case-5' })).items[0];
    const forged: AuditRow = { ...row!, outcome: 'denied' };
    await run(db, sql`UPDATE audit_log SET outcome = 'denied', hash = ${chainHash(forged.prevHash, forged)} WHERE seq = 5`);
    const v = await audit.verify(db);
    expect(v.firstBroken?.seq).toBe(5);
    expect(v.firstBroken?.reason).toContain('锚点');
  });

  it('an entry slipped in after the head, bypassing the anchor: caught', async () => {
    const { db, audit } = await chain(4);
    const last = (await audit.search(db, { pageSize: 1 })).items[0];
    const extra = { seq: 5, at: last!.at, actorId: 'x', actorOrganId: null, action: 'case.act', targetType: 'case', targetId: 'c', outcome: 'ok', detail: {} };
    await db.insert(auditLog).values({ ...extra, prevHash: last!.hash, hash: chainHash(last!.hash, extra) });
    const v = await audit.verify(db);
    expect(v.firstBroken?.seq).toBe(5);
    expect(v.firstBroken?.reason).toContain('追加插入');
  });

  it('streams a chain longer than one page (5,000 rows) and still finds a break past the first page', async () => {
    const { db } = await fresh();
    const audit = new AuditTrail(systemClock);
    // Built in bulk with the same hashing, to keep the test fast.
    let prev = GENESIS_HASH;
    const all = [];
    for (let seq = 1; seq <= 5_300; seq++) {
      const e = { seq, at: '2025-01-01T00:00:00.000Z', actorId: null, actorOrganId: null, action: 'bulk', targetType: 't', targetId: null, outcome: 'ok', detail: { seq } };
      const hash = chainHash(prev, e);
      all.push({ ...e, prevHash: prev, hash });
      prev = hash;
    }
    for (let k = 0; k < all.length; k += 1000) await db.insert(auditLog).values(all.slice(k, k + 1000));
    await db.insert(auditAnchor).values({ id: 1, headSeq: 5_300, headHash: prev, purgedThroughSeq: 0, purgedThroughHash: GENESIS_HASH });
    expect(await audit.verify(db)).toMatchObject({ ok: true, checked: 5_300 });
    await audit.append(db, entry(1));
    expect(await audit.verify(db)).toMatchObject({ ok: true, checked: 5_301, headSeq: 5_301 });
    await run(db, sql`DELETE FROM audit_log WHERE seq = 5200`);
    expect((await audit.verify(db)).firstBroken?.seq).toBe(5_200);
  });
});

describe('retention purge', () => {
  it('refuses a retention under six months', async () => {
    const { db, audit } = await chain(2);
    await expect(audit.purge(db, 179)).rejects.toMatchObject({ code: 'AUDIT_RETENTION_TOO_SHORT', message: '审计日志至少保存六个月（180日）' });
    expect((await rows(db)).length).toBe(2);
  });

  it('purges entries older than the retention, and the chain still verifies after', async () => {
    const clock = new FakeClock('2025-01-01');
    const audit = new AuditTrail(clock);
    const { db } = await chain(10, audit); // day 0
    clock.advance(100);
    for (let i = 11; i <= 15; i++) await audit.append(db, entry(i)); // day 100
    clock.advance(110); // day 210: the first ten are 210 days old, the rest 110
    const tenth = (await rows(db))[9]!;
    expect(await audit.purge(db, 180, { actorId: 'auditor-1', actorOrganId: 'organ-yudu' })).toEqual({ purged: 10 });
    const left = await rows(db);
    expect(left.map((r) => r.seq)).toEqual([11, 12, 13, 14, 15, 16]);
    const [anchor] = await db.select().from(auditAnchor);
    expect(anchor).toMatchObject({ headSeq: 16, purgedThroughSeq: 10, purgedThroughHash: tenth.hash });
    const purgeEntry = (await audit.search(db, { action: 'audit.purge' })).items[0];
    expect(purgeEntry).toMatchObject({ seq: 16, actorId: 'auditor-1', detail: { retentionDays: 180, purged: 10, purgedThroughSeq: 10 } });
    expect(await audit.verify(db)).toMatchObject({ ok: true, checked: 6, headSeq: 16 });

    // Nothing more to purge; the purge is still recorded; appends continue the chain.
    expect(await audit.purge(db, 180)).toEqual({ purged: 0 });
    await audit.append(db, entry(99));
    expect(await audit.verify(db)).toMatchObject({ ok: true, checked: 8, headSeq: 18 });

    // A deletion right after the purged range is still caught, and so is a leftover of that range.
    await run(db, sql`DELETE FROM audit_log WHERE seq = 11`);
    expect((await audit.verify(db)).firstBroken?.seq).toBe(11);
  });

  it('purges only a prefix of the chain when the clock once went back', async () => {
    const clock = new FakeClock('2025-01-01');
    const audit = new AuditTrail(clock);
    const { db } = await chain(3, audit); // day 0
    clock.advance(100);
    await audit.append(db, entry(4)); // day 100
    clock.set('2025-01-01');
    await audit.append(db, entry(5)); // day 0 again, after a newer entry
    clock.advance(210);
    expect(await audit.purge(db, 180)).toEqual({ purged: 3 });
    expect((await rows(db)).map((r) => r.seq)).toEqual([4, 5, 6]);
    expect((await audit.verify(db)).ok).toBe(true);
  });

  it('refuses to purge a tampered chain (it would wash the evidence away)', async () => {
    const clock = new FakeClock('2025-01-01');
    const audit = new AuditTrail(clock);
    const { db } = await chain(5, audit);
    await run(db, sql`UPDATE audit_log SET target_id = 'other' WHERE seq = 2`);
    clock.advance(400);
    await expect(audit.purge(db, 180)).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN' });
    expect((await rows(db)).length).toBe(5);
  });
});

describe('no personal data in clear', () => {
  it('refuses ID numbers and mobile numbers at any depth, naming the path but not the value', () => {
    const refused: unknown[] = [
      { idNumber: '110105199003071234' },
      { text: '身份证11010519900307123X号' },
      { list: ['ok', { deep: '手机13812345678' }] },
      { phone: '+86 138-1234-5678' },
      { phone: '139 1234 5678' },
      { 13812345678: 'as a key' },
    ];
    for (const d of refused) expect(() => assertNoPersonalData(d), JSON.stringify(d)).toThrow(expect.objectContaining({ code: 'AUDIT_PERSONAL_DATA' }));
    try {
      assertNoPersonalData({ a: { b: '13812345678' } });
    } catch (e) {
      expect((e as Error).message).toContain('detail.a.b');
      expect((e as Error).message).not.toContain('13812345678');
    }
  });

  it('allows ordinary identifiers, hashes, times and case numbers', () => {
    expect(() => assertNoPersonalData({
      caseId: 'c0a8f5e2-1b2c-4d5e-8f90-123456789abc', number: '于信〔2025〕12号', at: '2025-03-02T02:00:00.000Z',
      ms: '1740880800000', sha256: createHash('sha256').update('x').digest('hex'), count: 13812345678, twenty: '12345678901234567890',
      landline: '0797-6221234',
    })).not.toThrow();
  });

  it('append refuses such a detail and writes nothing', async () => {
    const { db, audit } = await chain(2);
    await expect(audit.append(db, entry(3, { detail: { phone: '13812345678' } }))).rejects.toMatchObject({ code: 'AUDIT_PERSONAL_DATA' });
    expect((await rows(db)).length).toBe(2);
    expect((await audit.verify(db)).ok).toBe(true);
  });
});

describe('transactions', () => {
  it('an append in a transaction that rolls back leaves no row; the chain still verifies and continues', async () => {
    const { db, audit } = await chain(3);
    await expect(db.transaction(async (tx) => {
      await audit.append(tx, entry(4));
      throw new Error('business write failed');
    })).rejects.toThrow('business write failed');
    expect((await rows(db)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(await audit.verify(db)).toMatchObject({ ok: true, checked: 3, headSeq: 3 });
    await audit.append(db, entry(5));
    expect(await audit.verify(db)).toMatchObject({ ok: true, checked: 4, headSeq: 4 });
  });

  it('a committed transaction has its business write and its audit row together', async () => {
    const { db, audit } = await chain(1);
    await db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO counters (scope, year, value) VALUES ('audit-test', 2025, 1)`);
      await audit.append(tx, entry(2, { action: 'counter.bump', targetType: 'counter', targetId: 'audit-test' }));
    });
    const bumped = (await audit.search(db, { action: 'counter.*' })).items[0];
    expect(bumped).toMatchObject({ seq: 2, action: 'counter.bump' });
    expect((await audit.verify(db)).ok).toBe(true);
  });

  it('an audit append rolled back to a savepoint inside a transaction leaves the rest intact', async () => {
    const { db, audit } = await chain(1);
    await db.transaction(async (tx) => {
      await audit.append(tx, entry(2));
      await expect(tx.transaction(async (inner) => {
        await audit.append(inner, entry(3));
        throw new Error('inner');
      })).rejects.toThrow('inner');
      await audit.append(tx, entry(4));
    });
    expect((await rows(db)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect((await audit.verify(db)).ok).toBe(true);
  });
});

describe('search', () => {
  it('filters by actor, action (exact or prefix), target, outcome and time; newest first; paged', async () => {
    const clock = new FakeClock('2025-03-01');
    const audit = new AuditTrail(clock);
    const { db } = await fresh();
    for (let i = 1; i <= 14; i++) {
      await audit.append(db, entry(i, { outcome: i === 5 ? 'denied' : 'ok' }));
      clock.advance(1);
    }
    const all = await audit.search(db, { pageSize: 5 });
    expect(all.total).toBe(14);
    expect(all.items.map((r) => r.seq)).toEqual([14, 13, 12, 11, 10]);
    expect((await audit.search(db, { page: 3, pageSize: 5 })).items.map((r) => r.seq)).toEqual([4, 3, 2, 1]);
    expect((await audit.search(db, { actorId: 'u-3' })).items.map((r) => r.seq)).toEqual([10, 3]);
    expect((await audit.search(db, { action: 'case.read' })).total).toBe(4);
    expect((await audit.search(db, { action: 'case.*' })).total).toBe(14);
    expect((await audit.search(db, { action: 'case\\_*' })).total).toBe(0);
    expect((await audit.search(db, { targetType: 'case', targetId: 'case-7' })).items.map((r) => r.seq)).toEqual([7]);
    expect((await audit.search(db, { outcome: 'denied' })).items.map((r) => r.seq)).toEqual([5]);
    // Entries are at 10:00 Beijing on 03-01 … 03-14; dates are Beijing dates, both ends included.
    expect((await audit.search(db, { from: '2025-03-03', to: '2025-03-05' })).items.map((r) => r.seq)).toEqual([5, 4, 3]);
    expect((await audit.search(db, { from: '2025-03-03T02:00:00.000Z', to: '2025-03-04T02:00:00.000Z' })).items.map((r) => r.seq)).toEqual([4, 3]);
    await expect(audit.search(db, { from: 'not a date' })).rejects.toMatchObject({ code: 'AUDIT_BAD_FILTER' });
  });
});

describe('HTTP: only the 安全审计员 reads the trail, and every read is audited', () => {
  const user = (id: string, roles: StaffUser['roles']): StaffUser => ({ id, username: id, name: id, organId: 'organ-yudu', roles, dataScope: 'organ', conflictKeys: [] });
  const users: Record<string, StaffUser> = { auditor: user('auditor', ['audit_admin']), clerk: user('clerk', ['intake_clerk']), sysadmin: user('sysadmin', ['system_admin']) };
  let app: FastifyInstance;
  let own: Database;
  let db: Db;
  const audit = new AuditTrail(systemClock);

  beforeAll(async () => {
    own = await testDatabase(); // its own database: these tests build on each other
    db = own.db;
    await audit.append(db, entry(1, { detail: { note: '=HYPERLINK("http://x")', quote: 'a "b", c' } }));
    await audit.append(db, entry(2));
    app = Fastify();
    app.setErrorHandler(errorHandler);
    app.decorateRequest('staff', null);
    app.decorateRequest('sessionToken', null);
    app.addHook('onRequest', async (req) => {
      const who = req.headers['x-test-user'];
      req.staff = typeof who === 'string' ? users[who] ?? null : null;
    });
    registerAuditRoutes(app, new AuditLogService(db, audit, systemClock));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await own.close();
  });

  const get = (who: string | null, url: string) => app.inject({ method: 'GET', url, headers: who ? { 'x-test-user': who } : {} });

  it('refuses others with FORBIDDEN, and records the refusal', async () => {
    const r = await get('clerk', '/api/audit');
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'FORBIDDEN', message: '仅安全审计员可以查看审计日志' });
    expect((await get('sysadmin', '/api/audit/export')).statusCode).toBe(403);
    expect((await get('sysadmin', '/api/audit/verify')).statusCode).toBe(403);
    expect((await get(null, '/api/audit')).statusCode).toBe(401);
    const denied = await audit.search(db, { outcome: 'denied' });
    expect(denied.items.map((x) => [x.actorId, x.action])).toEqual([['sysadmin', 'audit.verify'], ['sysadmin', 'audit.export'], ['clerk', 'audit.read']]);
  });

  it('searches with filters and records the read', async () => {
    const r = await get('auditor', '/api/audit?action=case.*&pageSize=1&page=2');
    expect(r.statusCode).toBe(200);
    const body = r.json<{ total: number; page: number; pageSize: number; items: AuditRow[] }>();
    expect(body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(body.items[0]).toMatchObject({ seq: 1, targetId: 'case-1', detail: { quote: 'a "b", c' } });
    const read = (await audit.search(db, { action: 'audit.read', outcome: 'ok' })).items[0];
    expect(read).toMatchObject({ actorId: 'auditor', detail: { filter: { action: 'case.*' }, page: 2, pageSize: 1, total: 2, returned: 1 } });
    expect((await get('auditor', '/api/audit?pageSize=9999')).statusCode).toBe(400);
    expect((await get('auditor', '/api/audit?from=yesterday')).statusCode).toBe(422);
  });

  it('verifies the chain and records the check', async () => {
    const r = await get('auditor', '/api/audit/verify');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ ok: true, firstBroken: null });
    expect((await audit.search(db, { action: 'audit.verify', outcome: 'ok' })).total).toBe(1);
  });

  it('exports CSV with a BOM, Chinese headers, safe quoting, and records the export', async () => {
    const r = await get('auditor', '/api/audit/export?targetType=case');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(String(r.headers['content-disposition'])).toContain('filename*=UTF-8\'\'');
    const raw = r.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(AUDIT_CSV_HEADERS.join(','));
    expect(lines[0]).toBe('序号,时间,操作人,机关,操作,对象类型,对象,结果,详情');
    expect(lines[1]).toMatch(/^1,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3},u-1,organ-yudu,case\.act,case,case-1,成功,"/);
    expect(lines[1]).toContain('""quote"":""a \\""b\\"", c""');
    expect(lines).toHaveLength(4); // header, 2 rows, trailing empty
    const exp = (await audit.search(db, { action: 'audit.export', outcome: 'ok' })).items[0];
    expect(exp).toMatchObject({ actorId: 'auditor', detail: { filter: { targetType: 'case' }, total: 2 } });
    expect((await audit.verify(db)).ok).toBe(true);
  });

  it('neutralises spreadsheet formulas', () => {
    expect(csvCell('=1+1')).toBe('\'=1+1');
    expect(csvCell('@SUM(A1)')).toBe('\'@SUM(A1)');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('普通文本')).toBe('普通文本');
  });
});

it(`runs on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  expect(typeof onPostgres).toBe('boolean');
});
