/**
 * `npm run bench [-- --n 100000] [--concurrency 8] [--iterations 500] [--warmup 50] [--keep]`
 *
 * 1. Builds a database of N petitions through the same code paths as the API (CaseService.register
 *    and .act, the domain deciding every step) with a realistic spread over organs and states, and
 *    reports each phase's rate. On PostgreSQL (DATABASE_URL) several requests are in flight at once,
 *    each worker with its own services and clock, in a dedicated schema dropped afterwards; on PGlite
 *    (a fresh database in a temp dir) everything is serial anyway.
 * 2. Measures p50/p99 of the two hottest reads — my organ's queue (page of 50 by due date) and one
 *    case's detail — through the services and as the equivalent raw SQL on the same connection.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { seedReference } from '../src/demo/seed-reference.js';
import { DEMO_MATTERS, MovableClock, createRng, demoOpinionFor, demoPetition, type Rng, type TownKey, type Vars } from '../src/demo/seed-cases.js';
import { canSeeCase } from '../src/domain/access/case-visibility.js';
import { addDays, type IsoDate } from '../src/domain/calendar/dates.js';
import { DomainError } from '../src/domain/errors.js';
import type { ActionInputs } from '../src/domain/lifecycle/action-inputs.js';
import type { ActionName } from '../src/domain/lifecycle/action-rules.js';
import type { CaseRecord } from '../src/domain/model/case.js';
import type { StaffUser } from '../src/domain/model/user.js';
import { configOrThrow } from '../src/config/config.js';
import { fieldCryptoFromConfig } from '../src/config/keyring.js';
import { compose, type Services } from '../src/compose.js';
import { openDatabase, type Database } from '../src/store/database.js';

// ——— arguments ———
const argv = process.argv.slice(2);
function arg(name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}
const N = Number(arg('n') ?? 100_000);
const ITERATIONS = Number(arg('iterations') ?? 500);
const WARMUP = Number(arg('warmup') ?? 50);
const KEEP = argv.includes('--keep');
const URL_ = process.env.DATABASE_URL;
const CONCURRENCY = Number(arg('concurrency') ?? (URL_ ? 8 : 1));
if (!Number.isInteger(N) || N < 50) throw new Error('--n must be an integer ≥ 50');

// ——— database (and a throw-away key file, so nothing is left in the project) ———
const tempDir = mkdtempSync(join(tmpdir(), 'minsheng-bench-'));
const crypto = fieldCryptoFromConfig(configOrThrow({ ...process.env, MINSHENG_MODE: 'demo', MINSHENG_KEY_FILE: process.env.MINSHENG_KEY_FILE ?? join(tempDir, 'keys.json') }).keys);
const schemaName = `bench_${randomBytes(5).toString('hex')}`;
const database: Database = URL_ ? await openDatabase({ url: URL_, schemaName }) : await openDatabase({ dataDir: join(tempDir, 'pglite') });
let cleaned = false;
async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await database.close().catch(() => undefined);
  if (KEEP) {
    console.log(URL_ ? `kept schema ${schemaName} (keys in ${tempDir})` : `kept PGlite data in ${tempDir}`);
    return;
  }
  if (URL_) {
    const c = new pg.Client({ connectionString: URL_ });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schemaName} CASCADE; DROP SCHEMA IF EXISTS ${schemaName}_migrations CASCADE`);
    await c.end();
  }
  rmSync(tempDir, { recursive: true, force: true });
}
// Ctrl-C / kill: the workers stop after their current request, then the database is closed and
// removed as usual; a second signal exits at once.
let stopping = false;
class Interrupted extends Error {}
const stop = () => {
  if (stopping) process.exit(130);
  stopping = true;
  process.stderr.write('stopping after the requests in flight …\n');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
const checkStop = () => {
  if (stopping) throw new Interrupted('interrupted');
};

const log = (s: string) => process.stderr.write(`${s}\n`);

// ——— a clock per worker ———
interface Worker { services: Services; clock: MovableClock }

/** One planned case: who registers it, where it goes, how far it walks. */
interface Planned {
  registrar: string;
  route: 'forward' | 'assign' | 'forward_discipline' | 'forward_political_legal' | 'take_own_remit';
  target: string;
  handler: string | null;
  leader: string | null;
  reviewHandler: string | null;
  reviewLeader: string | null;
  matter: string;
  townKey?: TownKey;
  organs: string[];
  accused: string[];
  day: IsoDate;
  /** How far: 0 registered, 1 routed, 2 accepted/declined/diverted, 3 opinion, 4 served, 5 closed or review requested, 6 review accepted, 7 review decided. */
  reach: number;
  decision: 'accept' | 'decline' | 'divert';
  extend: boolean;
  after: 'close' | 'review' | 'none';
  id?: string;
  requests?: number[];
  vars?: Vars;
}

async function run(): Promise<void> {
  const tAll = performance.now();
  await seedReference(database.db);
  const setupServices = compose(database, { crypto });
  const snap = await setupServices.ref.get();
  const years = snap.calendar.years();
  const lastYear = years[years.length - 1]!;
  const rng = createRng(4242);

  // Staff of each organ, from the reference data.
  const staffOf = (organId: string, role: 'handler' | 'leader'): string | null =>
    [...snap.users.values()].find((u) => u.organId === organId && u.roles.includes(role) && u.roles.length <= 2)?.username
    ?? [...snap.users.values()].find((u) => u.organId === organId && u.roles.includes(role))?.username ?? null;
  const userOf = (username: string): StaffUser => {
    const u = [...snap.users.values()].find((x) => x.username === username);
    if (!u) throw new Error(`user ${username} missing`);
    return u;
  };
  const officeUser = (organId: string, prefer: 'intake_clerk' | 'petition_officer'): string =>
    ([...snap.users.values()].find((u) => u.organId === organId && u.roles.includes(prefer))
      ?? [...snap.users.values()].find((u) => u.organId === organId && (u.roles.includes('petition_officer') || u.roles.includes('intake_clerk'))))!.username;
  const TOWNS: Record<TownKey, { office: string; gov: string }> = {
    gj: { office: 'town-gj-xfb', gov: 'town-gj' }, tsl: { office: 'town-tsl-xfb', gov: 'town-tsl' }, pgs: { office: 'town-pgs-xfb', gov: 'town-pgs' },
  };
  const weighted = <T>(r: Rng, xs: readonly (readonly [T, number])[]) => r.weighted(xs);
  const staffed = DEMO_MATTERS.filter((m) => staffOf(m.deptOrganId, 'handler'));

  // Registration days spread from early January so every walk (≤ ~110 days) and every clock it
  // opens stays within the calendar's last year.
  const firstDay = `${lastYear}-01-05`;
  const span = 238; // … to the end of August
  const plan: Planned[] = [];
  for (let i = 0; i < N; i++) {
    const day = addDays(firstDay, Math.floor((i * span) / N));
    const where = weighted(rng, [['county', 50], ['town', 30], ['direct', 15], ['city', 5]] as const);
    let p: Planned;
    const base = { reviewHandler: 'xian_handler', reviewLeader: 'xian_leader', accused: [] as string[], day, reach: 0, decision: 'accept' as const, extend: false, after: 'none' as const };
    if (where === 'county') {
      const m = weighted(rng, DEMO_MATTERS.map((x) => [x, x.weight] as const));
      const route = m.kind === 'accusation' ? 'forward_discipline' : m.deptOrganId === 'county-zfw' ? 'forward_political_legal' : rng.chance(0.1) ? 'assign' : 'forward';
      const townKey = m.kind === 'accusation' ? rng.pick(['gj', 'tsl', 'pgs'] as const) : undefined;
      p = { ...base, registrar: officeUser('county-xfj', 'intake_clerk'), route, target: m.deptOrganId, handler: staffOf(m.deptOrganId, 'handler'), leader: staffOf(m.deptOrganId, 'leader'), matter: m.key, townKey, organs: [m.deptOrganId], accused: townKey ? [TOWNS[townKey].gov] : [] };
    } else if (where === 'town') {
      const townKey = rng.weighted([['gj', 4], ['tsl', 3], ['pgs', 3]] as const);
      const m = weighted(rng, DEMO_MATTERS.filter((x) => x.township).map((x) => [x, x.weight] as const));
      const gov = TOWNS[townKey].gov;
      p = { ...base, registrar: officeUser(TOWNS[townKey].office, 'intake_clerk'), route: 'forward', target: gov, handler: staffOf(gov, 'handler'), leader: staffOf(gov, 'leader'), matter: m.key, townKey, organs: [gov] };
    } else if (where === 'direct') {
      const m = weighted(rng, staffed.filter((x) => x.kind !== 'accusation' && x.deptOrganId.startsWith('county-') && x.deptOrganId !== 'county-zfw').map((x) => [x, x.weight] as const));
      const h = staffOf(m.deptOrganId, 'handler')!;
      p = { ...base, registrar: h, route: 'take_own_remit', target: m.deptOrganId, handler: h, leader: staffOf(m.deptOrganId, 'leader'), matter: m.key, organs: [m.deptOrganId] };
    } else {
      const m = weighted(rng, DEMO_MATTERS.filter((x) => ['wage', 'land', 'property'].includes(x.key)).map((x) => [x, x.weight] as const));
      p = { ...base, registrar: officeUser('city-xfj', 'petition_officer'), route: 'forward', target: 'county', handler: staffOf('county', 'handler'), leader: staffOf('county', 'leader'), matter: m.key, organs: ['county'], reviewHandler: staffOf('city', 'handler'), reviewLeader: staffOf('city', 'leader') };
    }
    // How far it goes: 60 % routed, 45 % accepted, 20 % opinion, 17 % served, 8.5 % closed, 2.5 % review requested …
    const x = rng.next();
    if (x < 0.6) {
      p.reach = 1;
      const y = rng.next();
      if (p.handler && y < 0.75) {
        p.reach = 2;
        p.extend = rng.chance(0.08) && p.leader !== null;
        if (p.leader && rng.chance(0.445)) {
          p.reach = 3;
          if (rng.chance(0.85)) {
            p.reach = 4;
            const z = rng.next();
            if (z < 0.5) { p.reach = 5; p.after = 'close'; } else if (z < 0.65 && p.reviewHandler && p.reviewLeader) {
              p.reach = 5;
              p.after = 'review';
              if (rng.chance(0.7)) p.reach = rng.chance(0.7) ? 7 : 6;
            }
          }
        }
      } else if (p.handler && y < 0.8) { p.reach = 2; p.decision = 'decline'; } else if (p.handler && y < 0.83) { p.reach = 2; p.decision = 'divert'; }
    }
    plan.push(p);
  }

  // Workers: their own services (and so their own clock and reference snapshot).
  const workers: Worker[] = Array.from({ length: CONCURRENCY }, () => {
    const clock = new MovableClock();
    return { clock, services: compose(database, { clock, crypto }) };
  });
  for (const w of workers) await w.services.ref.get();

  interface PhaseRow { phase: string; ok: number; refused: number; seconds: number; rate: number }
  const phases: PhaseRow[] = [];
  const refusals = new Map<string, number>();
  async function phase(name: string, items: number[], offset: number, fn: (w: Worker, p: Planned, i: number) => Promise<void>): Promise<void> {
    let next = 0;
    let ok = 0;
    let refused = 0;
    let lastLog = performance.now();
    const t0 = performance.now();
    await Promise.all(workers.map(async (w) => {
      for (let done = 0; ; done++) {
        // PGlite answers as microtasks: let the event loop turn now and then so signals get in.
        if (done % 50 === 49) await new Promise((r) => setImmediate(r));
        if (stopping) return;
        const k = next++;
        if (k >= items.length) return;
        const i = items[k]!;
        const p = plan[i]!;
        w.clock.set(addDays(p.day, offset), 9 * 60 + (i % 480));
        try {
          await fn(w, p, i);
          ok++;
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          refused++;
          const key = `${name}: ${e.code}`;
          refusals.set(key, (refusals.get(key) ?? 0) + 1);
          p.reach = Math.min(p.reach, -1); // stop walking this case
        }
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          log(`  ${name}: ${ok + refused}/${items.length} (${((ok + refused) / ((lastLog - t0) / 1000)).toFixed(0)}/s)`);
        }
      }
    }));
    checkStop();
    const seconds = (performance.now() - t0) / 1000;
    phases.push({ phase: name, ok, refused, seconds, rate: ok / seconds });
    log(`${name.padEnd(22)} ${String(ok).padStart(7)} in ${seconds.toFixed(1)} s  (${(ok / seconds).toFixed(0)}/s)${refused ? `, ${refused} refused` : ''}`);
  }
  const at = (min: number, pred: (p: Planned) => boolean = () => true) => plan.flatMap((p, i) => (p.reach >= min && pred(p) ? [i] : []));
  const act = <A extends ActionName>(w: Worker, who: string, p: Planned, action: A, input: ActionInputs[A]) =>
    w.services.cases.act(userOf(who), p.id!, action, input).then((r) => r.case);

  log(`Building ${N.toLocaleString()} petitions on ${database.kind === 'pglite' ? `PGlite (${tempDir}/pglite)` : `PostgreSQL, schema ${schemaName}`} with ${CONCURRENCY} in flight …`);
  const tBuild = performance.now();
  const prng = createRng(99);
  await phase('register', plan.map((_, i) => i), 0, async (w, p) => {
    const d = demoPetition(prng, { matter: p.matter, receivedOn: p.day, townKey: p.townKey, organs: p.organs, accused: p.accused });
    // The demo's attachments name files nobody uploaded, and a petition may refer only to its registrar's
    // uploads (docs/decisions/019): the bench measures queues, not uploads, so it registers without them.
    const r = await w.services.cases.register(userOf(p.registrar), { ...d.content, attachments: [] });
    p.id = r.case.id;
    p.requests = d.content.requests.map((x) => x.no);
    p.vars = d.vars;
  });
  await phase('route (forward/assign…)', at(1), 2, async (w, p) => {
    const office = p.registrar;
    if (p.route === 'take_own_remit') await act(w, p.handler!, p, 'take_own_remit', { howHandled: '由本机关依法受理办理。' });
    else if (p.route === 'assign') await act(w, officeUser(userOf(office).organId, 'petition_officer'), p, 'assign', { targetOrganId: p.target, reportBackDue: addDays(p.day, 100), note: '' });
    else await act(w, officeUser(userOf(office).organId, 'petition_officer'), p, p.route as 'forward', { targetOrganId: p.target, note: '请依法办理。' });
  });
  await phase('accept', at(2, (p) => p.decision === 'accept'), 5, async (w, p) => { await act(w, p.handler!, p, 'accept', { note: '' }); });
  // Refusing a forwarded matter has one ground (Art 19 ¶3) the bench does not model: its refusals are diversions to a statutory channel.
  await phase('divert', at(2, (p) => p.decision !== 'accept'), 6, async (w, p) => {
    if (p.decision === 'decline') await act(w, p.handler!, p, 'divert', { route: 'arbitration', guidance: '请依法申请劳动人事争议仲裁。' });
    else await act(w, p.handler!, p, 'divert', { route: 'litigation', guidance: '请依法向人民法院提起诉讼。' });
  });
  const pendingId = (c: CaseRecord) => c.approvals.find((a) => a.status === 'pending')!.id;
  await phase('extension (ask + approve)', at(2, (p) => p.extend && p.decision === 'accept'), 35, async (w, p) => {
    const c = await act(w, p.handler!, p, 'request_extension', { days: 30, reason: '案情复杂，需进一步调查。', approverId: userOf(p.leader!).id });
    await act(w, p.leader!, p, 'approve_extension', { approvalId: pendingId(c) });
  });
  await phase('opinion (draft + sign)', at(3), 45, async (w, p) => {
    const c = await act(w, p.handler!, p, 'draft_opinion', demoOpinionFor(prng, p.requests!, p.matter, p.vars!, userOf(p.leader!).id));
    await act(w, p.leader!, p, 'sign_opinion', { approvalId: pendingId(c) });
  });
  await phase('serve', at(4), 48, async (w, p) => { await act(w, p.handler!, p, 'serve', { method: 'mail', servedOn: addDays(p.day, 48) }); });
  await phase('submit + approve report', at(4, (p) => p.route === 'assign'), 50, async (w, p) => {
    await act(w, p.handler!, p, 'submit_report', { text: '已办结。' });
    await act(w, 'xfj_officer', p, 'approve_report', { note: '' });
  });
  await phase('close', at(5, (p) => p.after === 'close'), 92, async (w, p) => { await act(w, p.handler!, p, 'close', { note: '' }); });
  await phase('request_review', at(5, (p) => p.after === 'review'), 60, async (w, p) => { await act(w, p.reviewHandler!, p, 'request_review', { reasons: '对处理意见不服。' }); });
  await phase('accept_review', at(6, (p) => p.after === 'review'), 63, async (w, p) => { await act(w, p.reviewHandler!, p, 'accept_review', { note: '' }); });
  await phase('review opinion', at(7, (p) => p.after === 'review'), 80, async (w, p) => {
    const c = await act(w, p.reviewHandler!, p, 'draft_review_opinion', { ...demoOpinionFor(prng, p.requests!, p.matter, p.vars!, userOf(p.reviewLeader!).id), facts: '经复查，原处理意见认定事实清楚。', basis: '《信访工作条例》第三十五条', decision: 'uphold' });
    await act(w, p.reviewLeader!, p, 'sign_review_opinion', { approvalId: pendingId(c) });
  });
  const buildSeconds = (performance.now() - tBuild) / 1000;
  for (const p of plan) { p.vars = undefined; p.requests = undefined; }

  // ——— what was built ———
  const db = database.db;
  const rows = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[]));
  const states = rows<{ state: string; n: number }>(await db.execute(sql`SELECT state, count(*)::int AS n FROM cases GROUP BY state ORDER BY n DESC`));
  const top = rows<{ organ: string; n: number }>(await db.execute(sql`SELECT acting_organ_id AS organ, count(*)::int AS n FROM cases WHERE open GROUP BY acting_organ_id ORDER BY n DESC LIMIT 30`));
  const sizes = rows<{ events: number; documents: number }>(await db.execute(sql`SELECT (SELECT count(*) FROM case_events)::int AS events, (SELECT count(*) FROM documents)::int AS documents`))[0]!;
  await db.execute(sql`ANALYZE`);

  // ——— latency ———
  // The organ with the most open cases that has staff to look at its queue.
  const staffAt = (organId: string) => [...snap.users.values()].filter((u) => u.organId === organId && (u.roles.includes('petition_officer') || u.roles.includes('handler') || u.roles.includes('intake_clerk')));
  const busiest = top.find((t) => staffAt(t.organ).length > 0) ?? top[0]!;
  const organ = busiest.organ;
  const openCount = busiest.n;
  const organUsers = staffAt(organ);
  const user: StaffUser = organUsers.find((u) => u.roles.includes('petition_officer')) ?? organUsers[0]!;
  const reader = compose(database, { crypto, clock: { now: () => new Date(`${lastYear}-09-15T02:00:00Z`) } });
  const rsnap = await reader.ref.get();
  const pages = Math.max(1, Math.min(20, Math.ceil(openCount / 50)));
  const sample = rows<{ id: string; record: CaseRecord }>(await db.execute(sql`SELECT id, record FROM cases ORDER BY md5(id) LIMIT 4000`));
  let visible = sample.filter((r) => canSeeCase(r.record, user, rsnap.organs)).map((r) => r.id);
  if (visible.length < 50) visible = rows<{ id: string }>(await db.execute(sql`SELECT id FROM cases WHERE holder_organ_id = ${organ} LIMIT 2000`)).map((r) => r.id);
  sample.length = 0;
  const lrng = createRng(7);

  interface Pair { api: () => Promise<unknown>; raw: () => Promise<unknown> }
  async function measure(make: () => Pair): Promise<{ api: number[]; raw: number[] }> {
    const api: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      if (i % 50 === 49) await new Promise((r) => setImmediate(r));
      checkStop();
      const pair = make();
      const order = lrng.chance(0.5) ? (['api', 'raw'] as const) : (['raw', 'api'] as const);
      for (const which of order) {
        const t = performance.now();
        await pair[which]();
        const dt = performance.now() - t;
        if (i >= WARMUP) (which === 'api' ? api : raw).push(dt);
      }
    }
    return { api, raw };
  }
  const queue = await measure(() => {
    const page = lrng.int(1, pages);
    return {
      api: () => reader.workbench.queue(user, { page }),
      raw: () => db.execute(sql`SELECT id, number, title, state, channel, received_on, next_due, simplified FROM cases WHERE acting_organ_id = ${organ} AND open ORDER BY next_due ASC NULLS LAST, id LIMIT 50 OFFSET ${(page - 1) * 50}`),
    };
  });
  const detail = await measure(() => {
    const id = lrng.pick(visible);
    return {
      api: () => reader.cases.detail(user, id),
      raw: () => db.execute(sql`SELECT record FROM cases WHERE id = ${id}`),
    };
  });
  const totalSeconds = (performance.now() - tAll) / 1000;

  // ——— report ———
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  };
  const table = (head: string[], body: (string | number)[][], align: ('l' | 'r')[]) => {
    const cells = [head, ...body.map((r) => r.map(String))];
    const w = head.map((_, c) => Math.max(...cells.map((r) => Array.from(r[c] ?? '').reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0))));
    const pad = (s: string, c: number) => {
      const len = Array.from(s).reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
      return align[c] === 'r' ? ' '.repeat(w[c]! - len) + s : s + ' '.repeat(w[c]! - len);
    };
    const line = (r: string[]) => `| ${r.map((s, c) => pad(s, c)).join(' | ')} |`;
    console.log(line(head));
    console.log(`|${w.map((x, c) => (align[c] === 'r' ? `${'-'.repeat(x + 1)}:` : `:${'-'.repeat(x + 1)}`)).join('|')}|`);
    for (const r of cells.slice(1)) console.log(line(r));
  };
  const ms = (x: number) => x.toFixed(3);
  console.log('');
  console.log(`## Minsheng bench — ${database.kind === 'pglite' ? 'PGlite (embedded)' : 'PostgreSQL'}, N = ${N.toLocaleString()}, ${CONCURRENCY} in flight, ${cpus().length} CPUs, Node ${process.versions.node}`);
  console.log('');
  table(['build phase', 'ok', 'refused', 'seconds', 'per second'],
    phases.map((p) => [p.phase, p.ok, p.refused, p.seconds.toFixed(1), p.rate.toFixed(0)]), ['l', 'r', 'r', 'r', 'r']);
  console.log('');
  console.log(`registration: ${phases[0]!.rate.toFixed(0)} cases/s; build total ${buildSeconds.toFixed(1)} s; ${sizes.events.toLocaleString()} events, ${sizes.documents.toLocaleString()} documents`);
  if (refusals.size) console.log(`refusals: ${[...refusals].map(([k, n]) => `${k} ×${n}`).join('; ')}`);
  console.log(`states: ${states.map((s) => `${s.state} ${s.n}`).join(', ')}`);
  console.log(`largest queues (open cases by acting organ): ${top.slice(0, 6).map((t) => `${t.organ} ${t.n}`).join(', ')}`);
  console.log('');
  console.log(`Latency over ${ITERATIONS} iterations after ${WARMUP} warm-up, interleaved; user ${user.username} (${organ}, ${openCount} open cases, pages 1–${pages}); ${visible.length} visible ids for detail.`);
  console.log('');
  const rowOf = (label: string, m: { api: number[]; raw: number[] }) => {
    const a50 = pct(m.api, 50), r50 = pct(m.raw, 50), a99 = pct(m.api, 99), r99 = pct(m.raw, 99);
    return [label, ms(a50), ms(r50), `${(a50 / r50).toFixed(2)}×`, ms(a99), ms(r99), `${(a99 / r99).toFixed(2)}×`];
  };
  table(['query', 'API p50 ms', 'raw p50 ms', 'p50 ratio', 'API p99 ms', 'raw p99 ms', 'p99 ratio'],
    [rowOf('queue: my organ, page of 50 by due date', queue), rowOf('detail: one case', detail)], ['l', 'r', 'r', 'r', 'r', 'r', 'r']);
  console.log('');
  console.log(`total ${totalSeconds.toFixed(1)} s`);
}

try {
  await run();
} catch (e) {
  if (!(e instanceof Interrupted)) throw e;
  process.exitCode = 130;
} finally {
  await cleanup();
}
