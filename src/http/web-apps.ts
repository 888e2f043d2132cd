/**
 * Serves the built web apps (web/dist, made by `npm run build:web`): the portal at /, the
 * workbench at /staff/. Client-side routes fall back to their app's index.html; hashed assets are
 * cached for a year, HTML never. Everything goes out compressed when the client accepts it: assets
 * from the .br / .gz files the build writes beside them (scripts/compress-assets.mjs), the two
 * pages compressed once in memory — a village phone on a slow network gets a quarter of the bytes.
 *
 * The routes are the same whether or not the apps were built — the permission matrix classifies
 * every route, and a route set that depended on the build made it fail on a fresh checkout. Without
 * a build each page answers 503 with a page saying how to make one, and /assets/* answers 404.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  // The apps load only their own scripts; antd injects <style> elements, hence 'unsafe-inline' for styles.
  'content-security-policy': 'default-src \'self\'; script-src \'self\'; style-src \'self\' \'unsafe-inline\'; img-src \'self\' data: blob:; connect-src \'self\'; frame-ancestors \'none\'; base-uri \'self\'; form-action \'self\'',
};

export const NOT_BUILT_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>民声</title></head><body><h1>民声</h1><p>前端尚未构建，请运行 <code>npm run build:web</code>（<code>npm start</code> 会自动构建）。接口说明见 <a href="/api/openapi.json">/api/openapi.json</a>。</p></body></html>`;

/** Whether `dist` holds both apps' pages. */
export function webAppsBuilt(dist = WEB_DIST): boolean {
  return existsSync(join(dist, 'index.html')) && existsSync(join(dist, 'staff', 'index.html'));
}

/** A page and its compressed forms, made once. */
interface Page { raw: Buffer; br: Buffer; gzip: Buffer }
const page = (raw: Buffer): Page => ({ raw, br: brotliCompressSync(raw), gzip: gzipSync(raw, { level: 9 }) });

/** Whether the request's Accept-Encoding allows `coding` (present, and not with q=0). */
export function accepts(acceptEncoding: string | undefined, coding: 'br' | 'gzip'): boolean {
  return (acceptEncoding ?? '').split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
    return name?.trim() === coding && !(q && Number(q.slice(2)) === 0);
  });
}

export async function registerWebApps(app: FastifyInstance, dist = WEB_DIST): Promise<void> {
  const built = webAppsBuilt(dist);
  const portalHtml = built ? page(readFileSync(join(dist, 'index.html'))) : null;
  const staffHtml = built ? page(readFileSync(join(dist, 'staff', 'index.html'))) : null;
  const sendHtml = (req: FastifyRequest, reply: FastifyReply, html: Page | null) => {
    if (!html) return reply.status(503).headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' }).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    reply.headers({ ...SECURITY_HEADERS, 'cache-control': 'no-cache', 'vary': 'accept-encoding' }).type('text/html; charset=utf-8');
    const coding = (['br', 'gzip'] as const).find((c) => accepts(req.headers['accept-encoding'], c));
    return coding ? reply.header('content-encoding', coding).send(html[coding]) : reply.send(html.raw);
  };

  if (built) {
    await app.register(fastifyStatic, {
      root: join(dist, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      preCompressed: true,
      // Through send's own options: a cache-control set in setHeaders is overwritten by send's
      // default (public, max-age=0) — the assets went uncached that way.
      cacheControl: true,
      maxAge: 31_536_000_000,
      immutable: true,
      setHeaders: (res) => {
        res.setHeader('x-content-type-options', 'nosniff');
        // Every answer, compressed or not, depends on Accept-Encoding: caches must keep them apart.
        res.setHeader('vary', 'accept-encoding');
      },
    });
  } else {
    // The route @fastify/static registers, answering as it does for a file that is not there.
    app.route({ method: ['HEAD', 'GET'], url: '/assets/*', schema: { hide: true }, handler: (_req, reply) => reply.callNotFound() });
  }
  app.get('/', { schema: { hide: true } }, async (req, reply) => sendHtml(req, reply, portalHtml));
  app.get('/staff', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/staff/'));
  app.get('/staff/', { schema: { hide: true } }, async (req, reply) => sendHtml(req, reply, staffHtml));
  // Client-side routes (e.g. /staff/cases/123, /follow): the app's page; unknown /api paths stay JSON 404s.
  app.get('/staff/*', { schema: { hide: true } }, async (req, reply) => sendHtml(req, reply, staffHtml));
  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/')) return reply.status(404).send({ code: 'NOT_FOUND', message: '请求的资源不存在' });
    return sendHtml(req, reply, portalHtml);
  });
}
