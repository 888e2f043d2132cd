/**
 * Backup and restore (issue 10): a backup of a database with cases, attachments and an audit trail,
 * restored into an empty database, has the same rows per table, an audit chain that verifies, and
 * cases whose personal data decrypt with the same keys; the file holds no personal data in clear.
 * A non-empty target, a corrupted file, a truncated file and an edited row are refused, and a
 * refused restore writes nothing. On PGlite and, with DATABASE_URL, on the PostgreSQL server.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContent } from '../../src/app/personal-data.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import { AuditTrail } from '../../src/security/audit-trail.js';
import { backupDatabase, restoreDatabase } from '../../src/store/backup.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, onPostgres } from '../support/db.js';
import { BROWSER, PNG, multipart, portalServer } from '../portal/support.js';

const clock = new FakeClock('2025-09-20');
const dir = mkdtempSync(join(tmpdir(), 'minsheng-backup-test-'));
const file = join(dir, 'backup.gz');
let srv: Awaited<ReturnType<typeof portalServer>>;
const cleanups: (() => Promise<void>)[] = [];

// Personal data of the submitted petitions, written here by hand: the restored cases must decrypt to these.
const ADDRESS = '于都县幸福路88号3栋502室';
const PEOPLE = [
  { name: '钟德福', idNumber: '360731197805120015', phone: '13907971234' },
  { name: '刘秀英', idNumber: '36073119850317002X', phone: '13807972345' },
  { name: '黄建华', idNumber: '360731196911080032', phone: '13607973456' },
];

/** An empty database at `level` migrations: an in-memory PGlite, or a fresh schema on the server. */
async function emptyDatabase(level?: number): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ dataDir: 'memory://', migrateThrough: level });
  const schemaName = `t_${randomBytes(6).toString('hex')}`;
  const database = await openDatabase({ url, schemaName, migrateThrough: level });
  cleanups.push(async () => {
    await database.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schemaName} CASCADE; DROP SCHEMA IF EXISTS ${schemaName}_migrations CASCADE`);
    await c.end();
  });
  return { ...database, close: async () => undefined };
}

/** Rows per table of the application's schema, counted with SQL (not from any manifest). */
async function tableCounts(database: Database): Promise<Record<string, number>> {
  const names = await database.db.execute(sql`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`) as { rows: { tablename: string }[] };
  const out: Record<string, number> = {};
  for (const { tablename } of names.rows) {
    const r = await database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM "${tablename}"`)) as { rows: { n: number }[] };
    out[tablename] = r.rows[0]!.n;
  }
  return out;
}

let level = 0;
let source: Record<string, number>;

beforeAll(async () => {
  srv = await portalServer(clock);
  const form = multipart(PNG, '欠条.png');
  const png = (await srv.app.inject({ method: 'POST', url: '/api/public/attachments', payload: form.payload, headers: { ...form.headers, ...BROWSER } })).json<{ sha256: string }>();
  for (const [i, p] of PEOPLE.entries()) {
    const petitioner = { kind: 'person', ...p, address: ADDRESS };
    const r = await srv.submit({ petitioner, title: `测试事项${i + 1}`, attachments: i === 0 ? [png] : [] });
    // A staff read of the case: an audited read of personal data.
    const id = await srv.caseId(r.caseNumber);
    expect((await srv.as('xfj_officer', 'GET', `/api/cases/${id}`)).statusCode).toBe(200);
  }
  const m = await srv.database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM "${srv.database.migrationsSchema}"."__drizzle_migrations"`)) as { rows: { n: number }[] };
  level = m.rows[0]!.n;
  source = await tableCounts(srv.database);
});
afterAll(async () => {
  await srv.close();
  for (const c of cleanups) await c();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup → restore into an empty database', () => {
  it('restores every table with the same rows; the audit chain verifies; a case decrypts with the same keys', async () => {
    expect(source.cases).toBe(3);
    expect(source.audit_log).toBeGreaterThanOrEqual(3);
    expect(source.attachments).toBe(1);
    const manifest = await backupDatabase(srv.database, file);
    expect(manifest.tables).toEqual(source);
    expect(manifest.migrationLevel).toBe(level);
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);

    // Encrypted values stay encrypted: no ID number, phone or address in clear in the file (names are not encrypted fields).
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    for (const p of PEOPLE) {
      expect(text).not.toContain(p.idNumber);
      expect(text).not.toContain(p.phone);
    }
    expect(text).not.toContain(ADDRESS);

    const target = await emptyDatabase(level);
    await restoreDatabase(target, file);
    expect(await tableCounts(target)).toEqual(source);
    const audit = await new AuditTrail(clock).verify(target.db);
    expect(audit).toMatchObject({ ok: true, checked: source.audit_log });
    const before = await new AuditTrail(clock).verify(srv.database.db);
    expect(audit.headHash).toBe(before.headHash);

    const crypto = new FieldCrypto(TEST_KEYRING);
    const rows = await target.db.select({ id: s.cases.id, number: s.cases.number, record: s.cases.record }).from(s.cases);
    const people = rows.map((r) => openContent(r.record.content, crypto, r.id).content.petitioners[0]!)
      .map((p) => ({ name: p.name, idNumber: p.idNumber, phone: p.phone, address: p.address }));
    const byPhone = (a: { phone?: string | null }, b: { phone?: string | null }) => (a.phone ?? '').localeCompare(b.phone ?? '');
    expect(people.sort(byPhone)).toEqual(PEOPLE.map((p) => ({ ...p, address: ADDRESS })).sort(byPhone));
    // The attachment's bytes come back byte for byte.
    const [a] = await target.db.select({ bytes: s.attachments.bytes }).from(s.attachments);
    expect(Buffer.from(a!.bytes).equals(PNG)).toBe(true);
  });

  it('refuses a database that is not empty, writing nothing', async () => {
    await expect(restoreDatabase(srv.database, file)).rejects.toMatchObject({ code: 'RESTORE_NOT_EMPTY' });
    expect(await tableCounts(srv.database)).toEqual(source);
  });

  it('refuses a corrupted file (a flipped byte), a truncated one and an edited row, writing nothing', async () => {
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    const truncated = good.subarray(0, Math.floor(good.length * 0.8));
    // A consistent gzip whose content was edited: the SHA-256 of the manifest no longer matches.
    const edited = gzipSync(Buffer.from(gunzipSync(good).toString('utf8').replace('测试事项2', '测试事项9')));
    for (const [name, bytes] of [['flipped', flipped], ['truncated', truncated], ['edited', edited]] as const) {
      const bad = join(dir, `${name}.gz`);
      writeFileSync(bad, bytes);
      const target = await emptyDatabase(level);
      await expect(restoreDatabase(target, bad), name).rejects.toMatchObject({ code: 'BACKUP_CORRUPT' });
      const counts = await tableCounts(target);
      expect(Object.values(counts).every((n) => n === 0), name).toBe(true);
    }
  });

  it('refuses a target at another migration level', async () => {
    const target = await emptyDatabase(level - 1);
    await expect(restoreDatabase(target, file)).rejects.toMatchObject({ code: 'RESTORE_MIGRATION_MISMATCH' });
  });
});

// The commands themselves, on PGlite data directories (the server case is the same code, above).
describe.skipIf(onPostgres)('npm run backup / npm run restore', () => {
  it('backs up a PGlite directory and restores it into an empty one, then refuses to restore over it', async () => {
    const from = join(dir, 'from');
    const to = join(dir, 'to');
    const made = await openDatabase({ dataDir: from });
    // Copy the test database's rows into a directory the commands can open (through a backup).
    await restoreDatabase(made, file);
    await made.close();
    const run = promisify(execFile);
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const out = join(dir, 'cli.gz');
    const b = await run(tsx, ['scripts/backup.ts', '--out', out], { env: { ...process.env, MINSHENG_DATA_DIR: from, DATABASE_URL: '' } });
    expect(b.stdout).toContain('备份完成');
    const r = await run(tsx, ['scripts/restore.ts', '--in', out], { env: { ...process.env, MINSHENG_DATA_DIR: to, DATABASE_URL: '' } });
    expect(r.stdout).toContain('恢复完成');
    const restored = await openDatabase({ dataDir: to });
    try {
      expect(await tableCounts(restored)).toEqual(source);
      expect((await new AuditTrail(clock).verify(restored.db)).ok).toBe(true);
    } finally {
      await restored.close();
    }
    const again = await run(tsx, ['scripts/restore.ts', '--in', out], { env: { ...process.env, MINSHENG_DATA_DIR: to, DATABASE_URL: '' } }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(again).toMatchObject({ code: 1 });
    expect((again as { stderr: string }).stderr).toContain('只能恢复到空数据库');
  }, 240_000); // three commands, each starting tsx and PGlite
});
