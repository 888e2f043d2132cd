/**
 * The compiled server as an operator runs it: `npm run build` output, `node dist/main.js` in
 * production mode (DATABASE_URL set, keys and an SMS provider given) against its own database on
 * the PostgreSQL server; /api/ready answers, no demo user exists; `node dist/scripts/setup.js` then
 * creates the administrators, whose printed password logs in with a Secure cookie. Also: the
 * compiled code imports only packages of `dependencies` (so `npm ci --omit=dev` runs it), and
 * without keys the server refuses to start with the problems in Chinese and English.
 *
 * Needs PostgreSQL (DATABASE_URL, the CI's second pass); the build is reused when it is newer than
 * every source file (else `node scripts/build.mjs` runs first, ~1–2 min).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const URL_ = process.env.DATABASE_URL;
const key = (b: number) => Buffer.alloc(32, b).toString('base64');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function ensureBuild(): void {
  // tsc leaves unchanged outputs alone: the build's stamp says when it last ran.
  const stamp = join(ROOT, 'dist/.build-stamp');
  if (existsSync(join(ROOT, 'dist/main.js')) && existsSync(stamp) && statSync(stamp).mtimeMs >= newest(join(ROOT, 'src'))) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

/** The bare package names the compiled code imports. */
function importedPackages(dir: string, out = new Set<string>()): Set<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) importedPackages(p, out);
    else if (p.endsWith('.js')) {
      const code = readFileSync(p, 'utf8');
      const specs = [
        ...code.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/gm), // import … from 'x', export … from 'x'
        ...code.matchAll(/^import\s*['"]([^'"]+)['"]/gm), // import 'x'
        ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g), // import('x')
      ];
      for (const m of specs) {
        const spec = m[1] ?? '';
        if (spec.startsWith('node:') || spec.startsWith('.')) continue;
        out.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
      }
    }
  }
  return out;
}

const database = `minsheng_prod_${randomBytes(4).toString('hex')}`;
const dbUrl = (name: string) => {
  const u = new URL(URL_ ?? 'postgres://localhost/x');
  u.pathname = `/${name}`;
  return u.toString();
};
const HEAD_DIR = mkdtempSync(join(tmpdir(), 'minsheng-audit-head-'));
/** Only what an operator's unit file would set: no inherited MINSHENG_* or test variables. */
const productionEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'Asia/Shanghai',
  DATABASE_URL: dbUrl(database), PORT: '0', HOST: '127.0.0.1',
  MINSHENG_KEYS: `k2026:${key(5)}`, MINSHENG_INDEX_KEY: key(6),
  MINSHENG_SMS_PROVIDER: 'tencent', MINSHENG_TENCENT_SECRET_ID: 'id', MINSHENG_TENCENT_SECRET_KEY: 'key', MINSHENG_TENCENT_SMS_APP_ID: '1400000000',
  MINSHENG_TENCENT_SMS_SIGN_NAME: '民声', MINSHENG_TENCENT_SMS_TEMPLATES: '{"registered":"1"}', MINSHENG_TENCENT_SMS_ENDPOINT: 'http://127.0.0.1:9/',
  MINSHENG_AUDIT_HEAD_DIR: HEAD_DIR, MINSHENG_AUDIT_HEAD_KEY: key(7),
});

describe.skipIf(!URL_)('the compiled server in production mode (node dist/main.js)', () => {
  let child: ChildProcess | undefined;
  let base = '';
  const lines: string[] = [];

  beforeAll(async () => {
    ensureBuild();
    const admin = new pg.Client({ connectionString: URL_ });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const started = Date.now();
    child = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env: productionEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    base = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child?.stdout?.on('data', (d: Buffer) => {
        buf += d.toString();
        const parts = buf.split('\n');
        buf = parts.pop() ?? '';
        for (const l of parts) {
          lines.push(l);
          const url = (JSON.parse(l) as { url?: string }).url;
          if (url) resolve(url.replace(/\/$/, ''));
        }
      });
      child?.on('exit', (code) => reject(new Error(`dist/main.js exited ${String(code)}: ${err}`)));
    });
    console.log(`compiled server up in ${Date.now() - started} ms`);
  }, 300_000);

  afterAll(async () => {
    if (child?.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    const admin = new pg.Client({ connectionString: URL_ });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('answers /api/health and /api/ready, holds no demo user, logs JSON', async () => {
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const ready = await fetch(`${base}/api/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, migrations: true, calendar: true } });
    const c = new pg.Client({ connectionString: dbUrl(database) });
    await c.connect();
    const users = await c.query('select username from users');
    const cases = await c.query('select count(*)::int as n from cases');
    await c.end();
    expect(users.rows).toEqual([]);
    expect(cases.rows[0]).toEqual({ n: 0 });
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'xfj_clerk', password: 'Minsheng@2026' }) });
    expect(login.status).toBe(401);
    for (const l of lines) expect(() => JSON.parse(l) as unknown, l).not.toThrow();
    // /metrics from loopback (no token configured).
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^minsheng_cases\{kind="open"\} 0$/m);
  });

  it('setup (node dist/scripts/setup.js) creates the administrators; the printed password logs in, cookie Secure', async () => {
    const out = execFileSync(process.execPath, ['dist/scripts/setup.js', '--organs', 'docs/organs.example.json'], { cwd: ROOT, env: productionEnv(), encoding: 'utf8' });
    const m = /^\s+sysadmin\s+(\S+)\s/m.exec(out);
    expect(m, out).not.toBeNull();
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sysadmin', password: m?.[1] }) });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/Secure/);
    // The printed password is one-time: the session may only change it (then enrol TOTP, production).
    expect((await login.json() as { restriction: string | null }).restriction).toBe('password_change');
    // A second run is refused (exit status 3), the accounts unchanged.
    let status = 0;
    try {
      execFileSync(process.execPath, ['dist/scripts/setup.js', '--organs', 'docs/organs.example.json'], { cwd: ROOT, env: productionEnv(), stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    expect(status).toBe(3);
  });
});

describe('the compiled server without the build machine', () => {
  it('imports only packages listed in dependencies (npm ci --omit=dev runs it)', () => {
    ensureBuild();
    const deps = Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
    const missing = [...importedPackages(join(ROOT, 'dist'))].filter((p) => !deps.includes(p));
    expect(missing).toEqual([]);
  });

  it('refuses to start in production without keys, saying why in Chinese and English', () => {
    const env = { ...productionEnv(), MINSHENG_KEYS: undefined, MINSHENG_INDEX_KEY: undefined, MINSHENG_SMS_PROVIDER: 'file' };
    let r: { status: number; stderr: string } = { status: 0, stderr: '' };
    try {
      execFileSync(process.execPath, ['dist/main.js'], { cwd: ROOT, env, stdio: 'pipe', encoding: 'utf8' });
    } catch (e) {
      r = e as { status: number; stderr: string };
    }
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('生产模式必须通过 MINSHENG_KEYS');
    expect(r.stderr).toContain('production mode needs the encryption keys');
    expect(r.stderr).toContain('MINSHENG_SMS_PROVIDER=aliyun 或 tencent');
  });
});
