/** Where the benchmark's data set lives and its key file; the bench scripts' `arg` is the operator commands' (scripts/cli.ts). */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { configOrThrow } from '../src/config/config.js';
import { fieldCryptoFromConfig } from '../src/config/keyring.js';
import type { FieldCrypto } from '../src/security/field-crypto.js';
import { openDatabase, type Database } from '../src/store/database.js';

export { arg } from '../scripts/cli.js';

const BENCH_DIR = join(process.cwd(), 'data', 'bench');

/** The data set's field keys: one key file for every bench database, kept beside them (never a real key). */
export function benchCrypto(): FieldCrypto {
  mkdirSync(BENCH_DIR, { recursive: true });
  return fieldCryptoFromConfig(configOrThrow({ ...process.env, MINSHENG_MODE: 'demo', MINSHENG_KEY_FILE: join(BENCH_DIR, 'keys.json') }).keys);
}

/** The data set of N cases: PGlite in data/bench/n<N>, or the schema bench_n<N> of DATABASE_URL. */
export async function openBenchDatabase(n: number, opts: { fresh?: boolean } = {}): Promise<{ database: Database; where: string }> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schemaName = `bench_n${n}`;
    if (opts.fresh) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schemaName} CASCADE; DROP SCHEMA IF EXISTS ${schemaName}_migrations CASCADE`);
      await c.end();
    }
    return { database: await openDatabase({ url, schemaName }), where: `PostgreSQL ${url.replace(/\/\/[^@]*@/, '//')}, schema ${schemaName}` };
  }
  const dataDir = join(BENCH_DIR, `n${n}`);
  if (opts.fresh) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  return { database: await openDatabase({ dataDir }), where: `PGlite ${dataDir}` };
}
