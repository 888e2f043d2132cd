/**
 * Hostile input on every route (issue 10, finding 7): driven by /api/openapi.json, so a route added
 * later is fuzzed without a line here. For every operation, every path, query and header parameter
 * and every body property (to depth 4, array items included) gets each value of a hostile corpus —
 * NUL, lone surrogates, huge strings, wrong types, impossible dates, SQL and path fragments, bad
 * percent-encoding — and every operation gets whole-body variants (not JSON, an array, a scalar,
 * too large, nested deep, truncated multipart), sent as staff in every role, a portal session and
 * anonymous. Any 5xx fails the test, listing (method, path, where, value, principal, answer).
 *
 * Bounded: each single-value variant goes to one principal that passes the route's authorisation
 * with a plausible request (rotating among them; a seeded eighth of the variants also to any other
 * principal), each whole-body variant to every principal. One fixed seed, so a failure replays.
 * Its own server, schema and data (test/portal/support.ts): its writes change no other test.
 */
import { validateHeaderValue } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { portalServer, publicPetition } from '../portal/support.js';

const SEED = 0x6d696e73;
/** FUZZ_DRY=1 counts the requests without sending them; FUZZ_VERBOSE=1 prints each operation's count and time. */
const DRY = process.env.FUZZ_DRY === '1';
const VERBOSE = process.env.FUZZ_VERBOSE === '1';
/** FUZZ_ONLY=<regex>: only the operations whose "METHOD /path" matches (to replay one route). */
const ONLY = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : null;
/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ——— the corpus ———
const HUGE = 'x'.repeat(70_000);
/** Strings, for every place a string can go (query, path, header, body). */
const STRINGS: [label: string, value: string][] = [
  ['empty', ''], ['NUL', 'a\u0000b'], ['NUL only', '\u0000'], ['lone high surrogate', 'x\ud800'], ['lone low surrogate', '\udc00y'],
  ['huge', HUGE], ['SQL quote', '\' OR \'1\'=\'1'], ['SQL drop', '1; DROP TABLE cases; --'], ['SQL comment', '*/--'], ['LIKE wildcards', '%_%\\'],
  ['path traversal', '../../../../etc/passwd'], ['encoded traversal', '..%2F..%2Fetc%2Fpasswd'], ['percent NUL text', '%00'],
  ['impossible date', '2025-13-45'], ['Feb 30', '2025-02-30'], ['last JS date', '275760-09-13'], ['year 0', '0000-01-01'], ['far year', '9999-12-31'],
  ['negative', '-1'], ['overflow number', '1e309'], ['big integer', '99999999999999999999'], ['NaN', 'NaN'], ['true', 'true'], ['null', 'null'],
  ['JSON text', '{"a":[1]}'], ['HTML', '<script>alert(1)</script>'], ['RTL override', '\u202egnp.exe'], ['emoji', '😀'], ['spaces', '   '],
  ['__proto__', '__proto__'], ['constructor', 'constructor'], ['CRLF', 'a\r\nb'], ['format string', '%s%n%x'], ['template', '${7*7}{{7*7}}'],
];
/** Other JSON values, for body properties. */
const VALUES: [label: string, value: unknown][] = [
  ['null', null], ['true', true], ['zero', 0], ['minus one', -1], ['fraction', 1.5], ['2^53+1', 2 ** 53 + 1], ['1e308', 1e308], ['-1e308', -1e308],
  ['empty array', []], ['empty object', {}], ['array of NUL', ['\u0000']], ['operator object', { $gt: '' }],
  ['deep array', JSON.parse('['.repeat(200) + ']'.repeat(200)) as unknown], ['huge array', Array.from({ length: 5000 }, () => 'x')],
];

const TRUNCATED_MULTIPART = Buffer.from('--b\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG');

/** A string as a URL component: a lone surrogate as the bytes a hostile client sends (WTF-8), not a URIError. */
function urlEncode(s: string): string {
  let out = '';
  for (const ch of s) {
    const cu = ch.charCodeAt(0);
    if (ch.length === 1 && cu >= 0xd800 && cu <= 0xdfff) {
      out += [0xe0 | (cu >> 12), 0x80 | ((cu >> 6) & 0x3f), 0x80 | (cu & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(ch);
  }
  return out;
}
/** URL components: the strings encoded, and encodings that are themselves broken. */
const URL_VALUES: [label: string, raw: string][] = [
  ...STRINGS.map(([l, v]): [string, string] => [l, urlEncode(v)]),
  ['truncated UTF-8', '%E4%B8'], ['bad escape', '%zz'], ['overlong NUL', '%C0%80'], ['raw percent', '%'],
];

// ——— the OpenAPI document ———
interface Schema {
  type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[];
  enum?: unknown[]; const?: unknown; pattern?: string; format?: string; minLength?: number; maxLength?: number; minimum?: number; maximum?: number;
  minItems?: number; $ref?: string; default?: unknown;
}
interface Parameter { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema?: Schema }
interface Operation { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema?: Schema }> } }
interface Doc { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } }

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** Candidates for a patterned string: the first that satisfies the pattern and lengths is used. */
const PATTERNED = ['2026-03-02', '360731197805120015', '13907971234', '360731100', '3607', '0101', '0'.repeat(64),
  '00000000-0000-0000-0000-000000000000', '123456', 'ABCD2345', 'national', 'x'];

function makeSampler(doc: Doc, caseId: string) {
  const resolve = (s: Schema | undefined): Schema => {
    let x = s ?? {};
    for (let i = 0; x.$ref && i < 10; i++) x = doc.components?.schemas?.[x.$ref.replace('#/components/schemas/', '')] ?? {};
    return x;
  };
  /** A plausible value: what a well-behaved client would send (so a single hostile value goes deep). */
  const sample = (raw: Schema | undefined, name = '', depth = 0): unknown => {
    const s = resolve(raw);
    if (s.const !== undefined) return s.const;
    if (s.enum?.length) return s.enum[0];
    if (s.default !== undefined) return s.default;
    const branches = s.anyOf ?? s.oneOf;
    if (branches?.length) return sample(branches.find((b) => resolve(b).type !== 'null') ?? branches[0], name, depth);
    if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((b) => sample(b, name, depth) as object)) as unknown;
    const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
    switch (type) {
      case 'object': {
        if (depth > 6) return {};
        const out: Record<string, unknown> = {};
        for (const k of s.required ?? []) out[k] = sample(s.properties?.[k], k, depth + 1);
        return out;
      }
      case 'array': return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items, name, depth + 1));
      case 'integer': case 'number': return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1));
      case 'boolean': return false;
      case 'string': {
        if (s.format === 'date') return '2026-03-02';
        if (/^(id|caseId|earlierCaseId)$/.test(name)) return caseId;
        const fits = (v: string) => (!s.pattern || new RegExp(s.pattern, 'u').test(v)) && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);
        return PATTERNED.find(fits) ?? 'x'.repeat(Math.max(1, s.minLength ?? 1));
      }
      default: return null;
    }
  };
  /** Where a single value can go in a body: the paths of its properties (and array items), to depth 4. */
  const bodyPaths = (raw: Schema | undefined, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] => {
    const s = resolve(raw);
    if (prefix.length >= 4) return out;
    const branches = s.anyOf ?? s.oneOf;
    if (branches) {
      const b = branches.find((x) => resolve(x).type === 'object' || resolve(x).type === 'array');
      return b ? bodyPaths(b, prefix, out) : out;
    }
    if (s.properties) {
      for (const [k, p] of Object.entries(s.properties)) {
        out.push([...prefix, k]);
        bodyPaths(p, [...prefix, k], out);
      }
    } else if (s.items) {
      out.push([...prefix, 0]);
      bodyPaths(s.items, [...prefix, 0], out);
    }
    return out;
  };
  /** A body with one value set at a path, building what is missing on the way. */
  const withValue = (body: unknown, path: (string | number)[], value: unknown): unknown => {
    const root = structuredClone(body ?? {}) as Record<string | number, unknown>;
    let at = root;
    path.forEach((k, i) => {
      if (i === path.length - 1) {
        at[k] = value;
        return;
      }
      const next = at[k];
      if (next === null || typeof next !== 'object') at[k] = typeof path[i + 1] === 'number' ? [] : {};
      at = at[k] as Record<string | number, unknown>;
    });
    return root;
  };
  return { resolve, sample, bodyPaths, withValue };
}

/**
 * The single-value probes of an operation, at most SINGLES_PER_OPERATION: every group (a parameter
 * or a body property) gets the same share, each a window of its corpus starting at a seeded offset,
 * so that across the groups (and the operations) every value is sent somewhere.
 */
const SINGLES_PER_OPERATION = Number(process.env.FUZZ_SINGLES ?? 160);
function pick(groups: Probe[][], random: () => number): Probe[] {
  const all = groups.reduce((n, g) => n + g.length, 0);
  if (all <= SINGLES_PER_OPERATION) return groups.flat();
  const share = Math.max(4, Math.floor(SINGLES_PER_OPERATION / groups.length));
  return groups.flatMap((g) => {
    const start = Math.floor(random() * g.length);
    return Array.from({ length: Math.min(share, g.length) }, (_, j) => g[(start + j) % g.length]!);
  });
}

/**
 * Bodies the generated sample cannot make acceptable (a petition must pass the registration rules
 * before anything is written): a hostile value in one of their properties then goes as deep as it
 * can. An operation not listed here gets the sample generated from its schema.
 */
const KNOWN_BODIES: Record<string, () => unknown> = {
  'POST /api/cases': () => ({ petition: samplePetition({ receivedOn: '2026-03-02' }) }),
  'POST /api/public/petitions': () => publicPetition(),
};

// ——— the principals ———
/** One staff member per role (README: the demo's roles), then a portal session and no one. */
const STAFF = ['admin', 'secadmin', 'auditor', 'xfj_clerk', 'xfj_officer', 'xfj_leader', 'xfj_viewer', 'rsj_handler', 'rsj_leader', 'jw_handler'];
const clock = new FakeClock('2026-03-02');
let srv: Awaited<ReturnType<typeof portalServer>>;
let caseId = '';

beforeAll(async () => {
  srv = await portalServer(clock);
  const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-03-02' }) });
  if (r.statusCode !== 201) throw new Error(`register: ${r.statusCode} ${r.body}`);
  caseId = r.json<{ case: { id: string } }>().case.id;
}, 120_000);
afterAll(async () => {
  await srv.close();
});

/** What a probe changes in the plausible request. */
interface Override {
  path?: Record<string, string>; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown; raw?: string | Buffer; type?: string;
}

interface Probe {
  method: string; url: string; headers: Record<string, string>; payload?: string | Buffer;
  /** For the report. */
  where: string; label: string;
}

describe('fuzz: every route of /api/openapi.json with hostile values, as every role, a portal session and anonymous', () => {
  it('never answers 5xx', async () => {
    const started = performance.now();
    const random = prng(SEED);
    const doc = (await srv.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<Doc>();
    const { sample, bodyPaths, withValue } = makeSampler(doc, caseId);

    // Credentials, renewed when a route (log-out, session revocation) ends one.
    const credentials = new Map<string, Record<string, string>>();
    const staffHeaders = async (u: string) => {
      const r = await srv.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: 'Minsheng@2026' } });
      return r.statusCode === 200 ? { authorization: `Bearer ${r.json<{ token: string }>().token}` } : null;
    };
    const portalHeaders = async () => {
      const receipt = await srv.submit();
      return srv.follow(receipt.queryCode);
    };
    const renew = async (p: string) => {
      const h = p === 'anonymous' ? {} : p === 'portal' ? await portalHeaders() : await staffHeaders(p);
      if (h) credentials.set(p, h);
      else credentials.delete(p); // locked out: no longer used
    };
    const PRINCIPALS = [...STAFF, 'portal', 'anonymous'];
    for (const p of PRINCIPALS) await renew(p);
    const stillValid = async (p: string) => {
      const url = p === 'portal' ? '/api/public/case' : '/api/auth/me';
      return (await srv.app.inject({ method: 'GET', url, headers: credentials.get(p) })).statusCode !== 401;
    };

    const failures: string[] = [];
    let requests = 0;
    const send = async (p: string, probe: Probe) => {
      const auth = credentials.get(p);
      if (!auth) return null;
      if (DRY) {
        requests++;
        return 200;
      }
      const r = await srv.app.inject({ method: probe.method as 'GET', url: probe.url, headers: { ...probe.headers, ...auth }, payload: probe.payload });
      requests++;
      if (VERBOSE && ONLY) console.log(`${p} ${probe.method} ${probe.url.slice(0, 100)} ${probe.where}=${probe.label} → ${r.statusCode}`);
      if (r.statusCode >= 500) {
        failures.push(`${probe.method} ${probe.url.split('?')[0]!.slice(0, 120)} ${probe.where} = ${probe.label} as ${p} → ${r.statusCode} ${r.body.slice(0, 120)}`);
      }
      return r.statusCode;
    };

    let operations = 0;
    let serial = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.has(method) || (ONLY && !ONLY.test(`${method.toUpperCase()} ${path}`))) continue;
        operations++;
        const M = method.toUpperCase();
        const params = op.parameters ?? [];
        const jsonBody = op.requestBody?.content['application/json']?.schema;
        const hasBody = M !== 'GET' && M !== 'DELETE';
        // A plausible request: every parameter and the body as a client would send them.
        const base = {
          path: Object.fromEntries(params.filter((x) => x.in === 'path').map((x) => [x.name, urlEncode(String(sample(x.schema, x.name) as string | number))])),
          query: Object.fromEntries(params.filter((x) => x.in === 'query' && x.required).map((x) => [x.name, urlEncode(String(sample(x.schema, x.name) as string | number))])),
          headerNames: params.filter((x) => x.in === 'header').map((x) => x.name),
          body: jsonBody ? KNOWN_BODIES[`${M} ${path}`]?.() ?? sample(jsonBody) : undefined,
        };
        const build = (over: Override, where: string, label: string): Probe => {
          const pathVals = { ...base.path, ...over.path };
          const url = path.replace(/\{([^}]+)\}/g, (_m, n: string) => pathVals[n] ?? 'x');
          const q = Object.entries({ ...base.query, ...over.query }).map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');
          // A fresh value for each request (an Idempotency-Key would otherwise replay the first answer).
          const headers: Record<string, string> = { ...Object.fromEntries(base.headerNames.map((n) => [n, `fuzz-key-${String(++serial).padStart(8, '0')}`])), ...over.headers };
          let payload: string | Buffer | undefined;
          if (over.raw !== undefined) payload = over.raw;
          else if (hasBody) payload = JSON.stringify(over.body !== undefined ? over.body : base.body ?? {});
          if (payload !== undefined) headers['content-type'] = over.type ?? 'application/json';
          return { method: M, url: q ? `${url}?${q}` : url, headers, payload, where, label };
        };

        // Who passes this route's authorisation with the plausible request: they get the single values.
        const plausible = build({}, 'plausible', '-');
        const admitted: string[] = [];
        for (const p of PRINCIPALS) {
          const st = await send(p, plausible);
          if (st !== null && st !== 401 && st !== 403) admitted.push(p);
        }
        const rotation = admitted.length ? admitted : PRINCIPALS;

        const groups: Probe[][] = [];
        for (const prm of params) {
          const group: Probe[] = [];
          if (prm.in === 'path') for (const [label, raw] of URL_VALUES) group.push(build({ path: { [prm.name]: raw } }, `path ${prm.name}`, label));
          if (prm.in === 'query') {
            for (const [label, raw] of URL_VALUES) group.push(build({ query: { [prm.name]: raw } }, `query ${prm.name}`, label));
            group.push(build({ query: { [prm.name]: `a&${encodeURIComponent(prm.name)}=b` } }, `query ${prm.name}`, 'repeated'));
          }
          if (prm.in === 'header') {
            for (const [label, v] of STRINGS) {
              try {
                validateHeaderValue(prm.name, v);
              } catch {
                continue; // no HTTP client can send it: Node's parser refuses it before Fastify
              }
              group.push(build({ headers: { [prm.name]: v } }, `header ${prm.name}`, label));
            }
          }
          if (group.length) groups.push(group);
        }
        if (jsonBody) {
          for (const bp of bodyPaths(jsonBody)) {
            groups.push(([...STRINGS, ...VALUES] as [string, unknown][]).map(([label, v]) => build({ body: withValue(base.body, bp, v) }, `body ${bp.join('.')}`, label)));
          }
          groups.push([build({ body: withValue(base.body, ['__fuzz_extra\u0000'], 1) }, 'body (property name)', 'NUL')]);
        }
        const singles = pick(groups, random);
        const wholes: Probe[] = hasBody ? [
          build({ raw: '{"a":' }, 'body', 'truncated JSON'),
          build({ raw: 'not json' }, 'body', 'not JSON'),
          build({ raw: '[]' }, 'body', 'array'),
          build({ raw: '"x"' }, 'body', 'a string'),
          build({ raw: 'null' }, 'body', 'null'),
          build({ raw: '' }, 'body', 'empty'),
          build({ raw: '\ufeff{}' }, 'body', 'BOM'),
          build({ raw: '{"__proto__":{"x":1}}' }, 'body', '__proto__'),
          build({ raw: '['.repeat(20_000) + ']'.repeat(20_000) }, 'body', 'nested 20000 deep'),
          build({ raw: `{"a":"${'x'.repeat(2_000_000)}"}` }, 'body', '2 MB'),
          build({ raw: 'a=1&b=2', type: 'application/x-www-form-urlencoded' }, 'body', 'form-urlencoded'),
          build({ raw: 'x', type: 'text/plain' }, 'body', 'text/plain'),
          build({ raw: TRUNCATED_MULTIPART, type: 'multipart/form-data; boundary=b' }, 'body', 'truncated multipart'),
          build({ raw: 'garbage', type: 'multipart/form-data' }, 'body', 'multipart without boundary'),
        ] : [];

        const opStart = performance.now();
        const opRequests = requests;
        let lost = false;
        for (const [i, probe] of singles.entries()) {
          const p = rotation[i % rotation.length]!;
          if ((await send(p, probe)) === 401 && admitted.includes(p)) lost = true;
          if (random() < 0.125) await send(PRINCIPALS[Math.floor(random() * PRINCIPALS.length)]!, probe);
        }
        // Every whole-body variant to one admitted principal; one of them, in turn, to each of the others.
        for (const [i, probe] of wholes.entries()) {
          if ((await send(rotation[0]!, probe)) === 401 && admitted.length) lost = true;
          for (const [j, p] of PRINCIPALS.entries()) if (p !== rotation[0] && (j + operations) % wholes.length === i) await send(p, probe);
        }
        if (VERBOSE) console.log(`${M} ${path}: ${singles.length} singles, ${requests - opRequests} requests, ${(performance.now() - opStart).toFixed(0)} ms`);
        // A route that ends a session (log-out, log-in over a session, revocation) must not leave the
        // rest of the run anonymous: after any write, every session is checked and renewed.
        if (lost || M !== 'GET') for (const p of PRINCIPALS) if (p !== 'anonymous' && credentials.has(p) && !(await stillValid(p))) await renew(p);
      }
    }

    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz: ${operations} operations, ${requests} requests in ${seconds.toFixed(1)} s (${(requests / seconds).toFixed(0)}/s); principals left: ${[...credentials.keys()].join(', ')}`);
    if (!ONLY) expect(operations, 'the document lists the routes').toBeGreaterThan(50);
    const usable = [];
    for (const p of PRINCIPALS) if (p === 'anonymous' || (credentials.has(p) && await stillValid(p))) usable.push(p);
    expect(usable, 'every principal was still usable at the end').toEqual(PRINCIPALS);
    expect(failures, `${failures.length} answers 5xx:\n${failures.slice(0, 200).join('\n')}`).toEqual([]);
  }, 300_000);
});
