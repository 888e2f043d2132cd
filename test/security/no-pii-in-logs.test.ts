/** No ID number or phone in clear in logs, error messages, or anything answered without the permission. */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { DEMO_PASSWORD } from '../../src/demo/organ-tree.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { buildServer } from '../../src/http/server.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import type { Database } from '../../src/store/database.js';
import { errorSummary, loggableError } from '../../src/store/db-errors.js';
import { FakeClock, testDatabase } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

const ID = '360731197805120015';
const BAD_ID = '360731197805120011';
const PHONE = '13907971234';
const logs: string[] = [];
const stream = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
let app: Awaited<ReturnType<typeof buildServer>>['app'];
let close: () => Promise<void>;
let database: Database;
const bodies: string[] = [];

beforeAll(async () => {
  database = await testDatabase();
  await seedReference(database.db);
  ({ app } = await buildServer(database, { clock: new FakeClock('2026-03-02'), crypto: new FieldCrypto(TEST_KEYRING), logStream: stream }));
  close = async () => { await app.close(); await database.close(); };
});
afterAll(() => close());

async function call(method: 'GET' | 'POST', url: string, token: string | null, payload?: unknown) {
  const r = await app.inject({ method, url, payload: payload as never, headers: token ? { authorization: `Bearer ${token}` } : {} });
  bodies.push(r.body);
  return r;
}

describe('personal data never leaks into logs or answers without the permission', () => {
  it('through registration, lookups, bad input, refusals and reads', async () => {
    const login = async (u: string) => ((await call('POST', '/api/auth/login', null, { username: u, password: DEMO_PASSWORD })).json<{ token: string }>()).token;
    const clerk = await login('xfj_clerk');
    const viewer = await login('xfj_viewer');
    const foreign = await login('tsl_officer');
    const petition = samplePetition({ receivedOn: '2026-03-02', petitioners: [{ kind: 'person', name: '钟德福', idNumber: ID, phone: PHONE, address: '于都县贡江镇' }] });
    const created = await call('POST', '/api/cases', clerk, { petition });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ case: { id: string } }>().case.id;
    await call('POST', '/api/cases', clerk, { petition: { ...petition, petitioners: [{ kind: 'person', name: '甲', idNumber: BAD_ID, phone: PHONE }] } });
    await call('POST', '/api/cases', clerk, { petition: { ...petition, petitioners: [{ kind: 'person', name: '甲', idNumber: 'x' + ID, phone: PHONE }] } });
    await call('POST', '/api/cases/lookup', clerk, { idNumber: ID });
    await call('POST', '/api/cases/lookup', foreign, { phone: PHONE });
    await call('GET', `/api/cases/lookup?idNumber=${ID}`, clerk);
    await call('GET', `/api/cases/${id}`, clerk);
    await call('GET', `/api/cases/${id}`, viewer);
    await call('GET', `/api/cases/${id}/personal-data?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD`, viewer);
    await call('GET', `/api/cases/${id}`, foreign);
    await call('GET', '/api/cases/ledger', clerk);
    await call('GET', '/api/cases', clerk);
    const unmasked = await call('GET', `/api/cases/${id}/personal-data?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD`, clerk);
    expect(unmasked.body).toContain(ID); // the one permitted, audited answer
    bodies.pop();

    const everything = logs.join('\n');
    expect(logs.length).toBeGreaterThan(10);
    for (const secret of [ID, BAD_ID, PHONE]) {
      expect(everything, 'logs').not.toContain(secret);
      for (const b of bodies) expect(b, 'an answer without the permission').not.toContain(secret);
    }
  });
});

describe('a database error is logged by its class and SQLSTATE, never with the query parameters', () => {
  it('a registration the database refuses: 500 without detail, and the log has no name, ID number, phone or facts', async () => {
    const login = await call('POST', '/api/auth/login', null, { username: 'xfj_clerk', password: DEMO_PASSWORD });
    const clerk = login.json<{ token: string }>().token;
    // The database refuses this one row (as a full disk or a broken constraint would): drizzle's
    // error says "Failed query: insert … params: <the whole case record>", PostgreSQL's detail
    // "Failing row contains (…)".
    const facts = '拖欠工资事实：二〇二五年在某工地务工';
    await database.db.execute(sql.raw(`ALTER TABLE cases ADD CONSTRAINT pii_log_probe CHECK (record->'content'->>'facts' IS DISTINCT FROM '${facts}')`));
    const name = '欧阳秀英';
    const idNumber = '360731199001011234';
    const phone = '13812345678';
    const before = logs.length;
    try {
      const r = await call('POST', '/api/cases', clerk, {
        petition: samplePetition({ receivedOn: '2026-03-02', facts, petitioners: [{ kind: 'person', name, idNumber, phone, address: '于都县银坑镇' }] }),
      });
      expect(r.statusCode, r.body).toBe(500);
      expect(r.json<{ code: string }>().code).toBe('INTERNAL');
      for (const secret of [name, idNumber, phone, facts, 'pii_log_probe', 'Failed query', 'insert']) expect(r.body).not.toContain(secret);
    } finally {
      await database.db.execute(sql.raw('ALTER TABLE cases DROP CONSTRAINT pii_log_probe'));
    }
    const written = logs.slice(before).join('\n');
    expect(written, 'the failure is logged').toMatch(/unhandled error/);
    // What is logged: the class, the SQLSTATE (23514 check_violation) and the constraint's name.
    expect(written).toContain('23514');
    expect(written).toContain('pii_log_probe');
    for (const secret of [name, idNumber, phone, facts, '于都县银坑镇', 'params', 'Failing row']) expect(written, secret).not.toContain(secret);
  });
});

describe('the text loggers (SMS worker) summarise a database error the same way', () => {
  it('errorSummary keeps the classes, the SQLSTATE and the constraint, not the message, detail or params', () => {
    // As drizzle wraps a PostgreSQL error: the message quotes the statement and every value bound.
    const server = Object.assign(new Error('duplicate key value violates unique constraint "outbox_key_idx"'), {
      severity: 'ERROR', code: '23505', constraint: 'outbox_key_idx', table: 'sms_outbox', detail: 'Key (key)=(13907971234 钟德福) already exists.',
    });
    class DrizzleQueryError extends Error {
      constructor(readonly query: string, readonly params: unknown[], override readonly cause: unknown) {
        super(`Failed query: ${query}\nparams: ${params.join(',')}`);
      }
    }
    const wrapped = new DrizzleQueryError('insert into sms_outbox values ($1, $2)', ['钟德福', '13907971234'], server);
    const line = errorSummary(wrapped);
    expect(line).toBe('数据库错误 DrizzleQueryError ← Error SQLSTATE 23505 constraint outbox_key_idx');
    const logged = JSON.stringify(loggableError(wrapped));
    for (const secret of ['钟德福', '13907971234', 'already exists', 'Failed query']) expect(logged).not.toContain(secret);
    // Not a database error: its message is kept (it is how a bug is found).
    expect(errorSummary(new TypeError('x.map is not a function'))).toBe('TypeError: x.map is not a function');
  });
});
