/**
 * Following a case on the portal: query code (查询码) + phone → a one-time code by SMS → a short
 * petitioner session bound to that one case. The challenge answers the same whether or not the
 * pair matches (no way to learn which query codes or phones exist); codes and session tokens are
 * stored only as keyed MACs.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { DomainError, must } from '../domain/errors.js';
import { maskPhone } from '../domain/identity/id-number.js';
import type { CaseRecord } from '../domain/model/case.js';
import type { FieldCrypto } from '../security/field-crypto.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { systemClock, type Clock } from './clock.js';
import { openContent } from './personal-data.js';
import { normaliseQueryCode, queryCodeHash } from './query-code.js';

export const CHALLENGE_TTL_MS = 10 * 60_000;
export const SESSION_TTL_MS = 30 * 60_000;
export const MAX_VERIFY_ATTEMPTS = 5;
export const PORTAL_COOKIE = 'ms_portal';

export interface VerificationMessage {
  /** The petitioner's phone as registered (in clear: only the sender may see it). */
  phone: string;
  code: string;
  caseNumber: string;
  expiresAt: Date;
}

/**
 * Where verification codes go. The notifications work plugs its SMS adapter (src/notify/sms) in
 * here — `compose(database, { sms })` or `{ portal: { sender } }` — without this module knowing about it.
 */
export interface VerificationSender {
  send(message: VerificationMessage): Promise<void>;
}

/** Demo: nothing leaves the machine; the portal shows the code on screen (demoCode). */
export class DemoVerificationSender implements VerificationSender {
  /** The last messages, for tests and the demo console (phones masked). */
  readonly sent: { phone: string; caseNumber: string; at: Date }[] = [];
  constructor(private readonly clock: Clock = systemClock) {}
  send(m: VerificationMessage): Promise<void> {
    this.sent.push({ phone: maskPhone(m.phone), caseNumber: m.caseNumber, at: this.clock.now() });
    if (this.sent.length > 100) this.sent.shift();
    return Promise.resolve();
  }
}

/** Demo codes on screen: MINSHENG_DEMO_SMS_CODES=1/0, else on when no real SMS provider is configured. */
export function demoCodesFromEnv(env: Readonly<Record<string, string | undefined>>): boolean {
  const v = env.MINSHENG_DEMO_SMS_CODES;
  if (v !== undefined && v !== '') return v === '1' || v.toLowerCase() === 'true' || v.toLowerCase() === 'on';
  return !env.MINSHENG_SMS_PROVIDER || env.MINSHENG_SMS_PROVIDER === 'file';
}

export interface PortalSessionOptions {
  sender?: VerificationSender;
  demoCodes?: boolean;
  /** Every challenge answer takes at least this long, so a match is not told apart by timing. */
  minChallengeMs?: number;
  log?: (msg: string) => void;
}

const digitsOnly = (phone: string) => phone.replace(/[\s-]/g, '');

export class PortalSessions {
  readonly sender: VerificationSender;
  readonly demoCodes: boolean;
  private readonly minChallengeMs: number;
  private readonly log: (msg: string) => void;

  constructor(private readonly db: Db, private readonly crypto: FieldCrypto, private readonly clock: Clock, opts: PortalSessionOptions = {}) {
    this.sender = opts.sender ?? new DemoVerificationSender(clock);
    this.demoCodes = opts.demoCodes ?? false; // compose() passes the configuration's (src/config/config.ts)
    this.minChallengeMs = opts.minChallengeMs ?? 300;
    this.log = opts.log ?? (() => undefined);
  }

  private codeMac(challengeId: string, code: string): string {
    return this.crypto.mac(`portal-code:${challengeId}:${code}`);
  }

  private tokenMac(token: string): string {
    return this.crypto.mac(`portal-session:${token}`);
  }

  /** The case a (query code, phone) pair opens, with that phone as the case holds it; or null. */
  private async match(queryCode: string, phone: string): Promise<{ c: CaseRecord; phoneOnCase: string } | null> {
    const rows = await this.db.select({ record: s.cases.record }).from(s.caseAccessCodes)
      .innerJoin(s.cases, eq(s.cases.id, s.caseAccessCodes.caseId))
      .where(eq(s.caseAccessCodes.codeHash, queryCodeHash(this.crypto, queryCode)));
    const rec = rows[0]?.record;
    if (!rec) return null;
    // A phone that cannot be decrypted matches nothing (counted and logged by FieldCrypto.tryDecrypt).
    const { content } = openContent(rec.content, this.crypto, rec.id);
    const want = digitsOnly(phone);
    const phoneOnCase = content.petitioners.map((p) => p.phone).find((p) => p && digitsOnly(p) === want);
    return phoneOnCase ? { c: { ...rec, content }, phoneOnCase } : null;
  }

  async challenge(queryCode: string, phone: string): Promise<{ challengeId: string; expiresAt: string; demoCode?: string }> {
    // Elapsed time for the timing defence (monotonic), not a time anything records.
    const started = performance.now();
    const id = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(this.clock.now().getTime() + CHALLENGE_TTL_MS);
    const m = normaliseQueryCode(queryCode).length === 8 ? await this.match(queryCode, phone) : null;
    // Spent challenges are kept a day (attempt counts), then go; done on both paths alike.
    await this.db.delete(s.portalChallenges).where(lt(s.portalChallenges.createdAt, new Date(this.clock.now().getTime() - 86_400_000)));
    // A row for a non-matching pair too: verify then fails exactly like a wrong code.
    await this.db.insert(s.portalChallenges).values({ id, caseId: m?.c.id ?? null, codeHash: this.codeMac(id, code), expiresAt, createdAt: this.clock.now() });
    if (m) {
      // Not awaited: a slow SMS gateway must not make a match slower to answer than a miss.
      this.sender.send({ phone: m.phoneOnCase, code, caseNumber: m.c.number, expiresAt })
        .catch((e: unknown) => this.log(`verification code not sent: ${e instanceof Error ? e.message : String(e)}`));
    }
    const wait = this.minChallengeMs - (performance.now() - started);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    return { challengeId: id, expiresAt: expiresAt.toISOString(), ...(this.demoCodes ? { demoCode: code } : {}) };
  }

  /** Check a code; on success a session token (to set as cookie) bound to the case. */
  async verify(challengeId: string, code: string): Promise<{ token: string; caseId: string; caseNumber: string; expiresAt: Date }> {
    const now = this.clock.now();
    const failed = (message = '验证码不正确或已失效，请重新获取') => new DomainError('VERIFICATION_FAILED', message);
    // Count the attempt first, atomically: concurrent guesses cannot exceed the limit.
    const rows = await this.db.update(s.portalChallenges).set({ attempts: sql`${s.portalChallenges.attempts} + 1` })
      .where(and(eq(s.portalChallenges.id, challengeId), isNull(s.portalChallenges.usedAt), gt(s.portalChallenges.expiresAt, now),
        lt(s.portalChallenges.attempts, MAX_VERIFY_ATTEMPTS)))
      .returning();
    const ch = rows[0];
    if (!ch) throw failed();
    if (!ch.caseId || ch.codeHash !== this.codeMac(ch.id, code.trim())) {
      const left = MAX_VERIFY_ATTEMPTS - ch.attempts;
      throw failed(left > 0 ? `验证码不正确，还可尝试${left}次` : '验证码错误次数过多，请重新获取验证码');
    }
    const used = await this.db.update(s.portalChallenges).set({ usedAt: now })
      .where(and(eq(s.portalChallenges.id, ch.id), isNull(s.portalChallenges.usedAt))).returning({ id: s.portalChallenges.id });
    if (used.length === 0) throw failed();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.db.insert(s.portalSessions).values({ tokenHash: this.tokenMac(token), caseId: ch.caseId, createdAt: now, expiresAt });
    const num = await this.db.select({ number: s.cases.number }).from(s.cases).where(eq(s.cases.id, ch.caseId));
    return { token, caseId: ch.caseId, caseNumber: must(num[0], `the case ${ch.caseId} of a portal challenge`).number, expiresAt };
  }

  /** The case a session token opens, or null when there is none or it is dead. */
  async resolve(token: string | undefined): Promise<string | null> {
    if (!token || token.length > 200) return null;
    const rows = await this.db.select({ caseId: s.portalSessions.caseId }).from(s.portalSessions)
      .where(and(eq(s.portalSessions.tokenHash, this.tokenMac(token)), isNull(s.portalSessions.revokedAt), gt(s.portalSessions.expiresAt, this.clock.now())));
    return rows[0]?.caseId ?? null;
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token || token.length > 200) return;
    await this.db.update(s.portalSessions).set({ revokedAt: this.clock.now() }).where(eq(s.portalSessions.tokenHash, this.tokenMac(token)));
  }
}
