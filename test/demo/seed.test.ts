/**
 * The demo is the same on every machine: the same seed and date give the same petitions (texts,
 * people, organs, states, events, documents), whatever the time zone, and seeding reads no file
 * outside the repository. And it is the demo `npm start` promises: 300 petitions, every case state
 * of the domain, some overdue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { seedDemoCases } from '../../src/demo/seed-cases.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { CASE_STATES } from '../../src/domain/model/case-states.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import { testDatabase } from '../support/db.js';
import { demoFingerprint, type DemoCase } from './demo-fingerprint.js';

// Every path given to node:fs by the application's modules while this file runs (the modules of
// node_modules are not transformed by Vitest and keep the real fs: only our code is watched).
const fsSpy = vi.hoisted(() => {
  const paths: string[] = [];
  const record = (a: unknown) => {
    if (typeof a === 'string') paths.push(a);
    else if (a instanceof URL) paths.push(decodeURIComponent(a.pathname));
    else if (Buffer.isBuffer(a)) paths.push(a.toString());
  };
  const wrap = <M extends Record<string, unknown>>(mod: M): M => {
    const out: Record<string, unknown> = { ...mod };
    for (const [k, f] of Object.entries(mod)) {
      if (typeof f !== 'function' || /^[A-Z]/.test(k)) continue; // classes (Stats, ReadStream, …)
      out[k] = function (this: unknown, ...args: unknown[]) {
        record(args[0]);
        return (f as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
    if (mod.promises && typeof mod.promises === 'object') out.promises = wrap(mod.promises as Record<string, unknown>);
    return out as M;
  };
  const mock = async (load: () => Promise<Record<string, unknown>>) => {
    const m = await load();
    return { ...wrap(m), default: wrap((m.default ?? m) as Record<string, unknown>) };
  };
  return { paths, mock };
});
vi.mock('node:fs', (load) => fsSpy.mock(load as () => Promise<Record<string, unknown>>));
vi.mock('fs', (load) => fsSpy.mock(load as () => Promise<Record<string, unknown>>));
vi.mock('node:fs/promises', (load) => fsSpy.mock(load as () => Promise<Record<string, unknown>>));
vi.mock('fs/promises', (load) => fsSpy.mock(load as () => Promise<Record<string, unknown>>));

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TODAY = '2026-11-20';
const crypto = new FieldCrypto(TEST_KEYRING);

/** The demo of the default seed on TODAY, built on a fresh database with the process in time zone `tz`. */
async function seedIn(tz: string): Promise<DemoCase[]> {
  const saved = process.env.TZ;
  process.env.TZ = tz; // Node applies a changed TZ at once
  const database = await testDatabase();
  try {
    await seedReference(database.db);
    const refusals: string[] = [];
    const n = await seedDemoCases(database, { today: TODAY, crypto, onRefusal: (l) => refusals.push(l) });
    expect(refusals).toEqual([]);
    expect(n).toBe(300);
    return await demoFingerprint(database, crypto);
  } finally {
    await database.close();
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

describe('the demo seeder', () => {
  let first: DemoCase[];
  let second: DemoCase[];
  let started: number;

  beforeAll(async () => {
    started = performance.now();
    first = await seedIn('Asia/Shanghai');
    second = await seedIn('America/Los_Angeles');
  }, 600_000);
  afterAll(() => {
    console.log(`demo seeded twice (2 × 300 petitions) in ${Math.round((performance.now() - started) / 1000)} s`);
  });

  it('gives the same demo for the same seed and date, in any time zone', () => {
    const outline = (cs: DemoCase[]) => cs.map((c) => `${c.number} ${c.state} ${c.title} ${c.events.map((e) => e.action).join(',')}`);
    expect(outline(second)).toEqual(outline(first)); // a readable diff first,
    expect(second).toEqual(first); // then all of it: text, people, organs, dates, inputs, documents
  });

  it('has 300 petitions in every case state of the domain, some of them overdue', () => {
    expect(first).toHaveLength(300);
    expect([...new Set(first.map((c) => c.state))].sort()).toEqual([...CASE_STATES].sort());
    const overdue = first.filter((c) => c.nextDue !== null && c.nextDue < TODAY);
    expect(overdue.length).toBeGreaterThan(5);
  });

  it('reads no file outside the repository', () => {
    const outside = fsSpy.paths.map((p) => resolve(p)).filter((p) => relative(REPO, p).startsWith('..'));
    expect(outside).toEqual([]);
    // The spy does see the demo's own data files (so an empty list above means something).
    expect(fsSpy.paths.some((p) => p.endsWith('src/demo/data/matters.json'))).toBe(true);
  });

  it('draws chance only from its seeded PRNG, and uses no locale-dependent API', () => {
    const dir = resolve(REPO, 'src/demo');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const code = readFileSync(resolve(dir, file), 'utf8');
      expect(code, file).not.toMatch(/Math\.random|crypto\.random|randomUUID|localeCompare|toLocale\w*String|Intl\.|getTimezoneOffset|\.get(Hours|Date|Day|Month|FullYear)\(/);
    }
  });
});
