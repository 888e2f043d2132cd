/**
 * `npm run bench:web [-- --runs 7]` — the workbench's speed in a real browser (Debian's Chromium, the
 * e2e launch flags) against the real server on a fresh PGlite with the full demo (300 petitions,
 * the server's own field crypto from a throw-away key file). Prints medians over the runs of:
 *
 *  (a) first screen: a fresh browser context holding a session cookie navigates to /staff/; time
 *      from navigation start to the dashboard's counts in the DOM and painted (an init script
 *      watches for [data-testid=dash-total] with a MutationObserver, then waits one
 *      requestAnimationFrame + a task, i.e. the frame that shows them). Cold cache each run.
 *  (b) queue of 50 rows: Queue.tsx marks `queue:data` when the page's JSON is parsed and
 *      `queue:painted` in the first frame after React committed the rows (rAF + task); the bench
 *      reads the `queue:render` measure between them. The logged-in user's queue is topped up to
 *      ≥ 50 open cases (letters registered by the county clerk) so the page is full.
 *  Beside wall times, the renderer main thread's CPU time (CDP Performance.getMetrics ThreadTime) for
 *  (a) and for the whole queue navigation: on a loaded machine wall times inflate, CPU time does not.
 *  (c) the JS the browser fetched for the first screen (downloads ended before the counts were painted,
 *      by the page's Resource Timing), raw and
 *      gzip -9 (the server sends it uncompressed; behind a gzip proxy this is what travels), and
 *      the same once the lazy dashboard chart has loaded.
 *  (d) the portal's home page on a cheap phone (issue 12): a fresh context (cold cache, 390×844,
 *      CPU throttled 4× by CDP) on DevTools' "Fast 3G" and "Slow 3G" network presets; first text
 *      (first-contentful-paint: the HTML shell), interactive (the home page's heading rendered by
 *      React, painted), and the JS+CSS bytes on the wire before it (Resource Timing's
 *      encodedBodySize: what the server actually sent, compressed). `--portal-runs N` (default 3).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { seedReference } from '../src/demo/seed-reference.js';
import { seedDemoCases } from '../src/demo/seed-cases.js';
import { DEMO_PASSWORD } from '../src/demo/organ-tree.js';
import { configOrThrow } from '../src/config/config.js';
import { fieldCryptoFromConfig } from '../src/config/keyring.js';
import { compose } from '../src/compose.js';
import { buildServer } from '../src/http/server.js';
import { openDatabase } from '../src/store/database.js';
import { launchBrowser } from '../test/e2e/support/e2e.js';
import { samplePetition } from '../test/support/petitions.js';
import type { PetitionContent } from '../src/domain/model/petition.js';
import { chinaDate } from '../src/domain/calendar/dates.js';

const argv = process.argv.slice(2);
const runsArg = argv.find((a, i) => argv[i - 1] === '--runs') ?? argv.find((a) => a.startsWith('--runs='))?.slice(7);
const RUNS = Number(runsArg ?? 7);
const USER = 'xfj_officer';
const portalRunsArg = argv.find((a, i) => argv[i - 1] === '--portal-runs') ?? argv.find((a) => a.startsWith('--portal-runs='))?.slice(14);
const PORTAL_RUNS = Number(portalRunsArg ?? 3);
/** Chrome DevTools' network presets (bytes/s and ms), as its throttling menu defines them. */
const NETWORKS = {
  'Fast 3G': { latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 / 8) * 0.9, uploadThroughput: (750 * 1024 / 8) * 0.9 },
  'Slow 3G': { latency: 2000, downloadThroughput: (500 * 1024 / 8) * 0.9, uploadThroughput: (500 * 1024 / 8) * 0.9 },
} as const;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a positive integer');

/** BENCH_PROFILE=1: a CPU profile of the last run's queue navigation, top functions by self time. */
const PROFILE = process.env.BENCH_PROFILE === '1';
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples?: number[];
  timeDeltas?: number[];
}

function printProfile(profile: CpuProfile) {
  const self = new Map<number, number>();
  profile.samples?.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
  const byFn = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber}`;
    byFn.set(key, (byFn.get(key) ?? 0) + (self.get(n.id) ?? 0) / 1000);
  }
  console.log('queue navigation, CPU profile (self time, ms):');
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(1).padStart(7)}  ${k}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

console.log('web: building…');
execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'inherit' });

const tempDir = mkdtempSync(join(tmpdir(), 'minsheng-web-bench-'));
const crypto = fieldCryptoFromConfig(configOrThrow({ ...process.env, MINSHENG_MODE: 'demo', MINSHENG_KEY_FILE: process.env.MINSHENG_KEY_FILE ?? join(tempDir, 'keys.json') }).keys);
const database = await openDatabase({ dataDir: join(tempDir, 'pglite') });
let browser: Browser | undefined;
let close = async () => {};
try {
  await seedReference(database.db);
  const t = performance.now();
  const n = await seedDemoCases(database, { crypto });
  console.log(`demo: ${n} petitions in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const services = compose(database, { crypto });
  const { app } = await buildServer(database, { services });
  close = () => app.close();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

  // A full first page: top the officer's queue up to 50 with letters registered at the county bureau today.
  const snap = await services.ref.get();
  const clerk = [...snap.users.values()].find((u) => u.username === 'xfj_clerk')!;
  const officer = [...snap.users.values()].find((u) => u.username === USER)!;
  const queued = (await services.workbench.queue(officer, { pageSize: 1 })).total;
  const today = chinaDate(new Date());
  for (let i = queued; i < 55; i++) {
    await services.cases.register(clerk, samplePetition({ receivedOn: today, title: `来信反映事项（压测补充第${i + 1}件）` }) as unknown as PetitionContent);
  }
  const queueTotal = (await services.workbench.queue(officer, { pageSize: 1 })).total;
  console.log(`queue of ${USER}: ${queueTotal} open cases (${Math.max(0, 55 - queued)} letters added to fill a 50-row page)`);

  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: USER, password: DEMO_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
  const token = login.json<{ token: string }>().token;

  browser = await launchBrowser();
  const firstScreen: number[] = [];
  const queueRender: number[] = [];
  let firstJs = { raw: 0, gz: 0, files: 0 };
  let withChart = { raw: 0, gz: 0, files: 0 };

  // Runs in the page before any script (a string: this file is type-checked without the DOM library):
  // records when the counts are first painted — the frame after they enter the DOM.
  const watch = `
    new MutationObserver((_, obs) => {
      if (document.querySelector('[data-testid="dash-total"]')) {
        obs.disconnect();
        requestAnimationFrame(() => setTimeout(() => { window.__countsPainted = performance.now(); }, 0));
      }
    }).observe(document, { childList: true, subtree: true });`;

  const firstCpu: number[] = [];
  const queueCpu: number[] = [];
  /** The renderer main thread's CPU time (CDP Performance ThreadTime, ms): unlike wall time, not inflated by other processes. */
  const threadTime = async (cdp: import('playwright-core').CDPSession) => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return 1000 * (metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN);
  };

  for (let run = 0; run < RUNS; run++) {
    const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
    await ctx.addCookies([{ name: 'ms_session', value: token, url: base }]);
    await ctx.addInitScript({ content: watch });
    const page: Page = await ctx.newPage();
    const scripts: { url: string; body: Promise<Buffer> }[] = [];
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.push({ url: r.url(), body: r.body() });
    });
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${base}/staff/`);
    // web/dist is shared with whoever rebuilds it meanwhile: a run that never shows the counts is reported, not measured.
    const shown = await page.getByTestId('dash-total').waitFor({ timeout: 30_000 }).then(() => true, () => false);
    if (!shown) {
      console.log(`run ${run + 1}: dashboard counts not shown within 30 s — skipped. Page text: ${(await page.locator('body').innerText()).slice(0, 200)}`);
      await ctx.close();
      continue;
    }
    // Functions, not strings: the server's CSP forbids eval. `globalThis` is the page's window there.
    await page.waitForFunction(() => (globalThis as { __countsPainted?: number }).__countsPainted !== undefined, null, { timeout: 30_000 });
    const painted = await page.evaluate(() => (globalThis as { __countsPainted?: number }).__countsPainted!);
    firstScreen.push(painted);
    // The scripts whose download ended before the counts were painted (the lazy chart comes later).
    const before = new Set(await page.evaluate((at) => performance.getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.js') && (e as unknown as { responseEnd: number }).responseEnd <= at).map((e) => e.name), painted));
    firstCpu.push(await threadTime(cdp));
    const size = async (list: typeof scripts) => {
      const bodies = await Promise.all(list.map((s) => s.body));
      return { raw: bodies.reduce((a, b) => a + b.length, 0), gz: bodies.reduce((a, b) => a + gzipSync(b, { level: 9 }).length, 0), files: bodies.length };
    };
    if (firstJs.files === 0) firstJs = await size(scripts.filter((s) => before.has(s.url)));
    const chart = await page.locator('.dashboard-page svg').first().waitFor({ timeout: 60_000 }).then(() => true, () => false);
    if (chart && withChart.files === 0) withChart = await size([...scripts]);

    // The queue: a client-side navigation (as from the menu), then the measure Queue.tsx leaves.
    const cpuBefore = await threadTime(cdp);
    const profile = PROFILE && run === RUNS - 1;
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    await page.getByRole('menuitem', { name: '待办事项' }).click();
    const measure = await page.waitForFunction(() => performance.getEntriesByName('queue:render')[0]?.duration, null, { timeout: 30_000 });
    if (profile) printProfile((await cdp.send('Profiler.stop')).profile);
    const rows = await page.locator('.case-table tbody tr.ant-table-row').count();
    if (rows !== 50) throw new Error(`queue shows ${rows} rows, expected 50`);
    queueRender.push(Number(await measure.jsonValue()));
    queueCpu.push((await threadTime(cdp)) - cpuBefore);
    await ctx.close();
  }

  // The machine's load matters as much as the code: say what it was.
  const load = loadavg().map((x) => x.toFixed(1)).join(' / ');
  const ok = (v: number, target: number) => (v < target ? '✓' : '✗ over target');
  console.log(`\n民声 workbench speed — ${RUNS} runs, medians (Chromium headless, 1440×900, demo of ${n} petitions + top-up; load average 1/5/15 min at the end: ${load})`);
  console.log(`(a) first screen interactive after log-in (navigation start → dashboard counts painted): ${median(firstScreen).toFixed(0)} ms  [target < 2000 ms] ${ok(median(firstScreen), 2000)}`);
  console.log(`    runs: ${firstScreen.map((x) => x.toFixed(0)).join(', ')} ms`);
  console.log(`(b) queue, 50 rows (JSON parsed → rows painted): ${median(queueRender).toFixed(1)} ms  [target < 200 ms] ${ok(median(queueRender), 200)}`);
  console.log(`    runs: ${queueRender.map((x) => x.toFixed(1)).join(', ')} ms`);
  console.log(`CPU time of the page's main thread (CDP ThreadTime; independent of the machine's load):`);
  console.log(`    first screen, navigation → counts painted: ${median(firstCpu).toFixed(0)} ms (runs: ${firstCpu.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`    queue, menu click → 50 rows painted (loading the Queue chunk, the request, rendering): ${median(queueCpu).toFixed(0)} ms (runs: ${queueCpu.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`(c) JS for the first screen: ${firstJs.files} files, ${kb(firstJs.raw)} raw, ${kb(firstJs.gz)} gzip -9; with the lazy chart: ${withChart.files} files, ${kb(withChart.raw)} raw, ${kb(withChart.gz)} gzip`);

  // (d) The portal's home page on a cheap phone on a slow network.
  const portalWatch = `
    new MutationObserver((_, obs) => {
      if (document.getElementById('home-title')) {
        obs.disconnect();
        requestAnimationFrame(() => setTimeout(() => { window.__homePainted = performance.now(); }, 0));
      }
    }).observe(document, { childList: true, subtree: true });`;
  console.log(`(d) portal home page, CPU 4× slower, cold cache, 390×844 — ${PORTAL_RUNS} runs each, medians  [targets: first text < 1500 ms, interactive < 4000 ms on Fast 3G; JS+CSS < 150 KB]`);
  for (const [name, conditions] of Object.entries(NETWORKS)) {
    const fcp: number[] = [], interactive: number[] = [];
    let wire = { js: 0, css: 0, files: 0 };
    for (let run = 0; run < PORTAL_RUNS; run++) {
      const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await ctx.addInitScript({ content: portalWatch });
      const page: Page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...conditions });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.goto(base, { waitUntil: 'commit' });
      await page.waitForFunction(() => (globalThis as { __homePainted?: number }).__homePainted !== undefined, null, { timeout: 120_000, polling: 100 });
      const m = await page.evaluate(() => {
        const at = (globalThis as { __homePainted?: number }).__homePainted!;
        const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
        const res = (performance.getEntriesByType('resource') as unknown as { name: string; responseEnd: number; encodedBodySize: number }[]).filter((e) => e.responseEnd <= at);
        // No named function here: tsx would wrap it in a helper the page does not have.
        const js = res.filter((e) => e.name.split('?')[0]!.endsWith('.js')).reduce((a, e) => a + e.encodedBodySize, 0);
        const css = res.filter((e) => e.name.split('?')[0]!.endsWith('.css')).reduce((a, e) => a + e.encodedBodySize, 0);
        return { at, paint, js, css, files: res.filter((e) => /\.(js|css)$/.test(e.name.split('?')[0]!)).length };
      });
      fcp.push(m.paint);
      interactive.push(m.at);
      if (run === 0) wire = { js: m.js, css: m.css, files: m.files };
      await ctx.close();
    }
    console.log(`    ${name}: first text ${median(fcp).toFixed(0)} ms ${ok(median(fcp), 1500)}, interactive ${median(interactive).toFixed(0)} ms ${ok(median(interactive), 4000)} `
      + `(runs: ${interactive.map((x) => x.toFixed(0)).join(', ')}); on the wire before it: ${wire.files} files, JS ${kb(wire.js)} + CSS ${kb(wire.css)} = ${kb(wire.js + wire.css)} ${ok(wire.js + wire.css, 150 * 1024)}`);
  }
} finally {
  await browser?.close().catch(() => undefined);
  await close().catch(() => undefined);
  await database.close().catch(() => undefined);
  rmSync(tempDir, { recursive: true, force: true });
}
