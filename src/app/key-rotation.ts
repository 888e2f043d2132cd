/**
 * Key rotation: re-encrypt every stored ciphertext under the active key, in batches, each batch one
 * transaction. Run after adding a new key and making it active; remove the old key only afterwards.
 */
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { CaseRecord } from '../domain/model/case.js';
import { FieldCrypto } from '../security/field-crypto.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';

function rotateValue(fc: FieldCrypto, v: string | null | undefined): string | null | undefined {
  return v && FieldCrypto.isCiphertext(v) && fc.needsRotation(v) ? fc.encrypt(fc.decrypt(v)) : v;
}

/**
 * Tables with one encrypted text column and a text key, rotated alike. A new table holding a
 * ciphertext adds a line here (the key-rotation test checks that nothing stays under the old key).
 */
export const ENCRYPTED_COLUMNS: { table: string; key: string; column: string }[] = [
  { table: 'case_access_codes', key: 'case_id', column: 'code_enc' },
  { table: 'notification_outbox', key: 'id', column: 'phone_enc' },
  { table: 'notification_outbox', key: 'id', column: 'params_enc' },
];

async function rotateColumn(db: Db, fc: FieldCrypto, c: { table: string; key: string; column: string }, batch: number): Promise<number> {
  let n = 0;
  let after = '';
  for (;;) {
    const res = await db.execute(sql`SELECT ${sql.identifier(c.key)}::text AS k, ${sql.identifier(c.column)} AS v FROM ${sql.identifier(c.table)}
      WHERE ${sql.identifier(c.key)}::text > ${after} ORDER BY 1 LIMIT ${batch}`);
    const rows = ((res as { rows?: unknown[] }).rows ?? res) as { k: string; v: string | null }[];
    if (rows.length === 0) break;
    await db.transaction(async (tx) => {
      for (const r of rows) {
        const v = rotateValue(fc, r.v);
        if (v === r.v) continue;
        await tx.execute(sql`UPDATE ${sql.identifier(c.table)} SET ${sql.identifier(c.column)} = ${v} WHERE ${sql.identifier(c.key)}::text = ${r.k}`);
        n++;
      }
    });
    after = rows[rows.length - 1]!.k;
  }
  return n;
}

export async function rotateKeys(db: Db, fc: FieldCrypto, batch = 500): Promise<{ cases: number; users: number; other: number }> {
  let cases = 0;
  let after = '';
  for (;;) {
    const rows = await db.select({ id: s.cases.id, record: s.cases.record }).from(s.cases).where(gt(s.cases.id, after)).orderBy(asc(s.cases.id)).limit(batch);
    if (rows.length === 0) break;
    await db.transaction(async (tx) => {
      for (const r of rows) {
        const petitioners = r.record.content.petitioners.map((p) => ({
          ...p, name: rotateValue(fc, p.name)!, idNumber: rotateValue(fc, p.idNumber), phone: rotateValue(fc, p.phone), address: rotateValue(fc, p.address),
        }));
        if (JSON.stringify(petitioners) === JSON.stringify(r.record.content.petitioners)) continue;
        const record: CaseRecord = { ...r.record, content: { ...r.record.content, petitioners } };
        await tx.update(s.cases).set({ record }).where(eq(s.cases.id, r.id));
        cases++;
      }
    });
    after = rows[rows.length - 1]!.id;
  }
  let users = 0;
  const userRows = await db.select({ id: s.users.id, idNumberEnc: s.users.idNumberEnc, totp: s.users.totpSecretEnc }).from(s.users);
  for (const u of userRows) {
    const idNumberEnc = rotateValue(fc, u.idNumberEnc) ?? null;
    const totpSecretEnc = rotateValue(fc, u.totp) ?? null;
    if (idNumberEnc === u.idNumberEnc && totpSecretEnc === u.totp) continue;
    await db.update(s.users).set({ idNumberEnc, totpSecretEnc }).where(eq(s.users.id, u.id));
    users++;
  }
  let other = 0;
  for (const c of ENCRYPTED_COLUMNS) other += await rotateColumn(db, fc, c, batch);
  return { cases, users, other };
}
