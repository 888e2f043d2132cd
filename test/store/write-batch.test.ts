/**
 * WriteBatch: several writes in one statement — a child row referencing a parent written by
 * another part, counts of what a conflicting insert or an update actually wrote, and all or
 * nothing when one part fails.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { WriteBatch } from '../../src/store/write-batch.js';
import { testDatabase } from '../support/db.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database.close();
});

const organ = (id: string, parentId: string | null = null) => ({ id, name: `机关${id}`, parentId, level: 'county' as const, kind: 'handling_organ' as const, regionCode: null });

const user = (id: string, organId: string) => ({ id, username: id, name: '测试', organId, roles: ['handler' as const], passwordHash: 'x' });

describe('WriteBatch', () => {
  it('writes every part, a child after its parent in the same statement, and counts what the counted parts returned', async () => {
    const { db } = database;
    await db.insert(s.organs).values(organ('wb-existing'));
    const counts = await db.transaction(async (tx) => {
      const w = new WriteBatch();
      w.add(tx.insert(s.organs).values(organ('wb-parent')));
      w.add(tx.insert(s.organs).values(organ('wb-child', 'wb-parent')));
      // A foreign key to a row another part inserts: checked at the end of the statement.
      w.add(tx.insert(s.users).values(user('wb-user', 'wb-child')));
      w.addCounted('fresh', tx.insert(s.organs).values([organ('wb-existing'), organ('wb-new')]).onConflictDoNothing().returning({ id: s.organs.id }));
      w.addCounted('renamed', tx.update(s.organs).set({ name: '改名' }).where(eq(s.organs.id, 'wb-existing')).returning({ id: s.organs.id }));
      w.add(sql`UPDATE ${s.organs} SET name = '原样' WHERE id = 'no-such-organ'`);
      expect(w.size).toBe(6);
      const c = await w.flush(tx);
      expect(w.size).toBe(0);
      return c;
    });
    expect(Object.fromEntries(counts)).toEqual({ fresh: 1, renamed: 1 });
    const rows = await db.select({ id: s.organs.id, parentId: s.organs.parentId, name: s.organs.name }).from(s.organs)
      .where(sql`${s.organs.id} like 'wb-%'`).orderBy(s.organs.id);
    expect(rows).toEqual([
      { id: 'wb-child', parentId: 'wb-parent', name: '机关wb-child' },
      { id: 'wb-existing', parentId: null, name: '改名' },
      { id: 'wb-new', parentId: null, name: '机关wb-new' },
      { id: 'wb-parent', parentId: null, name: '机关wb-parent' },
    ]);
    expect(await db.select({ organId: s.users.organId }).from(s.users).where(eq(s.users.id, 'wb-user'))).toEqual([{ organId: 'wb-child' }]);
  });

  it('writes nothing when one part fails (a user of an organ that does not exist)', async () => {
    const { db } = database;
    await expect(db.transaction(async (tx) => {
      const w = new WriteBatch();
      w.add(tx.insert(s.organs).values(organ('wb-lost')));
      w.add(tx.insert(s.users).values(user('wb-orphan', 'no-such-organ')));
      await w.flush(tx);
    })).rejects.toMatchObject({ cause: { code: '23503' } }); // foreign_key_violation
    expect(await db.select({ id: s.organs.id }).from(s.organs).where(eq(s.organs.id, 'wb-lost'))).toEqual([]);
    expect(await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.id, 'wb-orphan'))).toEqual([]);
  });

  it('sends nothing when empty', async () => {
    const counts = await database.db.transaction((tx) => new WriteBatch().flush(tx));
    expect(counts.size).toBe(0);
  });
});
