/**
 * Staff log-in (等保 level 3, GB/T 22239-2019 8.1.4.1 身份鉴别): Argon2id password hashes, lockout
 * after repeated failures, a password complexity policy, server-side sessions with absolute and idle
 * expiry, a per-session CSRF token, and an optional TOTP second factor whose secret is stored
 * encrypted. Session tokens are 32 random bytes; only their SHA-256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Options as Argon2Options } from '@node-rs/argon2';
import { and, eq, gt, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { DomainError } from '../domain/errors.js';
import type { Role, StaffUser } from '../domain/model/user.js';
import type { FieldCrypto } from '../security/field-crypto.js';
import { assertStrongPassword } from '../security/password-policy.js';
import { matchTotp, newTotpSecret, totpUri } from '../security/totp.js';
import { toStaffUser } from './reference-data.js';
import type { Db } from '../store/database.js';
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
/** Who may end another account's sessions or lift its lockout. */
export const USER_ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin'];
export const DEFAULT_AUTH_POLICY: AuthPolicy = { maxFailedLogins: 5, lockoutMinutes: 15, sessionHours: SESSION_HOURS, idleMinutes: 30, touchIntervalSeconds: 60 };

/**
 * Argon2id with the OWASP Password Storage Cheat Sheet minimum
 * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id):
 * m = 19456 KiB (19 MiB), t = 2 iterations, p = 1; 32-byte output, 16-byte random salt, version 0x13.
 * The parameters are written into each hash (PHC string); hashes made with weaker ones are
 * re-hashed at the next successful log-in.
 */
export const ARGON2_OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum in @node-rs/argon2) */,
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

export interface LoginResult { token: string; csrfToken: string; user: StaffUser; expiresAt: Date }
export interface ResolvedSession { user: StaffUser; csrfToken: string; expiresAt: Date; idleExpiresAt: Date }

export class AuthService {
  readonly policy: AuthPolicy;

  constructor(
    private readonly db: Db,
    private readonly crypto: FieldCrypto,
    /** The session clock (src/app/clock.ts): expiry, lockouts, TOTP steps, account timestamps. */
    private readonly clock: Clock,
    policy: Partial<AuthPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_AUTH_POLICY, ...policy };
  }

  // ——— log-in ———

  async login(username: string, password: string, totp?: string): Promise<LoginResult> {
    const u = (await this.db.select().from(s.users).where(eq(s.users.username, username)))[0];
    if (!u || !u.active) {
      dummyHash ??= hashPassword('not-a-password');
      await verify(await dummyHash, password);
      throw new DomainError('LOGIN_FAILED', '用户名或密码错误');
    }
    const now = this.clock.now();
    const attempt = await this.reserveAttempt(u, now);
    if (!(await verifyQuietly(u.passwordHash, password))) await this.failed(u.id, attempt, now, new DomainError('LOGIN_FAILED', '用户名或密码错误'));

    const state = this.readTotp(u);
    if (state?.enabled) {
      if (!totp) {
        // Not a failure: the client now asks for the code. The attempt is given back, not reset.
        await this.db.update(s.users).set({ failedLogins: sql`greatest(${s.users.failedLogins} - 1, 0)` }).where(eq(s.users.id, u.id));
        throw new DomainError('TOTP_REQUIRED', '请输入动态验证码');
      }
      const step = matchTotp(state.secret, totp, now, state.lastStep);
      const used = step !== null && (await this.db.update(s.users).set({ totpSecretEnc: this.sealTotp({ ...state, lastStep: step }) })
        .where(and(eq(s.users.id, u.id), eq(s.users.totpSecretEnc, u.totpSecretEnc!))).returning({ id: s.users.id })).length === 1;
      if (!used) await this.failed(u.id, attempt, now, new DomainError('TOTP_INVALID', '动态验证码错误或已使用'));
    }

    await this.db.update(s.users).set({ failedLogins: 0, lockedUntil: null, ...(needsRehash(u.passwordHash) ? { passwordHash: await hashPassword(password) } : {}) })
      .where(eq(s.users.id, u.id));
    const token = randomToken();
    const csrfToken = randomToken();
    const expiresAt = new Date(now.getTime() + this.policy.sessionHours * 3_600_000);
    await this.db.insert(s.sessions).values({ tokenHash: tokenHash(token), userId: u.id, createdAt: now, lastSeenAt: now, expiresAt, csrfToken });
    return { token, csrfToken, user: toStaffUser(u), expiresAt };
  }

  /**
   * Counts an attempt before the password is checked, so that parallel guesses cannot exceed the
   * limit; refuses a locked account whatever the password. Returns the attempt's number.
   */
  private async reserveAttempt(u: UserRow, now: Date): Promise<number> {
    if (u.lockedUntil && u.lockedUntil > now) throw this.locked(u.lockedUntil);
    const nowSql = sql`${now.toISOString()}::timestamptz`;
    const rows = await this.db.update(s.users)
      .set({
        // A lock that has run out starts a fresh count.
        failedLogins: sql`case when ${s.users.lockedUntil} is not null and ${s.users.lockedUntil} <= ${nowSql} then 1 else ${s.users.failedLogins} + 1 end`,
        lockedUntil: null,
      })
      .where(and(eq(s.users.id, u.id), or(isNull(s.users.lockedUntil), lte(s.users.lockedUntil, now))))
      .returning({ n: s.users.failedLogins });
    const n = rows[0]?.n;
    if (n === undefined) {
      const again = (await this.db.select({ until: s.users.lockedUntil }).from(s.users).where(eq(s.users.id, u.id)))[0];
      throw this.locked(again?.until ?? new Date(now.getTime() + this.policy.lockoutMinutes * 60_000));
    }
    if (n > this.policy.maxFailedLogins) await this.failed(u.id, n, now, null);
    return n;
  }

  /** A failed attempt (already counted): the last one allowed locks the account. Always throws. */
  private async failed(userId: string, attempt: number, now: Date, error: DomainError | null): Promise<never> {
    if (attempt >= this.policy.maxFailedLogins) {
      const until = new Date(now.getTime() + this.policy.lockoutMinutes * 60_000);
      await this.db.update(s.users).set({ lockedUntil: until }).where(eq(s.users.id, userId));
      throw this.locked(until);
    }
    throw error ?? new DomainError('LOGIN_FAILED', '用户名或密码错误');
  }

  /** Re-authentication inside a session (password change, turning TOTP off): counted like a log-in. */
  private async reauthenticate(u: UserRow, password: string, totp?: { state: TotpState; code: string }): Promise<number | null> {
    const now = this.clock.now();
    const attempt = await this.reserveAttempt(u, now);
    if (!(await verifyQuietly(u.passwordHash, password))) await this.failed(u.id, attempt, now, new DomainError('PASSWORD_INCORRECT', '密码不正确'));
    let step: number | null = null;
    if (totp) {
      step = matchTotp(totp.state.secret, totp.code, now, totp.state.lastStep);
      if (step === null) await this.failed(u.id, attempt, now, new DomainError('TOTP_CODE_INVALID', '动态验证码错误或已使用'));
    }
    await this.db.update(s.users).set({ failedLogins: 0, lockedUntil: null }).where(eq(s.users.id, u.id));
    return step;
  }

  // ——— sessions ———

  /**
   * The live session behind a token: not revoked, within its absolute lifetime, used within the
   * idle limit, its user active. Marks it used (at most once per touch interval).
   */
  async resolveSession(token: string): Promise<ResolvedSession | null> {
    const now = this.clock.now();
    const idleMs = this.policy.idleMinutes * 60_000;
    const rows = await this.db.select({ sess: s.sessions, u: s.users }).from(s.sessions).innerJoin(s.users, eq(s.users.id, s.sessions.userId))
      .where(and(
        eq(s.sessions.tokenHash, tokenHash(token)), isNull(s.sessions.revokedAt), gt(s.sessions.expiresAt, now),
        gt(s.sessions.lastSeenAt, new Date(now.getTime() - idleMs)), eq(s.users.active, true),
      ));
    const r = rows[0];
    if (!r) return null;
    let lastSeen = r.sess.lastSeenAt;
    if (now.getTime() - lastSeen.getTime() >= this.policy.touchIntervalSeconds * 1000) {
      await this.db.update(s.sessions).set({ lastSeenAt: now }).where(eq(s.sessions.tokenHash, r.sess.tokenHash));
      lastSeen = now;
    }
    const idleExpiresAt = new Date(Math.min(lastSeen.getTime() + idleMs, r.sess.expiresAt.getTime()));
    return { user: toStaffUser(r.u), csrfToken: r.sess.csrfToken, expiresAt: r.sess.expiresAt, idleExpiresAt };
  }

  async userForToken(token: string): Promise<StaffUser | null> {
    return (await this.resolveSession(token))?.user ?? null;
  }

  async logout(token: string): Promise<void> {
    await this.db.update(s.sessions).set({ revokedAt: this.clock.now() }).where(and(eq(s.sessions.tokenHash, tokenHash(token)), isNull(s.sessions.revokedAt)));
  }

  /** Ends every session of a user (an administrator's action, or after a password change keeping the current one). */
  async revokeAllSessions(userId: string, exceptToken?: string): Promise<number> {
    const rows = await this.db.update(s.sessions).set({ revokedAt: this.clock.now() })
      .where(and(eq(s.sessions.userId, userId), isNull(s.sessions.revokedAt), exceptToken ? ne(s.sessions.tokenHash, tokenHash(exceptToken)) : undefined))
      .returning({ t: s.sessions.tokenHash });
    return rows.length;
  }

  /** 强制下线 by the system or security administrator: every session of the account ends. */
  async revokeSessionsOf(admin: StaffUser, userId: string): Promise<number> {
    requireRole(admin, USER_ADMIN_ROLES);
    if (!(await this.userExists(userId))) throw new DomainError('NOT_FOUND', '用户不存在');
    return this.revokeAllSessions(userId);
  }

  /** 解除登录锁定 by the system or security administrator. */
  async unlockBy(admin: StaffUser, userId: string): Promise<void> {
    requireRole(admin, USER_ADMIN_ROLES);
    await this.unlock(userId);
  }

  /** Lifts a lockout (no role check: for the administrators' route, unlockBy). */
  async unlock(userId: string): Promise<void> {
    const rows = await this.db.update(s.users).set({ failedLogins: 0, lockedUntil: null }).where(eq(s.users.id, userId)).returning({ id: s.users.id });
    if (rows.length === 0) throw new DomainError('NOT_FOUND', '用户不存在');
  }

  async userExists(userId: string): Promise<boolean> {
    return (await this.db.select({ id: s.users.id }).from(s.users).where(eq(s.users.id, userId))).length === 1;
  }

  // ——— password ———

  /**
   * Checks the old password (a wrong one counts towards the lockout), enforces the policy, stores
   * the new hash and ends every other session of the user (all of them without `currentToken`).
   */
  async changePassword(userId: string, oldPassword: string, newPassword: string, currentToken?: string): Promise<{ revokedSessions: number }> {
    const u = await this.activeUser(userId);
    assertStrongPassword(newPassword, { username: u.username, oldPassword });
    await this.reauthenticate(u, oldPassword);
    const passwordHash = await hashPassword(newPassword);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      await tx.update(s.users).set({ passwordHash, passwordChangedAt: now }).where(eq(s.users.id, userId));
      const revoked = await tx.update(s.sessions).set({ revokedAt: now })
        .where(and(eq(s.sessions.userId, userId), isNull(s.sessions.revokedAt), currentToken ? ne(s.sessions.tokenHash, tokenHash(currentToken)) : undefined))
        .returning({ t: s.sessions.tokenHash });
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
    await this.db.update(s.users).set({ totpSecretEnc: this.sealTotp({ uid: u.id, secret, enabled: false, lastStep: -1 }) }).where(eq(s.users.id, u.id));
    return { secret, otpauthUrl: totpUri(secret, u.username) };
  }

  async enableTotp(userId: string, code: string): Promise<void> {
    const u = await this.activeUser(userId);
    const state = this.readTotp(u);
    if (!state || state.enabled) throw new DomainError('TOTP_NOT_PENDING', '请先生成动态验证码密钥');
    const step = matchTotp(state.secret, code, this.clock.now(), state.lastStep);
    if (step === null) throw new DomainError('TOTP_CODE_INVALID', '动态验证码错误，请核对手机时间后重试');
    await this.db.update(s.users).set({ totpSecretEnc: this.sealTotp({ ...state, enabled: true, lastStep: step }) }).where(eq(s.users.id, u.id));
  }

  async disableTotp(userId: string, password: string, code: string): Promise<void> {
    const u = await this.activeUser(userId);
    const state = this.readTotp(u);
    if (!state?.enabled) throw new DomainError('TOTP_NOT_ENABLED', '动态验证码未启用');
    await this.reauthenticate(u, password, { state, code });
    await this.db.update(s.users).set({ totpSecretEnc: null }).where(eq(s.users.id, u.id));
  }

  private locked(until: Date): DomainError {
    return new DomainError('ACCOUNT_LOCKED', `连续登录失败次数过多，账户已锁定，请${this.policy.lockoutMinutes}分钟后再试`, { until: until.toISOString() });
  }

  private sealTotp(state: TotpState): string {
    return this.crypto.encrypt(JSON.stringify(state));
  }

  private readTotp(u: UserRow): TotpState | null {
    if (!u.totpSecretEnc) return null;
    const state = JSON.parse(this.crypto.decrypt(u.totpSecretEnc)) as TotpState;
    // Bound to its user: a ciphertext copied to another account's row is refused.
    if (state.uid !== u.id) throw new DomainError('CIPHERTEXT_TAMPERED', '加密数据校验失败');
    return state;
  }

  private async activeUser(userId: string): Promise<UserRow> {
    const u = (await this.db.select().from(s.users).where(eq(s.users.id, userId)))[0];
    if (!u || !u.active) throw new DomainError('AUTH_REQUIRED', '请先登录');
    return u;
  }
}


/** A malformed stored hash counts as a mismatch, not a server error. */
async function verifyQuietly(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
