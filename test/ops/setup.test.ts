/**
 * The first run of an empty production database (src/app/first-run.ts, `npm run setup`): the organ
 * tree from the office's file, the three administrators with one-time passwords that log in,
 * refusals of a bad file and of a database that already has users.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/app/auth-service.js';
import { firstRun, setupFileProblems, SetupRefused } from '../../src/app/first-run.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { readDemoData } from '../../src/demo/data-files.js';
import { DEMO_ORGANS } from '../../src/demo/organ-tree.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { AuditTrail } from '../../src/security/audit-trail.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import type { Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testDatabase } from '../support/db.js';

const example = JSON.parse(readFileSync(new URL('../../docs/organs.example.json', import.meta.url), 'utf8')) as { organs: { id: string }[] };
const categories = readDemoData('categories.json') as never;
const clock = new FakeClock('2026-12-07');
let database: Database;

beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database.close());

describe('the organ file', () => {
  it('the example in docs/ is the demo tree and passes', () => {
    expect(example.organs.map((o) => o.id)).toEqual(DEMO_ORGANS.map((o) => o.id));
    expect(setupFileProblems(example)).toEqual([]);
  });

  const organ = (id: string, parentId: string | null, kind = 'handling_organ') =>
    ({ id, name: id, parentId, level: parentId ? 'department' : 'county', kind, regionCode: null, successorId: null });
  const cases: [string, unknown, RegExp][] = [
    ['not an object with organs', { organ: [] }, /organs/],
    ['an unknown level', { organs: [{ ...organ('a', null, 'petition_office'), level: 'galaxy' }] }, /\/organs\/0\/level/],
    ['a duplicate id', { organs: [organ('a', null, 'petition_office'), organ('a', null)] }, /机关编号重复：a/],
    ['a parent that does not exist', { organs: [organ('a', null, 'petition_office'), organ('b', 'x')] }, /机关 b 的上级 x 不存在/],
    ['a cycle', { organs: [organ('r', null, 'petition_office'), organ('a', 'b'), organ('b', 'a')] }, /机关 a 的上级关系成环/],
    ['no root', { organs: [organ('a', 'b', 'petition_office'), organ('b', 'a')] }, /没有最上级机关/],
    ['no petition office', { organs: [organ('a', null)] }, /没有信访部门/],
    ['administrators in an unknown organ', { organs: [organ('a', null, 'petition_office')], administratorsOrganId: 'z' }, /administratorsOrganId z 不存在/],
  ];
  it.each(cases)('refuses %s, in Chinese and English', (_n, file, zh) => {
    const problems = setupFileProblems(file);
    expect(problems.map((p) => p.zh).join('\n')).toMatch(zh);
    expect(problems.every((p) => /^[\x20-\x7e]+$/.test(p.en))).toBe(true);
  });
});

describe('firstRun', () => {
  it('loads the tree and the dictionary and creates the three administrators, whose one-time passwords log in', async () => {
    const r = await firstRun(database.db, new AuditTrail(clock), example, categories);
    expect(r.organs).toBe(DEMO_ORGANS.length);
    expect(r.categories).toBe(15 + 118 + 517);
    expect(r.administrators.map((a) => [a.username, a.role])).toEqual([['sysadmin', 'system_admin'], ['secadmin', 'security_admin'], ['auditadmin', 'audit_admin']]);
    const users = await database.db.select().from(s.users);
    expect(users.map((u) => [u.username, u.organId, u.roles])).toEqual([
      ['sysadmin', 'county-xfj', ['system_admin']], ['secadmin', 'county-xfj', ['security_admin']], ['auditadmin', 'county-xfj', ['audit_admin']]]);
    // Stored as hashes only.
    for (const a of r.administrators) expect(JSON.stringify(users)).not.toContain(a.password);
    expect(new Set(r.administrators.map((a) => a.password)).size).toBe(3);
    const auth = new AuthService(database.db, new FieldCrypto(TEST_KEYRING), clock, new AuditTrail(clock));
    const a = r.administrators[0]!;
    const login = await auth.login(a.username, a.password);
    expect(login.user.username).toBe('sysadmin');
    // The password is one-time: the session may only change it.
    expect(users.every((u) => u.mustChangePassword)).toBe(true);
    const roots = await database.db.select().from(s.organs);
    expect(roots.find((o) => o.id === 'prov')?.profileId).toBe('national');
  });

  it('refuses a database that already has users, changing nothing', async () => {
    const before = await database.db.select({ id: s.users.id }).from(s.users);
    await expect(firstRun(database.db, new AuditTrail(clock), example, categories)).rejects.toThrow(SetupRefused);
    expect(await database.db.select({ id: s.users.id }).from(s.users)).toEqual(before);
  });

  it('refuses the demo database too', async () => {
    const demo = await testDatabase();
    try {
      await seedReference(demo.db);
      await expect(firstRun(demo.db, new AuditTrail(clock), example, categories)).rejects.toThrow(/已有用户或机关/);
    } finally {
      await demo.close();
    }
  });
});
