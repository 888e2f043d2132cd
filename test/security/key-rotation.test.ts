import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENCRYPTED_COLUMNS, rotateKeys } from '../../src/app/key-rotation.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

let srv: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  srv = await testServer(new FakeClock('2026-03-02'));
});
afterAll(async () => srv.close());

describe('key rotation', () => {
  it('re-encrypts every ciphertext under the new active key; the data still reads the same', async () => {
    // testServer writes under key t2; rotate to a new key k3.
    for (let i = 0; i < 3; i++) expect((await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-03-02' }) })).statusCode).toBe(201);
    const count = async (keyId: string) => {
      const r = await srv.database.db.execute(sql`select count(*)::int as n from cases where record::text like ${'%enc2:sm4:' + keyId + ':%'}`);
      return (r as { rows: { n: number }[] }).rows[0]!.n;
    };
    expect(await count('t2')).toBe(3);
    const next = new FieldCrypto({ ...TEST_KEYRING, keys: { ...TEST_KEYRING.keys, k3: Buffer.alloc(32, 7).toString('base64') }, activeKeyId: 'k3' });
    // other: per case its query code, and its registration SMS's phone and parameters (notification_outbox).
    expect(await rotateKeys(srv.database.db, next)).toMatchObject({ cases: 3, other: 9 });
    expect(await count('t2')).toBe(0);
    // Every other encrypted column too (query codes, and whatever ENCRYPTED_COLUMNS lists).
    for (const c of ENCRYPTED_COLUMNS) {
      const r = await srv.database.db.execute(sql`select count(*)::int as n from ${sql.identifier(c.table)} where ${sql.identifier(c.column)} like ${'%:t2:%'}`);
      expect((r as { rows: { n: number }[] }).rows[0]!.n, c.table).toBe(0);
    }
    expect(await count('k3')).toBe(3);
    expect(await rotateKeys(srv.database.db, next)).toMatchObject({ cases: 0 });
    // Without the old keys, the rotated data is still readable.
    const only = new FieldCrypto({ ...TEST_KEYRING, keys: { k3: Buffer.alloc(32, 7).toString('base64') }, activeKeyId: 'k3' });
    const rows = await srv.database.db.execute(sql`select record from cases limit 1`);
    const record = (rows as { rows: { record: { id: string; content: { petitioners: { idNumber: string }[] } } }[] }).rows[0]!.record;
    expect(only.decrypt(record.content.petitioners[0]!.idNumber, { table: 'cases', column: 'content.petitioners.0.idNumber', id: record.id })).toBe('360731197805120015');
  });
});
