/**
 * One PostgreSQL for everything: embedded PGlite by default (data in MINSHENG_DATA_DIR), or a
 * server when DATABASE_URL is set. Both go through drizzle with the same schema and migrations.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { LocalChangeFeed, PgChangeFeed, type ChangeFeed } from './change-feed.js';
import type { Config } from '../config/config.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The schema of drizzle's migrations journal (`__drizzle_migrations`): backups read and check it. */
  migrationsSchema: string;
  /**
   * Cache invalidation between server processes (src/store/change-feed.ts): LISTEN/NOTIFY on a
   * dedicated connection for PostgreSQL; in-process for PGlite, which one process holds.
   */
  changes: ChangeFeed;
  /** The connection pool's use (PostgreSQL; PGlite is one connection): for /metrics. */
  pool?(): { total: number; idle: number; waiting: number; max: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — a PostgreSQL server. */
  url?: string;
  /** PGlite data directory; 'memory://' for a throw-away database. */
  dataDir?: string;
  /** PostgreSQL schema to use (tests isolate themselves this way on a shared server). */
  schemaName?: string;
  /** false: open as it is, without migrating (backups record the level they found). Default true. */
  migrate?: boolean;
  /** Apply only the first N migrations of the journal (a restore recreates the backup's level first). */
  migrateThrough?: number;
}

interface Journal { entries: { idx: number; tag: string }[] }

/** The migrations folder, or a copy of it whose journal stops after the first `through` entries. */
function migrationsFolder(through: number | undefined): { folder: string; done(): void } {
  if (through === undefined) return { folder: MIGRATIONS, done: () => undefined };
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as Journal;
  if (!Number.isInteger(through) || through < 0 || through > journal.entries.length) {
    throw new Error(`migrateThrough ${through}: this version has ${journal.entries.length} migrations`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'minsheng-migrations-'));
  mkdirSync(join(dir, 'meta'));
  const entries = journal.entries.slice(0, through);
  for (const e of entries) copyFileSync(join(MIGRATIONS, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return { folder: dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

const POOL_MAX = 10;
const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const schemaName = opts.schemaName;
    if (schemaName && !/^[a-z_][a-z0-9_]*$/.test(schemaName)) throw new Error(`bad schema name ${schemaName}`);
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: POOL_MAX,
      ...(schemaName ? { options: `-c search_path=${schemaName}` } : {}),
    });
    pool.on('error', () => undefined); // idle client errors surface on the next query instead
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const migrationsSchema = schemaName ? `${schemaName}_migrations` : 'drizzle';
    // Several server processes may start at once on one database: the schema and the migrations are
    // made by one of them at a time (a session advisory lock), the others then find nothing to do.
    const lock = await pool.connect();
    const lockKey = `minsheng-migrate:${schemaName ?? 'public'}`;
    try {
      await lock.query('select pg_advisory_lock(hashtext($1))', [lockKey]);
      if (schemaName) await lock.query(`CREATE SCHEMA IF NOT EXISTS ${schemaName}`);
      if (opts.migrate !== false) {
        const m = migrationsFolder(opts.migrateThrough);
        try {
          await migratePg(db as never, { migrationsFolder: m.folder, migrationsSchema });
        } finally {
          m.done();
        }
      }
    } catch (e) {
      lock.release(true); // the session ends, and its advisory lock with it
      await pool.end();
      throw e;
    }
    await lock.query('select pg_advisory_unlock(hashtext($1))', [lockKey]);
    lock.release();
    const changes = new PgChangeFeed(opts.url, pool, schemaName);
    try {
      await changes.start();
    } catch (e) {
      await changes.close(); // no reconnection attempts behind a failed open
      await pool.end();
      throw e;
    }
    return {
      db, kind: 'postgres', migrationsSchema, changes,
      pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: POOL_MAX }),
      close: async () => {
        await changes.close();
        await pool.end();
      },
    };
  }
  const dataDir = opts.dataDir ?? './data';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  if (opts.migrate !== false) {
    const m = migrationsFolder(opts.migrateThrough);
    try {
      await migratePglite(db as never, { migrationsFolder: m.folder });
    } finally {
      m.done();
    }
  }
  const changes = new LocalChangeFeed();
  return {
    db, kind: 'pglite', migrationsSchema: 'drizzle', changes,
    close: async () => {
      await changes.close();
      await client.close();
    },
  };
}

/** From the configuration: DATABASE_URL, else PGlite in MINSHENG_DATA_DIR (default ./data). */
export function databaseOptions(database: Config['database']): DatabaseOptions {
  return database.url ? { url: database.url } : { dataDir: database.dataDir };
}

/** The same from an environment given explicitly (scripts that need the database alone). */
export function databaseOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): DatabaseOptions {
  return env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.MINSHENG_DATA_DIR ?? './data' };
}

/**
 * The rows of `db.execute()`: node-postgres answers `{ rows }`, drizzle's PGlite driver too, some
 * versions the array itself — read either way.
 */
export function resultRows<T>(res: unknown): T[] {
  return ((res as { rows?: T[] }).rows ?? res) as T[];
}
