/**
 * The rate-limit counters in the database (src/app/rate-limits.ts): a fixed window per key, counted
 * atomically (concurrent hits each get their own number), separate keys, keys stored as MACs,
 * expired rows deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedRateLimits } from '../../src/app/rate-limits.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import type { Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { testDatabase } from '../support/db.js';

let database: Database;
let limits: SharedRateLimits;
beforeAll(async () => {
  database = await testDatabase();
  limits = new SharedRateLimits(database.db, new FieldCrypto(TEST_KEYRING));
});
afterAll(async () => database.close());

describe('shared rate-limit counters', () => {
  it('counts 1, 2, 3 … within the window, the time left shrinking, and each key apart', async () => {
    const a = [await limits.hit('read:10.0.0.1', 60_000), await limits.hit('read:10.0.0.1', 60_000), await limits.hit('read:10.0.0.1', 60_000)];
    expect(a.map((h) => h.hits)).toEqual([1, 2, 3]);
    for (const h of a) {
      expect(h.ttlMs).toBeGreaterThan(55_000);
      expect(h.ttlMs).toBeLessThanOrEqual(60_000);
    }
    expect((await limits.hit('read:10.0.0.2', 60_000)).hits).toBe(1);
    expect((await limits.hit('follow:10.0.0.1', 60_000)).hits).toBe(1);
  });

  it('gives concurrent hits distinct numbers (no lost update)', async () => {
    const hits = await Promise.all(Array.from({ length: 40 }, () => limits.hit('write:10.0.0.3', 60_000)));
    expect(hits.map((h) => h.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('starts a new window once the old one has run out, and purges expired rows', async () => {
    expect((await limits.hit('read:10.0.0.4', 150)).hits).toBe(1);
    expect((await limits.hit('read:10.0.0.4', 150)).hits).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect((await limits.hit('read:10.0.0.4', 150)).hits).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await limits.purge()).toBeGreaterThanOrEqual(1);
  });

  it('stores no client address in clear', async () => {
    const rows = await database.db.select().from(s.rateLimits);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.key).not.toMatch(/10\.0\.0|read|follow|write/);
  });
});
