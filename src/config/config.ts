/**
 * The whole configuration, read once from the environment by src/main.ts (and the scripts), checked
 * at start, and passed to everything else: nothing below main reads process.env.
 *
 * Two modes (MINSHENG_MODE): `demo` — `npm start` on the embedded database, demo data, a key file
 * created beside the data, SMS written to a file, verification codes shown on screen — and
 * `production`, the default whenever DATABASE_URL is set: no demo data, the keys and a real SMS
 * provider required, codes never shown, Secure cookies (docs/decisions/017).
 *
 * loadConfig(env) answers a frozen, typed Config or EVERY problem at once, each in Chinese and
 * English. VARIABLES is the documentation of each variable; the README's configuration table is
 * rendered from it (`npm run config:doc`, test/config/config.test.ts checks it is current).
 */
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

export const MODES = ['demo', 'production'] as const;
export type Mode = (typeof MODES)[number];

const Positive = Type.Integer({ minimum: 1 });
const Templates = Type.Record(Type.String(), Type.String());

export const ConfigT = Type.Object({
  mode: Type.Union([Type.Literal('demo'), Type.Literal('production')]),
  http: Type.Object({
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    host: Type.String({ minLength: 1 }),
    log: Type.Boolean(),
    logLevel: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace')]),
    secureCookies: Type.Boolean(),
    checkResponses: Type.Boolean(),
    /** Bearer token for /metrics; without it /metrics answers loopback clients only. */
    metricsToken: Type.Optional(Type.String({ minLength: 16 })),
    /** The reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges): the client's address for the rate limits. */
    trustProxy: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
  }),
  database: Type.Object({
    url: Type.Optional(Type.String()),
    dataDir: Type.String(),
  }),
  keys: Type.Union([
    Type.Object({
      source: Type.Literal('env'),
      keys: Type.Record(Type.String(), Type.String()),
      activeKeyId: Type.String(),
      indexKey: Type.String(),
      cipher: Type.Union([Type.Literal('sm4'), Type.Literal('aes-gcm')]),
    }),
    /** Demo only: a key file created on first run. cipher: MINSHENG_CIPHER when given, else the file's. */
    Type.Object({ source: Type.Literal('file'), file: Type.String(), cipher: Type.Optional(Type.Union([Type.Literal('sm4'), Type.Literal('aes-gcm')])) }),
  ]),
  sms: Type.Object({
    provider: Type.Union([Type.Literal('file'), Type.Literal('aliyun'), Type.Literal('tencent')]),
    file: Type.String(),
    /** Verification codes returned to the portal (demo only). */
    demoCodes: Type.Boolean(),
    aliyun: Type.Optional(Type.Object({
      accessKeyId: Type.String(), accessKeySecret: Type.String(), signName: Type.String(), templates: Templates,
      endpoint: Type.Optional(Type.String()), regionId: Type.Optional(Type.String()),
    })),
    tencent: Type.Optional(Type.Object({
      secretId: Type.String(), secretKey: Type.String(), sdkAppId: Type.String(), signName: Type.String(), templates: Templates,
      endpoint: Type.Optional(Type.String()), region: Type.Optional(Type.String()),
    })),
  }),
  notify: Type.Object({
    worker: Type.Boolean(),
    batchSize: Positive, leaseMs: Positive, maxAttempts: Positive, backoffMs: Positive, maxBackoffMs: Positive, pollMs: Positive,
  }),
  portal: Type.Object({
    maxAttachmentBytes: Positive,
    rateLimits: Type.Object({ reads: Type.Optional(Positive), writes: Type.Optional(Positive), follow: Type.Optional(Positive) }),
  }),
  /** For the auth engineer's TOTP requirement (wired at merge). */
  auth: Type.Object({ requireTotp: Type.Boolean() }),
  /** For the portalops engineer's export of the audit chain head (wired at merge). */
  auditHead: Type.Object({ dir: Type.Optional(Type.String()), key: Type.Optional(Type.String()) }),
});
export type Config = Readonly<Static<typeof ConfigT>>;

export interface ConfigProblem {
  variable: string;
  zh: string;
  en: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

export type Env = Readonly<Record<string, string | undefined>>;

/** Which mode needs a variable: shown in the README's table. */
type Requirement = 'production: required' | 'production: refused' | 'production: must not be 0' | 'with aliyun' | 'with tencent' | 'with MINSHENG_AUDIT_HEAD_DIR' | '';

export interface VariableDoc {
  name: string;
  default: string;
  meaning: string;
  modes: Requirement;
}

/** Every variable loadConfig reads (a test holds the two together), in the README's order. */
export const VARIABLES: readonly VariableDoc[] = [
  { name: 'MINSHENG_MODE', default: '`production` with `DATABASE_URL`, else `demo`', meaning: '`demo`: demo data, key file, SMS to a file, codes on screen; `production`: none of these', modes: '' },
  { name: 'PORT', default: '`3000`', meaning: 'HTTP port', modes: '' },
  { name: 'HOST', default: '`127.0.0.1`', meaning: 'listen address', modes: '' },
  { name: 'DATABASE_URL', default: '—', meaning: 'a PostgreSQL server (`postgres://…`); when unset, embedded PGlite', modes: 'production: required' },
  { name: 'MINSHENG_DATA_DIR', default: '`./data`', meaning: 'PGlite data directory (and, in the demo, the key file and the SMS file)', modes: '' },
  { name: 'MINSHENG_LOG', default: 'on', meaning: '`off` silences the JSON log (requests carry method, route, status and request id — never bodies or query strings)', modes: '' },
  { name: 'MINSHENG_LOG_LEVEL', default: '`info`', meaning: '`fatal` … `trace`', modes: '' },
  { name: 'MINSHENG_KEYS', default: '—', meaning: 'encryption keys, `id:base64(32 bytes)` comma-separated', modes: 'production: required' },
  { name: 'MINSHENG_ACTIVE_KEY', default: 'first key', meaning: 'the key new writes use (rotation: add a key, make it active)', modes: '' },
  { name: 'MINSHENG_INDEX_KEY', default: '—', meaning: 'base64(32 bytes) for the keyed SM3 blind indexes (required with `MINSHENG_KEYS`)', modes: 'production: required' },
  { name: 'MINSHENG_CIPHER', default: '`sm4`', meaning: '`sm4` (SM4-CTR + HMAC-SM3) or `aes-gcm`', modes: '' },
  { name: 'MINSHENG_KEY_FILE', default: '`$MINSHENG_DATA_DIR/minsheng-keys.json`', meaning: 'demo: the key file created on first run when `MINSHENG_KEYS` is unset', modes: 'production: refused' },
  { name: 'MINSHENG_SECURE_COOKIES', default: '`1` in production', meaning: '`1` marks session cookies Secure (behind a TLS-terminating proxy); over https they always are', modes: 'production: must not be 0' },
  { name: 'MINSHENG_METRICS_TOKEN', default: '—', meaning: 'bearer token for `GET /metrics` (≥ 16 characters); without it `/metrics` answers loopback clients only', modes: '' },
  { name: 'MINSHENG_TRUST_PROXY', default: '—', meaning: 'the reverse proxies (addresses or CIDR, comma-separated, e.g. `127.0.0.1`) whose `X-Forwarded-For` gives the client address — set it behind nginx, or every client shares the proxy\'s rate limits', modes: '' },
  { name: 'MINSHENG_SMS_PROVIDER', default: '`file`', meaning: '`file` (demo: one JSON line per message), `aliyun` or `tencent`', modes: 'production: required' },
  { name: 'MINSHENG_SMS_FILE', default: '`$MINSHENG_DATA_DIR/sms-outbox.jsonl`', meaning: 'the file adapter\'s file (phones masked)', modes: '' },
  { name: 'MINSHENG_DEMO_SMS_CODES', default: 'on with the `file` provider', meaning: '`1` returns the verification code to the portal (`demoCode`); `0` never', modes: 'production: refused' },
  { name: 'MINSHENG_ALIYUN_ACCESS_KEY_ID', default: '—', meaning: 'Alibaba Cloud Dysms AccessKey id', modes: 'with aliyun' },
  { name: 'MINSHENG_ALIYUN_ACCESS_KEY_SECRET', default: '—', meaning: 'its secret', modes: 'with aliyun' },
  { name: 'MINSHENG_ALIYUN_SMS_SIGN_NAME', default: '—', meaning: 'the approved signature (签名)', modes: 'with aliyun' },
  { name: 'MINSHENG_ALIYUN_SMS_TEMPLATES', default: '—', meaning: 'JSON `{"registered":"SMS_…",…}`: one approved template per key', modes: 'with aliyun' },
  { name: 'MINSHENG_ALIYUN_SMS_ENDPOINT', default: 'Alibaba\'s', meaning: 'API endpoint (tests)', modes: '' },
  { name: 'MINSHENG_ALIYUN_REGION_ID', default: '`cn-hangzhou`', meaning: 'region', modes: '' },
  { name: 'MINSHENG_TENCENT_SECRET_ID', default: '—', meaning: 'Tencent Cloud SecretId', modes: 'with tencent' },
  { name: 'MINSHENG_TENCENT_SECRET_KEY', default: '—', meaning: 'its SecretKey', modes: 'with tencent' },
  { name: 'MINSHENG_TENCENT_SMS_APP_ID', default: '—', meaning: 'SmsSdkAppId', modes: 'with tencent' },
  { name: 'MINSHENG_TENCENT_SMS_SIGN_NAME', default: '—', meaning: 'the approved signature (签名)', modes: 'with tencent' },
  { name: 'MINSHENG_TENCENT_SMS_TEMPLATES', default: '—', meaning: 'JSON `{"registered":"123456",…}`; parameters in the order of `templates.ts`', modes: 'with tencent' },
  { name: 'MINSHENG_TENCENT_SMS_ENDPOINT', default: 'Tencent\'s', meaning: 'API endpoint (tests)', modes: '' },
  { name: 'MINSHENG_TENCENT_SMS_REGION', default: '`ap-guangzhou`', meaning: 'region', modes: '' },
  { name: 'MINSHENG_NOTIFY_WORKER', default: 'on', meaning: '`off` runs no SMS delivery worker in this process', modes: '' },
  { name: 'MINSHENG_NOTIFY_POLL_MS', default: '`2000`', meaning: 'worker poll interval', modes: '' },
  { name: 'MINSHENG_NOTIFY_BATCH', default: '`10`', meaning: 'rows per round', modes: '' },
  { name: 'MINSHENG_NOTIFY_LEASE_MS', default: '`180000`', meaning: 'lease on claimed rows (must outlast a round)', modes: '' },
  { name: 'MINSHENG_NOTIFY_MAX_ATTEMPTS', default: '`8`', meaning: 'attempts before a row is `failed`', modes: '' },
  { name: 'MINSHENG_NOTIFY_BACKOFF_MS', default: '`30000`', meaning: 'first retry delay (doubling)', modes: '' },
  { name: 'MINSHENG_NOTIFY_BACKOFF_MAX_MS', default: '`3600000`', meaning: 'longest retry delay', modes: '' },
  { name: 'MINSHENG_ATTACHMENT_MAX_BYTES', default: '`10485760`', meaning: 'per-file upload limit', modes: '' },
  { name: 'MINSHENG_RATE_LIMIT_READS', default: '`60`', meaning: 'per-IP reads per minute on the public routes', modes: '' },
  { name: 'MINSHENG_RATE_LIMIT_WRITES', default: '`10`', meaning: 'per-IP submissions + uploads per minute', modes: '' },
  { name: 'MINSHENG_RATE_LIMIT_FOLLOW', default: '`5`', meaning: 'per-IP follow challenges + verifications per minute', modes: '' },
  { name: 'MINSHENG_REQUIRE_TOTP', default: '`1` in production, else `0`', meaning: '`1`: the three administrators and leaders log in with TOTP, enrolled at their first log-in', modes: 'production: must not be 0' },
  { name: 'MINSHENG_AUDIT_HEAD_DIR', default: '—', meaning: 'directory outside the database where the server writes the daily signed audit chain head (see *Audit chain head*)', modes: 'production: required' },
  { name: 'MINSHENG_AUDIT_HEAD_KEY', default: '—', meaning: 'base64 (≥ 32 bytes): the HMAC-SM3 key of the head files; also for `audit:head` / `audit:verify --heads`; never in the database', modes: 'with MINSHENG_AUDIT_HEAD_DIR' },
  { name: 'MINSHENG_CHECK_RESPONSES', default: '`0`', meaning: '`1` compares every JSON answer with its handler\'s payload (the tests set it)', modes: '' },
];

export const DEFAULT_NOTIFY = { batchSize: 10, leaseMs: 180_000, maxAttempts: 8, backoffMs: 30_000, maxBackoffMs: 3_600_000, pollMs: 2_000 } as const;
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
};

/** The configuration from an environment (process.env in main.ts; a plain object in tests). */
export function loadConfig(env: Env): ConfigResult {
  const problems: ConfigProblem[] = [];
  const problem = (variable: string, zh: string, en: string) => problems.push({ variable, zh, en });
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const v = str(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (['1', 'true', 'on', 'yes'].includes(v)) return true;
    if (['0', 'false', 'off', 'no'].includes(v)) return false;
    problem(name, `${name} 只能是 1/0（on/off）（当前：${v}）`, `${name} must be 1 or 0 (on/off), got "${v}"`);
    return fallback;
  };
  const int = (name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number => {
    const v = str(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) {
      problem(name, `${name} 应为 ${min}–${max} 之间的整数（当前：${v}）`, `${name} must be an integer from ${min} to ${max}, got "${v}"`);
      return fallback;
    }
    return n;
  };
  const need = (name: string, why: { zh: string; en: string }): string => {
    const v = str(name);
    if (v === undefined) problem(name, `缺少环境变量 ${name}（${why.zh}）`, `${name} is required (${why.en})`);
    return v ?? '';
  };

  // ——— mode ———
  const databaseUrl = str('DATABASE_URL');
  const modeText = str('MINSHENG_MODE') ?? (databaseUrl ? 'production' : 'demo');
  const mode: Mode = modeText === 'production' ? 'production' : 'demo';
  if (modeText !== 'demo' && modeText !== 'production') {
    problem('MINSHENG_MODE', `MINSHENG_MODE 只能是 demo 或 production（当前：${modeText}）`, `MINSHENG_MODE must be demo or production, got "${modeText}"`);
  }
  const prod = mode === 'production';

  // ——— database ———
  const dataDir = str('MINSHENG_DATA_DIR') ?? './data';
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problem('DATABASE_URL', 'DATABASE_URL 应为 postgres://… 形式的 PostgreSQL 地址', 'DATABASE_URL must be a postgres://… URL');
  }
  if (prod && !databaseUrl) {
    problem('DATABASE_URL', '生产模式需要 PostgreSQL 数据库：请设置 DATABASE_URL（内嵌数据库仅供演示）',
      'production mode needs a PostgreSQL server: set DATABASE_URL (the embedded database is for the demo only)');
  }

  // ——— keys ———
  const cipherText = str('MINSHENG_CIPHER');
  if (cipherText !== undefined && cipherText !== 'sm4' && cipherText !== 'aes-gcm') {
    problem('MINSHENG_CIPHER', `MINSHENG_CIPHER 只能是 sm4 或 aes-gcm（当前：${cipherText}）`, `MINSHENG_CIPHER must be sm4 or aes-gcm, got "${cipherText}"`);
  }
  const cipher = cipherText === 'aes-gcm' ? 'aes-gcm' as const : 'sm4' as const;
  const is32 = (b64: string) => /^[A-Za-z0-9+/]+={0,2}$/.test(b64) && Buffer.from(b64, 'base64').length === 32;
  let keys: Static<typeof ConfigT>['keys'];
  const keysText = str('MINSHENG_KEYS');
  if (keysText !== undefined) {
    const map: Record<string, string> = {};
    for (const pair of keysText.split(',')) {
      const i = pair.indexOf(':');
      const id = i < 0 ? '' : pair.slice(0, i).trim();
      const key = pair.slice(i + 1).trim();
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id) || !is32(key)) {
        problem('MINSHENG_KEYS', `MINSHENG_KEYS 每项应为 编号:base64(32字节)，以逗号分隔（第 ${Object.keys(map).length + 1} 项不符）`,
          `MINSHENG_KEYS must be id:base64(32 bytes) pairs separated by commas (entry ${Object.keys(map).length + 1} is not)`);
      } else map[id] = key;
    }
    const activeKeyId = str('MINSHENG_ACTIVE_KEY') ?? Object.keys(map)[0] ?? '';
    if (str('MINSHENG_ACTIVE_KEY') !== undefined && !(activeKeyId in map)) {
      problem('MINSHENG_ACTIVE_KEY', `MINSHENG_ACTIVE_KEY 指定的密钥 ${activeKeyId} 不在 MINSHENG_KEYS 中`, `MINSHENG_ACTIVE_KEY names ${activeKeyId}, which MINSHENG_KEYS does not hold`);
    }
    const indexKey = need('MINSHENG_INDEX_KEY', { zh: '与 MINSHENG_KEYS 一同设置：盲索引密钥，base64(32字节)', en: 'with MINSHENG_KEYS: the blind-index key, base64(32 bytes)' });
    if (indexKey && !is32(indexKey)) problem('MINSHENG_INDEX_KEY', 'MINSHENG_INDEX_KEY 应为 base64 编码的 32 字节', 'MINSHENG_INDEX_KEY must be base64 of 32 bytes');
    keys = { source: 'env', keys: map, activeKeyId, indexKey, cipher };
  } else {
    if (prod) {
      problem('MINSHENG_KEYS', '生产模式必须通过 MINSHENG_KEYS 和 MINSHENG_INDEX_KEY 提供加密密钥（不会自动生成密钥文件）',
        'production mode needs the encryption keys in MINSHENG_KEYS and MINSHENG_INDEX_KEY (no key file is generated)');
      if (str('MINSHENG_INDEX_KEY') === undefined) {
        problem('MINSHENG_INDEX_KEY', '生产模式缺少 MINSHENG_INDEX_KEY（盲索引密钥，base64(32字节)）', 'production mode needs MINSHENG_INDEX_KEY (the blind-index key, base64(32 bytes))');
      }
    }
    keys = { source: 'file', file: str('MINSHENG_KEY_FILE') ?? `${dataDir.replace(/\/+$/, '')}/minsheng-keys.json`, ...(cipherText !== undefined ? { cipher } : {}) };
  }
  if (prod && str('MINSHENG_KEY_FILE') !== undefined) {
    problem('MINSHENG_KEY_FILE', '生产模式不使用密钥文件：请删除 MINSHENG_KEY_FILE，改用 MINSHENG_KEYS', 'production mode uses no key file: unset MINSHENG_KEY_FILE and use MINSHENG_KEYS');
  }

  // ——— SMS ———
  const providerText = str('MINSHENG_SMS_PROVIDER') ?? 'file';
  if (!['file', 'aliyun', 'tencent'].includes(providerText)) {
    problem('MINSHENG_SMS_PROVIDER', `MINSHENG_SMS_PROVIDER 只能是 file、aliyun 或 tencent（当前：${providerText}）`, `MINSHENG_SMS_PROVIDER must be file, aliyun or tencent, got "${providerText}"`);
  }
  const provider = providerText === 'aliyun' || providerText === 'tencent' ? providerText : 'file';
  if (prod && provider === 'file') {
    problem('MINSHENG_SMS_PROVIDER', '生产模式必须配置短信平台：MINSHENG_SMS_PROVIDER=aliyun 或 tencent（file 仅供演示）',
      'production mode needs an SMS provider: MINSHENG_SMS_PROVIDER=aliyun or tencent (file is for the demo)');
  }
  const templates = (name: string): Record<string, string> => {
    const text = need(name, { zh: '短信模板编号，JSON 对象', en: 'the SMS template ids, a JSON object' });
    if (!text) return {};
    try {
      const m = JSON.parse(text) as unknown;
      if (m && typeof m === 'object' && !Array.isArray(m) && Object.values(m).every((v) => typeof v === 'string')) return m as Record<string, string>;
    } catch { /* reported below */ }
    problem(name, `${name} 应为 JSON 对象：{"registered":"模板ID", …}`, `${name} must be a JSON object: {"registered":"template id", …}`);
    return {};
  };
  const smsWhy = (p: string) => ({ zh: `短信平台 ${p} 的配置`, en: `configuration of the ${p} SMS provider` });
  const opt = (name: string) => {
    const v = str(name);
    return v === undefined ? {} : { [name]: v };
  };
  const aliyun = provider === 'aliyun' ? {
    accessKeyId: need('MINSHENG_ALIYUN_ACCESS_KEY_ID', smsWhy('aliyun')), accessKeySecret: need('MINSHENG_ALIYUN_ACCESS_KEY_SECRET', smsWhy('aliyun')),
    signName: need('MINSHENG_ALIYUN_SMS_SIGN_NAME', smsWhy('aliyun')), templates: templates('MINSHENG_ALIYUN_SMS_TEMPLATES'),
    ...rename(opt('MINSHENG_ALIYUN_SMS_ENDPOINT'), 'endpoint'), ...rename(opt('MINSHENG_ALIYUN_REGION_ID'), 'regionId'),
  } : undefined;
  const tencent = provider === 'tencent' ? {
    secretId: need('MINSHENG_TENCENT_SECRET_ID', smsWhy('tencent')), secretKey: need('MINSHENG_TENCENT_SECRET_KEY', smsWhy('tencent')),
    sdkAppId: need('MINSHENG_TENCENT_SMS_APP_ID', smsWhy('tencent')), signName: need('MINSHENG_TENCENT_SMS_SIGN_NAME', smsWhy('tencent')),
    templates: templates('MINSHENG_TENCENT_SMS_TEMPLATES'),
    ...rename(opt('MINSHENG_TENCENT_SMS_ENDPOINT'), 'endpoint'), ...rename(opt('MINSHENG_TENCENT_SMS_REGION'), 'region'),
  } : undefined;
  const demoCodes = flag('MINSHENG_DEMO_SMS_CODES', !prod && provider === 'file');
  if (prod && demoCodes) {
    problem('MINSHENG_DEMO_SMS_CODES', '生产模式从不向网页返回短信验证码：请删除 MINSHENG_DEMO_SMS_CODES', 'production mode never returns verification codes to the browser: unset MINSHENG_DEMO_SMS_CODES');
  }

  // ——— HTTP ———
  const secureCookies = flag('MINSHENG_SECURE_COOKIES', prod);
  if (prod && !secureCookies) {
    problem('MINSHENG_SECURE_COOKIES', '生产模式的会话 Cookie 必须带 Secure 标记：请删除 MINSHENG_SECURE_COOKIES=0（须经 HTTPS 访问）',
      'production mode marks session cookies Secure: remove MINSHENG_SECURE_COOKIES=0 (serve over HTTPS)');
  }
  const metricsToken = str('MINSHENG_METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    problem('MINSHENG_METRICS_TOKEN', 'MINSHENG_METRICS_TOKEN 至少 16 个字符', 'MINSHENG_METRICS_TOKEN must be at least 16 characters');
  }
  const proxies = str('MINSHENG_TRUST_PROXY')?.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const IP_OR_CIDR = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]+)(?:\/\d{1,3})?$/i;
  for (const p of proxies ?? []) {
    if (!IP_OR_CIDR.test(p)) problem('MINSHENG_TRUST_PROXY', `MINSHENG_TRUST_PROXY 应为 IP 地址或网段，以逗号分隔（“${p}”不是）`, `MINSHENG_TRUST_PROXY must list IP addresses or CIDR ranges, comma-separated ("${p}" is not one)`);
  }
  const levelText = str('MINSHENG_LOG_LEVEL') ?? 'info';
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
  const logLevel = levels.find((l) => l === levelText) ?? 'info';
  if (!levels.some((l) => l === levelText)) {
    problem('MINSHENG_LOG_LEVEL', `MINSHENG_LOG_LEVEL 只能是 ${levels.join('、')}（当前：${levelText}）`, `MINSHENG_LOG_LEVEL must be one of ${levels.join(', ')}, got "${levelText}"`);
  }

  // ——— 等保 level 3: second factor for administrators and leaders; the audit chain's head outside ———
  const requireTotp = flag('MINSHENG_REQUIRE_TOTP', prod);
  if (prod && !requireTotp) {
    problem('MINSHENG_REQUIRE_TOTP', '生产模式下三员和领导必须使用动态口令（TOTP）登录：请删除 MINSHENG_REQUIRE_TOTP=0',
      'production mode requires TOTP for the administrators and leaders: remove MINSHENG_REQUIRE_TOTP=0');
  }
  const headDir = str('MINSHENG_AUDIT_HEAD_DIR');
  const headKey = str('MINSHENG_AUDIT_HEAD_KEY');
  if (prod && headDir === undefined) {
    problem('MINSHENG_AUDIT_HEAD_DIR', '生产模式须设置 MINSHENG_AUDIT_HEAD_DIR：每日导出审计链头的目录（数据库之外，由审计管理员保管）',
      'production mode requires MINSHENG_AUDIT_HEAD_DIR: the directory, outside the database, where the audit chain head is exported daily');
  }
  if (headDir !== undefined || headKey !== undefined) {
    if (headKey === undefined) {
      problem('MINSHENG_AUDIT_HEAD_KEY', '设置了审计链头目录，还须设置 MINSHENG_AUDIT_HEAD_KEY（base64，至少 32 字节，不存于数据库）',
        'MINSHENG_AUDIT_HEAD_KEY is required with MINSHENG_AUDIT_HEAD_DIR (base64, at least 32 bytes, never in the database)');
    } else if (Buffer.from(headKey, 'base64').length < 32) {
      problem('MINSHENG_AUDIT_HEAD_KEY', 'MINSHENG_AUDIT_HEAD_KEY 解码后须至少 32 字节', 'MINSHENG_AUDIT_HEAD_KEY must decode to at least 32 bytes');
    }
  }

  const rateLimits: Record<string, number> = {};
  for (const [k, name] of [['reads', 'MINSHENG_RATE_LIMIT_READS'], ['writes', 'MINSHENG_RATE_LIMIT_WRITES'], ['follow', 'MINSHENG_RATE_LIMIT_FOLLOW']] as const) {
    if (str(name) !== undefined) rateLimits[k] = int(name, 1);
  }

  const config: Static<typeof ConfigT> = {
    mode,
    http: {
      port: int('PORT', 3000, 0, 65535),
      host: str('HOST') ?? '127.0.0.1',
      log: flag('MINSHENG_LOG', true),
      logLevel,
      secureCookies,
      checkResponses: flag('MINSHENG_CHECK_RESPONSES', false),
      ...(metricsToken !== undefined ? { metricsToken } : {}),
      ...(proxies !== undefined && proxies.length > 0 ? { trustProxy: proxies } : {}),
    },
    database: { ...(databaseUrl !== undefined ? { url: databaseUrl } : {}), dataDir },
    keys,
    sms: {
      provider,
      file: str('MINSHENG_SMS_FILE') ?? `${dataDir.replace(/\/+$/, '')}/sms-outbox.jsonl`,
      demoCodes: demoCodes && !prod,
      ...(aliyun ? { aliyun } : {}),
      ...(tencent ? { tencent } : {}),
    },
    notify: {
      worker: flag('MINSHENG_NOTIFY_WORKER', true),
      batchSize: int('MINSHENG_NOTIFY_BATCH', DEFAULT_NOTIFY.batchSize),
      leaseMs: int('MINSHENG_NOTIFY_LEASE_MS', DEFAULT_NOTIFY.leaseMs),
      maxAttempts: int('MINSHENG_NOTIFY_MAX_ATTEMPTS', DEFAULT_NOTIFY.maxAttempts),
      backoffMs: int('MINSHENG_NOTIFY_BACKOFF_MS', DEFAULT_NOTIFY.backoffMs),
      maxBackoffMs: int('MINSHENG_NOTIFY_BACKOFF_MAX_MS', DEFAULT_NOTIFY.maxBackoffMs),
      pollMs: int('MINSHENG_NOTIFY_POLL_MS', DEFAULT_NOTIFY.pollMs),
    },
    portal: { maxAttachmentBytes: int('MINSHENG_ATTACHMENT_MAX_BYTES', DEFAULT_MAX_ATTACHMENT_BYTES), rateLimits },
    auth: { requireTotp },
    auditHead: { ...rename(opt('MINSHENG_AUDIT_HEAD_DIR'), 'dir'), ...rename(opt('MINSHENG_AUDIT_HEAD_KEY'), 'key') },
  };
  if (problems.length > 0) return { ok: false, problems };
  // The parsing above builds the shape; the schema is the second look (a mistake here, not the operator's).
  if (!Value.Check(ConfigT, config)) throw new Error(`configuration does not match its schema: ${JSON.stringify([...Value.Errors(ConfigT, config)].slice(0, 3))}`);
  return { ok: true, config: deepFreeze(config) };
}

function rename(o: Record<string, string>, to: string): Record<string, string> {
  const v = Object.values(o)[0];
  return v === undefined ? {} : { [to]: v };
}

/** loadConfig or throw one error listing every problem (scripts, main.ts). */
export function configOrThrow(env: Env): Config {
  const r = loadConfig(env);
  if (!r.ok) throw new ConfigError(r.problems);
  return r.config;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
  }
}

/** What the operator reads when the server refuses to start. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return ['配置有误，无法启动 / The configuration is not valid:', ...problems.map((p) => `  - ${p.zh}\n    ${p.en}`)].join('\n');
}

/**
 * The demo defaults (loadConfig of an empty environment): what compose() and buildServer() use when
 * they are given no configuration — tests, benches, the demo seeder.
 */
export function demoConfig(overrides: { http?: Partial<Config['http']>; sms?: Partial<Config['sms']> } = {}): Config {
  const base = configOrThrow({});
  return deepFreeze({ ...base, http: { ...base.http, ...overrides.http }, sms: { ...base.sms, ...overrides.sms } });
}

/** The README's configuration table (between its config-table markers). */
export function renderConfigTable(): string {
  const rows = VARIABLES.map((v) => `| \`${v.name}\` | ${v.default} | ${v.meaning} | ${v.modes} |`);
  return ['| variable | default | meaning | required / refused |', '|---|---|---|---|', ...rows].join('\n');
}
