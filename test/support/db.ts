/**
 * Test databases: a fresh in-memory PGlite, or — when DATABASE_URL is set — a fresh schema on the
 * PostgreSQL server, dropped afterwards. The same suites run on both (see scripts/test.sh).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/store/database.js';
import { compose, type ComposeOptions } from '../../src/compose.js';
import { chinaDate } from '../../src/domain/calendar/dates.js';
import { buildServer } from '../../src/http/server.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { DEMO_PASSWORD } from '../../src/demo/organ-tree.js';
import type { Clock } from '../../src/app/clock.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';

export const onPostgres = Boolean(process.env.DATABASE_URL);

export async function testDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ dataDir: 'memory://' });
  const schemaName = `t_${randomBytes(6).toString('hex')}`;
  const database = await openDatabase({ url, schemaName });
  return {
    ...database,
    close: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schemaName} CASCADE; DROP SCHEMA IF EXISTS ${schemaName}_migrations CASCADE`);
      await c.end();
    },
  };
}

/** A clock the test moves: dates are Beijing dates, the time 10:00 Beijing (02:00 UTC). */
export class FakeClock implements Clock {
  private current: Date;
  constructor(date: string) {
    this.current = FakeClock.at(date);
  }

  static at(date: string): Date {
    return new Date(`${date}T02:00:00.000Z`);
  }

  set(date: string): void {
    this.current = FakeClock.at(date);
  }

  advance(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }

  today(): string {
    return chinaDate(this.current);
  }

  now(): Date {
    return new Date(this.current);
  }
}

/** The real server on a fresh database with the demo organ tree and staff, and a helper to log in. */
export async function testServer(clock: FakeClock, opts: Omit<ComposeOptions, 'clock' | 'crypto'> = {}) {
  const database = await testDatabase();
  await seedReference(database.db);
  // The portal's rate limits count every client, staff included (test/portal/follow.test.ts tests
  // them); suites that call the public routes many times from one address are not about them.
  const rateLimits = { reads: 100_000, writes: 100_000, follow: 100_000 };
  const services = compose(database, { ...opts, clock, crypto: new FieldCrypto(TEST_KEYRING), portal: { rateLimits, ...opts.portal } });
  const { app } = await buildServer(database, { services });
  await app.ready();
  const tokens = new Map<string, string>();
  async function login(username: string): Promise<string> {
    const cached = tokens.get(username);
    if (cached) return cached;
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
    if (r.statusCode !== 200) throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
    const token = r.json<{ token: string }>().token;
    tokens.set(username, token);
    return token;
  }
  /** Call the API as a demo user. */
  async function as(username: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) {
    const token = await login(username);
    return app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${token}`, ...headers } });
  }
  return {
    app, services, database, login, as,
    close: async () => {
      await services.recompute.stop();
      await app.close();
      await database.close();
    },
  };
}
