/**
 * Key rotation: re-encrypt every stored ciphertext under the active key, in batches, each batch one
 * transaction. Run after adding a new key and making it active; remove the old key only afterwards.
 */
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { CaseRecord } from '../domain/model/case.js';
import type { Petitioner } from '../domain/model/petition.js';
import type { FieldCrypto, Place } from '../security/field-crypto.js';
import { partyPlace, sealedFields } from './personal-data.js';
import { resultRows, type Db } from '../store/database.js';
import * as s from '../store/schema.js';

/** What a rotation did: rewritten values per kind of record, and values left as they were because they cannot be read. */
export interface RotationResult { cases: number; users: number; other: number; unreadable: number }

/**
 * The stored value rewritten in the bound format under the active key, or unchanged when it is
 * current already. A value that cannot be decrypted is left as it was (counted, logged; not fatal:
 * the rest rotates) — a missing key may still open it later.
 */
function rotateValue(fc: FieldCrypto, v: string, place: Place, tally: { unreadable: number }): string {
  if (!fc.needsRotation(v)) return v;
  const r = fc.tryDecrypt(v, place);
  if (!r.ok) {
    tally.unreadable++;
    return v;
  }
  return fc.encrypt(r.value, place);
}

/**
 * Tables with one encrypted text column and a text key, rotated alike; the ciphertext is bound to
 * (table, column, key). A new table holding a ciphertext adds a line here (the key-rotation test
 * checks that nothing stays under the old key or in the legacy format).
 */
export const ENCRYPTED_COLUMNS: { table: string; key: string; column: string }[] = [
  { table: 'case_access_codes', key: 'case_id', column: 'code_enc' },
  { table: 'notification_outbox', key: 'id', column: 'phone_enc' },
  { table: 'notification_outbox', key: 'id', column: 'params_enc' },
  { table: 'users', key: 'id', column: 'id_number_enc' },
  { table: 'users', key: 'id', column: 'totp_secret_enc' },
];

type Column = (typeof ENCRYPTED_COLUMNS)[number];

async function rotateColumn(db: Db, fc: FieldCrypto, c: Column, batch: number, tally: { unreadable: number }): Promise<number> {
  let n = 0;
  let after = '';
  for (;;) {
    const res = await db.execute(sql`SELECT ${sql.identifier(c.key)}::text AS k, ${sql.identifier(c.column)} AS v FROM ${sql.identifier(c.table)}
      WHERE ${sql.identifier(c.key)}::text > ${after} ORDER BY 1 LIMIT ${batch}`);
    const rows = resultRows<{ k: string; v: string | null }>(res);
    const last = rows.at(-1);
    if (!last) break;
    await db.transaction(async (tx) => {
      for (const r of rows) {
        if (r.v === null) continue;
        const v = rotateValue(fc, r.v, { table: c.table, column: c.column, id: r.k }, tally);
        if (v === r.v) continue;
        await tx.execute(sql`UPDATE ${sql.identifier(c.table)} SET ${sql.identifier(c.column)} = ${v} WHERE ${sql.identifier(c.key)}::text = ${r.k}`);
        n++;
      }
    });
    after = last.k;
  }
  return n;
}

export async function rotateKeys(db: Db, fc: FieldCrypto, batch = 500): Promise<RotationResult> {
  const tally = { unreadable: 0 };
  let cases = 0;
  let after = '';
  for (;;) {
    const rows = await db.select({ id: s.cases.id, record: s.cases.record }).from(s.cases).where(gt(s.cases.id, after)).orderBy(asc(s.cases.id)).limit(batch);
    const last = rows.at(-1);
    if (!last) break;
    await db.transaction(async (tx) => {
      for (const r of rows) {
        const content = r.record.content;
        const petitioners = content.petitioners.map((p, i) => {
          const out: Petitioner = { ...p };
          for (const f of sealedFields(content.kind)) {
            const v = p[f];
            if (v) out[f] = rotateValue(fc, v, partyPlace(r.id, i, f), tally);
          }
          return out;
        });
        if (JSON.stringify(petitioners) === JSON.stringify(content.petitioners)) continue;
        const record: CaseRecord = { ...r.record, content: { ...content, petitioners } };
        await tx.update(s.cases).set({ record }).where(eq(s.cases.id, r.id));
        cases++;
      }
    });
    after = last.id;
  }
  let users = 0;
  let other = 0;
  for (const c of ENCRYPTED_COLUMNS) {
    const n = await rotateColumn(db, fc, c, batch, tally);
    if (c.table === 'users') users += n;
    else other += n;
  }
  return { cases, users, other, unreadable: tally.unreadable };
}

/** How many stored values are still in the legacy unbound format or under another key (0 after a rotation). */
export async function valuesNeedingRotation(db: Db, fc: FieldCrypto): Promise<number> {
  let n = 0;
  const rows = await db.select({ record: s.cases.record }).from(s.cases);
  for (const r of rows) {
    for (const p of r.record.content.petitioners) {
      for (const f of sealedFields(r.record.content.kind)) {
        const v = p[f];
        if (v && fc.needsRotation(v)) n++;
      }
    }
  }
  for (const c of ENCRYPTED_COLUMNS) {
    const res = await db.execute(sql`SELECT ${sql.identifier(c.column)} AS v FROM ${sql.identifier(c.table)} WHERE ${sql.identifier(c.column)} IS NOT NULL`);
    const values = resultRows<{ v: string }>(res);
    n += values.filter((r) => fc.needsRotation(r.v)).length;
  }
  return n;
}
