/**
 * Browser tests: the real server (fresh database: PGlite, or a schema on DATABASE_URL) listening on
 * a free port, driven by Debian's Chromium through playwright-core. Screenshots go to
 * artifacts/screenshots/ (kept by CI); axe-core checks WCAG 2 A/AA on each main screen.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { compose } from '../../../src/compose.js';
import { buildServer } from '../../../src/http/server.js';
import { seedReference } from '../../../src/demo/seed-reference.js';
import { DEMO_PASSWORD } from '../../../src/demo/organ-tree.js';
import { TEST_KEYRING } from '../../../src/config/keyring.js';
import { FieldCrypto } from '../../../src/security/field-crypto.js';
import type { Clock } from '../../../src/app/clock.js';
import { testDatabase } from '../../support/db.js';

export const SCREENSHOT_DIR = join(process.cwd(), 'artifacts', 'screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface E2eApp {
  baseUrl: string;
  services: Awaited<ReturnType<typeof buildServer>>['services'];
  app: Awaited<ReturnType<typeof buildServer>>['app'];
  /** Bearer token of a demo user, for driving the API beside the browser. */
  token(username: string): Promise<string>;
  /** Call the API as a demo user. The body is read as the tests read any JSON answer: loosely. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's view of a JSON body, as Fastify's inject().json() gives it
  api(username: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

/** The server on a fresh database with the demo organ tree and staff; `demoCases` adds that many demo petitions. */
export async function startApp(opts: { clock?: Clock; demoCases?: number } = {}): Promise<E2eApp> {
  const database = await testDatabase();
  await seedReference(database.db);
  const crypto = new FieldCrypto(TEST_KEYRING);
  if (opts.demoCases) {
    // Loaded only when asked for: the demo seeder is large, and a file that creates its own cases need not load it.
    const { seedDemoCases } = await import('../../../src/demo/seed-cases.js');
    await seedDemoCases(database, { count: opts.demoCases, crypto });
  }
  const services = compose(database, { crypto, ...(opts.clock ? { clock: opts.clock } : {}) });
  const { app } = await buildServer(database, { services });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const tokens = new Map<string, string>();
  async function token(username: string): Promise<string> {
    const cached = tokens.get(username);
    if (cached) return cached;
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
    const t = r.json<{ token: string }>().token;
    tokens.set(username, t);
    return t;
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`, services, app, token,
    async api(username, method, url, body) {
      const r = await app.inject({ method, url, payload: body as never, headers: { authorization: `Bearer ${await token(username)}` } });
      return { status: r.statusCode, json: r.body ? JSON.parse(r.body) : undefined };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** The app and Chromium one test file drives: started before its tests, closed after them. */
export interface E2eRig { readonly app: E2eApp; readonly browser: Browser }

/**
 * Starts the app and Chromium together before the file's tests (registered first, so the file's
 * own `beforeAll` runs after it) and closes both afterwards — also when start-up failed half-way.
 */
export function appAndBrowser(opts: Parameters<typeof startApp>[0] = {}, timeoutMs = 120_000): E2eRig {
  let app: E2eApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(opts), launchBrowser()]);
  }, timeoutMs);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('e2e: the app and browser are not started (beforeAll failed or has not run)');
    return value;
  };
  return { get app() { return started(app); }, get browser() { return started(browser); } };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

/** A desktop (1440×900) or phone (390×844, touch) context, zh-CN, Beijing time. */
export async function newContext(browser: Browser, kind: 'desktop' | 'phone' = 'desktop'): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true,
    ...(kind === 'phone' ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } : { viewport: { width: 1440, height: 900 } }),
  });
}

/** Logs in through the workbench's form and waits for the shell. */
export async function staffLogin(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/staff/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('button', { name: /退\s*出/ }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeFinding { id: string; impact: string | null | undefined; help: string; targets: string[] }

/** WCAG 2 A/AA violations of serious or critical impact on the page as it is now. */
/**
 * Waits (up to 5 s) until no finite animation or transition runs: a modal still zooming in can lose
 * a click, and a colour half-way through a transition fails a contrast check. Spinners (infinite)
 * are ignored. Written against globalThis: bench/ type-checks this module without the DOM library.
 */
export async function animationsSettled(page: Page): Promise<void> {
  interface Anim { playState: string; effect: { getComputedTiming(): { iterations?: number } } | null }
  await page.waitForFunction(() => (globalThis as unknown as { document: { getAnimations(): Anim[] } }).document.getAnimations()
    .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), null, { timeout: 5_000 }).catch(() => {});
}

export async function seriousA11yViolations(page: Page): Promise<AxeFinding[]> {
  // Colours are judged as they settle: a button still fading in or changing colour under the
  // pointer (the click that opened this screen) is measured half-way otherwise.
  await animationsSettled(page);
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}
