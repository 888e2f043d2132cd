/**
 * `npm run bench:stats -- [--n 1000000] [--iterations 50] [--warmup 5] [--organ county] [--user xfj_officer] [--explain]`
 *
 * On the data set of `npm run bench:seed` (PGlite, or DATABASE_URL's server): a county's
 * indicators for the last year with its direct subordinates (by=child), and with 环比/同比, through
 * the statistics service, each against the same figures computed by hand-written SQL in the same
 * run (interleaved): the GROUP BY over the same fact rows, and — for scale — the same counts as a
 * GROUP BY over the cases table (registrations by channel, the overdue open cases). Then the list
 * behind a figure (first page). A data set seeded before the indicator facts existed gets them
 * first (the rebuild the server runs at start): its rate is printed too.
 */
import { cpus } from 'node:os';
import { sql } from 'drizzle-orm';
import { compose } from '../src/compose.js';
import { addDays, chinaDate } from '../src/domain/calendar/dates.js';
import { PERIOD_FACTS } from '../src/domain/stats/indicators.js';
import { resultRows } from '../src/store/database.js';
import { arg, benchCrypto, openBenchDatabase } from './bench-db.js';
import { ms, pct, table } from './report.js';
import { seededCount } from './seed-data.js';

const N = Number(arg('--n') ?? 1_000_000);
const ITERATIONS = Number(arg('--iterations') ?? 50);
const WARMUP = Number(arg('--warmup') ?? 5);
const ORGAN = arg('--organ') ?? 'county';
const USERNAME = arg('--user') ?? 'xfj_officer';
const EXPLAIN = process.argv.includes('--explain');
const log = (s: string) => process.stderr.write(`${s}\n`);

const bench = await openBenchDatabase(N);
const { database } = bench;
try {
  if (await seededCount(database) !== N) throw new Error(`no data set of ${N} cases in ${bench.where}: npm run bench:seed -- --n ${N}`);
  const { db } = database;
  const services = compose(database, { crypto: benchCrypto() });
  const pending = await services.factsRebuild.pending();
  if (pending > 0) {
    log(`rebuilding the indicator facts of ${pending.toLocaleString()} cases …`);
    const t = performance.now();
    const done = await services.factsRebuild.run({ info: log, warn: log });
    const s = (performance.now() - t) / 1000;
    console.log(`indicator facts rebuilt: ${done.toLocaleString()} cases in ${s.toFixed(0)} s (${(done / s).toFixed(0)} cases/s) on ${database.kind}`);
    await db.execute(sql`VACUUM ANALYZE indicator_facts`);
    await db.execute(sql`VACUUM ANALYZE cases`);
  }
  const snap = await services.ref.get();
  const user = [...snap.users.values()].find((u) => u.username === USERNAME);
  if (!user) throw new Error(`--user ${USERNAME}: no such user`);
  const today = chinaDate(new Date());
  const from = addDays(today, -364);
  const organIds = snap.organs.subtreeIds(ORGAN);
  const children = snap.organs.children(ORGAN);
  const facts = resultRows<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM indicator_facts
    WHERE organ_id = ANY(${sql.param(organIds)}::text[]) AND "on" BETWEEN ${from} AND ${today}`))[0]!.n;
  const cases = resultRows<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM cases
    WHERE registrar_organ_id = ANY(${sql.param(organIds)}::text[]) AND received_on BETWEEN ${from} AND ${today}`))[0]!.n;
  const context = `${snap.organs.get(ORGAN)?.name ?? ORGAN} (${organIds.length} organs, ${children.length} direct subordinates), ${from}–${today}: `
    + `${cases.toLocaleString()} petitions registered, ${facts.toLocaleString()} facts; user ${USERNAME}`;
  log(context);

  const ids = sql`${sql.param(organIds)}::text[]`;
  const kinds = sql`${sql.param(PERIOD_FACTS)}::text[]`;
  // The same rows the service reads, summed by hand.
  const rawFacts = () => Promise.all([
    db.execute(sql`SELECT organ_id, kind, count(*) FILTER (WHERE hit)::int, count(*)::int, coalesce(sum(days), 0)::int, count(days)::int FROM indicator_facts
      WHERE organ_id = ANY(${ids}) AND kind = ANY(${kinds}) AND "on" BETWEEN ${from} AND ${today} GROUP BY 1, 2`),
    db.execute(sql`SELECT organ_id, count(*)::int FROM indicator_facts WHERE organ_id = ANY(${ids}) AND kind = 'backlog' AND "on" <= ${today} GROUP BY 1`),
    db.execute(sql`SELECT acting_organ_id, count(*)::int FROM cases WHERE open AND acting_organ_id = ANY(${ids}) AND next_due < ${today} GROUP BY 1`),
  ]);
  // For scale: two of the counts straight from the cases table.
  const rawCases = () => Promise.all([
    db.execute(sql`SELECT registrar_organ_id, channel, count(*)::int FROM cases
      WHERE registrar_organ_id = ANY(${ids}) AND received_on BETWEEN ${from} AND ${today} GROUP BY 1, 2`),
    db.execute(sql`SELECT acting_organ_id, count(*)::int FROM cases WHERE open AND acting_organ_id = ANY(${ids}) AND next_due < ${today} GROUP BY 1`),
  ]);
  const three = (f: () => Promise<unknown>) => () => Promise.all([f(), f(), f()]);

  interface Row { label: string; api: number[]; raw: number[]; rawLabel: string }
  const out: Row[] = [];
  const measure = async (label: string, api: () => Promise<unknown>, rawLabel: string, raw: () => Promise<unknown>) => {
    const a: number[] = [], r: number[] = [];
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      const order = i % 2 ? [[a, api], [r, raw]] as const : [[r, raw], [a, api]] as const;
      for (const [into, fn] of order) {
        const t = performance.now();
        await fn();
        if (i >= WARMUP) into.push(performance.now() - t);
      }
    }
    out.push({ label, api: a, raw: r, rawLabel });
    log(`  ${label}: ${ms(pct(a, 50))} vs ${ms(pct(r, 50))} ms`);
  };

  const q = { organId: ORGAN, from, to: today };
  await measure('indicators, a year', () => services.stats.indicators(user, q), 'GROUP BY over the facts', rawFacts);
  await measure('indicators, a year, by child', () => services.stats.indicators(user, { ...q, by: 'child' }), 'GROUP BY over the facts', rawFacts);
  await measure('indicators, a year, by child, 环比 同比', () => services.stats.indicators(user, { ...q, by: 'child', compare: true }), 'the same ×3', three(rawFacts));
  await measure('indicators, a year (vs the cases table)', () => services.stats.indicators(user, q), 'GROUP BY over cases', rawCases);
  await measure('cases behind 按期办结率 denominator, page 1', () => services.stats.figureCases(user, { ...q, indicator: 'onTimeCompletion', part: 'denominator' }),
    'GROUP BY over the facts', rawFacts);

  // 月通报 of the last whole month: figures, ranking, the overdue lists, the Word file.
  const month = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const bulletin: number[] = [];
  let bulletinBytes = 0;
  for (let i = 0; i < WARMUP + Math.max(5, Math.round(ITERATIONS / 5)); i++) {
    const t = performance.now();
    const b = await services.stats.bulletin(user, { organId: ORGAN, month });
    if (i >= WARMUP) bulletin.push(performance.now() - t);
    bulletinBytes = b.file.length;
  }
  log(`  bulletin ${month}: ${ms(pct(bulletin, 50))} ms`);

  if (EXPLAIN) {
    for (const [label, query] of [
      ['facts', sql`SELECT organ_id, kind, count(*) FILTER (WHERE hit)::int, count(*)::int FROM indicator_facts
        WHERE organ_id = ANY(${ids}) AND kind = ANY(${kinds}) AND "on" BETWEEN ${from} AND ${today} GROUP BY 1, 2`],
    ] as const) {
      const rows = resultRows<Record<string, string>>(await db.execute(sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`));
      console.log(`\n-- ${label}\n${rows.map((x) => Object.values(x)[0]).join('\n')}`);
    }
  }

  console.log(`\n### ${N.toLocaleString()} cases — ${database.kind}, ${cpus().length} CPUs, Node ${process.versions.node}\n${context}\n`);
  table(['read', 'service p50', 'p99', 'hand-written SQL', 'p50', 'p99', 'ratio p50'],
    out.map((x) => [x.label, ms(pct(x.api, 50)), ms(pct(x.api, 99)), x.rawLabel, ms(pct(x.raw, 50)), ms(pct(x.raw, 99)), `${(pct(x.api, 50) / pct(x.raw, 50)).toFixed(2)}×`]),
    ['l', 'r', 'r', 'l', 'r', 'r', 'r']);
  console.log(`\n月通报 ${month} (.docx, ${(bulletinBytes / 1024).toFixed(0)} KB): p50 ${ms(pct(bulletin, 50))} ms, p99 ${ms(pct(bulletin, 99))} ms over ${bulletin.length} runs`);
  console.log(`\n(ms; ${ITERATIONS} iterations after ${WARMUP} warm-up, service and SQL interleaved; \`npm run bench:stats -- --n ${N}\`${process.env.DATABASE_URL ? ' with DATABASE_URL' : ''})`);
} finally {
  await database.close();
}
