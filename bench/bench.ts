/**
 * `npm run bench -- [--n 100000,1000000] [--iterations 300] [--warmup 30] [--registrations 1000] [--concurrency 8] [--user name] [--explain]`
 *
 * On the data sets of `npm run bench:seed` (built first when missing; PGlite, or DATABASE_URL's
 * server): each read of the workbench through the services against the equivalent SQL written by
 * hand, interleaved in the same run — the queue (pages 1 and 20, each filter the screen offers),
 * the ledger with filters, the dashboard summary, the reminders bell, a case's detail and the
 * lookup by ID number — then registration over HTTP (event, documents, outbox, audit) against
 * single-row insert transactions. Prints a table per size and the growth between sizes.
 * --explain prints EXPLAIN (ANALYZE, BUFFERS) of every query the services sent for each read.
 *
 * Registration adds its cases to the data set (county petition office; the raw rows are closed,
 * so they appear in no queue): --registrations 0 leaves the set as it was.
 */
import { cpus } from 'node:os';
import { sql, type SQL } from 'drizzle-orm';
import { compose, type Services } from '../src/compose.js';
import { TOTAL_CAP } from '../src/app/capped-count.js';
import { openContent } from '../src/app/personal-data.js';
import { accusedBlockIds, scopeOrganIds } from '../src/domain/access/case-visibility.js';
import { addDays, chinaDate } from '../src/domain/calendar/dates.js';
import { idNumberCheckChar } from '../src/domain/identity/id-number.js';
import { OPEN_PHASES } from '../src/domain/model/case-states.js';
import type { CaseRecord } from '../src/domain/model/case.js';
import type { StaffUser } from '../src/domain/model/user.js';
import { buildServer } from '../src/http/server.js';
import { DEMO_PASSWORD } from '../src/demo/organ-tree.js';
import { createRng } from '../src/demo/seed-cases.js';
import { resultRows, type Database } from '../src/store/database.js';
import { samplePetition } from '../test/support/petitions.js';
import { arg, benchCrypto, openBenchDatabase } from './bench-db.js';
import { ms, pct, table } from './report.js';
import { seedBench, seededCount } from './seed-data.js';

const SIZES = (arg('--n') ?? '100000').split(',').map(Number);
const ITERATIONS = Number(arg('--iterations') ?? 300);
const WARMUP = Number(arg('--warmup') ?? 30);
const REGISTRATIONS = Number(arg('--registrations') ?? 1000);
const CONCURRENCY = Number(arg('--concurrency') ?? (process.env.DATABASE_URL ? 8 : 1));
const EXPLAIN = process.argv.includes('--explain');
/** Whose workbench: by default a handler or officer of the organ with the most open cases. */
const USER = arg('--user');
if (SIZES.some((n) => !Number.isInteger(n) || n < 100)) throw new Error('--n: sizes ≥ 100, comma-separated');
const log = (s: string) => process.stderr.write(`${s}\n`);

// ——— the queries sent by the services, for --explain ———
interface Captured { text: string; params: unknown[] }
let capturing: Captured[] | null = null;
function captureQueries(database: Database): void {
  // drizzle's session logger sees every statement with its parameters.
  const session = (database.db as unknown as { session: { logger: { logQuery(q: string, p: unknown[]): void } } }).session;
  session.logger = { logQuery: (text, params) => capturing?.push({ text, params }) };
}
async function explain(database: Database, label: string, q: Captured): Promise<void> {
  interface Client { query(t: string, p: unknown[]): Promise<{ rows: Record<string, unknown>[] }> }
  const client = (database.db as unknown as { session: { client: Client } }).session.client;
  const r = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.params);
  console.log(`\n-- ${label}\n-- ${q.text.replace(/\s+/g, ' ').slice(0, 400)}\n${r.rows.map((x) => String(Object.values(x)[0])).join('\n')}`);
}

interface Row { label: string; api: number[]; raw: number[] }

async function measureSize(n: number): Promise<{ n: number; rows: Row[]; registration?: { api: number; raw: number }; context: string }> {
  const bench = await openBenchDatabase(n);
  const { database } = bench;
  const crypto = benchCrypto();
  try {
    if (await seededCount(database) !== n) {
      log(`seeding ${n.toLocaleString()} cases into ${bench.where} (npm run bench:seed builds it once) …`);
      const counties = Math.max(1, Math.min(99, Math.round(n / 10_000)));
      const r = await seedBench(database, { n, counties, years: 3, today: chinaDate(new Date()), crypto, log });
      log(`seeded in ${r.seconds.toFixed(0)} s`);
    }
    const { db } = database;
    await db.execute(sql`ANALYZE`);
    const services: Services = compose(database, { crypto });
    const snap = await services.ref.get();
    const today = chinaDate(new Date());
    const rows = resultRows;
    const raw = (q: SQL) => db.execute(q);

    // The busiest organ of the demo county and a user of it who sees its queue.
    const busiest = rows<{ organ: string; n: number }>(await raw(sql`SELECT acting_organ_id AS organ, count(*)::int AS n FROM cases
      WHERE open AND acting_organ_id IN (SELECT organ_id FROM users WHERE username NOT LIKE 'k%\\_%' AND username NOT LIKE 'c%\\_%')
      GROUP BY 1 ORDER BY 2 DESC LIMIT 1`))[0]!;
    const named = USER ? [...snap.users.values()].find((u) => u.username === USER) : undefined;
    if (USER && !named) throw new Error(`--user ${USER}: no such user`);
    const user: StaffUser = named ?? [...snap.users.values()].find((u) => u.organId === busiest.organ && (u.roles.includes('petition_officer') || u.roles.includes('handler')))!;
    const open = rows<{ n: number }>(await raw(sql`SELECT count(*)::int AS n FROM cases WHERE open AND acting_organ_id = ${user.organId}`))[0]!.n;
    const blocked = accusedBlockIds(user, snap.organs);
    const context = `user ${user.username} (${user.organId}: ${open.toLocaleString()} open cases in its queue)`;
    log(`${n.toLocaleString()}: ${context}`);

    const lrng = createRng(7);
    const out: Row[] = [];
    const measure = async (label: string, api: () => Promise<unknown>, rawQ: () => Promise<unknown>) => {
      const a: number[] = [], r: number[] = [];
      for (let i = 0; i < WARMUP + ITERATIONS; i++) {
        if (i % 50 === 49) await new Promise((res) => setImmediate(res));
        const order = lrng.chance(0.5) ? [['api', api], ['raw', rawQ]] as const : [['raw', rawQ], ['api', api]] as const;
        for (const [which, fn] of order) {
          const t = performance.now();
          await fn();
          const dt = performance.now() - t;
          if (i >= WARMUP) (which === 'api' ? a : r).push(dt);
        }
      }
      out.push({ label, api: a, raw: r });
      log(`  ${label}: ${ms(pct(a, 50))} vs ${ms(pct(r, 50))} ms`);
      if (EXPLAIN) {
        capturing = [];
        await api();
        const qs = capturing;
        capturing = null;
        for (const q of qs) await explain(database, label, q);
      }
    };
    if (EXPLAIN) captureQueries(database);

    // ——— the queue (待办) ———
    const scope = sql`NOT (accused_organ_ids && ${sql.param(blocked)}::text[]) AND NOT (kind = 'accusation' AND involved_user_ids @> ARRAY[${user.id}]::text[])`;
    const queueRaw = (extra: SQL, page: number) => () => Promise.all([
      raw(sql`SELECT id, number, title, state, channel, kind, holder_organ_id, acting_organ_id, received_on, next_due, next_due_provisional, simplified, category_code, region_code
        FROM cases WHERE acting_organ_id = ${user.organId} AND open AND ${scope} ${extra} ORDER BY next_due ASC NULLS LAST, id LIMIT 50 OFFSET ${(page - 1) * 50}`),
      raw(sql`SELECT count(*)::int FROM (SELECT 1 FROM cases WHERE acting_organ_id = ${user.organId} AND open AND ${scope} ${extra} LIMIT ${TOTAL_CAP + 1}) t`),
    ]);
    const biggestStage = OPEN_PHASES.map((g) => g.key)[0]!;
    const stage = OPEN_PHASES.find((g) => g.key === biggestStage)!;
    const inList = (xs: readonly string[]) => sql.join(xs.map((x) => sql`${x}`), sql`, `);
    const queueCases: [string, Record<string, string>, SQL, number][] = [
      ['queue, page 1', {}, sql``, 1],
      ['queue, page 20', {}, sql``, 20],
      [`queue: stage ${stage.label}`, { stage: stage.key }, sql`AND state IN (${inList(stage.states)})`, 1],
      ['queue: overdue', { due: 'overdue' }, sql`AND next_due < ${today}`, 1],
      ['queue: due in 3 days', { due: 'soon' }, sql`AND next_due >= ${today} AND next_due <= ${addDays(today, 3)}`, 1],
      ['queue: channel letter', { channel: 'letter' }, sql`AND channel = 'letter'`, 1],
      ['queue: text 工资', { q: '工资' }, sql`AND (number LIKE '%工资%' OR title LIKE '%工资%')`, 1],
      ['queue: assigned to me', { assignedToMe: 'true' }, sql`AND assignee_id = ${user.id}`, 1],
    ];
    for (const [label, f, extra, page] of queueCases) {
      await measure(label, () => services.workbench.queue(user, { ...f, assignedToMe: f.assignedToMe === 'true' ? true : undefined, page }), queueRaw(extra, page));
    }

    // ——— the ledger (台账) ———
    const scopeIds = scopeOrganIds(user, snap.organs);
    const ledgerRaw = (extra: SQL) => () => Promise.all([
      raw(sql`SELECT id, number, title, state, channel, kind, holder_organ_id, received_on, next_due, next_due_provisional, simplified FROM cases
        WHERE (holder_organ_id IN (${inList(scopeIds)}) OR acting_organ_id IN (${inList(scopeIds)}) OR registrar_organ_id IN (${inList(scopeIds)})) AND ${scope} ${extra}
        ORDER BY received_on DESC, id LIMIT 50`),
      raw(sql`SELECT count(*)::int FROM (SELECT 1 FROM cases
        WHERE (holder_organ_id IN (${inList(scopeIds)}) OR acting_organ_id IN (${inList(scopeIds)}) OR registrar_organ_id IN (${inList(scopeIds)})) AND ${scope} ${extra}
        LIMIT ${TOTAL_CAP + 1}) t`),
    ]);
    const monthAgo = addDays(today, -30);
    await measure('ledger, no filter', () => services.cases.list(user, {}), ledgerRaw(sql``));
    await measure('ledger: last 30 days', () => services.cases.list(user, { receivedFrom: monthAgo, receivedTo: today }), ledgerRaw(sql`AND received_on >= ${monthAgo} AND received_on <= ${today}`));
    await measure('ledger: closed', () => services.cases.list(user, { state: 'closed' }), ledgerRaw(sql`AND state = 'closed'`));
    await measure('ledger: overdue', () => services.cases.list(user, { overdue: true }), ledgerRaw(sql`AND open AND next_due < ${today}`));

    // ——— the dashboard and the bell ———
    await measure('dashboard summary', () => services.workbench.summary(user), () => Promise.all([
      raw(sql`SELECT count(*)::int, count(*) FILTER (WHERE next_due < ${today})::int, count(*) FILTER (WHERE next_due BETWEEN ${today} AND ${addDays(today, 3)})::int,
        count(*) FILTER (WHERE assignee_id = ${user.id})::int, count(*) FILTER (WHERE supervised_organ_ids @> ARRAY[${user.organId}]::text[])::int
        FROM cases WHERE acting_organ_id = ${user.organId} AND open AND ${scope}`),
      raw(sql`SELECT state, count(*)::int FROM cases WHERE acting_organ_id = ${user.organId} AND open AND ${scope} GROUP BY state`),
      raw(sql`SELECT count(*)::int FROM cases WHERE open AND supervising_organ_ids @> ARRAY[${user.organId}]::text[]
        AND (holder_organ_id IN (${inList(scopeIds)}) OR acting_organ_id IN (${inList(scopeIds)}) OR registrar_organ_id IN (${inList(scopeIds)})) AND ${scope}`),
      // The scope's open cases in three disjoint parts (acting, else holder, else registrar in the scope), as the service counts them.
      ...[
        sql`acting_organ_id IN (${inList(scopeIds)})`,
        sql`holder_organ_id IN (${inList(scopeIds)}) AND acting_organ_id NOT IN (${inList(scopeIds)})`,
        sql`registrar_organ_id IN (${inList(scopeIds)}) AND holder_organ_id NOT IN (${inList(scopeIds)}) AND acting_organ_id NOT IN (${inList(scopeIds)})`,
      ].map((part) => raw(sql`SELECT count(*)::int, count(*) FILTER (WHERE next_due < ${today})::int FROM cases WHERE open AND ${part} AND ${scope}`)),
      raw(sql`SELECT count(*)::int FROM cases WHERE received_on >= ${addDays(today, -1)}
        AND (holder_organ_id IN (${inList(scopeIds)}) OR acting_organ_id IN (${inList(scopeIds)}) OR registrar_organ_id IN (${inList(scopeIds)})) AND ${scope}`),
      raw(sql`SELECT count(*)::int FROM (SELECT 1 FROM cases
        WHERE (holder_organ_id IN (${inList(scopeIds)}) OR acting_organ_id IN (${inList(scopeIds)}) OR registrar_organ_id IN (${inList(scopeIds)})) AND ${scope}
        LIMIT ${TOTAL_CAP + 1}) t`),
      raw(sql`SELECT next_due, count(*)::int FROM cases WHERE acting_organ_id = ${user.organId} AND open AND ${scope} AND next_due BETWEEN ${today} AND ${addDays(today, 13)} GROUP BY 1`),
    ]));
    // The bell's four reads: due or overdue in my queue, recent supervision orders on my organ's cases, approvals awaiting me, what I read.
    // (The first three are independent: sent at once, as the service does.)
    await measure('reminders bell', () => services.notifications.reminders(user), async () => {
      await Promise.all([
        raw(sql`SELECT id, number, title, next_due, next_due_provisional FROM cases
          WHERE acting_organ_id = ${user.organId} AND open AND ${scope} AND next_due <= ${addDays(today, 3)} ORDER BY next_due LIMIT 50`),
        raw(sql`SELECT c.id, c.number, c.title, e.seq, e.at, e.data FROM case_events e JOIN cases c ON c.id = e.case_id
          WHERE e.action = 'issue_supervision' AND c.holder_organ_id = ${user.organId} AND ${scope} AND e.on >= ${addDays(today, -30)} ORDER BY e.at DESC LIMIT 50`),
        raw(sql`SELECT id, number, title, state, version, record FROM cases WHERE approver_ids @> ARRAY[${user.id}]::text[] AND ${scope} LIMIT 50`),
      ]);
      await raw(sql`SELECT key FROM reminder_reads WHERE user_id = ${user.id} AND key = ANY(${sql.param(['x', 'y'])}::text[])`);
    });

    // ——— one case ———
    const sample = rows<{ id: string; record: CaseRecord }>(await raw(sql`SELECT id, record FROM cases WHERE acting_organ_id = ${user.organId} OR holder_organ_id = ${user.organId} LIMIT 500`));
    await measure('case detail', () => services.cases.detail(user, lrng.pick(sample).id), () => raw(sql`SELECT record FROM cases WHERE id = ${lrng.pick(sample).id}`));
    // (Not the sample petition's petitioner: earlier runs' registrations by that one person, before they drew their own.)
    const repeated = samplePetition({ receivedOn: today }).petitioners[0]?.idNumber;
    const idNumbers = sample.flatMap((c) => openContent(c.record.content, crypto, c.id).content.petitioners.map((p) => p.idNumber))
      .filter((x): x is string => !!x && x !== repeated).slice(0, 200);
    // The lookup is a read of personal data: audited, so the raw side writes a row of the same shape under the same lock (into a scratch table).
    await raw(sql`CREATE TABLE IF NOT EXISTS bench_audit_scratch (LIKE audit_log INCLUDING DEFAULTS)`);
    await measure('lookup by ID number', () => services.cases.lookup(user, { idNumber: lrng.pick(idNumbers) }), async () => {
      await raw(sql`SELECT DISTINCT c.id, c.number, c.title, c.state, c.channel, c.kind, c.holder_organ_id, c.received_on, c.next_due, c.next_due_provisional, c.simplified
        FROM cases c JOIN case_parties p ON p.case_id = c.id WHERE p.id_number_index = ${crypto.blindIndex('id', lrng.pick(idNumbers))} AND ${scope}
        AND (holder_organ_id IN (${inList(scopeIds)}) OR acting_organ_id IN (${inList(scopeIds)}) OR registrar_organ_id IN (${inList(scopeIds)}))
        ORDER BY c.received_on DESC LIMIT 50`);
      await db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(7)`);
        await tx.execute(sql`INSERT INTO bench_audit_scratch (seq, at, actor_id, actor_organ_id, action, target_type, target_id, outcome, detail, prev_hash, hash)
          VALUES (1, now(), ${user.id}, ${user.organId}, 'case.lookup', 'case', NULL, 'ok', '{"by":"id_number"}'::jsonb, ${'0'.repeat(64)}, ${'1'.repeat(64)})`);
      });
    });

    // ——— registration ———
    let registration: { api: number; raw: number } | undefined;
    if (REGISTRATIONS > 0) registration = await measureRegistration(database, services, REGISTRATIONS);
    return { n, rows: out, registration, context };
  } finally {
    await database.close();
  }
}

/**
 * The sample petition from a petitioner of its own (a valid ID number and a mobile drawn at random):
 * a thousand registrations by one person would make that person's lookup read a thousand cases.
 */
function newPetitioner(p: ReturnType<typeof samplePetition>): ReturnType<typeof samplePetition> {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
  const first17 = `360731${1950 + Math.floor(Math.random() * 50)}${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}${digits(3)}`;
  return { ...p, petitioners: p.petitioners.map((x) => ({ ...x, idNumber: first17 + idNumberCheckChar(first17), phone: `139${digits(8)}` })) };
}

/** Registrations per second: POST /api/cases over HTTP by the county's clerk, against single-row insert transactions. */
async function measureRegistration(database: Database, services: Services, count: number): Promise<{ api: number; raw: number }> {
  const { app } = await buildServer(database, { services });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  try {
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'xfj_clerk', password: DEMO_PASSWORD }) });
    const { token } = await login.json() as { token: string };
    const today = chinaDate(new Date());
    const run = async (fn: (i: number) => Promise<void>) => {
      let next = 0;
      const t = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < count; i = next++) await fn(i);
      }));
      return count / ((performance.now() - t) / 1000);
    };
    const api = await run(async () => {
      const r = await fetch(`${base}/api/cases`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
        body: JSON.stringify({ petition: newPetitioner(samplePetition({ receivedOn: today })) }),
      });
      if (r.status !== 201) throw new Error(`registration: ${r.status} ${await r.text()}`);
    });
    const latest: unknown = await database.db.execute(sql`SELECT * FROM cases ORDER BY created_at DESC LIMIT 1`);
    const template = (latest as { rows: Record<string, unknown>[] }).rows[0]!;
    const rawRate = await run(async (i) => {
      const id = `bench-raw-${Date.now()}-${i}`;
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO cases (id, number, state, open, profile_id, registrar_organ_id, holder_organ_id, acting_organ_id, next_due, received_on, channel, kind,
          category_code, region_code, title, simplified, accused_organ_ids, involved_user_ids, approver_ids, record, version, created_at, updated_at)
          VALUES (${id}, ${id}, 'closed', false, ${template.profile_id}, ${template.registrar_organ_id}, ${template.holder_organ_id}, ${template.acting_organ_id}, NULL,
          ${today}, ${template.channel}, ${template.kind}, ${template.category_code}, ${template.region_code}, ${template.title}, false, '{}', '{}', '{}',
          ${JSON.stringify(template.record)}::jsonb, 1, now(), now())`);
        await tx.execute(sql`INSERT INTO case_events (case_id, seq, action, at, "on", actor_id, actor_kind, actor_organ_id, from_state, to_state, data)
          VALUES (${id}, 1, 'register', now(), ${today}, 'u-xfj_clerk', 'staff', 'county-xfj', NULL, 'closed', '{}'::jsonb)`);
      });
    });
    return { api, raw: rawRate };
  } finally {
    await app.close();
  }
}

const results: Awaited<ReturnType<typeof measureSize>>[] = [];
for (const n of SIZES) results.push(await measureSize(n));

const kind = process.env.DATABASE_URL ? 'PostgreSQL server' : 'PGlite (embedded)';
console.log(`\n## Minsheng bench — ${kind}, ${cpus().length} CPUs (${cpus()[0]?.model ?? ''}), Node ${process.versions.node}`);
console.log(`${ITERATIONS} iterations after ${WARMUP} warm-up, API and raw SQL interleaved; times in ms.`);
for (const r of results) {
  console.log(`\n### ${r.n.toLocaleString()} cases — ${r.context}\n`);
  table(['read', 'API p50', 'raw p50', 'ratio', 'API p99', 'raw p99', 'ratio'], r.rows.map((x) => {
    const a50 = pct(x.api, 50), r50 = pct(x.raw, 50), a99 = pct(x.api, 99), r99 = pct(x.raw, 99);
    return [x.label, ms(a50), ms(r50), `${(a50 / r50).toFixed(2)}×`, ms(a99), ms(r99), `${(a99 / r99).toFixed(2)}×`];
  }), ['l', 'r', 'r', 'r', 'r', 'r', 'r']);
  if (r.registration) {
    const { api, raw } = r.registration;
    console.log(`\nregistration, ${CONCURRENCY} in flight: HTTP ${api.toFixed(0)}/s, raw insert transactions ${raw.toFixed(0)}/s — ${((api / raw) * 100).toFixed(0)} % of raw`);
  }
}
if (results.length > 1) {
  console.log(`\n### Growth, API p50 (ms) by size\n`);
  const first = results[0]!, last = results.at(-1)!;
  table(['read', ...results.map((r) => r.n.toLocaleString()), `×${(last.n / first.n).toFixed(0)} cases →`], first.rows.map((row, i) => {
    const vals = results.map((r) => pct(r.rows[i]!.api, 50));
    return [row.label, ...vals.map(ms), `×${(vals.at(-1)! / vals[0]!).toFixed(2)}`];
  }), ['l', ...results.map(() => 'r' as const), 'r']);
}
