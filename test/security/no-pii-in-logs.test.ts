/** No ID number or phone in clear in logs, error messages, or anything answered without the permission. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { DEMO_PASSWORD } from '../../src/demo/organ-tree.js';
import { seedReference } from '../../src/demo/seed-reference.js';
import { buildServer } from '../../src/http/server.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import { FakeClock, testDatabase } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

const ID = '360731197805120015';
const BAD_ID = '360731197805120011';
const PHONE = '13907971234';
const logs: string[] = [];
const stream = new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done(); } });
let app: Awaited<ReturnType<typeof buildServer>>['app'];
let close: () => Promise<void>;
const bodies: string[] = [];

beforeAll(async () => {
  const database = await testDatabase();
  await seedReference(database.db);
  ({ app } = await buildServer(database, { clock: new FakeClock('2026-03-02'), crypto: new FieldCrypto(TEST_KEYRING), logStream: stream }));
  close = async () => { await app.close(); await database.close(); };
});
afterAll(async () => close?.());

async function call(method: 'GET' | 'POST', url: string, token: string | null, payload?: unknown) {
  const r = await app.inject({ method, url, payload: payload as never, headers: token ? { authorization: `Bearer ${token}` } : {} });
  bodies.push(r.body);
  return r;
}

describe('personal data never leaks into logs or answers without the permission', () => {
  it('through registration, lookups, bad input, refusals and reads', async () => {
    const login = async (u: string) => ((await call('POST', '/api/auth/login', null, { username: u, password: DEMO_PASSWORD })).json() as { token: string }).token;
    const clerk = await login('xfj_clerk');
    const viewer = await login('xfj_viewer');
    const foreign = await login('tsl_officer');
    const petition = samplePetition({ receivedOn: '2026-03-02', petitioners: [{ kind: 'person', name: '钟德福', idNumber: ID, phone: PHONE, address: '于都县贡江镇' }] });
    const created = await call('POST', '/api/cases', clerk, { petition });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { case: { id: string } }).case.id;
    await call('POST', '/api/cases', clerk, { petition: { ...petition, petitioners: [{ kind: 'person', name: '甲', idNumber: BAD_ID, phone: PHONE }] } });
    await call('POST', '/api/cases', clerk, { petition: { ...petition, petitioners: [{ kind: 'person', name: '甲', idNumber: 'x' + ID, phone: PHONE }] } });
    await call('POST', '/api/cases/lookup', clerk, { idNumber: ID });
    await call('POST', '/api/cases/lookup', foreign, { phone: PHONE });
    await call('GET', `/api/cases/lookup?idNumber=${ID}`, clerk);
    await call('GET', `/api/cases/${id}`, clerk);
    await call('GET', `/api/cases/${id}`, viewer);
    await call('GET', `/api/cases/${id}/personal-data`, viewer);
    await call('GET', `/api/cases/${id}`, foreign);
    await call('GET', '/api/cases/ledger', clerk);
    await call('GET', '/api/cases', clerk);
    const unmasked = await call('GET', `/api/cases/${id}/personal-data`, clerk);
    expect(unmasked.body).toContain(ID); // the one permitted, audited answer
    bodies.pop();

    const everything = logs.join('\n');
    expect(logs.length).toBeGreaterThan(10);
    for (const secret of [ID, BAD_ID, PHONE]) {
      expect(everything, 'logs').not.toContain(secret);
      for (const b of bodies) expect(b, 'an answer without the permission').not.toContain(secret);
    }
  });
});
