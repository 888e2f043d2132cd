/** Log-in, log-out and the current user. */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { SESSION_HOURS } from '../../app/auth-service.js';
import { SESSION_COOKIE, staff } from '../request-user.js';
import { ErrorT } from '../schemas.js';
import type { Services } from '../server.js';

export async function registerAuthRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: '工作人员登录', body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }), response: { 401: ErrorT } },
  }, async (req, reply) => {
    const { username, password } = req.body as { username: string; password: string };
    const r = await services.auth.login(username, password);
    reply.setCookie(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'strict', secure: req.protocol === 'https', maxAge: SESSION_HOURS * 3600 });
    return { token: r.token, expiresAt: r.expiresAt.toISOString(), user: r.user };
  });
  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: '退出登录' } }, async (req, reply) => {
    if (req.sessionToken) await services.auth.logout(req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  app.get('/api/auth/me', { schema: { tags: ['auth'], summary: '当前用户', response: { 401: ErrorT } } }, async (req) => {
    const u = staff(req);
    const snap = await services.ref.get();
    return { user: u, organ: snap.organs.get(u.organId) };
  });

}
