/**
 * The crash test: a worker in a real child process is SIGKILLed while delivering — right after a
 * message reached the SMS file and before its row was marked sent — and a second worker process
 * finishes the job. Every message is in the SMS file exactly once; none is lost. The database is
 * on disk (a PGlite directory, which only one process may open at a time, so the parent closes it
 * first) or, with DATABASE_URL, a schema on the PostgreSQL server.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseOptions } from '../../src/store/database.js';
import { buildServer } from '../../src/http/server.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { DEMO_PASSWORD } from '../../src/demo/organ-tree.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import { chinaDate } from '../../src/domain/calendar/dates.js';
import { readSmsFile } from '../../src/notify/sms/file.js';
import * as s from '../../src/store/schema.js';
import { samplePetition } from '../support/petitions.js';

const MESSAGES = 8;
const KILL_AFTER = 3;
const LEASE_MS = 1500;
const dir = mkdtempSync(join(tmpdir(), 'minsheng-crash-'));
const smsFile = join(dir, 'sms-outbox.jsonl');
const url = process.env.DATABASE_URL;
const schemaName = `crash_${randomBytes(5).toString('hex')}`;
const dbOptions: DatabaseOptions = url ? { url, schemaName } : { dataDir: join(dir, 'db') };
const script = fileURLToPath(new URL('./support/crash-worker.ts', import.meta.url));

afterAll(async () => {
  if (url) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schemaName} CASCADE; DROP SCHEMA IF EXISTS ${schemaName}_migrations CASCADE`);
    await c.end();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The worker script in a child process (node with tsx's loader: one process, so SIGKILL hits the worker itself). */
function startWorker(mode: 'run' | 'drain', onLine: (line: string) => void = () => undefined) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, CRASH_MODE: mode, CRASH_SMS_FILE: smsFile, CRASH_DELAY_MS: '300', CRASH_LEASE_MS: String(LEASE_MS), CRASH_DB_DIR: dbOptions.dataDir ?? '', CRASH_SCHEMA: schemaName },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  let buf = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      out.push(l);
      onLine(l);
    }
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, out, exited, stderr: () => err };
}

describe('the delivery worker killed mid-delivery', () => {
  // Mostly PostgreSQL start-up: a fresh on-disk PGlite takes 5–30 s to create on a loaded machine.
  it('loses no message and sends none twice', { timeout: 150_000 }, async () => {
    const t0 = Date.now();
    const phases: string[] = [];
    const phase = (name: string) => phases.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    // 1. Messages in the outbox: registrations through the real server, on the on-disk database.
    const database = await openDatabase(dbOptions);
    await seedReference(database.db);
    const { app } = await buildServer(database, { crypto: new FieldCrypto(TEST_KEYRING) });
    await app.ready();
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'xfj_clerk', password: DEMO_PASSWORD } });
    const token = login.json<{ token: string }>().token;
    for (let i = 0; i < MESSAGES; i++) {
      const phone = `1390797${String(1000 + i)}`;
      const r = await app.inject({
        method: 'POST', url: '/api/cases', headers: { authorization: `Bearer ${token}` },
        payload: { petition: samplePetition({ receivedOn: chinaDate(new Date()), petitioners: [{ kind: 'person', name: '钟德福', phone }] }) },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const expected = (await database.db.select({ id: s.notificationOutbox.id }).from(s.notificationOutbox)).map((r) => r.id).sort();
    expect(expected).toHaveLength(MESSAGES);
    await app.close();
    await database.close();
    phase('outbox ready');

    // 2. The first worker, killed right after its 3rd message reached the file, before marking it sent.
    let appended = 0;
    let victim = '';
    const first = startWorker('run', (line) => {
      if (!line.startsWith('appended ')) return;
      appended++;
      if (appended === KILL_AFTER) {
        victim = line.slice('appended '.length);
        first.child.kill('SIGKILL');
      }
    });
    const killed = await Promise.race([first.exited, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`first worker never reached ${KILL_AFTER} messages: ${first.out.join('\n')}\n${first.stderr()}`)), 40_000))]);
    expect(killed.signal).toBe('SIGKILL');
    phase('first worker killed');
    const afterKill = await readSmsFile(smsFile);
    expect(afterKill.map((l) => l.deliveryId)).toContain(victim);
    expect(afterKill.length).toBe(KILL_AFTER);

    // 3. A second worker finishes: the victim's lease expires, it is re-sent with the same delivery id.
    const second = startWorker('drain');
    const done = await second.exited;
    expect(done.code, `${second.out.join('\n')}\n${second.stderr()}`).toBe(0);
    expect(second.out).toContain(`sending ${victim}`);
    phase('second worker drained');

    // 4. Every message exactly once in the SMS file; every row sent.
    const lines = await readSmsFile(smsFile);
    expect(lines.map((l) => l.deliveryId).sort()).toEqual(expected);
    const db2 = await openDatabase(dbOptions);
    const rows = await db2.db.select().from(s.notificationOutbox);
    await db2.close();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows.find((r) => r.id === victim)?.attempts).toBe(2);
    phase('checked');
    console.log(`crash test phases: ${phases.join(', ')}`);
    expect(lines.every((l) => /^【民声】您的信访事项已登记，编号\S+，查询码\S+，/.test(l.text) && /^139\*{4}\d{4}$/.test(l.phone))).toBe(true);
  });
});
