/**
 * Staff log-in (等保 level 3, GB/T 22239-2019 8.1.4.1 身份鉴别): Argon2id password hashes, lockout
 * after repeated failures, a password complexity policy, server-side sessions with absolute and idle
 * expiry, a per-session CSRF token, and an optional TOTP second factor whose secret is stored
 * encrypted. Session tokens are 32 random bytes; only their SHA-256 is stored.
 *
 * Failures are counted per username whether or not the account exists (login_throttle, keyed by a
 * keyed SM3 of the normalised name), so an unknown name gets the same answers — lockout included —
 * as a real one. Every security event (log-in, failure, lockout, unlock, log-out, revocation,
 * password change, TOTP set-up and removal) goes to the audit chain (docs/decisions/016). A dead
 * session is deleted, not flagged. With `requireSecondFactor` (production), the administrators and
 * leaders must use TOTP: until they have enrolled, their session can only enrol it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Options as Argon2Options } from '@node-rs/argon2';
import { and, desc, eq, inArray, isNotNull, lte, ne, or, sql } from 'drizzle-orm';
import { DomainError } from '../domain/errors.js';
import { SECOND_FACTOR_ROLES, type Role, type StaffUser } from '../domain/model/user.js';
import type { FieldCrypto } from '../security/field-crypto.js';
import { assertStrongPassword } from '../security/password-policy.js';
import { matchTotp, newTotpSecret, totpUri } from '../security/totp.js';
import { toStaffUser } from './reference-data.js';
import type { Db } from '../store/database.js';
import type { AuditEntryInput, AuditSink } from './audit-sink.js';
import type { Clock } from './clock.js';
import { requireRole } from './require-role.js';
import * as s from '../store/schema.js';

export interface AuthPolicy {
  /** Consecutive failed log-ins (wrong password or wrong TOTP code) that lock the account. */
  maxFailedLogins: number;
  lockoutMinutes: number;
  /** Absolute session lifetime from log-in. */
  sessionHours: number;
  /** A session unused this long is dead. */
  idleMinutes: number;
  /** lastSeenAt is written at most this often (not on every request). */
  touchIntervalSeconds: number;
}

export const SESSION_HOURS = 8;
/** Idle failure counters (no lock running) are forgotten after this long. */
const THROTTLE_FORGET_MS = 24 * 3_600_000;

export interface AuthOptions {
  policy?: Partial<AuthPolicy>;
  /**
   * 等保 level 3 in production: the three administrators and leaders (SECOND_FACTOR_ROLES) log in
   * with TOTP; one without it gets a session that can only enrol it (and change the password).
   * Default false (demo, tests).
   */
  requireSecondFactor?: boolean;
}

/**
 * What a session may do besides its own account's security: null, everything its roles allow;
 * 'password_change', only change the one-time password an administrator issued;
 * 'totp_enrolment', only enrol the second factor the server requires of the role.
 */
export type SessionRestriction = 'password_change' | 'totp_enrolment' | null;

/** The security events a user sees in their own account's history (all of them targeted at the account). */
export const SECURITY_ACTIONS = [
  'auth.login', 'auth.lockout', 'auth.unlock', 'auth.logout', 'auth.sessions_revoke', 'auth.password_change', 'user.password_reset',
  'auth.totp_setup', 'auth.totp_enable', 'auth.totp_disable', 'user.roles', 'user.enable', 'user.disable',
] as const;

/** The normalised username the failure counter is keyed by. */
export const normaliseUsername = (username: string) => username.normalize('NFKC').trim().toLowerCase();
/** The failure counter's key: keyed SM3, so the table does not list the names tried. */
export const loginKey = (crypto: FieldCrypto, username: string) => crypto.mac(`login:${normaliseUsername(username)}`);
/** Who may end another account's sessions or lift its lockout. */
export const USER_ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin'];
export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  maxFailedLogins: 5, lockoutMinutes: 15, sessionHours: SESSION_HOURS, idleMinutes: 30, touchIntervalSeconds: 60,
};

/**
 * Argon2id with the OWASP Password Storage Cheat Sheet minimum
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id):
 * m = 19456 KiB (19 MiB), t = 2 iterations, p = 1; 32-byte output, 16-byte random salt, version 0x13.
 * The parameters are written into each hash (PHC string); hashes made with weaker ones are
 * re-hashed at the next successful log-in.
 */
export const ARGON2_OPTIONS = {
  // Algorithm.Argon2id by value: the package declares a const enum but exports no object at run time.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment -- the enum has no run-time value to use
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const satisfies Argon2Options;

export const hashPassword = (password: string) => hash(password, ARGON2_OPTIONS);

function needsRehash(passwordHash: string): boolean {
  try {
    const o = parseOptions(passwordHash);
    return (o.algorithm as number) !== ARGON2_OPTIONS.algorithm || o.memoryCost < ARGON2_OPTIONS.memoryCost || o.timeCost < ARGON2_OPTIONS.timeCost;
  } catch {
    return true;
  }
}

const tokenHash = (t: string) => createHash('sha256').update(t).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

// A hash (same parameters) to verify against when the user does not exist or is disabled, so the
// answer takes about as long and does not reveal which usernames exist.
let dummyHash: Promise<string> | null = null;

type UserRow = typeof s.users.$inferSelect;

/** What the TOTP ciphertext holds: the secret, whether it is on yet, the last step used (no replay). */
interface TotpState { uid: string; secret: string; enabled: boolean; lastStep: number }

export interface LoginResult {
  token: string; csrfToken: string; user: StaffUser; expiresAt: Date; restriction: SessionRestriction;
  /** When an administrator reset the password (the one-time password just used), if so. */
  passwordResetAt: Date | null;
}
export interface ResolvedSession {
  user: StaffUser; csrfToken: string; expiresAt: Date; idleExpiresAt: Date; restriction: SessionRestriction; passwordResetAt: Date | null;
}
export interface SecurityEvent { seq: number; at: string; action: string; outcome: string; byOther: boolean }

/** Who a failed attempt was about: an account, or an unknown name (no user reference). */
type Target = { user: UserRow } | { key: string };

export class AuthService {
  readonly policy: AuthPolicy;
  readonly requireSecondFactor: boolean;

  constructor(
    private readonly db: Db,
    private readonly crypto: FieldCrypto,
    /** The session clock (src/app/clock.ts): expiry, lockouts, TOTP steps, account timestamps. */
    private readonly clock: Clock,
    /** The audit chain every security event goes to. */
    private readonly audit: AuditSink,
    options: AuthOptions = {},
  ) {
    this.policy = { ...DEFAULT_AUTH_POLICY, ...options.policy };
    this.requireSecondFactor = options.requireSecondFactor ?? false;
  }

  // ——— log-in ———

  /**
   * The same steps whether or not the username exists: count the attempt on the name's counter,
   * verify the password (against a dummy hash for a missing or disabled account), audit, answer.
   */
  async login(username: string, password: string, totp?: string): Promise<LoginResult> {
    const now = this.clock.now();
    await this.sweep(now);
    const key = loginKey(this.crypto, username);
    const found = (await this.db.select().from(s.users).where(eq(s.users.username, username)))[0];
    const u = found?.active ? found : undefined;
    const target: Target = u ? { user: u } : { key };
    const attempt = await this.reserveAttempt(key, now, target, 'auth.login');
    if (!u) {
      dummyHash ??= hashPassword('not-a-password');
      await verify(await dummyHash, password);
      return this.failed(key, attempt, now, target, 'auth.login', 'password', new DomainError('LOGIN_FAILED', '用户名或密码错误'));
    }
    if (!(await verifyQuietly(u.passwordHash, password))) {
      return this.failed(key, attempt, now, target, 'auth.login', 'password', new DomainError('LOGIN_FAILED', '用户名或密码错误'));
    }

    const state = this.readTotp(u);
    // A state is only read from a sealed secret: the second test narrows the type and changes nothing.
    if (state?.enabled && u.totpSecretEnc !== null) {
      if (!totp) {
        // Not a failure: the client now asks for the code. The attempt is given back, not reset.
        await this.db.update(s.loginThrottle).set({ failures: sql`greatest(${s.loginThrottle.failures} - 1, 0)` }).where(eq(s.loginThrottle.key, key));
        throw new DomainError('TOTP_REQUIRED', '请输入动态验证码');
      }
      const step = matchTotp(state.secret, totp, now, state.lastStep);
      const used = step !== null && (await this.db.update(s.users).set({ totpSecretEnc: this.sealTotp({ ...state, lastStep: step }) })
        .where(and(eq(s.users.id, u.id), eq(s.users.totpSecretEnc, u.totpSecretEnc))).returning({ id: s.users.id })).length === 1;
      if (!used) await this.failed(key, attempt, now, target, 'auth.login', 'totp', new DomainError('TOTP_INVALID', '动态验证码错误或已使用'));
    }

    const rehashed = needsRehash(u.passwordHash) ? { passwordHash: await hashPassword(password) } : {};
    const token = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(now.getTime() + this.policy.sessionHours * 3_600_000);
    const restriction = this.restrictionOf(u);
    await this.db.transaction(async (tx) => {
      await tx.delete(s.loginThrottle).where(eq(s.loginThrottle.key, key));
      if (rehashed.passwordHash) await tx.update(s.users).set(rehashed).where(eq(s.users.id, u.id));
      await tx.insert(s.sessions).values({ tokenHash: tokenHash(token), userId: u.id, createdAt: now, lastSeenAt: now, expiresAt, csrfToken });
      await this.audit.append(tx, this.entry(u, 'auth.login', 'ok', { secondFactor: state?.enabled ?? false, restriction }));
    });
    return { token, csrfToken, user: toStaffUser(u), expiresAt, restriction, passwordResetAt: u.passwordResetAt };
  }

  /**
   * Counts an attempt on the name's counter before the password is checked, so that parallel
   * guesses cannot exceed the limit; refuses a locked name whatever the password. Returns the
   * attempt's number.
   */
  private async reserveAttempt(key: string, now: Date, target: Target, action: string): Promise<number> {
    const nowSql = sql`${now.toISOString()}::timestamptz`;
    const lockedSql = sql`${s.loginThrottle.lockedUntil} is not null and ${s.loginThrottle.lockedUntil} > ${nowSql}`;
    const rows = await this.db.insert(s.loginThrottle).values({ key, failures: 1, lockedUntil: null, lastAttemptAt: now })
      .onConflictDoUpdate({
        target: s.loginThrottle.key,
        set: {
          // A lock that has run out starts a fresh count.
          failures: sql`case when ${s.loginThrottle.lockedUntil} is not null then 1 else ${s.loginThrottle.failures} + 1 end`,
          lockedUntil: null,
          lastAttemptAt: now,
        },
        setWhere: sql`not (${lockedSql})`,
      })
      .returning({ n: s.loginThrottle.failures });
    const n = rows[0]?.n;
    if (n === undefined) {
      const again = (await this.db.select({ until: s.loginThrottle.lockedUntil }).from(s.loginThrottle).where(eq(s.loginThrottle.key, key)))[0];
      const until = again?.until ?? new Date(now.getTime() + this.policy.lockoutMinutes * 60_000);
      await this.audit.record(this.db, this.failureEntry(target, action, { reason: 'locked' }));
      throw this.locked(until);
    }
    if (n > this.policy.maxFailedLogins) await this.failed(key, n, now, target, action, 'password', null);
    return n;
  }

  /** A failed attempt (already counted), audited: the last one allowed locks the name. Always throws. */
  private async failed(key: string, attempt: number, now: Date, target: Target, action: string, reason: string, error: DomainError | null): Promise<never> {
    const lock = attempt >= this.policy.maxFailedLogins;
    const until = new Date(now.getTime() + this.policy.lockoutMinutes * 60_000);
    await this.db.transaction(async (tx) => {
      if (lock) await tx.update(s.loginThrottle).set({ lockedUntil: until }).where(eq(s.loginThrottle.key, key));
      await this.audit.append(tx, this.failureEntry(target, action, { reason, attempt }));
      if (lock) await this.audit.append(tx, this.failureEntry(target, 'auth.lockout', { until: until.toISOString(), failures: attempt }));
    });
    if (lock) throw this.locked(until);
    throw error ?? new DomainError('LOGIN_FAILED', '用户名或密码错误');
  }

  /** Re-authentication inside a session (password change, turning TOTP off): counted like a log-in. */
  private async reauthenticate(u: UserRow, action: string, password: string, totp?: { state: TotpState; code: string }): Promise<number | null> {
    const now = this.clock.now();
    const key = loginKey(this.crypto, u.username);
    const target: Target = { user: u };
    const attempt = await this.reserveAttempt(key, now, target, action);
    if (!(await verifyQuietly(u.passwordHash, password))) {
      await this.failed(key, attempt, now, target, action, 'password', new DomainError('PASSWORD_INCORRECT', '密码不正确'));
    }
    let step: number | null = null;
    if (totp) {
      step = matchTotp(totp.state.secret, totp.code, now, totp.state.lastStep);
      if (step === null) await this.failed(key, attempt, now, target, action, 'totp', new DomainError('TOTP_CODE_INVALID', '动态验证码错误或已使用'));
    }
    await this.db.delete(s.loginThrottle).where(eq(s.loginThrottle.key, key));
    return step;
  }

  /** What a session of this account may do (see SessionRestriction). */
  private restrictionOf(u: UserRow): SessionRestriction {
    if (u.mustChangePassword) return 'password_change';
    if (this.requireSecondFactor && u.roles.some((r) => SECOND_FACTOR_ROLES.includes(r)) && !this.readTotp(u)?.enabled) return 'totp_enrolment';
    return null;
  }

  // ——— sessions ———

  /**
   * The live session behind a token: within its absolute lifetime, used within the idle limit, its
   * user active. A dead one is deleted. Marks it used (at most once per touch interval).
   */
  async resolveSession(token: string): Promise<ResolvedSession | null> {
    const now = this.clock.now();
    const idleMs = this.policy.idleMinutes * 60_000;
    const hash = tokenHash(token);
    const rows = await this.db.select({ sess: s.sessions, u: s.users }).from(s.sessions).innerJoin(s.users, eq(s.users.id, s.sessions.userId))
      .where(eq(s.sessions.tokenHash, hash));
    const r = rows[0];
    if (!r) return null;
    const live = r.sess.revokedAt === null && r.sess.expiresAt > now && r.sess.lastSeenAt.getTime() > now.getTime() - idleMs && r.u.active;
    if (!live) {
      await this.db.delete(s.sessions).where(eq(s.sessions.tokenHash, hash));
      return null;
    }
    let lastSeen = r.sess.lastSeenAt;
    if (now.getTime() - lastSeen.getTime() >= this.policy.touchIntervalSeconds * 1000) {
      await this.db.update(s.sessions).set({ lastSeenAt: now }).where(eq(s.sessions.tokenHash, hash));
      lastSeen = now;
    }
    const idleExpiresAt = new Date(Math.min(lastSeen.getTime() + idleMs, r.sess.expiresAt.getTime()));
    return {
      user: toStaffUser(r.u), csrfToken: r.sess.csrfToken, expiresAt: r.sess.expiresAt, idleExpiresAt,
      restriction: this.restrictionOf(r.u), passwordResetAt: r.u.passwordResetAt,
    };
  }

  async userForToken(token: string): Promise<StaffUser | null> {
    return (await this.resolveSession(token))?.user ?? null;
  }

  /** Deletes the session (no revoked row is kept) and audits the log-out. */
  async logout(token: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const gone = await tx.delete(s.sessions).where(eq(s.sessions.tokenHash, tokenHash(token))).returning({ userId: s.sessions.userId });
      const userId = gone[0]?.userId;
      if (userId === undefined) return;
      const u = (await tx.select({ id: s.users.id, organId: s.users.organId }).from(s.users).where(eq(s.users.id, userId)))[0];
      if (u) await this.audit.append(tx, { actorId: u.id, actorOrganId: u.organId, action: 'auth.logout', targetType: 'user', targetId: u.id, outcome: 'ok', detail: {} });
    });
  }

  /** Ends (deletes) every session of a user, but the one of `exceptToken` if given. Not audited: the callers audit. */
  async revokeAllSessions(userId: string, exceptToken?: string): Promise<number> {
    const rows = await this.db.delete(s.sessions)
      .where(and(eq(s.sessions.userId, userId), exceptToken ? ne(s.sessions.tokenHash, tokenHash(exceptToken)) : undefined))
      .returning({ t: s.sessions.tokenHash });
    return rows.length;
  }

  /** 强制下线 by the system or security administrator: every session of the account ends. */
  async revokeSessionsOf(admin: StaffUser, userId: string): Promise<number> {
    requireRole(admin, USER_ADMIN_ROLES);
    if (!(await this.userExists(userId))) throw new DomainError('NOT_FOUND', '用户不存在');
    return this.db.transaction(async (tx) => {
      const rows = await tx.delete(s.sessions).where(eq(s.sessions.userId, userId)).returning({ t: s.sessions.tokenHash });
      await this.audit.append(tx, {
        actorId: admin.id, actorOrganId: admin.organId, action: 'auth.sessions_revoke', targetType: 'user', targetId: userId, outcome: 'ok',
        detail: { revokedSessions: rows.length },
      });
      return rows.length;
    });
  }

  /** 解除登录锁定 by the system or security administrator. */
  async unlockBy(admin: StaffUser, userId: string): Promise<void> {
    requireRole(admin, USER_ADMIN_ROLES);
    const u = (await this.db.select({ username: s.users.username }).from(s.users).where(eq(s.users.id, userId)))[0];
    if (!u) throw new DomainError('NOT_FOUND', '用户不存在');
    await this.db.transaction(async (tx) => {
      await tx.delete(s.loginThrottle).where(eq(s.loginThrottle.key, loginKey(this.crypto, u.username)));
      await this.audit.append(tx, { actorId: admin.id, actorOrganId: admin.organId, action: 'auth.unlock', targetType: 'user', targetId: userId, outcome: 'ok', detail: {} });
    });
  }

  /** Lifts a lockout (no role check, not audited: for scripts; administrators use unlockBy). */
  async unlock(userId: string): Promise<void> {
    const u = (await this.db.select({ username: s.users.username }).from(s.users).where(eq(s.users.id, userId)))[0];
    if (!u) throw new DomainError('NOT_FOUND', '用户不存在');
    await this.db.delete(s.loginThrottle).where(eq(s.loginThrottle.key, loginKey(this.crypto, u.username)));
  }

  async userExists(userId: string): Promise<boolean> {
    return (await this.db.select({ id: s.users.id }).from(s.users).where(eq(s.users.id, userId))).length === 1;
  }

  /**
   * Deletes what no request may use any more: sessions past their absolute or idle expiry (and any
   * flagged revoked by an earlier version), and failure counters idle for a day with no lock running.
   * Run at each log-in.
   */
  async sweep(now = this.clock.now()): Promise<void> {
    const idleCut = new Date(now.getTime() - this.policy.idleMinutes * 60_000);
    await this.db.delete(s.sessions).where(or(lte(s.sessions.expiresAt, now), lte(s.sessions.lastSeenAt, idleCut), isNotNull(s.sessions.revokedAt)));
    await this.db.delete(s.loginThrottle).where(and(
      lte(s.loginThrottle.lastAttemptAt, new Date(now.getTime() - THROTTLE_FORGET_MS)),
      or(sql`${s.loginThrottle.lockedUntil} is null`, lte(s.loginThrottle.lockedUntil, now)),
    ));
  }

  /** A user's own account security history: the security events about their account, newest first. */
  async securityHistory(userId: string, limit = 50): Promise<SecurityEvent[]> {
    const at = sql<string>`to_char(${s.auditLog.at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const rows = await this.db.select({ seq: s.auditLog.seq, at, action: s.auditLog.action, outcome: s.auditLog.outcome, actorId: s.auditLog.actorId })
      .from(s.auditLog)
      .where(and(eq(s.auditLog.targetType, 'user'), eq(s.auditLog.targetId, userId), inArray(s.auditLog.action, [...SECURITY_ACTIONS])))
      .orderBy(desc(s.auditLog.seq)).limit(limit);
    return rows.map((r) => ({ seq: r.seq, at: r.at, action: r.action, outcome: r.outcome, byOther: r.actorId !== null && r.actorId !== userId }));
  }

  // ——— password ———

  /**
   * Checks the old password (a wrong one counts towards the lockout), enforces the policy, stores
   * the new hash and ends every other session of the user (all of them without `currentToken`).
   * Lifts the one-time status of a password an administrator reset.
   */
  async changePassword(userId: string, oldPassword: string, newPassword: string, currentToken?: string): Promise<{ revokedSessions: number }> {
    const u = await this.activeUser(userId);
    assertStrongPassword(newPassword, { username: u.username, oldPassword });
    await this.reauthenticate(u, 'auth.password_change', oldPassword);
    const passwordHash = await hashPassword(newPassword);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      await tx.update(s.users).set({ passwordHash, passwordChangedAt: now, mustChangePassword: false, passwordResetAt: null }).where(eq(s.users.id, userId));
      const revoked = await tx.delete(s.sessions)
        .where(and(eq(s.sessions.userId, userId), currentToken ? ne(s.sessions.tokenHash, tokenHash(currentToken)) : undefined))
        .returning({ t: s.sessions.tokenHash });
      await this.audit.append(tx, this.entry(u, 'auth.password_change', 'ok', { revokedSessions: revoked.length, afterReset: u.mustChangePassword }));
      return { revokedSessions: revoked.length };
    });
  }

  // ——— TOTP second factor ———

  async totpEnabled(userId: string): Promise<boolean> {
    return this.readTotp(await this.activeUser(userId))?.enabled ?? false;
  }

  /** A new secret, stored encrypted and pending until a correct code turns it on. */
  async setupTotp(userId: string): Promise<{ secret: string; otpauthUrl: string }> {
    const u = await this.activeUser(userId);
    if (this.readTotp(u)?.enabled) throw new DomainError('TOTP_ALREADY_ENABLED', '动态验证码已启用，如需更换请先停用');
    const secret = newTotpSecret();
    await this.db.transaction(async (tx) => {
      await tx.update(s.users).set({ totpSecretEnc: this.sealTotp({ uid: u.id, secret, enabled: false, lastStep: -1 }) }).where(eq(s.users.id, u.id));
      await this.audit.append(tx, this.entry(u, 'auth.totp_setup', 'ok', {}));
    });
    return { secret, otpauthUrl: totpUri(secret, u.username) };
  }

  async enableTotp(userId: string, code: string): Promise<void> {
    const u = await this.activeUser(userId);
    const state = this.readTotp(u);
    if (!state || state.enabled) throw new DomainError('TOTP_NOT_PENDING', '请先生成动态验证码密钥');
    const step = matchTotp(state.secret, code, this.clock.now(), state.lastStep);
    if (step === null) {
      await this.audit.record(this.db, this.entry(u, 'auth.totp_enable', 'denied', { reason: 'totp' }));
      throw new DomainError('TOTP_CODE_INVALID', '动态验证码错误，请核对手机时间后重试');
    }
    await this.db.transaction(async (tx) => {
      await tx.update(s.users).set({ totpSecretEnc: this.sealTotp({ ...state, enabled: true, lastStep: step }) }).where(eq(s.users.id, u.id));
      await this.audit.append(tx, this.entry(u, 'auth.totp_enable', 'ok', {}));
    });
  }

  async disableTotp(userId: string, password: string, code: string): Promise<void> {
    const u = await this.activeUser(userId);
    const state = this.readTotp(u);
    if (!state?.enabled) throw new DomainError('TOTP_NOT_ENABLED', '动态验证码未启用');
    if (this.requireSecondFactor && u.roles.some((r) => SECOND_FACTOR_ROLES.includes(r))) {
      throw new DomainError('SECOND_FACTOR_REQUIRED', '管理员和负责人须使用动态验证码登录，不能停用');
    }
    await this.reauthenticate(u, 'auth.totp_disable', password, { state, code });
    await this.db.transaction(async (tx) => {
      await tx.update(s.users).set({ totpSecretEnc: null }).where(eq(s.users.id, u.id));
      await this.audit.append(tx, this.entry(u, 'auth.totp_disable', 'ok', {}));
    });
  }

  /** An entry the account's own user made. */
  private entry(u: UserRow, action: string, outcome: AuditEntryInput['outcome'], detail: Record<string, unknown>): AuditEntryInput {
    return { actorId: u.id, actorOrganId: u.organId, action, targetType: 'user', targetId: u.id, outcome, detail };
  }

  /**
   * A refused attempt: nobody is authenticated, so no actor; the account as target when it exists,
   * otherwise no user reference — only a short prefix of the name's keyed hash, to group attempts.
   */
  private failureEntry(target: Target, action: string, detail: Record<string, unknown>): AuditEntryInput {
    return 'user' in target
      ? { actorId: null, actorOrganId: null, action, targetType: 'user', targetId: target.user.id, outcome: 'denied', detail }
      : { actorId: null, actorOrganId: null, action, targetType: 'user', targetId: null, outcome: 'denied', detail: { ...detail, unknownUser: true, nameKey: target.key.slice(0, 16) } };
  }

  private locked(until: Date): DomainError {
    return new DomainError('ACCOUNT_LOCKED', `连续登录失败次数过多，账户已锁定，请${this.policy.lockoutMinutes}分钟后再试`, { until: until.toISOString() });
  }

  /** Bound to the user's row (and, inside, to the user's id, as before the bound format). */
  private sealTotp(state: TotpState): string {
    return this.crypto.encrypt(JSON.stringify(state), totpPlace(state.uid));
  }

  private readTotp(u: UserRow): TotpState | null {
    if (!u.totpSecretEnc) return null;
    const state = JSON.parse(this.crypto.decrypt(u.totpSecretEnc, totpPlace(u.id))) as TotpState;
    // Bound to its user: a ciphertext copied to another account's row is refused.
    if (state.uid !== u.id) throw new DomainError('CIPHERTEXT_TAMPERED', '加密数据校验失败');
    return state;
  }

  private async activeUser(userId: string): Promise<UserRow> {
    const u = (await this.db.select().from(s.users).where(eq(s.users.id, userId)))[0];
    if (!u?.active) throw new DomainError('AUTH_REQUIRED', '请先登录');
    return u;
  }
}

/** Where a user's TOTP secret is stored (its ciphertext is bound to it). */
export const totpPlace = (userId: string) => ({ table: 'users', column: 'totp_secret_enc', id: userId });

/** A malformed stored hash counts as a mismatch, not a server error. */
async function verifyQuietly(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
