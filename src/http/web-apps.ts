/**
 * Serves the built web apps (web/dist, made by `npm run build:web`): the portal at /, the
 * workbench at /staff/. Client-side routes fall back to their app's index.html; hashed assets are
 * cached for a year, HTML never. Without a build, a plain page says how to make one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  // The apps load only their own scripts; antd injects <style> elements, hence 'unsafe-inline' for styles.
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
};

export async function registerWebApps(app: FastifyInstance, dist = WEB_DIST): Promise<void> {
  const built = existsSync(join(dist, 'index.html')) && existsSync(join(dist, 'staff', 'index.html'));
  if (!built) {
    const notice = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>民声</title></head><body><h1>民声</h1><p>网页尚未构建：请运行 <code>npm run build:web</code>（<code>npm start</code> 会自动构建）。接口说明见 <a href="/api/openapi.json">/api/openapi.json</a>。</p></body></html>`;
    app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(notice));
    app.get('/staff/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(notice));
    return;
  }
  const portalHtml = readFileSync(join(dist, 'index.html'));
  const staffHtml = readFileSync(join(dist, 'staff', 'index.html'));
  const sendHtml = (reply: FastifyReply, html: Buffer) => reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache' }).type('text/html; charset=utf-8').send(html);

  await app.register(fastifyStatic, {
    root: join(dist, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    setHeaders: (res) => {
      res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      res.setHeader('x-content-type-options', 'nosniff');
    },
  });
  app.get('/', { schema: { hide: true } }, async (_req, reply) => sendHtml(reply, portalHtml));
  app.get('/staff', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/staff/'));
  app.get('/staff/', { schema: { hide: true } }, async (_req, reply) => sendHtml(reply, staffHtml));
  // Client-side routes (e.g. /staff/cases/123, /follow): the app's page; unknown /api paths stay JSON 404s.
  app.get('/staff/*', { schema: { hide: true } }, async (_req, reply) => sendHtml(reply, staffHtml));
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/')) return reply.status(404).send({ code: 'NOT_FOUND', message: '请求的资源不存在' });
    return sendHtml(reply, portalHtml);
  });
}
