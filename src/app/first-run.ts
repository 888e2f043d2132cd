/**
 * The first run of an empty production database (`npm run setup`): the organ tree and the category
 * dictionary from a file the petition office provides, and the three administrators of 三员分立
 * (system, security, audit) with one-time random passwords, given back once to be printed to the
 * operator's terminal and never stored in clear. Refused on a database that already has users.
 * All of it in one transaction, with one audit entry.
 */
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { OrganT } from '../domain/schemas.js';
import type { Role } from '../domain/model/user.js';
import { passwordWeaknesses } from '../security/password-policy.js';
import type { AuditTrail } from '../security/audit-trail.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { hashPassword } from './auth-service.js';

export interface CategoryNode { name: string; children: (CategoryNode | string)[] }
const CategoryNodeT = Type.Object({
  name: Type.String({ minLength: 1 }),
  children: Type.Array(Type.Union([
    Type.String({ minLength: 1 }),
    Type.Object({ name: Type.String({ minLength: 1 }), children: Type.Array(Type.String({ minLength: 1 })) }),
  ])),
});

/** The file the office provides (docs/organs.example.json is the demo's tree in this format). */
export const SetupFileT = Type.Object({
  organs: Type.Array(Type.Intersect([OrganT, Type.Object({ profileId: Type.Optional(Type.Union([Type.String(), Type.Null()])) })]), { minItems: 1 }),
  /** 3 levels, as src/demo/data/categories.json; absent: that dictionary. */
  categories: Type.Optional(Type.Array(CategoryNodeT, { minItems: 1 })),
  /** The organ the three administrators belong to (default: the petition office nearest the root). */
  administratorsOrganId: Type.Optional(Type.String()),
});
export type SetupFile = Static<typeof SetupFileT>;

export interface SetupProblem { zh: string; en: string }

export class SetupRefused extends Error {
  constructor(readonly problems: SetupProblem[]) {
    super(problems.map((p) => `${p.zh} / ${p.en}`).join('\n'));
    this.name = 'SetupRefused';
  }
}

export interface Administrator { username: string; name: string; role: Role; password: string }

export const ADMINISTRATORS: readonly Omit<Administrator, 'password'>[] = [
  { username: 'sysadmin', name: '系统管理员', role: 'system_admin' },
  { username: 'secadmin', name: '安全管理员', role: 'security_admin' },
  { username: 'auditadmin', name: '安全审计员', role: 'audit_admin' },
];

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const SYMBOLS = '@#%+=-';

/** 16 characters, letters of both cases, digits and a symbol: the password policy's 3 classes with room. */
export function oneTimePassword(username: string): string {
  for (;;) {
    const chars = Array.from({ length: 14 }, () => ALPHABET.charAt(randomInt(ALPHABET.length)));
    chars.splice(randomInt(chars.length), 0, SYMBOLS.charAt(randomInt(SYMBOLS.length)), String(randomInt(2, 10)));
    const p = chars.join('');
    if (/[A-Z]/.test(p) && /[a-z]/.test(p) && passwordWeaknesses(p, { username }).length === 0) return p;
  }
}

/** What is wrong with the file: its shape, duplicate ids, parents that do not exist, cycles. */
export function setupFileProblems(input: unknown): SetupProblem[] {
  if (!Value.Check(SetupFileT, input)) {
    return [...Value.Errors(SetupFileT, input)].slice(0, 10).map((e) => ({
      zh: `机关文件格式不符：${e.instancePath || '/'} ${e.message}`, en: `the organ file does not match the format: ${e.instancePath || '/'} ${e.message}`,
    }));
  }
  const f = input;
  const problems: SetupProblem[] = [];
  const ids = new Map<string, (typeof f.organs)[number]>();
  for (const o of f.organs) {
    if (ids.has(o.id)) problems.push({ zh: `机关编号重复：${o.id}`, en: `duplicate organ id: ${o.id}` });
    ids.set(o.id, o);
  }
  for (const o of f.organs) {
    if (o.parentId !== null && !ids.has(o.parentId)) problems.push({ zh: `机关 ${o.id} 的上级 ${o.parentId} 不存在`, en: `organ ${o.id}: parent ${o.parentId} does not exist` });
    if (o.successorId !== null && !ids.has(o.successorId)) problems.push({ zh: `机关 ${o.id} 的承继机关 ${o.successorId} 不存在`, en: `organ ${o.id}: successor ${o.successorId} does not exist` });
    const seen = new Set<string>();
    for (let p: string | null = o.id; p !== null; p = ids.get(p)?.parentId ?? null) {
      if (seen.has(p)) {
        problems.push({ zh: `机关 ${o.id} 的上级关系成环`, en: `organ ${o.id}: its parents form a cycle` });
        break;
      }
      seen.add(p);
    }
  }
  if (!f.organs.some((o) => o.parentId === null)) problems.push({ zh: '机关树没有最上级机关（parentId 为 null）', en: 'the organ tree has no root (parentId null)' });
  if (f.administratorsOrganId !== undefined && !ids.has(f.administratorsOrganId)) {
    problems.push({ zh: `administratorsOrganId ${f.administratorsOrganId} 不存在`, en: `administratorsOrganId ${f.administratorsOrganId} does not exist` });
  }
  if (!f.organs.some((o) => o.kind === 'petition_office')) problems.push({ zh: '机关树中没有信访部门（kind: petition_office）', en: 'the organ tree has no petition office (kind: petition_office)' });
  return problems;
}

/** 01, 0101, 010101 … as the demo dictionary is stored. */
export function categoryRowsOf(tree: readonly CategoryNode[]): (typeof s.categories.$inferInsert)[] {
  const rows: (typeof s.categories.$inferInsert)[] = [];
  const code = (i: number) => String(i + 1).padStart(2, '0');
  tree.forEach((a, i) => {
    const ca = code(i);
    rows.push({ code: ca, name: a.name, parentCode: null, level: 1 });
    a.children.forEach((b, j) => {
      const cb = ca + code(j);
      if (typeof b === 'string') {
        rows.push({ code: cb, name: b, parentCode: ca, level: 2 });
        return;
      }
      rows.push({ code: cb, name: b.name, parentCode: ca, level: 2 });
      b.children.forEach((c, k) => rows.push({ code: cb + code(k), name: typeof c === 'string' ? c : c.name, parentCode: cb, level: 3 }));
    });
  });
  return rows;
}

/**
 * Loads the file and creates the administrators; answers them with their one-time passwords.
 * `defaultCategories`: the dictionary used when the file has none.
 */
export async function firstRun(
  db: Db, audit: AuditTrail, file: unknown, defaultCategories: readonly CategoryNode[],
): Promise<{ organs: number; categories: number; administrators: Administrator[] }> {
  const problems = setupFileProblems(file);
  if (problems.length > 0) throw new SetupRefused(problems);
  const f = file as SetupFile;
  const rootId = f.organs.find((o) => o.parentId === null)?.id ?? '';
  const depth = (id: string): number => {
    let d = 0;
    for (let p = f.organs.find((o) => o.id === id)?.parentId ?? null; p !== null; p = f.organs.find((o) => o.id === p)?.parentId ?? null) d++;
    return d;
  };
  const adminOrgan = f.administratorsOrganId
    ?? [...f.organs].filter((o) => o.kind === 'petition_office').sort((a, b) => depth(a.id) - depth(b.id))[0]?.id ?? rootId;
  const administrators: Administrator[] = ADMINISTRATORS.map((a) => ({ ...a, password: oneTimePassword(a.username) }));
  const hashes = await Promise.all(administrators.map((a) => hashPassword(a.password)));
  const categories = categoryRowsOf(f.categories ?? defaultCategories);

  await db.transaction(async (tx) => {
    // Checked inside the transaction: two operators running it at once make one set of accounts.
    await tx.execute(sql`LOCK TABLE ${s.users} IN EXCLUSIVE MODE`);
    const anyUser = await tx.select({ id: s.users.id }).from(s.users).limit(1);
    const anyOrgan = await tx.select({ id: s.organs.id }).from(s.organs).limit(1);
    if (anyUser.length > 0 || anyOrgan.length > 0) {
      throw new SetupRefused([{ zh: '数据库中已有用户或机关：首次运行命令只能用于空数据库', en: 'the database already has users or organs: setup runs on an empty database only' }]);
    }
    await tx.insert(s.organs).values(f.organs.map((o) => ({
      id: o.id, name: o.name, parentId: o.parentId, level: o.level, kind: o.kind, regionCode: o.regionCode, successorId: o.successorId,
      system: o.system ?? null, profileId: o.profileId ?? (o.parentId === null ? 'national' : null),
    })));
    await tx.insert(s.categories).values(categories);
    await tx.insert(s.users).values(administrators.map((a, i) => ({
      id: `u-${a.username}`, username: a.username, name: a.name, organId: adminOrgan, roles: [a.role], passwordHash: hashes[i] ?? '',
      // One-time: changed at the first log-in (and, in production, TOTP enrolled then).
      mustChangePassword: true,
    })));
    await audit.append(tx, {
      actorId: null, actorOrganId: null, action: 'system.setup', targetType: 'system', targetId: null, outcome: 'ok',
      detail: { organs: f.organs.length, categories: categories.length, administrators: administrators.map((a) => a.username) },
    });
  });
  return { organs: f.organs.length, categories: categories.length, administrators };
}
