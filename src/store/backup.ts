/**
 * Logical backup and restore of the whole application schema, the same on PGlite and on a
 * PostgreSQL server (`npm run backup -- --out FILE`, `npm run restore -- --in FILE`).
 *
 * The file is gzip-compressed text, one record per line, each line `KIND<TAB>JSON`:
 *   H  header: format, version, when, the migrations journal (hash + created_at of each applied migration)
 *   T  a table starts: name and columns
 *   R  one row, as PostgreSQL's to_jsonb(row)::text (types round-trip through jsonb_populate_recordset)
 *   M  the manifest, last: row counts per table, the migration level, and the SHA-256 of every byte before it
 * Rows are read through a cursor in one repeatable-read, read-only transaction (a consistent
 * snapshot, never the whole table in memory) and written through gzip with backpressure.
 * Values are copied as stored: encrypted columns stay encrypted, and the keys are not in the file.
 *
 * A restore reads the file twice: first to check it (the SHA-256, the counts, the format) before
 * touching the database, then to load it — into a database at the backup's migration level whose
 * tables are all empty, in one transaction, the counts checked again before the commit.
 */
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database, Db, Tx } from './database.js';

export const BACKUP_FORMAT = 'minsheng-backup';
export const BACKUP_VERSION = 1;

export interface MigrationRow { hash: string; createdAt: number }
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** Number of migrations applied (the journal's length) and the last one's hash. */
  migrationLevel: number;
  lastMigration: string | null;
  /** Rows per table, in the order written (parents before the tables that reference them). */
  tables: Record<string, number>;
  /** SHA-256 (hex) of the uncompressed content before the manifest line. */
  sha256: string;
}

/** A refusal the restore command reports as it is (Chinese, for the operator). */
export class BackupError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const NAME = /^[a-z_][a-z0-9_]*$/;
const ident = (name: string): string => {
  if (!NAME.test(name)) throw new BackupError('BACKUP_BAD_NAME', `表名或列名不合法：${name}`);
  return `"${name}"`;
};
/** Rows per FETCH; tables with binary columns (attachments, up to 10 MB each) fewer. */
const FETCH_ROWS = 1000;
const FETCH_ROWS_BINARY = 8;
/** Restore: flush an INSERT at this many rows or characters of JSON. */
const INSERT_ROWS = 1000;
const INSERT_CHARS = 8 * 1024 * 1024;

type Exec = Db | Tx;
async function rows<T>(db: Exec, query: string): Promise<T[]> {
  const r = await db.execute(sql.raw(query));
  return (r as { rows: T[] }).rows;
}

interface TableInfo { name: string; columns: string[]; binary: boolean }

/** The application's tables (the current schema), parents before children (foreign keys). */
async function tablesOf(db: Exec): Promise<TableInfo[]> {
  const names = (await rows<{ name: string }>(db, `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`)).map((r) => r.name);
  const cols = await rows<{ table_name: string; column_name: string; data_type: string }>(db, `SELECT table_name, column_name, data_type
      FROM information_schema.columns WHERE table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY table_name, ordinal_position`);
  const fks = await rows<{ child: string; parent: string }>(db, `SELECT cl.relname AS child, pr.relname AS parent FROM pg_constraint k
      JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class pr ON pr.oid = k.confrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE k.contype = 'f' AND n.nspname = current_schema()`);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string) => {
    if (ordered.includes(t) || visiting.has(t)) return; // a cycle (none today) keeps the alphabetical order
    visiting.add(t);
    for (const f of fks) if (f.child === t && f.parent !== t) visit(f.parent);
    visiting.delete(t);
    ordered.push(t);
  };
  names.forEach(visit);
  return ordered.map((name) => {
    const mine = cols.filter((c) => c.table_name === name);
    return { name, columns: mine.map((c) => c.column_name), binary: mine.some((c) => c.data_type === 'bytea') };
  });
}

async function migrationsOf(db: Exec, migrationsSchema: string): Promise<MigrationRow[]> {
  const exists = await rows<{ t: string | null }>(db, `SELECT to_regclass('${ident(migrationsSchema)}."__drizzle_migrations"')::text AS t`);
  if (!exists[0]?.t) return [];
  const r = await rows<{ hash: string; created_at: string | number | null }>(db,
    `SELECT hash, created_at FROM ${ident(migrationsSchema)}."__drizzle_migrations" ORDER BY created_at, id`);
  return r.map((m) => ({ hash: m.hash, createdAt: Number(m.created_at) }));
}

const line = (kind: 'H' | 'T' | 'R' | 'M', json: string) => `${kind}\t${json}\n`;

/**
 * Write a backup of `database` to `file` (written to FILE.partial, renamed when complete).
 * Returns the manifest (also the file's last line).
 */
export async function backupDatabase(database: Database, file: string, now: () => Date = () => new Date()): Promise<BackupManifest> {
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
  done.catch(() => undefined); // awaited below; an early failure surfaces through the writes
  const hash = createHash('sha256');
  const write = async (text: string) => {
    hash.update(text, 'utf8');
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  try {
    const manifest = await database.db.transaction(async (tx) => {
      const migrations = await migrationsOf(tx, database.migrationsSchema);
      const tables = await tablesOf(tx);
      const createdAt = now().toISOString();
      await write(line('H', JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt, source: database.kind, migrations })));
      const counts: Record<string, number> = {};
      for (const t of tables) {
        await write(line('T', JSON.stringify({ table: t.name, columns: t.columns })));
        let n = 0;
        await tx.execute(sql.raw(`DECLARE minsheng_backup NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS j FROM ${ident(t.name)} t`));
        for (;;) {
          const batch = await rows<{ j: string }>(tx, `FETCH ${t.binary ? FETCH_ROWS_BINARY : FETCH_ROWS} FROM minsheng_backup`);
          for (const r of batch) await write(line('R', r.j));
          n += batch.length;
          if (batch.length === 0) break;
        }
        await tx.execute(sql.raw('CLOSE minsheng_backup'));
        counts[t.name] = n;
      }
      const m: BackupManifest = {
        format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt, migrationLevel: migrations.length,
        lastMigration: migrations.at(-1)?.hash ?? null, tables: counts, sha256: hash.digest('hex'),
      };
      return m;
    }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
    gzip.end(line('M', JSON.stringify(manifest)));
    await done;
    renameSync(partial, file);
    return manifest;
  } catch (e) {
    gzip.destroy();
    await done.catch(() => undefined);
    rmSync(partial, { force: true });
    throw e;
  }
}

interface Parsed { kind: string; json: string }
async function* readLines(file: string): AsyncGenerator<Parsed> {
  const raw = createReadStream(file);
  const input = createGunzip();
  raw.on('error', (e) => input.destroy(e)); // .pipe() does not pass on a read error (a missing file)
  raw.pipe(input);
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const l of rl) {
      const tab = l.indexOf('\t');
      yield { kind: tab === 1 ? l.charAt(0) : '', json: tab === 1 ? l.slice(2) : l };
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') throw new BackupError('BACKUP_NOT_FOUND', `备份文件不存在：${file}`);
    throw new BackupError('BACKUP_CORRUPT', `备份文件无法解压或读取（已损坏或不是备份文件）：${e instanceof Error ? e.message : String(e)}`);
  } finally {
    rl.close();
    raw.destroy();
    input.destroy();
  }
}

const corrupt = (why: string) => new BackupError('BACKUP_CORRUPT', `备份文件已损坏或不完整：${why}`);

function parse(json: string, what: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw corrupt(`${what}不是合法的 JSON`);
  }
}

interface Header { format: string; version: number; createdAt: string; migrations: MigrationRow[] }

/**
 * Read the whole file and check it: the header, the line kinds, the row counts per table and the
 * SHA-256 against the manifest. Returns the header and the manifest; throws BackupError otherwise.
 */
export async function checkBackup(file: string): Promise<{ header: Header; manifest: BackupManifest }> {
  const hash: Hash = createHash('sha256');
  let header: Header | null = null;
  let manifest: BackupManifest | null = null;
  const counts: Record<string, number> = {};
  let table: string | null = null;
  for await (const { kind, json } of readLines(file)) {
    if (manifest) throw corrupt('清单之后还有内容');
    if (kind === 'M') {
      manifest = parse(json, '清单') as BackupManifest;
      continue;
    }
    hash.update(`${kind}\t${json}\n`, 'utf8');
    if (!header) {
      if (kind !== 'H') throw corrupt('缺少文件头');
      header = parse(json, '文件头') as Header;
      if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION) {
        throw new BackupError('BACKUP_FORMAT', `不是本系统可读的备份文件（格式 ${header.format} 版本 ${header.version}）`);
      }
      continue;
    }
    if (kind === 'T') {
      table = (parse(json, '表头') as { table: string }).table;
      counts[table] = 0;
    } else if (kind === 'R' && table !== null) {
      counts[table] = (counts[table] ?? 0) + 1;
    } else {
      throw corrupt(`无法识别的记录（${kind || '无类型'}）`);
    }
  }
  if (!header) throw corrupt('文件为空');
  if (!manifest) throw corrupt('缺少末尾的清单（文件被截断）');
  if (manifest.sha256 !== hash.digest('hex')) throw corrupt('内容的 SHA-256 与清单不符');
  if (JSON.stringify(manifest.tables) !== JSON.stringify(counts)) throw corrupt('各表行数与清单不符');
  if (manifest.migrationLevel !== header.migrations.length) throw corrupt('迁移级别与文件头不符');
  return { header, manifest };
}

/** Refuses (RESTORE_NOT_EMPTY) when any table of the application's schema holds a row. */
export async function assertEmpty(db: Exec): Promise<void> {
  for (const t of await tablesOf(db)) {
    const [r] = await rows<{ found: boolean }>(db, `SELECT EXISTS (SELECT 1 FROM ${ident(t.name)}) AS found`);
    if (r?.found) throw new BackupError('RESTORE_NOT_EMPTY', `只能恢复到空数据库：表 ${t.name} 中已有数据`);
  }
}

/**
 * Load a checked backup into `database`, which must be at the backup's migration level (the same
 * migrations, same hashes) with every table of the schema empty. One transaction: on any failure
 * nothing is left behind.
 */
export async function restoreDatabase(database: Database, file: string, checked?: Awaited<ReturnType<typeof checkBackup>>): Promise<BackupManifest> {
  const { header, manifest } = checked ?? await checkBackup(file);
  await assertEmpty(database.db);
  const mine = await migrationsOf(database.db, database.migrationsSchema);
  const same = mine.length === header.migrations.length && mine.every((m, i) => m.hash === header.migrations[i]?.hash);
  if (!same) {
    throw new BackupError('RESTORE_MIGRATION_MISMATCH',
      `目标数据库的迁移级别（${mine.length}）与备份（${header.migrations.length}）不一致：请用 npm run restore（它先把空库迁移到备份的级别）恢复到空库`);
  }
  await database.db.transaction(async (tx) => {
    const tables = await tablesOf(tx);
    await assertEmpty(tx);
    const known = new Map(tables.map((t) => [t.name, t]));
    let current: TableInfo | null = null;
    let batch: string[] = [];
    let chars = 0;
    const restored: Record<string, number> = {};
    const flush = async () => {
      if (!current || batch.length === 0) return;
      const cols = current.columns.map(ident).join(', ');
      const name = ident(current.name);
      await tx.execute(sql`${sql.raw(`INSERT INTO ${name} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM jsonb_populate_recordset(NULL::${name}, `)}${`[${batch.join(',')}]`}::jsonb)`);
      restored[current.name] = (restored[current.name] ?? 0) + batch.length;
      batch = [];
      chars = 0;
    };
    for await (const { kind, json } of readLines(file)) {
      if (kind === 'T') {
        await flush();
        const name = (parse(json, '表头') as { table: string }).table;
        current = known.get(name) ?? null;
        if (!current) throw new BackupError('RESTORE_SCHEMA_MISMATCH', `备份中的表 ${name} 在目标数据库中不存在`);
        restored[name] = 0;
      } else if (kind === 'R') {
        batch.push(json);
        chars += json.length;
        if (batch.length >= INSERT_ROWS || chars >= INSERT_CHARS) await flush();
      }
    }
    await flush();
    for (const t of tables) {
      const [c] = await rows<{ n: string | number }>(tx, `SELECT count(*) AS n FROM ${ident(t.name)}`);
      const expected = manifest.tables[t.name] ?? 0;
      if (Number(c?.n ?? 0) !== expected) {
        throw new BackupError('RESTORE_COUNT_MISMATCH', `表 ${t.name} 恢复后为 ${String(c?.n)} 行，清单为 ${expected} 行`);
      }
    }
    // Identity and serial columns continue after the restored values.
    const seqs = await rows<{ table_name: string; column_name: string }>(tx, `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`);
    for (const s of seqs) {
      const t = ident(s.table_name);
      const c = ident(s.column_name);
      await tx.execute(sql.raw(`SELECT setval(pg_get_serial_sequence('${t}', '${s.column_name}'), coalesce(max(${c}), 1), max(${c}) IS NOT NULL) FROM ${t}`));
    }
  });
  return manifest;
}
