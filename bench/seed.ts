/**
 * `npm run bench:seed -- --n 1000000 [--counties 100] [--years 3] [--today YYYY-MM-DD] [--fresh]`
 *
 * Builds the benchmark's data set (seed-data.ts) and keeps it for `npm run bench`: on PGlite in
 * data/bench/n<N> (gitignored), or with DATABASE_URL on that server in the schema bench_n<N>.
 * An existing set of the same N is kept unless --fresh.
 */
import { cpus } from 'node:os';
import { sql } from 'drizzle-orm';
import { chinaDate } from '../src/domain/calendar/dates.js';
import { arg, openBenchDatabase, benchCrypto } from './bench-db.js';
import { seedBench, seededCount } from './seed-data.js';

const N = Number(arg('--n') ?? 100_000);
if (!Number.isInteger(N) || N < 100) throw new Error('--n must be an integer ≥ 100');
const counties = Number(arg('--counties') ?? Math.max(1, Math.min(99, Math.round(N / 10_000))));
const years = Number(arg('--years') ?? 3);
const today = arg('--today') ?? chinaDate(new Date());
const fresh = process.argv.includes('--fresh');

const bench = await openBenchDatabase(N, { fresh });
try {
  const have = await seededCount(bench.database);
  if (have === N) {
    console.log(`already seeded: ${N.toLocaleString()} cases in ${bench.where} (--fresh to rebuild)`);
  } else {
    console.error(`seeding ${N.toLocaleString()} cases, ${counties} counties, ${years} years to ${today} into ${bench.where} …`);
    const r = await seedBench(bench.database, { n: N, counties, years, today, crypto: benchCrypto(), log: (l) => console.error(l) });
    console.log(`seeded ${r.cases.toLocaleString()} cases, ${r.events.toLocaleString()} events, ${r.documents.toLocaleString()} documents, ${r.audit.toLocaleString()} audit entries`
      + ` in ${r.seconds.toFixed(0)} s (${(r.cases / r.seconds).toFixed(0)} cases/s) on ${bench.database.kind}, ${cpus().length} CPUs, Node ${process.versions.node}`);
    // The visibility map a database in service has from autovacuum: without it no index-only scan.
    const t = performance.now();
    await bench.database.db.execute(sql`VACUUM ANALYZE`);
    console.log(`VACUUM ANALYZE: ${((performance.now() - t) / 1000).toFixed(0)} s`);
    if (r.refusals.size) console.log(`steps refused by the rules (the case stops there): ${[...r.refusals].map(([k, n]) => `${k} ×${n}`).join('; ')}`);
  }
} finally {
  await bench.database.close();
}
