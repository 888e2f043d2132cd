/**
 * Administration of organs and staff, with the separation of duties of 等保 level 3 (三员分立):
 * the system administrator manages organs and accounts, the security administrator grants roles
 * and data scopes, the audit administrator only reads the trail. No account holds two of the three,
 * and nobody grants roles to themselves. Every change is audited in the same transaction.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { asc, eq, inArray } from 'drizzle-orm';
import { hashPassword, loginKey, totpPlace } from './auth-service.js';
import { DomainError } from '../domain/errors.js';
import { isValidIdNumber } from '../domain/identity/id-number.js';
import { TERRITORIAL_LEVELS, type OrganKind, type OrganLevel } from '../domain/model/organ.js';
import { isAdministrator, roleSetViolation, ROLES, type DataScope, type Role, type StaffUser } from '../domain/model/user.js';
import { ORGAN_KINDS } from '../domain/schemas.js';
import { assertStrongPassword, passwordWeaknesses } from '../security/password-policy.js';
import type { FieldCrypto } from '../security/field-crypto.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import type { AuditSink } from './audit-sink.js';
import type { Clock } from './clock.js';
import { requireRole } from './require-role.js';
import type { ReferenceData } from './reference-data.js';
import { findRegion, regionWithin } from './regions.js';
import type { ConflictIds, NewUser, OrganInput, OrganPatch, UserRow } from './contracts/admin.js';
import { DATA_SCOPES } from './contracts/auth.js';

const KINDS: readonly OrganKind[] = ORGAN_KINDS;
const LEVEL_ORDER: readonly OrganLevel[] = TERRITORIAL_LEVELS;
const SCOPES: readonly DataScope[] = DATA_SCOPES;

/** A one-time password under the policy: 16 characters of four classes, no look-alikes (0/O, 1/l/I). */
function oneTimePassword(username: string): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%+=?'];
  const all = classes.join('');
  for (;;) {
    const chars = classes.map((c) => c[randomInt(c.length)] ?? 'A');
    while (chars.length < 16) chars.push(all[randomInt(all.length)] ?? 'a');
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
    }
    const pw = chars.join('');
    if (passwordWeaknesses(pw, { username }).length === 0) return pw;
  }
}

// A declaration, not an arrow: the compiler then knows that code after a `fail(…)` is unreachable.
function fail(code: string, message: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}

export class AdminService {
  /**
   * @param sessionClock the clock of staff sessions and accounts (src/app/clock.ts), as AuthService's:
   *   a password reset's passwordChangedAt and the revocations it makes. Audit entries carry the
   *   audit trail's own time.
   */
  constructor(private readonly db: Db, private readonly ref: ReferenceData, private readonly crypto: FieldCrypto, private readonly audit: AuditSink,
    private readonly sessionClock: Clock) {}

  private async log(tx: Db, user: StaffUser, action: string, targetType: string, targetId: string, detail: Record<string, unknown> = {}) {
    await this.audit.append(tx, { actorId: user.id, actorOrganId: user.organId, action, targetType, targetId, outcome: 'ok', detail });
  }

  async listUsers(user: StaffUser): Promise<UserRow[]> {
    requireRole(user, ['system_admin', 'security_admin']);
    const rows = await this.db.select({
      id: s.users.id, username: s.users.username, name: s.users.name, organId: s.users.organId, roles: s.users.roles,
      dataScope: s.users.dataScope, active: s.users.active, totpEnabled: s.users.totpSecretEnc,
    }).from(s.users).orderBy(asc(s.users.organId), asc(s.users.username));
    // Lockouts are counted per username (login_throttle, see AuthService), not on the account row.
    const keys = new Map(rows.map((r) => [loginKey(this.crypto, r.username), r.id]));
    const locks = new Map<string, Date>();
    const keyList = [...keys.keys()];
    for (let i = 0; i < keyList.length; i += 500) {
      const part = await this.db.select({ key: s.loginThrottle.key, until: s.loginThrottle.lockedUntil }).from(s.loginThrottle)
        .where(inArray(s.loginThrottle.key, keyList.slice(i, i + 500)));
      for (const l of part) {
        const id = keys.get(l.key);
        if (l.until && id) locks.set(id, l.until);
      }
    }
    return rows.map((r) => ({ ...r, lockedUntil: locks.get(r.id)?.toISOString() ?? null, totpEnabled: this.totpOn(r.id, r.totpEnabled) }));
  }

  /** A secret that is only pending (setup begun, never confirmed with a code) is not a second factor. */
  private totpOn(userId: string, sealed: string | null): boolean {
    if (!sealed) return false;
    try {
      const state = JSON.parse(this.crypto.decrypt(sealed, totpPlace(userId))) as { uid?: string; enabled?: boolean };
      return state.uid === userId && state.enabled === true;
    } catch {
      return false; // undecryptable: it cannot be used to log in either
    }
  }

  /**
   * 重置密码: a one-time password (generated unless given) that the next log-in must change; the
   * lockout lifted and every session of the account ended; the user sees the reset at that log-in
   * and in their account's security history. An administrator's password only the security
   * administrator resets (三员分立: else the system administrator could log in as the auditor); any
   * other account's, the system administrator. Never one's own.
   */
  async resetPassword(user: StaffUser, userId: string, password?: string): Promise<{ oneTimePassword: string }> {
    requireRole(user, ['system_admin', 'security_admin']);
    if (userId === user.id) fail('SELF_GRANT', '不能重置自己的密码，请在个人设置中修改');
    const rows = await this.db.select({ id: s.users.id, username: s.users.username, roles: s.users.roles }).from(s.users).where(eq(s.users.id, userId));
    const target = rows[0] ?? fail('USER_NOT_FOUND', '用户不存在');
    const adminTarget = isAdministrator(target.roles);
    const allowed = adminTarget ? user.roles.includes('security_admin') : user.roles.includes('system_admin');
    if (!allowed) {
      await this.audit.record(this.db, {
        actorId: user.id, actorOrganId: user.organId, action: 'user.password_reset', targetType: 'user', targetId: userId, outcome: 'denied',
        detail: { reason: adminTarget ? 'admin_target' : 'not_system_admin' },
      });
      fail('PASSWORD_RESET_NOT_ALLOWED', adminTarget
        ? '管理员账户的密码只能由安全管理员重置（三员分立）'
        : '普通账户的密码由系统管理员重置');
    }
    const oneTime = password ?? oneTimePassword(target.username);
    assertStrongPassword(oneTime, { username: target.username });
    const passwordHash = await hashPassword(oneTime);
    const now = this.sessionClock.now();
    await this.db.transaction(async (tx) => {
      await tx.update(s.users).set({ passwordHash, passwordChangedAt: now, mustChangePassword: true, passwordResetAt: now }).where(eq(s.users.id, userId));
      await tx.delete(s.loginThrottle).where(eq(s.loginThrottle.key, loginKey(this.crypto, target.username)));
      const ended = await tx.delete(s.sessions).where(eq(s.sessions.userId, userId)).returning({ t: s.sessions.tokenHash });
      await this.log(tx, user, 'user.password_reset', 'user', userId, { oneTime: true, generated: password === undefined, revokedSessions: ended.length });
    });
    return { oneTimePassword: oneTime };
  }

  /** 机关: a node of the tree, its level below its parent's and its region code within the parent's. */
  async createOrgan(user: StaffUser, input: OrganInput): Promise<{ id: string }> {
    requireRole(user, 'system_admin');
    const snap = await this.ref.get();
    if (!input.name.trim()) fail('INPUT_REQUIRED', '请填写机关名称', { field: 'name' });
    if (!KINDS.includes(input.kind)) fail('INPUT_INVALID', '机关类型不正确', { field: 'kind' });
    const parent = input.parentId ? snap.organs.get(input.parentId) : undefined;
    if (input.parentId && !parent) fail('ORGAN_NOT_FOUND', '上级机关不存在', { field: 'parentId' });
    if (input.level === 'department') {
      if (!parent || parent.level === 'department') fail('ORGAN_LEVEL_INVALID', '部门须设在某一级地方（省、市、县、乡镇、村）之下', { field: 'parentId' });
      if (input.regionCode) fail('ORGAN_LEVEL_INVALID', '部门沿用所属地方的行政区划代码，无需填写', { field: 'regionCode' });
    } else {
      const depth = LEVEL_ORDER.indexOf(input.level);
      if (depth < 0) fail('INPUT_INVALID', '机关层级不正确', { field: 'level' });
      if (depth === 0 ? parent !== undefined : !parent || LEVEL_ORDER.indexOf(parent.level) !== depth - 1) {
        fail('ORGAN_LEVEL_INVALID', '机关层级须比上级低一级（省→市→县→乡镇→村）', { field: 'level' });
      }
      if (!input.regionCode || !findRegion(input.regionCode)) fail('REGION_CODE_INVALID', '行政区划代码不存在（GB/T 2260）', { field: 'regionCode' });
      const parentRegion = parent ? snap.organs.territoryOf(parent.id)?.regionCode : null;
      if (parentRegion && !regionWithin(input.regionCode, parentRegion)) fail('REGION_CODE_INVALID', '行政区划代码不在上级机关的区划之内', { field: 'regionCode' });
    }
    const id = `org-${randomUUID().slice(0, 8)}`;
    await this.db.transaction(async (tx) => {
      const system = input.level === 'department' ? (input.system?.trim() ?? '') || null : null;
      await tx.insert(s.organs).values({
        id, name: input.name.trim(), parentId: input.parentId, level: input.level, kind: input.kind, regionCode: input.regionCode,
        successorId: null, profileId: null, system,
      });
      await this.log(tx, user, 'organ.create', 'organ', id, { name: input.name.trim(), parentId: input.parentId });
    });
    await this.ref.refresh();
    return { id };
  }

  /** Rename, or mark merged/abolished with its successor (撤并): its open cases can then be transferred. */
  async updateOrgan(user: StaffUser, id: string, patch: OrganPatch): Promise<void> {
    requireRole(user, 'system_admin');
    const snap = await this.ref.get();
    if (!snap.organs.get(id)) fail('ORGAN_NOT_FOUND', '机关不存在');
    if (patch.successorId) {
      const succ = snap.organs.get(patch.successorId);
      if (!succ || succ.id === id || succ.successorId) fail('ORGAN_NOT_FOUND', '承继机关不存在或已撤并', { field: 'successorId' });
    }
    await this.db.transaction(async (tx) => {
      const changes = { ...(patch.name ? { name: patch.name.trim() } : {}), ...(patch.successorId !== undefined ? { successorId: patch.successorId } : {}) };
      await tx.update(s.organs).set(changes).where(eq(s.organs.id, id));
      await this.log(tx, user, 'organ.update', 'organ', id, { name: patch.name, successorId: patch.successorId });
    });
    await this.ref.refresh();
  }

  /** A staff account, without roles: the security administrator grants them (三员分立). */
  async createUser(user: StaffUser, input: NewUser): Promise<{ id: string }> {
    requireRole(user, 'system_admin');
    const snap = await this.ref.get();
    if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(input.username)) fail('INPUT_INVALID', '用户名须为3–32位小写字母、数字、下划线、点或连字符，以字母开头', { field: 'username' });
    if (!snap.organs.get(input.organId)) fail('ORGAN_NOT_FOUND', '所属机关不存在', { field: 'organId' });
    assertStrongPassword(input.password, { username: input.username });
    const exists = await this.db.select({ id: s.users.id }).from(s.users).where(eq(s.users.username, input.username));
    if (exists.length) fail('USERNAME_TAKEN', '用户名已存在', { field: 'username' });
    const id = `u-${randomUUID().slice(0, 12)}`;
    const passwordHash = await hashPassword(input.password);
    await this.db.transaction(async (tx) => {
      await tx.insert(s.users).values({ id, username: input.username, name: input.name.trim(), organId: input.organId, roles: [], passwordHash });
      await this.log(tx, user, 'user.create', 'user', id, { username: input.username, organId: input.organId });
    });
    await this.ref.refresh();
    return { id };
  }

  /** Roles and data scope: the security administrator's, never for their own account. */
  async setRoles(user: StaffUser, userId: string, roles: Role[], dataScope?: DataScope): Promise<void> {
    requireRole(user, 'security_admin');
    if (userId === user.id) fail('SELF_GRANT', '不能为自己的账户授权');
    if (roles.some((r) => !ROLES.includes(r))) fail('INPUT_INVALID', '角色不正确', { field: 'roles' });
    if (dataScope && !SCOPES.includes(dataScope)) fail('INPUT_INVALID', '数据权限不正确', { field: 'dataScope' });
    const rows = await this.db.select({ id: s.users.id }).from(s.users).where(eq(s.users.id, userId));
    if (!rows.length) fail('USER_NOT_FOUND', '用户不存在');
    const violation = roleSetViolation(roles);
    if (violation) {
      await this.audit.record(this.db, {
        actorId: user.id, actorOrganId: user.organId, action: 'user.roles', targetType: 'user', targetId: userId, outcome: 'denied',
        detail: { roles, reason: violation.code },
      });
      fail(violation.code, violation.message, { field: 'roles' });
    }
    await this.db.transaction(async (tx) => {
      await tx.update(s.users).set({ roles: [...new Set(roles)], ...(dataScope ? { dataScope } : {}) }).where(eq(s.users.id, userId));
      await this.log(tx, user, 'user.roles', 'user', userId, { roles, dataScope });
    });
    await this.ref.refresh();
  }

  async setActive(user: StaffUser, userId: string, active: boolean): Promise<void> {
    requireRole(user, 'system_admin');
    if (userId === user.id) fail('SELF_GRANT', '不能停用自己的账户');
    const exists = await this.db.select({ id: s.users.id }).from(s.users).where(eq(s.users.id, userId));
    if (!exists.length) fail('USER_NOT_FOUND', '用户不存在');
    await this.db.transaction(async (tx) => {
      // A disabled account leaves nothing a request could use: its sessions and its TOTP secret go.
      await tx.update(s.users).set(active ? { active } : { active, totpSecretEnc: null }).where(eq(s.users.id, userId));
      if (!active) await tx.delete(s.sessions).where(eq(s.sessions.userId, userId));
      await this.log(tx, user, active ? 'user.enable' : 'user.disable', 'user', userId);
    });
    await this.ref.refresh();
  }

  /**
   * 回避: a staff member records their own ID number and their close relatives' (stored encrypted /
   * as keyed indexes only); the engine then refuses them any case whose petitioner matches.
   */
  async setConflictIds(user: StaffUser, input: ConflictIds): Promise<void> {
    for (const id of [...(input.idNumber ? [input.idNumber] : []), ...input.relativeIdNumbers]) {
      if (!isValidIdNumber(id)) fail('ID_NUMBER_INVALID', '身份证号码校验不通过');
    }
    await this.db.transaction(async (tx) => {
      await tx.update(s.users).set({
        idNumberEnc: input.idNumber ? this.crypto.encrypt(input.idNumber, { table: 'users', column: 'id_number_enc', id: user.id }) : null,
        idNumberIndex: input.idNumber ? this.crypto.blindIndex('id', input.idNumber) : null,
        relativeIndexes: input.relativeIdNumbers.map((r) => this.crypto.blindIndex('id', r)),
      }).where(eq(s.users.id, user.id));
      await this.log(tx, user, 'user.conflict_ids', 'user', user.id, { own: Boolean(input.idNumber), relatives: input.relativeIdNumbers.length });
    });
    await this.ref.refresh();
  }
}
