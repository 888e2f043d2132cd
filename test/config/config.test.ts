/**
 * The configuration module (src/config/config.ts): a table written by hand of environments and the
 * problems or values each must give; every variable it reads is documented; the README's table is
 * what VARIABLES renders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, renderConfigTable, VARIABLES, type Config, type Env } from '../../src/config/config.js';

const KEY_A = Buffer.alloc(32, 7).toString('base64');
const KEY_B = Buffer.alloc(32, 8).toString('base64');
const INDEX = Buffer.alloc(32, 9).toString('base64');
const PG = 'postgres://minsheng@db.internal:5432/minsheng';
const ALIYUN = {
  MINSHENG_SMS_PROVIDER: 'aliyun', MINSHENG_ALIYUN_ACCESS_KEY_ID: 'id', MINSHENG_ALIYUN_ACCESS_KEY_SECRET: 'secret',
  MINSHENG_ALIYUN_SMS_SIGN_NAME: '民声', MINSHENG_ALIYUN_SMS_TEMPLATES: '{"registered":"SMS_1"}',
};
/** A complete production environment. */
const HEAD_KEY = Buffer.alloc(32, 5).toString('base64');
const PROD: Env = {
  DATABASE_URL: PG, MINSHENG_KEYS: `k1:${KEY_A}`, MINSHENG_INDEX_KEY: INDEX, ...ALIYUN,
  MINSHENG_AUDIT_HEAD_DIR: '/srv/minsheng-audit-head', MINSHENG_AUDIT_HEAD_KEY: HEAD_KEY,
};

const problemsOf = (env: Env): string[] => {
  const r = loadConfig(env);
  return r.ok ? [] : r.problems.map((p) => p.variable).sort();
};
const configOf = (env: Env): Config => {
  const r = loadConfig(env);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
};

describe('loadConfig: environments that must be refused (every problem at once)', () => {
  const cases: [string, Env, string[]][] = [
    ['production without anything', { MINSHENG_MODE: 'production' },
      ['DATABASE_URL', 'MINSHENG_AUDIT_HEAD_DIR', 'MINSHENG_INDEX_KEY', 'MINSHENG_KEYS', 'MINSHENG_SMS_PROVIDER']],
    ['DATABASE_URL alone: production by default, keys, SMS and the audit head missing', { DATABASE_URL: PG },
      ['MINSHENG_AUDIT_HEAD_DIR', 'MINSHENG_INDEX_KEY', 'MINSHENG_KEYS', 'MINSHENG_SMS_PROVIDER']],
    ['production without a second factor for administrators', { ...PROD, MINSHENG_REQUIRE_TOTP: '0' }, ['MINSHENG_REQUIRE_TOTP']],
    ['production with the audit head directory but no key', { ...PROD, MINSHENG_AUDIT_HEAD_KEY: undefined }, ['MINSHENG_AUDIT_HEAD_KEY']],
    ['an audit head key of 16 bytes', { MINSHENG_AUDIT_HEAD_DIR: '/srv/h', MINSHENG_AUDIT_HEAD_KEY: Buffer.alloc(16, 1).toString('base64') }, ['MINSHENG_AUDIT_HEAD_KEY']],
    ['production with keys but the demo SMS file', { ...PROD, MINSHENG_SMS_PROVIDER: 'file' }, ['MINSHENG_SMS_PROVIDER']],
    ['production asking for codes on screen', { ...PROD, MINSHENG_DEMO_SMS_CODES: '1' }, ['MINSHENG_DEMO_SMS_CODES']],
    ['production with cookies not Secure', { ...PROD, MINSHENG_SECURE_COOKIES: '0' }, ['MINSHENG_SECURE_COOKIES']],
    ['production with a key file', { ...PROD, MINSHENG_KEY_FILE: '/srv/keys.json' }, ['MINSHENG_KEY_FILE']],
    ['keys without the index key', { ...PROD, MINSHENG_INDEX_KEY: undefined }, ['MINSHENG_INDEX_KEY']],
    ['a key of 16 bytes', { ...PROD, MINSHENG_KEYS: `k1:${Buffer.alloc(16, 1).toString('base64')}` }, ['MINSHENG_KEYS']],
    ['a key without an id', { ...PROD, MINSHENG_KEYS: KEY_A }, ['MINSHENG_KEYS']],
    ['an active key not among the keys', { ...PROD, MINSHENG_ACTIVE_KEY: 'k9' }, ['MINSHENG_ACTIVE_KEY']],
    ['an index key that is not base64 of 32 bytes', { ...PROD, MINSHENG_INDEX_KEY: 'short' }, ['MINSHENG_INDEX_KEY']],
    ['aliyun without its secret and with templates as a list', { ...PROD, MINSHENG_ALIYUN_ACCESS_KEY_SECRET: '', MINSHENG_ALIYUN_SMS_TEMPLATES: '["SMS_1"]' },
      ['MINSHENG_ALIYUN_ACCESS_KEY_SECRET', 'MINSHENG_ALIYUN_SMS_TEMPLATES']],
    ['tencent without anything', { ...PROD, MINSHENG_SMS_PROVIDER: 'tencent' },
      ['MINSHENG_TENCENT_SECRET_ID', 'MINSHENG_TENCENT_SECRET_KEY', 'MINSHENG_TENCENT_SMS_APP_ID', 'MINSHENG_TENCENT_SMS_SIGN_NAME', 'MINSHENG_TENCENT_SMS_TEMPLATES']],
    ['an unknown mode', { MINSHENG_MODE: 'staging' }, ['MINSHENG_MODE']],
    ['an unknown SMS provider', { MINSHENG_SMS_PROVIDER: 'smoke' }, ['MINSHENG_SMS_PROVIDER']],
    ['an unknown cipher', { MINSHENG_CIPHER: 'des' }, ['MINSHENG_CIPHER']],
    ['a port out of range and a word for a number', { PORT: '70000', MINSHENG_NOTIFY_BATCH: 'ten' }, ['MINSHENG_NOTIFY_BATCH', 'PORT']],
    ['a zero lease and a negative rate limit', { MINSHENG_NOTIFY_LEASE_MS: '0', MINSHENG_RATE_LIMIT_FOLLOW: '-1' }, ['MINSHENG_NOTIFY_LEASE_MS', 'MINSHENG_RATE_LIMIT_FOLLOW']],
    ['a flag that is neither on nor off', { MINSHENG_NOTIFY_WORKER: 'sometimes' }, ['MINSHENG_NOTIFY_WORKER']],
    ['a metrics token too short to be a secret', { MINSHENG_METRICS_TOKEN: 'abc' }, ['MINSHENG_METRICS_TOKEN']],
    ['a database URL that is not PostgreSQL', { DATABASE_URL: 'mysql://x/y', MINSHENG_MODE: 'demo' }, ['DATABASE_URL']],
    ['an unknown log level', { MINSHENG_LOG_LEVEL: 'loud' }, ['MINSHENG_LOG_LEVEL']],
    ['a trusted proxy that is not an address', { MINSHENG_TRUST_PROXY: '127.0.0.1,nginx' }, ['MINSHENG_TRUST_PROXY']],
  ];
  it.each(cases)('%s', (_name, env, variables) => {
    expect(problemsOf(env)).toEqual([...variables].sort());
  });

  it('says each problem in Chinese and in English, naming the variable', () => {
    const r = loadConfig({ MINSHENG_MODE: 'production' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const p of r.problems) {
      expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.en).toMatch(/^[\x20-\x7e]+$/); // plain English
      expect(`${p.zh} ${p.en}`).toContain(p.variable);
    }
  });
});

describe('loadConfig: the values', () => {
  it('an empty environment is the demo: PGlite in ./data, key file beside it, SMS to a file, codes on screen', () => {
    const c = configOf({});
    expect(c.mode).toBe('demo');
    expect(c.database).toEqual({ dataDir: './data' });
    expect(c.keys).toEqual({ source: 'file', file: './data/minsheng-keys.json' });
    expect(c.sms).toEqual({ provider: 'file', file: './data/sms-outbox.jsonl', demoCodes: true });
    expect(c.http).toEqual({ port: 3000, host: '127.0.0.1', log: true, logLevel: 'info', secureCookies: false, checkResponses: false });
    expect(c.notify).toEqual({ worker: true, batchSize: 10, leaseMs: 180000, maxAttempts: 8, backoffMs: 30000, maxBackoffMs: 3600000, pollMs: 2000 });
    expect(c.portal).toEqual({ maxAttachmentBytes: 10485760, rateLimits: {} });
  });

  it('a complete production environment: keys from the environment, Secure cookies, never codes on screen', () => {
    const c = configOf({ ...PROD, MINSHENG_KEYS: `k1:${KEY_A},k2:${KEY_B}`, MINSHENG_ACTIVE_KEY: 'k2', MINSHENG_METRICS_TOKEN: 'a-long-metrics-token' });
    expect(c.mode).toBe('production');
    expect(c.database).toEqual({ url: PG, dataDir: './data' });
    expect(c.keys).toEqual({ source: 'env', keys: { k1: KEY_A, k2: KEY_B }, activeKeyId: 'k2', indexKey: INDEX, cipher: 'sm4' });
    expect(c.http.secureCookies).toBe(true);
    expect(c.http.metricsToken).toBe('a-long-metrics-token');
    expect(c.sms.demoCodes).toBe(false);
    expect(c.auth.requireTotp).toBe(true); // 等保 level 3: the administrators and leaders use a second factor
    expect(c.sms.aliyun).toEqual({ accessKeyId: 'id', accessKeySecret: 'secret', signName: '民声', templates: { registered: 'SMS_1' } });
  });

  it('DATABASE_URL with MINSHENG_MODE=demo stays a demo (e.g. the browser tests on PostgreSQL)', () => {
    const c = configOf({ DATABASE_URL: PG, MINSHENG_MODE: 'demo' });
    expect([c.mode, c.sms.demoCodes, c.http.secureCookies, c.keys.source]).toEqual(['demo', true, false, 'file']);
  });

  it('the demo with a real provider shows no codes unless asked', () => {
    expect(configOf({ ...ALIYUN }).sms.demoCodes).toBe(false);
    expect(configOf({ ...ALIYUN, MINSHENG_DEMO_SMS_CODES: '1' }).sms.demoCodes).toBe(true);
    expect(configOf({ MINSHENG_DEMO_SMS_CODES: '0' }).sms.demoCodes).toBe(false);
  });

  it('numbers, flags and the variables kept for the other parts of issue 10', () => {
    const c = configOf({
      PORT: '8080', HOST: '0.0.0.0', MINSHENG_LOG: 'off', MINSHENG_NOTIFY_WORKER: 'off', MINSHENG_NOTIFY_POLL_MS: '500',
      MINSHENG_RATE_LIMIT_READS: '600', MINSHENG_ATTACHMENT_MAX_BYTES: '2048', MINSHENG_DATA_DIR: '/var/lib/minsheng/',
      MINSHENG_REQUIRE_TOTP: '1', MINSHENG_AUDIT_HEAD_DIR: '/srv/audit-head', MINSHENG_AUDIT_HEAD_KEY: HEAD_KEY, MINSHENG_CIPHER: 'aes-gcm',
    });
    expect([c.http.port, c.http.host, c.http.log, c.notify.worker, c.notify.pollMs]).toEqual([8080, '0.0.0.0', false, false, 500]);
    expect(c.portal).toEqual({ maxAttachmentBytes: 2048, rateLimits: { reads: 600 } });
    expect(c.keys).toEqual({ source: 'file', file: '/var/lib/minsheng/minsheng-keys.json', cipher: 'aes-gcm' });
    expect(c.sms.file).toBe('/var/lib/minsheng/sms-outbox.jsonl');
    expect(c.auth).toEqual({ requireTotp: true });
    expect(c.auditHead).toEqual({ dir: '/srv/audit-head', key: HEAD_KEY });
    expect(configOf({ MINSHENG_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).http.trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(configOf({}).http.trustProxy).toBeUndefined();
  });

  it('is frozen', () => {
    const c = configOf({});
    expect(Object.isFrozen(c) && Object.isFrozen(c.http) && Object.isFrozen(c.portal.rateLimits)).toBe(true);
  });
});

describe('the documentation of the variables', () => {
  it('every variable loadConfig reads is in VARIABLES, and every one there is read', () => {
    const read = new Set<string>();
    const spy = (base: Env) => new Proxy(base, { get: (t, k) => {
      if (typeof k === 'string') read.add(k);
      return t[k as string];
    } });
    // The demo, production with each provider: every branch that reads a variable.
    loadConfig(spy({}));
    loadConfig(spy({ ...PROD }));
    loadConfig(spy({ ...PROD, MINSHENG_SMS_PROVIDER: 'tencent' }));
    expect([...read].sort()).toEqual(VARIABLES.map((v) => v.name).sort());
  });

  it('the README\'s configuration table is the one VARIABLES renders (npm run config:doc)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const m = /<!-- config-table:begin[^>]*-->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(readme);
    expect(m?.[1]).toBe(renderConfigTable());
  });
});

describe('who reads the environment', () => {
  it('in src/, only main.ts and the scripts (src/scripts/) read process.env', () => {
    const src = new URL('../../src', import.meta.url).pathname;
    const readers: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          // Code only: comments may name it.
          const code = readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
          if (code.includes('process.env')) readers.push(p.slice(src.length + 1));
        }
      }
    };
    walk(src);
    expect(readers.sort()).toEqual(['main.ts', 'scripts/setup.ts']);
  });
});
