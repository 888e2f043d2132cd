/**
 * Two server processes on one PostgreSQL behave as one (docs/decisions/015): two full servers —
 * each composed over its own database connection (own pool, own LISTEN connection, own caches) on
 * the same schema, as two `npm start` processes would be — and what one does is seen by the other:
 * reference data and profile changes within a second (LISTEN/NOTIFY), roles for sessions held on
 * the other, one shared portal rate-limit budget, and every outbox message delivered exactly once
 * by two workers running at the same time.
 *
 * PostgreSQL only: PGlite is one process by construction. CI runs the suites a second time with
 * DATABASE_URL set; without it this file is skipped.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, type Services } from '../../src/compose.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { DEMO_PASSWORD } from '../../src/demo/organ-tree.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { buildServer } from '../../src/http/server.js';
import { outboxPlace } from '../../src/notify/outbox.js';
import type { SmsAdapter, SmsMessage } from '../../src/notify/sms/adapter.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import { PgChangeFeed } from '../../src/store/change-feed.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { FakeClock } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { CapturingLogger } from '../notify/support/notify.js';

const url = process.env.DATABASE_URL;
const schemaName = `t_${randomBytes(6).toString('hex')}`;
const clock = new FakeClock('2026-11-16');
/** The portal's read budget per client and minute, for the whole installation. */
const READS = 6;

interface Server {
  database: Database;
  services: Services;
  app: Awaited<ReturnType<typeof buildServer>>['app'];
  as(username: string, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

async function start(): Promise<Server> {
  if (!url) throw new Error('DATABASE_URL');
  const database = await openDatabase({ url, schemaName });
  const services = compose(database, { clock, crypto: new FieldCrypto(TEST_KEYRING), portal: { rateLimits: { reads: READS, writes: 1000, follow: 1000 } } });
  const { app } = await buildServer(database, { services });
  await app.ready();
  const tokens = new Map<string, string>();
  return {
    database, services, app,
    async as(username, method, path, payload) {
      let token = tokens.get(username);
      if (!token) {
        const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
        if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode}`);
        token = r.json<{ token: string }>().token;
        tokens.set(username, token);
      }
      return app.inject({ method, url: path, payload: payload as never, headers: { authorization: `Bearer ${token}` } });
    },
  };
}

/** Polls `probe` until it holds; returns the milliseconds it took, or fails after `limitMs`. */
async function within(limitMs: number, probe: () => Promise<boolean>): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - t0;
    if (performance.now() - t0 > limitMs) throw new Error(`not seen within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let a: Server;
let b: Server;
const seen: Record<string, number> = {};

describe.skipIf(!url)('two server processes on one PostgreSQL (skipped without DATABASE_URL: PGlite is one process by construction)', () => {
  beforeAll(async () => {
    a = await start();
    await seedReference(a.database.db);
    b = await start();
  });
  afterAll(async () => {
    for (const srv of [a, b] as (Server | undefined)[]) {
      await srv?.app.close();
      await srv?.database.close();
    }
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schemaName} CASCADE; DROP SCHEMA IF EXISTS ${schemaName}_migrations CASCADE`);
    await c.end();
    // The figures the report quotes: how long B took to see each change made through A.
    console.info(`two-servers: seen on B after (ms) ${JSON.stringify(seen)}`);
  });

  it('an organ renamed through A is seen by B (its cache already warm) within a second', async () => {
    const organName = async (srv: Server) => (await srv.as('xfj_clerk', 'GET', '/api/organs')).json<{ id: string; name: string }[]>().find((o) => o.id === 'county-rsj')?.name;
    expect(await organName(b)).toBe('于都县人力资源和社会保障局');
    const r = await a.as('admin', 'PATCH', '/api/admin/organs/county-rsj', { name: '于都县人力资源和社会保障局（更名测试）' });
    expect(r.statusCode, r.body).toBe(200);
    seen.organRenamed = await within(1000, async () => (await organName(b)) === '于都县人力资源和社会保障局（更名测试）');
  });

  it('a category added on A is offered by B', async () => {
    const codes = async (srv: Server) => (await srv.app.inject({ method: 'GET', url: '/api/public/categories', remoteAddress: '10.9.0.1' })).json<{ code: string }[]>().map((c) => c.code);
    expect(await codes(b)).not.toContain('99');
    await a.database.db.insert(s.categories).values({ code: '99', name: '其他（测试新增）', parentCode: null, level: 1 });
    seen.categoryAdded = await within(1000, async () => (await codes(b)).includes('99'));
  });

  it('a calendar year entered through A makes B\'s deadlines in that year definitive within a second', async () => {
    const due = async (srv: Server) => (await srv.app.inject({ method: 'GET', url: '/api/calendar/due-date?start=2027-01-20&days=15&unit=calendar' }))
      .json<{ due: string; provisional: boolean }>();
    // Before the notice: provisional on both (2027 is not in the library).
    expect((await due(b)).provisional).toBe(true);
    const put = await a.as('admin', 'PUT', '/api/calendar/years/2027', {
      noticeRef: '国务院办公厅关于2027年部分节假日安排的通知（测试）', holidays: ['2027-01-01', '2027-02-04', '2027-02-05'], makeupWorkdays: [],
    });
    expect(put.statusCode, put.body).toBe(200);
    // 2027-01-20 + 15 calendar days = 2027-02-04, a holiday in the entered notice → the next working day, 2027-02-08 (Monday).
    seen.calendarYearEntered = await within(1000, async () => {
      const d = await due(b);
      return !d.provisional && d.due === '2027-02-08';
    });
  });

  it('a rules profile saved through A is B\'s within a second', async () => {
    const profiles = (await b.as('admin', 'GET', '/api/profiles')).json<{ id: string; name: string }[]>();
    const { id: _id, ...national } = profiles.find((p) => p.id === 'national') as { id: string; name: string };
    const saved = await a.as('admin', 'PUT', '/api/profiles/two-servers', { ...national, name: '两进程测试配置' });
    expect(saved.statusCode, saved.body).toBe(200);
    seen.profileSaved = await within(1000, async () =>
      (await b.as('admin', 'GET', '/api/profiles')).json<{ id: string; name: string }[]>().some((p) => p.id === 'two-servers' && p.name === '两进程测试配置'));
  });

  it('roles and data scope granted through A apply to the user\'s session on B, and to B\'s reference data, within a second', async () => {
    const me = async () => (await b.as('rsj_handler', 'GET', '/api/auth/me')).json<{ user: { roles: string[]; dataScope: string } }>().user;
    expect(await me()).toMatchObject({ roles: ['handler'] });
    // B's cached staff (approvers, recusal, the forms' choices) are warm before the change.
    expect((await b.services.ref.get()).users.get('u-rsj_handler')?.roles).toEqual(['handler']);
    const r = await a.as('secadmin', 'PUT', '/api/admin/users/u-rsj_handler/roles', { roles: ['handler', 'leader'], dataScope: 'organ_and_subordinates' });
    expect(r.statusCode, r.body).toBe(200);
    seen.rolesGranted = await within(1000, async () => {
      const u = await me();
      const cached = (await b.services.ref.get()).users.get('u-rsj_handler');
      return u.roles.includes('leader') && u.dataScope === 'organ_and_subordinates' && cached?.roles.includes('leader') === true && cached.dataScope === 'organ_and_subordinates';
    });
  });

  it('after B\'s LISTEN connection is lost it reconnects and catches up with what changed meanwhile', async () => {
    const feed = b.database.changes;
    if (!(feed instanceof PgChangeFeed)) throw new Error('PostgreSQL feed expected');
    const organName = async () => (await b.services.ref.get()).organs.get('town-tsl')?.name;
    const before = await organName();
    await feed.dropConnection();
    await within(2000, () => Promise.resolve(feed.state() === 'reconnecting'));
    // Changed while B cannot hear: the notification is lost, the reconnection's resync covers it.
    const r = await a.as('admin', 'PATCH', '/api/admin/organs/town-tsl', { name: `${before ?? ''}（断线期间更名）` });
    expect(r.statusCode, r.body).toBe(200);
    seen.afterReconnect = await within(3000, async () => feed.state() === 'listening' && (await organName()) === `${before ?? ''}（断线期间更名）`);
    // And it hears again.
    await a.as('admin', 'PATCH', '/api/admin/organs/town-tsl', { name: `${before ?? ''}（重连后更名）` });
    await within(1000, async () => (await organName()) === `${before ?? ''}（重连后更名）`);
  });

  it('a portal client has one rate-limit budget across both servers: half on A, half on B, then 429 on either', async () => {
    const guide = (srv: Server) => srv.app.inject({ method: 'GET', url: '/api/public/guide', remoteAddress: '10.9.9.9' });
    const codes: number[] = [];
    for (let i = 0; i < READS / 2; i++) {
      codes.push((await guide(a)).statusCode);
      codes.push((await guide(b)).statusCode);
    }
    expect(codes).toEqual(Array.from({ length: READS }, () => 200));
    // Each server alone has counted only half of the budget; together they are at the limit.
    expect([(await guide(a)).statusCode, (await guide(b)).statusCode]).toEqual([429, 429]);
    // Another client is unaffected.
    expect((await a.app.inject({ method: 'GET', url: '/api/public/guide', remoteAddress: '10.9.9.10' })).statusCode).toBe(200);
  });

  it('two outbox workers, one per server, running at once deliver each of 120 messages exactly once', async () => {
    // One registration gives one real outbox row; 119 more rows like it (other recipients) make the load.
    const reg = await a.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: clock.today(), petitioners: [{ kind: 'person', name: '钟德福', phone: '13907971234' }] }) });
    expect(reg.statusCode, reg.body).toBe(201);
    const caseId = reg.json<{ case: { id: string } }>().case.id;
    const [first] = await a.database.db.select().from(s.notificationOutbox).where(eq(s.notificationOutbox.caseId, caseId));
    if (!first) throw new Error('no outbox row');
    // Each copy's phone and parameters encrypted again for its own row: ciphertexts are bound to their place.
    const crypto = new FieldCrypto(TEST_KEYRING);
    const phone = crypto.decrypt(first.phoneEnc, outboxPlace(first.id, 'phone_enc'));
    const params = crypto.decrypt(first.paramsEnc, outboxPlace(first.id, 'params_enc'));
    await a.database.db.insert(s.notificationOutbox).values(Array.from({ length: 119 }, (_, i) => {
      const id = `${first.id}-${i}`;
      return {
        ...first, id, recipientKey: `${first.recipientKey}-${i}`, createdAt: first.createdAt,
        phoneEnc: crypto.encrypt(phone, outboxPlace(id, 'phone_enc')), paramsEnc: crypto.encrypt(params, outboxPlace(id, 'params_enc')),
      };
    }));
    const delivered = new Map<string, string[]>();
    class Counting implements SmsAdapter {
      constructor(readonly name: string) {}
      async send(m: SmsMessage) {
        delivered.set(m.deliveryId, [...(delivered.get(m.deliveryId) ?? []), this.name]);
        await new Promise((r) => setTimeout(r, 2)); // a provider's round trip: the workers' rounds overlap
        return { providerMessageId: `${this.name}-${m.deliveryId}` };
      }
    }
    const wa = a.services.notifications.worker(new Counting('A'), { batchSize: 5 }, new CapturingLogger());
    const wb = b.services.notifications.worker(new Counting('B'), { batchSize: 5 }, new CapturingLogger());
    const drain = async (w: typeof wa) => {
      let total = 0;
      for (;;) {
        const r = await w.runOnce();
        if (r.claimed === 0) return total;
        total += r.sent;
      }
    };
    const [sentA, sentB] = await Promise.all([drain(wa), drain(wb)]);
    expect(sentA + sentB).toBe(120);
    expect(sentA).toBeGreaterThan(0); // both really worked
    expect(sentB).toBeGreaterThan(0);
    expect(delivered.size).toBe(120);
    expect([...delivered.values()].filter((by) => by.length !== 1)).toEqual([]);
    const rows = await b.database.db.select({ status: s.notificationOutbox.status }).from(s.notificationOutbox).where(eq(s.notificationOutbox.caseId, caseId));
    expect(rows.map((r) => r.status)).toEqual(Array.from({ length: 120 }, () => 'sent'));
    seen.sentByA = sentA;
    seen.sentByB = sentB;
  });

  it('registrations sent at once through both servers get consecutive case numbers, and the audit chain stays whole', async () => {
    const body = (i: number) => ({ petition: samplePetition({ receivedOn: '2026-11-16', title: `同时登记${i}` }) });
    for (const srv of [a, b]) expect((await srv.as('xfj_clerk', 'GET', '/api/auth/me')).statusCode).toBe(200); // logged in once each
    const rs = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).as('xfj_clerk', 'POST', '/api/cases', body(i))));
    expect(rs.map((r) => r.statusCode)).toEqual(rs.map(() => 201));
    const numbers = rs.map((r) => r.json<{ case: { number: string } }>().case.number).sort();
    const seqs = numbers.map((n) => Number(n.split('-')[2]));
    // No number twice, none skipped: the counter's row lock and the audit lock are taken together (decision 025).
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => seqs[0]! + i));
    const verified = await a.services.audit.verify(a.database.db);
    expect(verified).toMatchObject({ ok: true, firstBroken: null });
    const entries = await a.database.db.select({ n: s.auditLog.seq }).from(s.auditLog).where(eq(s.auditLog.action, 'case.register'));
    expect(entries.length).toBeGreaterThanOrEqual(24);
  });
});
