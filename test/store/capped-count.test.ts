/** Lists count their cases up to a cap: exact below it, the cap and a flag at and past it. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBench } from '../../bench/seed-data.js';
import { cappedCaseCount } from '../../src/app/capped-count.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import type { Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { testDatabase } from '../support/db.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await seedBench(database, { n: 120, counties: 1, years: 1, today: '2026-11-30', crypto: new FieldCrypto(TEST_KEYRING) });
}, 120_000);
afterAll(async () => {
  await database.close();
});

describe('cappedCaseCount', () => {
  it('is exact up to the cap and says so past it', async () => {
    const { db } = database;
    expect(await cappedCaseCount(db, sql`true`, 120)).toEqual({ total: 120, totalCapped: false });
    expect(await cappedCaseCount(db, sql`true`, 500)).toEqual({ total: 120, totalCapped: false });
    expect(await cappedCaseCount(db, sql`true`, 119)).toEqual({ total: 119, totalCapped: true });
    expect(await cappedCaseCount(db, sql`true`, 10)).toEqual({ total: 10, totalCapped: true });
    const [{ n: open } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(s.cases).where(sql`${s.cases.open}`);
    expect(await cappedCaseCount(db, sql`${s.cases.open}`, 1000)).toEqual({ total: open, totalCapped: false });
    expect(await cappedCaseCount(db, sql`false`)).toEqual({ total: 0, totalCapped: false });
  });
});
