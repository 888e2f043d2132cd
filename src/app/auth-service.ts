/** Staff log-in with a password and a server-side session (token stored only as a hash). */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { DomainError } from '../domain/errors.js';
import type { StaffUser } from '../domain/model/user.js';
import { toStaffUser } from './reference-data.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';

export const SESSION_HOURS = 8;
const tokenHash = (t: string) => createHash('sha256').update(t).digest('hex');

export const hashPassword = (password: string) => hash(password);

// A fixed hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummyHash: Promise<string> | null = null;

export class AuthService {
  constructor(private readonly db: Db) {}

  async login(username: string, password: string): Promise<{ token: string; user: StaffUser; expiresAt: Date }> {
    const rows = await this.db.select().from(s.users).where(eq(s.users.username, username));
    const u = rows[0];
    dummyHash ??= hash('not-a-password');
    const ok = u && u.active ? await verify(u.passwordHash, password) : (await verify(await dummyHash, password), false);
    if (!u || !ok) throw new DomainError('LOGIN_FAILED', '用户名或密码错误');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3_600_000);
    await this.db.insert(s.sessions).values({ tokenHash: tokenHash(token), userId: u.id, expiresAt });
    return { token, user: toStaffUser(u), expiresAt };
  }

  async userForToken(token: string): Promise<StaffUser | null> {
    const rows = await this.db.select({ u: s.users }).from(s.sessions).innerJoin(s.users, eq(s.users.id, s.sessions.userId))
      .where(and(eq(s.sessions.tokenHash, tokenHash(token)), isNull(s.sessions.revokedAt), gt(s.sessions.expiresAt, new Date()), eq(s.users.active, true)));
    return rows[0] ? toStaffUser(rows[0].u) : null;
  }

  async logout(token: string): Promise<void> {
    await this.db.update(s.sessions).set({ revokedAt: new Date() }).where(eq(s.sessions.tokenHash, tokenHash(token)));
  }
}


