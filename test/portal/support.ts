/**
 * The real server for the portal API tests: like testServer (test/support/db.ts) but with portal
 * options (rate limits, a recording SMS sender, small size limits), and helpers for the public side.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import * as s from '../../src/store/schema.js';
import { compose } from '../../src/compose.js';
import { buildServer } from '../../src/http/server.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { DEMO_PASSWORD } from '../../src/demo/organ-tree.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import type { PortalOptions } from '../../src/app/portal-service.js';
import type { SmsAdapter } from '../../src/notify/sms/adapter.js';
import type { VerificationMessage, VerificationSender } from '../../src/app/portal-session.js';
import { type FakeClock, testDatabase } from '../support/db.js';

export class RecordingSender implements VerificationSender {
  readonly sent: VerificationMessage[] = [];
  async send(m: VerificationMessage): Promise<void> {
    this.sent.push(m);
  }
}

/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export function multipart(file: Buffer, filename: string, field = 'file', type = 'application/pdf') {
  const boundary = `----minsheng${randomUUID().replace(/-/g, '')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, file, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * The petitioner's browser: its upload cookie (ms_upload) names the uploader, and a petition or an
 * appeal may attach only that browser's uploads. Tests upload and submit with it, as the portal does.
 */
export const BROWSER = { cookie: `ms_upload=${'b'.repeat(43)}` };

/** A valid online petition body; override any field. */
export const publicPetition = (over: Record<string, unknown> = {}) => ({
  petitioner: { kind: 'person', name: '钟德福', idNumber: '360731197805120015', phone: '13907971234', address: '于都县贡江镇长征村' },
  title: '某建筑公司拖欠农民工工资',
  requests: ['责令公司支付拖欠的三个月工资共计2.4万元', '依法处理公司负责人'],
  facts: '2025年5月至7月在县城某小区工地务工，公司以资金紧张为由拒付工资。',
  reasons: '多次讨要未果。',
  regionCode: '360731100', organConcernedId: 'county-rsj', attachments: [],
  ...over,
});

/** `sms`: the verification codes go through this gateway as in `npm start` (compose's `sms`), not the recording sender. */
export async function portalServer(clock: FakeClock, portal: PortalOptions = {}, opts: { sms?: SmsAdapter } = {}) {
  const database = await testDatabase();
  await seedReference(database.db);
  const sender = new RecordingSender();
  /** Session expiry runs on real time; a test moves it forward with offsetMs. */
  const sessionClock = { offsetMs: 0, now: () => new Date(Date.now() + sessionClock.offsetMs) };
  const services = compose(database, {
    clock, crypto: new FieldCrypto(TEST_KEYRING), sms: opts.sms,
    portal: {
      ...(opts.sms ? {} : { sender }), sessionClock, demoCodes: true, minChallengeMs: 0,
      rateLimits: { reads: 10_000, writes: 10_000, follow: 10_000 }, ...portal,
    },
  });
  const { app } = await buildServer(database, { services });
  await app.ready();
  const tokens = new Map<string, string>();
  async function as(username: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    let token = tokens.get(username);
    if (!token) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
      token = r.json<{ token: string }>().token;
      tokens.set(username, token);
    }
    return app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${token}`, ...headers } });
  }
  /** Submit online; returns the receipt. */
  async function submit(over: Record<string, unknown> = {}, key = `k-${randomUUID()}`) {
    const r = await app.inject({ method: 'POST', url: '/api/public/petitions', payload: publicPetition(over), headers: { 'idempotency-key': key, ...BROWSER } });
    if (r.statusCode !== 201) throw new Error(`submit: ${r.statusCode} ${r.body}`);
    return r.json<{ caseNumber: string; queryCode: string; receivedOn: string; office: string }>();
  }
  /** Follow: challenge + verify with the demo code; returns the portal cookie header. */
  async function follow(queryCode: string, phone = '13907971234'): Promise<Record<string, string>> {
    const ch = (await app.inject({ method: 'POST', url: '/api/public/follow/challenge', payload: { queryCode, phone } })).json<{ challengeId: string; demoCode: string }>();
    const v = await app.inject({ method: 'POST', url: '/api/public/follow/verify', payload: { challengeId: ch.challengeId, code: ch.demoCode } });
    if (v.statusCode !== 200) throw new Error(`verify: ${v.statusCode} ${v.body}`);
    const cookie = v.cookies.find((c) => c.name === 'ms_portal')!;
    return { cookie: `ms_portal=${cookie.value}` };
  }
  async function caseId(number: string): Promise<string> {
    const rows = await database.db.select({ id: s.cases.id }).from(s.cases).where(eq(s.cases.number, number));
    return rows[0]!.id;
  }
  return {
    app, services, database, sender, sessionClock, as, submit, follow, caseId,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
