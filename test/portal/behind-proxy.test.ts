/**
 * Behind a reverse proxy (nginx on the same host, as the README's production set-up has it) every
 * request comes from the proxy's address. Without MINSHENG_TRUST_PROXY all petitioners would share
 * one rate-limit budget; with it, the client address is taken from X-Forwarded-For — from the
 * named proxies only, so a client cannot pick its own address by sending the header directly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose } from '../../src/compose.js';
import { configOrThrow } from '../../src/config/config.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { buildServer } from '../../src/http/server.js';
import type { App } from '../../src/http/schemas.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import type { Database } from '../../src/store/database.js';
import { FakeClock, testDatabase } from '../support/db.js';

const READS = 3;
let database: Database;
const apps: App[] = [];

async function server(env: Record<string, string>): Promise<App> {
  const config = configOrThrow(env);
  const services = compose(database, { config, clock: new FakeClock('2026-03-02'), crypto: new FieldCrypto(TEST_KEYRING), portal: { rateLimits: { reads: READS, writes: 100, follow: 100 } } });
  const { app } = await buildServer(database, { config, services });
  await app.ready();
  apps.push(app);
  return app;
}

/** The statuses of READS + 1 reads of the guide, as the proxy at 127.0.0.1 forwards them for `client`. */
async function reads(app: App, client: string, remoteAddress = '127.0.0.1'): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i <= READS; i++) {
    out.push((await app.inject({ method: 'GET', url: '/api/public/guide', remoteAddress, headers: { 'x-forwarded-for': client } })).statusCode);
  }
  return out;
}

beforeAll(async () => {
  database = await testDatabase();
  await seedReference(database.db);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await database.close();
});

describe('the portal rate limits behind a reverse proxy', () => {
  it('with MINSHENG_TRUST_PROXY: each petitioner behind the proxy has their own budget', async () => {
    const app = await server({ MINSHENG_TRUST_PROXY: '127.0.0.1' });
    expect(await reads(app, '203.0.113.7')).toEqual([200, 200, 200, 429]);
    expect(await reads(app, '198.51.100.23')).toEqual([200, 200, 200, 429]);
  });

  it('the header is believed from the named proxies only: sent directly it changes nothing', async () => {
    const app = await server({ MINSHENG_TRUST_PROXY: '127.0.0.1' });
    const direct = '192.0.2.50';
    expect(await reads(app, '203.0.113.8', direct)).toEqual([200, 200, 200, 429]);
    expect(await reads(app, '203.0.113.9', direct)).toEqual([429, 429, 429, 429]);
  });
});
