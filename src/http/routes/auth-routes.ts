/**
 * Log-in, log-out, the current user, password change, the TOTP second factor, administrators'
 * session revocation — and the request authentication the session hook in server.ts calls
 * (`authenticate`), including the CSRF check for cookie-authenticated writes.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService, ResolvedSession } from '../../app/auth-service.js';
import { DomainError } from '../../domain/errors.js';
import { SESSION_COOKIE, staff } from '../request-user.js';
import { errors, type App } from '../schemas.js';
import { Type } from 'typebox';
import { IdParamsT, OkT } from '../../app/contracts/common.js';
import type { StaffUser } from '../../domain/model/user.js';
import { LoginBodyT, LoginResultT, MeT, type StaffUserView, PasswordChangeT, RevokedT, SecurityEventT, TotpDisableT, TotpEnableT, TotpSetupT, TotpStateT } from '../../app/contracts/auth.js';
import type { Services } from '../../compose.js';

export const CSRF_HEADER = 'x-csrf-token';

/** HTTP statuses of the codes raised here (to be merged into STATUS in src/http/errors.ts). */
export const AUTH_ERROR_STATUS: Record<string, number> = {
  ACCOUNT_LOCKED: 423, TOTP_REQUIRED: 401, TOTP_INVALID: 401,
  PASSWORD_CHANGE_REQUIRED: 403, SECOND_FACTOR_ENROLMENT_REQUIRED: 403, SECOND_FACTOR_REQUIRED: 409,
  CSRF_TOKEN_INVALID: 403, PASSWORD_INCORRECT: 403, TOTP_CODE_INVALID: 422, PASSWORD_WEAK: 422,
  TOTP_ALREADY_ENABLED: 409, TOTP_NOT_PENDING: 409, TOTP_NOT_ENABLED: 409,
};

// ——— request authentication (called from the onRequest hook) ———

interface RequestSession extends ResolvedSession { via: 'bearer' | 'cookie' }
const sessions = new WeakMap<FastifyRequest, RequestSession>();

/** The session a request was authenticated with (null when none or when it is dead). */
export function sessionOf(req: FastifyRequest): RequestSession | null {
  return sessions.get(req) ?? null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * What a restricted session (a one-time password to change, a second factor to enrol) may reach:
 * its own account's security, nothing else.
 */
const RESTRICTED_ALLOWED = new Set([
  'GET /api/auth/me', 'GET /api/auth/me/security-events', 'POST /api/auth/logout', 'POST /api/auth/login', 'POST /api/auth/password',
  'POST /api/auth/totp/setup', 'POST /api/auth/totp/enable',
]);
/** Routes a cookie may reach without the CSRF header: log-in uses no ambient credential. */
const CSRF_EXEMPT = new Set(['/api/auth/login']);

/**
 * Resolves `Authorization: Bearer <token>` or the `ms_session` cookie to req.staff and
 * req.sessionToken, then applies the CSRF check. One line in the hook:
 * `app.addHook('onRequest', async (req) => authenticate(req, services.auth));`
 */
export async function authenticate(req: FastifyRequest, auth: AuthService): Promise<void> {
  const header = req.headers.authorization;
  // An empty bearer token counts as none: the cookie may still carry a session.
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() || undefined : undefined;
  const token = bearer ?? req.cookies[SESSION_COOKIE];
  if (!token) return;
  req.sessionToken = token;
  const session = await auth.resolveSession(token);
  if (!session) return;
  sessions.set(req, { ...session, via: bearer ? 'bearer' : 'cookie' });
  if (session.restriction && !RESTRICTED_ALLOWED.has(`${req.method} ${req.routeOptions.url ?? ''}`)) {
    // The portal's routes only take a staff session to lift their rate limit: there it counts as none.
    if (req.url.startsWith('/api/public/') || !req.url.startsWith('/api/')) return;
    csrfCheck(req);
    throw session.restriction === 'password_change'
      ? new DomainError('PASSWORD_CHANGE_REQUIRED', '密码已由管理员重置，请先修改密码')
      : new DomainError('SECOND_FACTOR_ENROLMENT_REQUIRED', '管理员和负责人须启用动态验证码后方可使用系统');
  }
  req.staff = session.user;
  csrfCheck(req);
}

/**
 * Cache-Control: no-store on every API answer that does not say otherwise with no-store already —
 * the authenticated ones, the portal's follow pages, the personal-data route and the exports above
 * all — so no browser or proxy keeps personal data. One line in server.ts: `registerNoStore(app)`.
 */
export function registerNoStore(app: App): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/') && !String(reply.getHeader('cache-control') ?? '').includes('no-store')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}

/**
 * A write (not GET/HEAD/OPTIONS) authenticated by the session cookie must carry the session's
 * CSRF token in the x-csrf-token header. Bearer-token requests carry no ambient credential and are
 * exempt, as are unauthenticated requests (they have nothing to abuse).
 */
export function csrfCheck(req: FastifyRequest): void {
  const session = sessions.get(req);
  if (session?.via !== 'cookie' || SAFE_METHODS.has(req.method)) return;
  if (CSRF_EXEMPT.has(req.routeOptions.url ?? '')) return;
  const sent = req.headers[CSRF_HEADER];
  const a = Buffer.from(typeof sent === 'string' ? sent : '');
  const b = Buffer.from(session.csrfToken);
  if (b.length === 0 || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new DomainError('CSRF_TOKEN_INVALID', '请求校验失败，请刷新页面后重试');
  }
}

/** HttpOnly, SameSite=Strict, Path=/, Secure over HTTPS or when the configuration says so (production, MINSHENG_SECURE_COOKIES=1). */
export function sessionCookieOptions(req: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/', httpOnly: true, sameSite: 'strict' as const,
    secure: req.protocol === 'https' || req.server.secureCookies,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/** The user as the API shows them: without the keyed indexes of their own and relatives' ID numbers (conflictKeys). */
const userView = (u: StaffUser): StaffUserView => ({
  id: u.id, username: u.username, name: u.name, organId: u.organId, roles: u.roles, dataScope: u.dataScope,
});

// ——— routes ———

export function registerAuthRoutes(app: App, services: Pick<Services, 'auth' | 'ref'>): void {
  const { auth } = services;

  app.post('/api/auth/login', {
    schema: {
      tags: ['auth'], summary: '工作人员登录（连续5次失败锁定15分钟；启用动态验证码时须提供 totp）',
      body: LoginBodyT,
      response: { 200: LoginResultT, ...errors(400, 401, 423) },
    },
  }, async (req, reply) => {
    const { username, password, totp } = req.body;
    const r = await auth.login(username, password, totp);
    // A session the browser still held is ended: one log-in, one session.
    if (req.sessionToken) await auth.logout(req.sessionToken);
    reply.setCookie(SESSION_COOKIE, r.token, sessionCookieOptions(req, auth.policy.sessionHours * 3600));
    noStore(reply);
    return {
      token: r.token, csrfToken: r.csrfToken, expiresAt: r.expiresAt.toISOString(), user: userView(r.user),
      restriction: r.restriction, passwordResetAt: r.passwordResetAt?.toISOString() ?? null,
    };
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出登录（会话立即失效）', response: { 200: OkT, ...errors(403) } } }, async (req, reply) => {
    if (req.sessionToken) await auth.logout(req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    return { ok: true } as const;
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户（含本会话的 CSRF 令牌）', response: { 200: MeT, ...errors(401) } } }, async (req, reply) => {
    const u = staff(req);
    const session = sessionOf(req);
    const snap = await services.ref.get();
    noStore(reply);
    return {
      user: userView(u), organ: snap.organs.get(u.organId),
      csrfToken: session?.csrfToken, sessionExpiresAt: session?.expiresAt.toISOString(), idleExpiresAt: session?.idleExpiresAt.toISOString(),
      totpEnabled: await auth.totpEnabled(u.id),
      restriction: session?.restriction ?? null, passwordResetAt: session?.passwordResetAt?.toISOString() ?? null,
    };
  });

  app.get('/api/auth/me/security-events', {
    schema: { tags: ['auth'], summary: '本人账户安全记录（登录、锁定、密码修改与重置、动态验证码等，最近50条）', response: { 200: Type.Array(SecurityEventT), ...errors(401) } },
  }, async (req) => auth.securityHistory(staff(req).id));

  app.post('/api/auth/password', {
    schema: {
      tags: ['auth'], summary: '修改密码（至少10位、含三类字符、不含用户名；其他会话全部失效）',
      body: PasswordChangeT,
      response: { 200: RevokedT, ...errors(400, 401, 403, 422) },
    },
  }, async (req) => {
    const u = staff(req);
    const r = await auth.changePassword(u.id, req.body.oldPassword, req.body.newPassword, req.sessionToken ?? undefined);
    return { ok: true, revokedSessions: r.revokedSessions } as const;
  });

  app.post('/api/auth/totp/setup', {
    schema: { tags: ['auth'], summary: '生成动态验证码密钥（启用前须以 enable 校验）', response: { 200: TotpSetupT, ...errors(401, 403, 409) } },
  }, async (req, reply) => {
    const u = staff(req);
    noStore(reply);
    return auth.setupTotp(u.id);
  });
  app.post('/api/auth/totp/enable', {
    schema: { tags: ['auth'], summary: '启用动态验证码', body: TotpEnableT, response: { 200: TotpStateT, ...errors(400, 401, 403, 409, 422) } },
  }, async (req) => {
    await auth.enableTotp(staff(req).id, req.body.code);
    return { ok: true, totpEnabled: true } as const;
  });
  app.post('/api/auth/totp/disable', {
    schema: {
      tags: ['auth'], summary: '停用动态验证码（须密码与动态验证码）',
      body: TotpDisableT, response: { 200: TotpStateT, ...errors(400, 401, 403, 409, 422) },
    },
  }, async (req) => {
    await auth.disableTotp(staff(req).id, req.body.password, req.body.code);
    return { ok: true, totpEnabled: false } as const;
  });

  app.post('/api/auth/users/:id/revoke-sessions', {
    schema: { tags: ['auth'], summary: '强制下线：结束某用户的全部会话（系统管理员、安全管理员）', params: IdParamsT, response: { 200: RevokedT, ...errors(400, 401, 403, 404) } },
  }, async (req) => ({ ok: true, revokedSessions: await auth.revokeSessionsOf(staff(req), req.params.id) } as const));
  app.post('/api/auth/users/:id/unlock', {
    schema: { tags: ['auth'], summary: '解除登录锁定（系统管理员、安全管理员）', params: IdParamsT, response: { 200: OkT, ...errors(400, 401, 403, 404) } },
  }, async (req) => {
    await auth.unlockBy(staff(req), req.params.id);
    return { ok: true } as const;
  });
}
