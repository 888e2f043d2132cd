/**
 * MINSHENG_MODE=production (src/run.ts with a production configuration): refuses to start without
 * keys and an SMS provider, never loads the demo, never returns a verification code to the
 * browser, marks cookies Secure.
 */
import { Writable } from 'node:stream';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/config.js';
import { DEMO_PASSWORD } from '../../src/demo/organ-tree.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { run, type Running } from '../../src/run.js';
import * as s from '../../src/store/schema.js';
import { testDatabase } from '../support/db.js';
import { publicPetition } from '../portal/support.js';

const key = (b: number) => Buffer.alloc(32, b).toString('base64');
const HEAD_DIR = mkdtempSync(join(tmpdir(), 'minsheng-audit-head-'));
const PRODUCTION = {
  MINSHENG_AUDIT_HEAD_DIR: HEAD_DIR, MINSHENG_AUDIT_HEAD_KEY: key(5),
  DATABASE_URL: 'postgres://minsheng@127.0.0.1:5432/unused', // run() is given the test database instead
  MINSHENG_KEYS: `p1:${key(3)}`, MINSHENG_INDEX_KEY: key(4),
  MINSHENG_SMS_PROVIDER: 'aliyun', MINSHENG_ALIYUN_ACCESS_KEY_ID: 'id', MINSHENG_ALIYUN_ACCESS_KEY_SECRET: 'secret',
  MINSHENG_ALIYUN_SMS_SIGN_NAME: '民声', MINSHENG_ALIYUN_SMS_TEMPLATES: '{"verification_code":"SMS_1"}',
  // Nothing listens there: a verification SMS fails (and is logged masked); the worker is off.
  MINSHENG_ALIYUN_SMS_ENDPOINT: 'http://127.0.0.1:9/', MINSHENG_NOTIFY_WORKER: 'off',
};

describe('production refuses to start without keys and an SMS provider', () => {
  it.each([
    ['no keys', { ...PRODUCTION, MINSHENG_KEYS: undefined, MINSHENG_INDEX_KEY: undefined }, ['MINSHENG_INDEX_KEY', 'MINSHENG_KEYS']],
    ['no SMS provider', { ...PRODUCTION, MINSHENG_SMS_PROVIDER: undefined }, ['MINSHENG_SMS_PROVIDER']],
  ] as const)('%s', (_n, env, variables) => {
    const r = loadConfig(env);
    expect(r.ok ? [] : r.problems.map((p) => p.variable).sort()).toEqual(variables);
  });
});

describe('a production server on an empty database', () => {
  let running: Running;
  const log: string[] = [];
  beforeAll(async () => {
    const r = loadConfig(PRODUCTION);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const config: Config = r.config;
    const logStream = new Writable({ write(chunk: Buffer, _e, done) {
      log.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    } });
    running = await run(config, { database: await testDatabase(), listen: false, logStream });
  });
  afterAll(async () => {
    await running.close();
    await running.database.close();
  });

  it('loads no demo data and says to run setup', async () => {
    expect(running.demoCases).toBe(0);
    expect(await running.database.db.select().from(s.users)).toEqual([]);
    expect(await running.database.db.select().from(s.organs)).toEqual([]);
    expect(await running.database.db.select().from(s.cases)).toEqual([]);
    const login = await running.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xfj_clerk', password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(401);
    expect(log.map((l) => JSON.parse(l) as { msg?: string }).some((l) => l.msg?.includes('npm run setup'))).toBe(true);
  });

  it('has exported the audit chain head outside the database at start', async () => {
    await expect.poll(() => readdirSync(HEAD_DIR).filter((f) => /^audit-head-\d{4}-\d{2}-\d{2}\.json$/.test(f)).length).toBe(1);
  });

  it('is ready (migrated, this year in the calendar) with no data', async () => {
    expect((await running.app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
  });

  it('never returns the verification code; marks session cookies Secure over plain HTTP', async () => {
    // Reference data loaded here (as setup would) to have a petition office and staff to log in.
    await seedReference(running.database.db);
    await running.services.ref.refresh();
    const sub = await running.app.inject({ method: 'POST', url: '/api/public/petitions', payload: publicPetition(), headers: { 'idempotency-key': `k-${randomUUID()}` } });
    expect(sub.statusCode, sub.body).toBe(201);
    const { queryCode } = sub.json<{ queryCode: string }>();
    const ch = await running.app.inject({ method: 'POST', url: '/api/public/follow/challenge', payload: { queryCode, phone: '13907971234' } });
    expect(ch.statusCode, ch.body).toBe(200);
    expect(ch.json()).not.toHaveProperty('demoCode');
    expect(ch.body).not.toMatch(/"\d{6}"/);

    const login = await running.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xfj_clerk', password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/ms_session=[^;]+;.*Secure/);
  });

  it('logs JSON lines only, without the phone', () => {
    for (const l of log) expect(() => JSON.parse(l) as unknown, l).not.toThrow();
    expect(log.join('\n')).not.toContain('13907971234');
  });
});
