/** bulkInsert writes what drizzle's own insert writes: text, arrays, JSON, booleans, nulls, timestamps — quotes and backslashes included. */
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInsert } from '../../src/store/bulk-insert.js';
import type { Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { testDatabase } from '../support/db.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('bulkInsert', () => {
  it('round-trips awkward values exactly as a drizzle insert does', async () => {
    const { db } = database;
    await db.insert(s.organs).values({ id: 'bulk-o', name: '测试机关', parentId: null, level: 'county', kind: 'handling_organ', regionCode: null });
    const awkward = ['引号"和反斜杠\\', '{花括号,逗号}', 'NULL', '', '空格 和\t制表'];
    const row = (i: number) => ({
      id: `bulk-u${i}`, username: `bulk_${i}_${awkward[i % awkward.length]}`, name: awkward[i % awkward.length]!, organId: 'bulk-o',
      roles: ['handler' as const, 'leader' as const].slice(0, 1 + (i % 2)), relativeIndexes: i % 2 ? awkward : [],
      idNumberIndex: i % 3 ? null : `idx-${i}`, passwordHash: 'x', active: i % 2 === 0, failedLogins: i,
      passwordChangedAt: new Date(Date.UTC(2026, 0, 1 + i, 2, 3, 4, 5)),
    });
    await db.transaction((tx) => bulkInsert(tx, s.users, [0, 1, 2, 3, 4].map(row)));
    await db.insert(s.users).values([5, 6, 7, 8, 9].map(row));
    const got = await db.select().from(s.users).orderBy(asc(s.users.id));
    const pick = (u: (typeof got)[number]) => ({
      id: u.id, username: u.username, name: u.name, roles: u.roles, relativeIndexes: u.relativeIndexes, idNumberIndex: u.idNumberIndex,
      active: u.active, failedLogins: u.failedLogins, passwordChangedAt: u.passwordChangedAt.toISOString(),
    });
    const expected = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(row).map((r) => ({ ...r, passwordChangedAt: r.passwordChangedAt.toISOString() }));
    expect(got.filter((u) => u.id.startsWith('bulk-')).map(pick)).toEqual(expected.map(({ organId: _o, passwordHash: _p, ...r }) => r));
  });

  it('writes JSON with quotes, nesting and non-ASCII text as jsonb, and timestamps given as strings', async () => {
    const { db } = database;
    const detail = { title: '关于"某事"的\\意见', list: [1, { a: null, b: '{x,y}' }], ok: true };
    const entry = {
      seq: 1, at: '2024-03-02T01:02:03.456Z', actorId: null, actorOrganId: 'o', action: 'case.read', targetType: 'case', targetId: 'c1',
      outcome: 'ok', detail, prevHash: '0', hash: '1',
    };
    await db.transaction((tx) => bulkInsert(tx, s.auditLog, [entry]));
    const [got] = await db.select().from(s.auditLog);
    expect(got!.detail).toEqual(detail);
    expect(new Date(got!.at).toISOString()).toBe('2024-03-02T01:02:03.456Z');
    expect(got!.actorId).toBeNull();
  });
});
