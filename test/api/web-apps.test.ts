/**
 * Issue 11 item 8: the server's routes are the same whether or not the web apps were built, so the
 * permission matrix (which classifies every route) passes on a fresh checkout without web/dist.
 * One set of composed services, three servers over it: a (minimal) build, an empty directory, and
 * the repository's web/dist as it happens to be.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, type Services } from '../../src/compose.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { buildServer } from '../../src/http/server.js';
import { accepts, NOT_BUILT_PAGE } from '../../src/http/web-apps.js';
// @ts-expect-error -- a build script in plain JavaScript, without declarations
import { compressAssets } from '../../scripts/compress-assets.mjs';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import type { Database } from '../../src/store/database.js';
import { routeKey, serverRoutes } from '../support/route-table.js';
import { testDatabase } from '../support/db.js';

let database: Database;
let services: Services;
let dir: string;
let built: FastifyInstance;
let empty: FastifyInstance;
let repository: FastifyInstance;

/** An asset worth compressing (the small one is not: no variants are written for it). */
const BIG = `export const text = ${JSON.stringify('信访事项办理进度'.repeat(400))};\n`;
const routeSet = (app: FastifyInstance) => serverRoutes(app).map(routeKey).sort();

beforeAll(async () => {
  database = await testDatabase();
  services = compose(database, { crypto: new FieldCrypto(TEST_KEYRING) });
  dir = mkdtempSync(join(tmpdir(), 'minsheng-web-'));
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'staff'), { recursive: true });
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>portal</title>');
  writeFileSync(join(dist, 'staff', 'index.html'), '<!doctype html><title>staff</title>');
  writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'big-5678.js'), BIG);
  (compressAssets as (d: string) => unknown)(dist);
  mkdirSync(join(dir, 'empty'));
  built = (await buildServer(database, { services, webDist: dist })).app;
  empty = (await buildServer(database, { services, webDist: join(dir, 'empty') })).app;
  repository = (await buildServer(database, { services })).app;
  await Promise.all([built.ready(), empty.ready(), repository.ready()]);
});

afterAll(async () => {
  await Promise.all([built.close(), empty.close(), repository.close()]);
  await database.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('web apps', () => {
  it('Accept-Encoding: a coding is accepted when named without q=0 (a hand-written table)', () => {
    const table: [string | undefined, boolean, boolean][] = [
      ['gzip, deflate, br', true, true], ['gzip', false, true], ['br;q=0, gzip', false, true], ['BR;q=0.5', true, false],
      ['identity', false, false], [undefined, false, false], ['gzip;q=0', false, false], ['br; q=0.0', false, false], ['*', false, false],
    ];
    for (const [header, br, gzip] of table) expect([accepts(header, 'br'), accepts(header, 'gzip')], String(header)).toEqual([br, gzip]);
  });

  it('register the same routes with a build, without one, and as the repository is', () => {
    const withBuild = routeSet(built);
    expect(withBuild).toEqual(expect.arrayContaining(['GET /', 'GET /staff', 'GET /staff/', 'GET /staff/*', 'GET /*', 'GET /assets/*', 'HEAD /assets/*']));
    expect(routeSet(empty)).toEqual(withBuild);
    expect(routeSet(repository)).toEqual(withBuild);
  });

  it('without a build, every page answers 503 and says how to build', async () => {
    for (const url of ['/', '/follow', '/staff/', '/staff/queue']) {
      const r = await empty.inject({ url });
      expect(r.statusCode, url).toBe(503);
      expect(r.headers['content-type']).toContain('text/html');
      expect(r.body).toBe(NOT_BUILT_PAGE);
      expect(r.body).toContain('前端尚未构建，请运行 <code>npm run build:web</code>');
    }
    expect((await empty.inject({ url: '/staff' })).headers.location).toBe('/staff/');
    const asset = await empty.inject({ url: '/assets/app-1234.js' });
    expect([asset.statusCode, asset.json()]).toEqual([404, { code: 'NOT_FOUND', message: '请求的资源不存在' }]);
    expect((await empty.inject({ url: '/api/no-such-route' })).json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('with a build, the pages and assets are served', async () => {
    const page = await built.inject({ url: '/staff/queue' });
    expect([page.statusCode, page.body, page.headers['cache-control']]).toEqual([200, '<!doctype html><title>staff</title>', 'no-cache']);
    expect((await built.inject({ url: '/follow' })).body).toBe('<!doctype html><title>portal</title>');
    const asset = await built.inject({ url: '/assets/app-1234.js' });
    expect([asset.statusCode, asset.headers['cache-control'], asset.headers['x-content-type-options']]).toEqual([200, 'public, max-age=31536000, immutable', 'nosniff']);
    expect((await built.inject({ url: '/assets/missing.js' })).statusCode).toBe(404);
    // Compressed as the client accepts: the build's .br / .gz beside the asset, the pages in memory.
    const br = await built.inject({ url: '/assets/big-5678.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect([br.headers['content-encoding'], br.headers.vary, br.headers['cache-control']]).toEqual(['br', 'accept-encoding', 'public, max-age=31536000, immutable']);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(BIG);
    expect(br.rawPayload.length).toBeLessThan(BIG.length / 4);
    const gz = await built.inject({ url: '/assets/big-5678.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(BIG);
    const plain = await built.inject({ url: '/assets/big-5678.js' });
    expect([plain.headers['content-encoding'], plain.body]).toEqual([undefined, BIG]);
    expect(readFileSync(join(dir, 'dist', 'assets', 'app-1234.js')).toString()).toBe('console.log(1)');
    const html = await built.inject({ url: '/follow', headers: { 'accept-encoding': 'br;q=0, gzip' } });
    expect([html.headers['content-encoding'], html.headers['cache-control'], gunzipSync(html.rawPayload).toString()]).toEqual(['gzip', 'no-cache', '<!doctype html><title>portal</title>']);
    expect((await built.inject({ url: '/api/no-such-route' })).json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
