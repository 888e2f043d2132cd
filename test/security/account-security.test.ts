/**
 * Issue 10 (outside security test), the auth part, through the real server:
 *  5. 三员分立 could be bypassed: an administrator given a business role (the auditor made a
 *     discipline officer), the system administrator resetting an administrator's password and
 *     logging in as them. A reset now issues a one-time password the next log-in must change.
 *  6. Security events were not audited.
 *  Low: an unknown username told apart by the lockout answer; personal data without no-store.
 *  Production: administrators and leaders log in with TOTP when `auth.requireSecondFactor` is on.
 *  No residue: dead sessions deleted, a disabled user's sessions and TOTP secret gone.
 * Only the HTTP API and the tables are used, so each test fails on the code before the fix.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/compose.js';
import { compose } from '../../src/compose.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { DEMO_PASSWORD } from '../../src/demo/organ-tree.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { buildServer } from '../../src/http/server.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import { generateTotp } from '../../src/security/totp.js';
import type { Database } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { samplePetition } from '../support/petitions.js';
import { FakeClock, testDatabase } from '../support/db.js';

const clock = new FakeClock('2026-03-02');
const sessionClock = new FakeClock('2026-03-02');
const minutes = (n: number) => sessionClock.advance(n / 1440);

let database: Database;
/** The demo/test composition (no second factor required) … */
let app: FastifyInstance;
let services: Services;
/** … and the production one (`auth: { requireSecondFactor: true }`) on the same database. */
let prod: FastifyInstance;
/** Every answer, to check that no password, code or secret ever comes back where it should not. */
const bodies: string[] = [];

beforeAll(async () => {
  database = await testDatabase();
  await seedReference(database.db);
  const crypto = new FieldCrypto(TEST_KEYRING);
  services = compose(database, { clock, sessionClock, crypto });
  app = (await buildServer(database, { services })).app;
  prod = (await buildServer(database, { services: compose(database, { clock, sessionClock, crypto, auth: { requireSecondFactor: true } }) })).app;
  await app.ready();
  await prod.ready();
});
afterAll(async () => {
  await app.close();
  await prod.close();
  await database.close();
});

async function call(opts: InjectOptions, on = app) {
  const r = await on.inject(opts);
  bodies.push(r.body);
  return r;
}
const login = (username: string, password = DEMO_PASSWORD, totp?: string, on = app) =>
  call({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...(totp ? { totp } : {}) } }, on);
async function token(username: string, password = DEMO_PASSWORD, on = app): Promise<string> {
  const r = await login(username, password, undefined, on);
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ token: string }>().token;
}
const as = (t: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, on = app) =>
  call({ method, url, headers: { authorization: `Bearer ${t}` }, ...(payload === undefined ? {} : { payload: payload as never }) }, on);
const rolesOf = async (id: string) => (await database.db.select({ roles: s.users.roles }).from(s.users).where(eq(s.users.id, id)))[0]?.roles;
const auditRows = async (action: string, targetId?: string | null) => database.db.select().from(s.auditLog)
  .where(and(eq(s.auditLog.action, action), targetId === undefined ? undefined : targetId === null ? sql`${s.auditLog.targetId} is null` : eq(s.auditLog.targetId, targetId)));

describe('finding 5: 三员分立', () => {
  it('the security administrator cannot give the auditor a business role (discipline_officer), nor any administrator', async () => {
    const sec = await token('secadmin');
    // Hand-written table: role sets refused for an account, and the stable code.
    const refused: string[][] = [
      ['audit_admin', 'discipline_officer'],
      ['audit_admin', 'viewer'],
      ['system_admin', 'handler'],
      ['security_admin', 'leader'],
      ['system_admin', 'audit_admin'],
    ];
    for (const roles of refused) {
      const r = await as(sec, 'PUT', '/api/admin/users/u-auditor/roles', { roles });
      expect(r.statusCode, JSON.stringify(roles)).toBe(422);
      expect(r.json()).toMatchObject({ code: 'SEPARATION_OF_DUTIES' });
      expect(r.json<{ message: string }>().message).toMatch(/三员分立/);
    }
    expect(await rolesOf('u-auditor')).toEqual(['audit_admin']);
    // The refusal is itself audited.
    expect((await auditRows('user.roles', 'u-auditor')).filter((e) => e.outcome === 'denied')).toHaveLength(refused.length);
    // Business roles together remain fine; an administrator alone too.
    expect((await as(sec, 'PUT', '/api/admin/users/u-xfj_viewer/roles', { roles: ['viewer', 'discipline_officer'] })).statusCode).toBe(200);
    expect((await as(sec, 'PUT', '/api/admin/users/u-xfj_viewer/roles', { roles: ['viewer'] })).statusCode).toBe(200);
  });

  it('the system administrator cannot reset an administrator’s password; the auditor keeps theirs', async () => {
    const admin = await token('admin');
    for (const id of ['u-auditor', 'u-secadmin']) {
      const r = await as(admin, 'PUT', `/api/admin/users/${id}/password`, { password: 'Taken-Over-2026!' });
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ code: 'PASSWORD_RESET_NOT_ALLOWED' });
    }
    expect((await login('auditor', 'Taken-Over-2026!')).statusCode).toBe(401);
    expect((await login('auditor')).statusCode).toBe(200);
    expect((await auditRows('user.password_reset', 'u-auditor')).map((e) => e.outcome)).toEqual(['denied']);
  });

  it('a reset issues a one-time password: the next log-in can only change it, the user is told, it is audited', async () => {
    const admin = await token('admin');
    const live = await token('jw_handler'); // a discipline officer, logged in before the reset
    const r = await as(admin, 'PUT', '/api/admin/users/u-jw_handler/password', {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const oneTime = r.json<{ oneTimePassword: string }>().oneTimePassword;
    expect(oneTime).toMatch(/^.{16}$/);
    expect((await as(live, 'GET', '/api/auth/me')).statusCode).toBe(401); // every session ended
    expect((await login('jw_handler')).statusCode).toBe(401); // the old password is gone

    const first = await login('jw_handler', oneTime);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ restriction: 'password_change', passwordResetAt: sessionClock.now().toISOString() });
    const t = first.json<{ token: string }>().token;
    // Nothing but the account's own security until the password is changed.
    const cases = await as(t, 'GET', '/api/cases');
    expect(cases.statusCode).toBe(403);
    expect(cases.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', message: '密码已由管理员重置，请先修改密码' });
    expect((await as(t, 'GET', '/api/auth/me')).json()).toMatchObject({ restriction: 'password_change' });
    // Told: the reset is in their own security history, marked as done by someone else.
    const history = await as(t, 'GET', '/api/auth/me/security-events');
    expect(history.statusCode).toBe(200);
    expect(history.json<{ action: string; byOther: boolean }[]>().find((e) => e.action === 'user.password_reset')).toMatchObject({ byOther: true });

    const changed = await as(t, 'POST', '/api/auth/password', { oldPassword: oneTime, newPassword: 'Qing-Lian-2026#' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await as(t, 'GET', '/api/cases')).statusCode).toBe(200);
    expect((await as(t, 'GET', '/api/auth/me')).json()).toMatchObject({ restriction: null, passwordResetAt: null });
    expect((await login('jw_handler', oneTime)).statusCode).toBe(401); // one time only

    const [reset] = await auditRows('user.password_reset', 'u-jw_handler');
    expect(reset).toMatchObject({ actorId: 'u-admin', outcome: 'ok' });
    expect(JSON.stringify(reset?.detail)).not.toContain(oneTime);
  });

  it('the security administrator resets an administrator’s password (one-time too); nobody their own', async () => {
    const sec = await token('secadmin');
    const r = await as(sec, 'PUT', '/api/admin/users/u-auditor/password', {});
    expect(r.statusCode, r.body).toBe(200);
    const oneTime = r.json<{ oneTimePassword: string }>().oneTimePassword;
    const t = (await login('auditor', oneTime)).json<{ token: string; restriction: string }>();
    expect(t.restriction).toBe('password_change');
    expect((await as(t.token, 'GET', '/api/audit')).json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    expect((await as(t.token, 'POST', '/api/auth/password', { oldPassword: oneTime, newPassword: 'Shen-Ji-2026!x' })).statusCode).toBe(200);
    expect((await as(t.token, 'GET', '/api/audit')).statusCode).toBe(200);
    expect((await as(sec, 'PUT', '/api/admin/users/u-secadmin/password', {})).json()).toMatchObject({ code: 'SELF_GRANT' });
    // A business account's password is the system administrator's to reset.
    expect((await as(sec, 'PUT', '/api/admin/users/u-xfj_clerk/password', {})).json()).toMatchObject({ code: 'PASSWORD_RESET_NOT_ALLOWED' });
  });
});

describe('unknown and existing usernames cannot be told apart', () => {
  it('the same status, code, message and details at every step, locked after the same number of failures', async () => {
    const answers = async (username: string) => {
      const out: { status: number; body: unknown }[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await login(username, 'Wrong-password-1');
        out.push({ status: r.statusCode, body: r.json() });
      }
      return out;
    };
    const existing = await answers('xfj_officer');
    const unknown = await answers('no_such_officer');
    // Hand-written: four 401s, then 423 from the fifth on, for both.
    expect(existing.map((a) => a.status)).toEqual([401, 401, 401, 401, 423, 423, 423]);
    expect(unknown).toEqual(existing);
    // The locked real account refuses even its right password, as the unknown name does any.
    expect((await login('xfj_officer')).json()).toEqual((await login('no_such_officer', DEMO_PASSWORD)).json());
    minutes(16);
    expect((await login('xfj_officer')).statusCode).toBe(200);
  });

  it('comparable timing (medians of 4 failures each, interleaved, within a factor of 2)', async () => {
    const times: Record<string, number[]> = { rsj_handler: [], nobody_here: [] };
    // 4 failures each (the fifth would lock, adding a write to both), alternating to share the machine's noise.
    for (let i = 0; i < 4; i++) {
      for (const name of Object.keys(times)) {
        const t0 = performance.now();
        await login(name, 'Wrong-password-2');
        times[name]?.push(performance.now() - t0);
      }
    }
    const median = (xs: number[] = []) => {
      const v = [...xs].sort((a, b) => a - b);
      return ((v[1] ?? 0) + (v[2] ?? 0)) / 2;
    };
    const known = median(times.rsj_handler);
    const unknown = median(times.nobody_here);
    console.info(`log-in failure median: existing ${known.toFixed(1)} ms, unknown ${unknown.toFixed(1)} ms`);
    expect(unknown / known).toBeGreaterThan(0.5);
    expect(unknown / known).toBeLessThan(2);
    await token('rsj_handler'); // clears its count
  });
});

describe('finding 6: security events in the audit chain', () => {
  it('each event appears with its action name, and no password, code or secret in any detail', async () => {
    // log-in failure on an unknown name: no user reference, the name itself not recorded
    await login('ghost_user', 'Wrong-password-1');
    const ghost = (await auditRows('auth.login', null)).filter((e) => e.outcome === 'denied');
    expect(ghost.length).toBeGreaterThan(0);
    expect(ghost.every((e) => e.actorId === null)).toBe(true);
    expect(JSON.stringify(ghost)).not.toContain('ghost_user');

    // lockout and unlock
    for (let i = 0; i < 5; i++) await login('zrj_handler', 'Wrong-password-1');
    const sec = await token('secadmin');
    expect((await as(sec, 'POST', '/api/auth/users/u-zrj_handler/unlock')).statusCode).toBe(200);
    // log-in success, TOTP set-up, enabling, removal; password change; log-out; revocation by an administrator
    const t = await token('zrj_handler');
    const setup = await as(t, 'POST', '/api/auth/totp/setup');
    const secret = setup.json<{ secret: string }>().secret;
    const code = generateTotp(secret, sessionClock.now());
    expect((await as(t, 'POST', '/api/auth/totp/enable', { code })).statusCode).toBe(200);
    minutes(1);
    const code2 = generateTotp(secret, sessionClock.now());
    expect((await as(t, 'POST', '/api/auth/totp/disable', { password: DEMO_PASSWORD, code: code2 })).statusCode).toBe(200);
    expect((await as(t, 'POST', '/api/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: 'Zhu-Ren-2026!x' })).statusCode).toBe(200);
    expect((await as(t, 'POST', '/api/auth/logout')).statusCode).toBe(200);
    await token('zrj_handler', 'Zhu-Ren-2026!x');
    expect((await as(sec, 'POST', '/api/auth/users/u-zrj_handler/revoke-sessions')).json()).toEqual({ ok: true, revokedSessions: 1 });
    // a role grant
    expect((await as(sec, 'PUT', '/api/admin/users/u-zrj_handler/roles', { roles: ['handler'], dataScope: 'organ' })).statusCode).toBe(200);

    // Hand-written: action → [actor, outcome] expected for u-zrj_handler (null actor: nobody was logged in).
    const expected: [string, string | null, string][] = [
      ['auth.login', null, 'denied'],
      ['auth.lockout', null, 'denied'],
      ['auth.unlock', 'u-secadmin', 'ok'],
      ['auth.login', 'u-zrj_handler', 'ok'],
      ['auth.totp_setup', 'u-zrj_handler', 'ok'],
      ['auth.totp_enable', 'u-zrj_handler', 'ok'],
      ['auth.totp_disable', 'u-zrj_handler', 'ok'],
      ['auth.password_change', 'u-zrj_handler', 'ok'],
      ['auth.logout', 'u-zrj_handler', 'ok'],
      ['auth.sessions_revoke', 'u-secadmin', 'ok'],
      ['user.roles', 'u-secadmin', 'ok'],
    ];
    const trail = await database.db.select().from(s.auditLog).where(eq(s.auditLog.targetId, 'u-zrj_handler'));
    for (const [action, actor, outcome] of expected) {
      expect(trail.some((e) => e.action === action && e.actorId === actor && e.outcome === outcome), `${action} ${actor ?? '-'} ${outcome}`).toBe(true);
    }
    expect(trail.filter((e) => e.action === 'auth.login' && e.outcome === 'denied')).toHaveLength(5);
    const all = JSON.stringify(await database.db.select({ d: s.auditLog.detail }).from(s.auditLog));
    for (const plain of [DEMO_PASSWORD, 'Zhu-Ren-2026!x', 'Wrong-password-1', secret, code, code2]) expect(all).not.toContain(plain);
    expect((await services.audit.verify(database.db)).ok).toBe(true);
  });
});

describe('Cache-Control: no-store', () => {
  it('on unmasked personal data, the portal’s follow pages, exports and every authenticated answer', async () => {
    const clerk = await token('xfj_clerk');
    const reg = await as(clerk, 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-03-02' }) });
    expect(reg.statusCode, reg.body).toBe(201);
    const { case: c, queryCode } = reg.json<{ case: { id: string }; queryCode: string }>();
    const urls = [`/api/cases/${c.id}/personal-data?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD`, `/api/cases/${c.id}`, '/api/cases', '/api/auth/me', '/api/organs', '/api/cases/ledger/export'];
    for (const url of urls) {
      const r = await as(clerk, 'GET', url);
      expect(r.statusCode, `${url} ${r.body.slice(0, 200)}`).toBe(200);
      expect(r.headers['cache-control'], url).toMatch(/no-store/);
    }
    const challenge = await call({ method: 'POST', url: '/api/public/follow/challenge', payload: { queryCode, phone: '13907971234' } });
    expect(challenge.headers['cache-control']).toMatch(/no-store/);
  });
});

describe('no residue of logged-out, expired or disabled sessions', () => {
  const sessionsOf = async (userId: string) => database.db.select().from(s.sessions).where(eq(s.sessions.userId, userId));

  it('an expired session is deleted when it is next presented, and the others at the next log-in', async () => {
    const a = await token('gj_clerk');
    await token('gj_officer');
    minutes(31); // idle limit
    expect((await as(a, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect(await sessionsOf('u-gj_clerk')).toEqual([]);
    await token('xfj_clerk');
    expect(await sessionsOf('u-gj_officer')).toEqual([]);
  });

  it('disabling a user deletes their sessions and their TOTP secret', async () => {
    const t = await token('zfw_handler');
    const secret = (await as(t, 'POST', '/api/auth/totp/setup')).json<{ secret: string }>().secret;
    expect((await as(t, 'POST', '/api/auth/totp/enable', { code: generateTotp(secret, sessionClock.now()) })).statusCode).toBe(200);
    const admin = await token('admin');
    expect((await as(admin, 'PUT', '/api/admin/users/u-zfw_handler/active', { active: false })).statusCode).toBe(200);
    expect(await sessionsOf('u-zfw_handler')).toEqual([]);
    const row = (await database.db.select().from(s.users).where(eq(s.users.id, 'u-zfw_handler')))[0];
    expect(row?.totpSecretEnc).toBeNull();
    expect(await database.db.select().from(s.sessions).where(sql`${s.sessions.revokedAt} is not null`)).toEqual([]);
  });

  it('no answer carried a password or the one-time password after its reset answer', () => {
    for (const b of bodies) {
      expect(b).not.toContain(DEMO_PASSWORD);
      expect(b).not.toMatch(/\$argon2/);
    }
  });
});

describe('second factor required (production option)', () => {
  let secret = '';
  it('off by default: an administrator logs in with the password alone', async () => {
    expect((await login('admin')).json()).toMatchObject({ restriction: null });
  });

  it('on: an administrator without TOTP gets a session that can only enrol it', async () => {
    const r = await login('admin', DEMO_PASSWORD, undefined, prod);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ restriction: 'totp_enrolment' });
    const t = r.json<{ token: string }>().token;
    const users = await as(t, 'GET', '/api/admin/users', undefined, prod);
    expect(users.statusCode).toBe(403);
    expect(users.json()).toMatchObject({ code: 'SECOND_FACTOR_ENROLMENT_REQUIRED' });
    secret = (await as(t, 'POST', '/api/auth/totp/setup', undefined, prod)).json<{ secret: string }>().secret;
    expect((await as(t, 'POST', '/api/auth/totp/enable', { code: generateTotp(secret, sessionClock.now()) }, prod)).statusCode).toBe(200);
    expect((await as(t, 'GET', '/api/admin/users', undefined, prod)).statusCode).toBe(200);
  });

  it('on: with TOTP enrolled the code is required at log-in, and it cannot be turned off', async () => {
    minutes(1);
    expect((await login('admin', DEMO_PASSWORD, undefined, prod)).json()).toMatchObject({ code: 'TOTP_REQUIRED' });
    const ok = await login('admin', DEMO_PASSWORD, generateTotp(secret, sessionClock.now()), prod);
    expect(ok.json()).toMatchObject({ restriction: null });
    minutes(1);
    const off = await as(ok.json<{ token: string }>().token, 'POST', '/api/auth/totp/disable', { password: DEMO_PASSWORD, code: generateTotp(secret, sessionClock.now()) }, prod);
    expect(off.statusCode).toBe(409);
    expect(off.json()).toMatchObject({ code: 'SECOND_FACTOR_REQUIRED' });
  });

  it('on: leaders too; other roles are not asked', async () => {
    expect((await login('rsj_leader', DEMO_PASSWORD, undefined, prod)).json()).toMatchObject({ restriction: 'totp_enrolment' });
    expect((await login('rsj_handler', DEMO_PASSWORD, undefined, prod)).json()).toMatchObject({ restriction: null });
  });
});
