/**
 * Two server processes started at the same moment on an empty PostgreSQL schema: both open the
 * database (schema, migrations) without tripping over each other — the migrations run under an
 * advisory lock, once. PostgreSQL only (PGlite's data directory belongs to one process).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('concurrent start-up on one PostgreSQL (skipped without DATABASE_URL)', () => {
  it('three processes opening an empty schema at once all succeed, and the migrations ran once', async () => {
    if (!url) return;
    const schemaName = `t_${randomBytes(6).toString('hex')}`;
    try {
      const opened = await Promise.allSettled([1, 2, 3].map(() => openDatabase({ url, schemaName })));
      const failures = opened.filter((o) => o.status === 'rejected').map((o) => String(o.reason));
      for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
      expect(failures).toEqual([]);
      const db = opened[0]?.status === 'fulfilled' ? await openDatabase({ url, schemaName }) : null;
      expect(await db?.db.select().from(s.rateLimits)).toEqual([]);
      await db?.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const applied = await c.query<{ n: string }>(`select count(*) as n from ${schemaName}_migrations.__drizzle_migrations`);
      const distinct = await c.query<{ n: string }>(`select count(distinct hash) as n from ${schemaName}_migrations.__drizzle_migrations`);
      await c.end();
      expect(Number(applied.rows[0]?.n)).toBe(Number(distinct.rows[0]?.n));
    } finally {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schemaName} CASCADE; DROP SCHEMA IF EXISTS ${schemaName}_migrations CASCADE`);
      await c.end();
    }
  });
});
