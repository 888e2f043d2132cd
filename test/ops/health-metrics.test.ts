/**
 * /api/health (liveness), /api/ready (database, migrations, this year's holiday calendar) and
 * /metrics (Prometheus text: latency by route pattern, outbox, open and overdue cases; not public).
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../src/compose.js';
import { configOrThrow } from '../../src/config/config.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { buildServer } from '../../src/http/server.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import { FakeClock, testDatabase, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

const clock = new FakeClock('2026-03-02');
let srv: Awaited<ReturnType<typeof testServer>>;
let caseId = '';

beforeAll(async () => {
  srv = await testServer(clock);
  const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-03-02' }) });
  expect(r.statusCode, r.body).toBe(201);
  caseId = r.json<{ case: { id: string } }>().case.id;
});
afterAll(async () => srv.close());

/** The value of one sample in the Prometheus text, or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describe('/api/health and /api/ready', () => {
  it('health: the process and the database answer', async () => {
    const r = await srv.app.inject({ method: 'GET', url: '/api/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'ok' });
  });

  it('ready: database reachable, every migration applied, 2026 in the holiday calendar', async () => {
    const r = await srv.app.inject({ method: 'GET', url: '/api/ready' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ status: 'ready', checks: { database: true, migrations: true, calendar: true } });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('not ready when the current year has no holiday data (2031: only the provisional calendar)', async () => {
    const later = new FakeClock('2031-01-05');
    const services = compose(srv.database, { clock: later, crypto: new FieldCrypto(TEST_KEYRING) });
    const { app } = await buildServer(srv.database, { services });
    try {
      const r = await app.inject({ method: 'GET', url: '/api/ready' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ code: 'NOT_READY', details: { database: true, migrations: true, calendar: false } });
      expect(r.json<{ message: string }>().message).toContain('2031');
    } finally {
      await app.close();
    }
  });

  it('not ready when the last migration of the journal is missing from the database', async () => {
    const database = await testDatabase();
    try {
      await seedReference(database.db);
      // A database made by the previous version: its last migration not recorded.
      await database.db.execute(sql.raw(`delete from "${database.migrationsSchema}"."__drizzle_migrations"
        where created_at = (select max(created_at) from "${database.migrationsSchema}"."__drizzle_migrations")`));
      const { app } = await buildServer(database, { clock, crypto: new FieldCrypto(TEST_KEYRING) });
      const r = await app.inject({ method: 'GET', url: '/api/ready' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ code: 'NOT_READY', details: { database: true, migrations: false, calendar: true } });
      // The journal's last migration, named in the answer.
      const journal = JSON.parse(readFileSync(new URL('../../migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: { tag: string }[] };
      expect(r.json<{ message: string }>().message).toContain(journal.entries.at(-1)!.tag);
      await app.close();
    } finally {
      await database.close();
    }
  });
});

describe('/metrics', () => {
  it('answers a loopback client with latency by route pattern, the outbox and the open and overdue cases', async () => {
    await srv.as('xfj_clerk', 'GET', `/api/cases/${caseId}`);
    await srv.app.inject({ method: 'GET', url: '/api/calendar/due-date?start=2026-03-02&days=15&unit=working' });
    let r = await srv.app.inject({ method: 'GET', url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    const text = r.body;
    // The route pattern, never the id or the query string.
    expect(sample(text, 'minsheng_http_request_duration_seconds_count', '{method="GET",route="/api/cases/:id",status="200"}')).toBe(1);
    expect(sample(text, 'minsheng_http_request_duration_seconds_count', '{method="GET",route="/api/calendar/due-date",status="200"}')).toBe(1);
    expect(text).not.toContain(caseId);
    expect(text).not.toContain('start=2026');
    // One case registered: open, not overdue; its registration SMS waiting in the outbox.
    expect(sample(text, 'minsheng_cases', '{kind="open"}')).toBe(1);
    expect(sample(text, 'minsheng_cases', '{kind="overdue"}')).toBe(0);
    expect(sample(text, 'minsheng_outbox_messages', '{status="pending"}')).toBe(1);
    expect(sample(text, 'minsheng_outbox_messages', '{status="failed"}')).toBe(0);
    expect(text).toMatch(/^minsheng_process_cpu_seconds_total /m);

    // 40 days on, the 15-day acceptance deadline has passed: overdue; the SMS has waited 40 days.
    clock.advance(40);
    r = await srv.app.inject({ method: 'GET', url: '/metrics' });
    expect(sample(r.body, 'minsheng_cases', '{kind="overdue"}')).toBe(1);
    expect(sample(r.body, 'minsheng_outbox_oldest_due_seconds')).toBeGreaterThanOrEqual(40 * 86_400);
    clock.set('2026-03-02');
  });

  it('refuses a client that came through a proxy, even on loopback', async () => {
    const r = await srv.app.inject({ method: 'GET', url: '/metrics', headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('with MINSHENG_METRICS_TOKEN, wants that bearer token and nothing else', async () => {
    const config = configOrThrow({ MINSHENG_METRICS_TOKEN: 'metrics-token-0123456789' });
    const { app } = await buildServer(srv.database, { config, services: srv.services });
    try {
      expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-0123456788' } })).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-0123456789' } })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('the JSON log', () => {
  it('one JSON line per request with its id (also sent as x-request-id), route and status; no query string, body or address', async () => {
    const lines: string[] = [];
    const logStream = new Writable({ write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    } });
    const { app } = await buildServer(srv.database, { services: srv.services, logStream });
    try {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login?who=13912345678', payload: { username: 'xfj_clerk', password: 'Secret-13912345678' } });
      const id = r.headers['x-request-id'];
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const mine = lines.map((l) => JSON.parse(l) as { reqId?: string; req?: { url: string }; res?: { statusCode: number } }).filter((l) => l.reqId === id);
      expect(mine.length).toBeGreaterThanOrEqual(2);
      expect(mine.find((l) => l.req)?.req?.url).toBe('/api/auth/login');
      expect(mine.find((l) => l.res)?.res?.statusCode).toBe(r.statusCode);
      const all = lines.join('\n');
      expect(all).not.toContain('13912345678');
      expect(all).not.toContain('remoteAddress');
    } finally {
      await app.close();
    }
  });
});
