/**
 * Issue 10, finding 2: ciphertexts are bound to their place. Input that looks like a ciphertext is
 * text; a ciphertext copied into another record or field does not decrypt there; one value that
 * cannot be decrypted shows as 「（无法解密）」 without breaking the record, the ledger or its export,
 * and is audited; legacy `enc1` values still read and `keys:rotate` rewrites them bound.
 */
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateKeys, valuesNeedingRotation } from '../../src/app/key-rotation.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import type { CaseRecord } from '../../src/domain/model/case.js';
import { decryptFailureCount, FieldCrypto, setDecryptFailureLogger } from '../../src/security/field-crypto.js';
import * as s from '../../src/store/schema.js';
import { FakeClock } from '../support/db.js';
import { portalServer } from '../portal/support.js';

const LOOKS_SEALED = 'enc1:sm4:k1:AAAA:BBBB:CCCC';
const UNREADABLE = '（无法解密）';
const clock = new FakeClock('2025-09-20');
let srv: Awaited<ReturnType<typeof portalServer>>;
const warnings: string[] = [];
let restoreLogger: (l: string) => void;

beforeAll(async () => {
  srv = await portalServer(clock);
  restoreLogger = setDecryptFailureLogger((l) => warnings.push(l));
});
afterAll(async () => {
  setDecryptFailureLogger(restoreLogger);
  await srv.close();
});

async function record(id: string): Promise<CaseRecord> {
  return (await srv.database.db.select({ record: s.cases.record }).from(s.cases).where(eq(s.cases.id, id)))[0]!.record;
}
async function setPetitioner(id: string, patch: Record<string, string>): Promise<void> {
  const r = await record(id);
  const petitioners = r.content.petitioners.map((p, i) => (i === 0 ? { ...p, ...patch } : p));
  await srv.database.db.update(s.cases).set({ record: { ...r, content: { ...r.content, petitioners } } }).where(eq(s.cases.id, id));
}
async function newCase(over: Record<string, unknown> = {}) {
  const r = await srv.submit(over);
  return { ...r, id: await srv.caseId(r.caseNumber) };
}
async function auditRows(caseId: string) {
  return srv.database.db.select().from(s.auditLog).where(and(eq(s.auditLog.action, 'crypto.decrypt_failed'), eq(s.auditLog.targetId, caseId)));
}
const personalData = async (id: string) => {
  const r = await srv.as('xfj_clerk', 'GET', `/api/cases/${id}/personal-data?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ petitioners: { name: string; idNumber: string | null; phone: string | null; address: string | null }[] }>().petitioners[0]!;
};

/** Every cell of the ledger export, row by row. */
async function exportedRows(user: string): Promise<string[][]> {
  const r = await srv.as(user, 'GET', '/api/cases/ledger/export');
  expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as never);
  const rows: string[][] = [];
  const cell = (v: unknown): string => (v instanceof Date ? v.toISOString() : typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  wb.getWorksheet('台账')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map(cell)));
  return rows;
}

describe('input that looks like a ciphertext is text', () => {
  it('an unauthenticated portal submission whose address is "enc1:sm4:k1:AAAA:BBBB:CCCC" is stored encrypted and reads back as typed everywhere', async () => {
    const c = await newCase({ petitioner: { kind: 'person', name: '钟德福', idNumber: '360731198506150032', phone: '13907971234', address: LOOKS_SEALED } });
    const stored = (await record(c.id)).content.petitioners[0]!.address!;
    expect(stored).not.toBe(LOOKS_SEALED);
    expect(stored.startsWith('enc2:sm4:t2:')).toBe(true);
    // Detail, actions, the full personal data, the petitioner's follow page, the export: all answer.
    const detail = await srv.as('xfj_clerk', 'GET', `/api/cases/${c.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect((await srv.as('xfj_clerk', 'GET', `/api/cases/${c.id}/actions`)).statusCode).toBe(200);
    expect((await personalData(c.id)).address).toBe(LOOKS_SEALED);
    const follow = await srv.app.inject({ method: 'GET', url: '/api/public/case', headers: await srv.follow(c.queryCode) });
    expect(follow.statusCode, follow.body).toBe(200);
    expect((await exportedRows('xfj_leader')).some((r) => r.includes(c.caseNumber))).toBe(true);
    expect(await auditRows(c.id)).toHaveLength(0);
  });
});

describe('a ciphertext copied to another place', () => {
  it('into another case does not decrypt there: the copy reads as unreadable, never as the other case’s value', async () => {
    const a = await newCase({ petitioner: { kind: 'person', name: '甲', idNumber: '360731197805120015', phone: '13907971234', address: '于都县贡江镇长征村' } });
    const b = await newCase({ petitioner: { kind: 'person', name: '乙', idNumber: '360731199003070027', phone: '13511112222', address: '于都县银坑镇' } });
    const fromA = (await record(a.id)).content.petitioners[0]!;
    await setPetitioner(b.id, { idNumber: fromA.idNumber! });
    const pd = await personalData(b.id);
    expect(pd.idNumber).toBe(UNREADABLE);
    // The rest of the record still reads.
    expect(pd).toMatchObject({ name: '乙', phone: '13511112222', address: '于都县银坑镇' });
    const detail = await srv.as('xfj_clerk', 'GET', `/api/cases/${b.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain('3607**********0015');
    expect(detail.json<{ case: { content: { petitioners: { idNumber: string }[] } } }>().case.content.petitioners[0]!.idNumber).toBe(UNREADABLE);
    // Audited: where and why, no value.
    const rows = await auditRows(b.id);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]!.detail).toMatchObject({ fields: [{ table: 'cases', column: 'content.petitioners.0.idNumber', code: 'CIPHERTEXT_TAMPERED' }] });
    expect(JSON.stringify(rows)).not.toContain('360731');
  });

  it('into another field or person of the same case is refused too', async () => {
    const c = await newCase({ petitioner: { kind: 'person', name: '丙', idNumber: '360731197805120015', phone: '13907971234', address: '于都县贡江镇长征村' } });
    const p = (await record(c.id)).content.petitioners[0]!;
    await setPetitioner(c.id, { address: p.phone! });
    const pd = await personalData(c.id);
    expect(pd.address).toBe(UNREADABLE);
    expect(pd.phone).toBe('13907971234');
  });
});

describe('one value that cannot be decrypted', () => {
  it('shows as unreadable in the detail, the follow page and the export; the list and the export still work; audited, logged, counted', async () => {
    const good = await newCase({ petitioner: { kind: 'person', name: '丁', idNumber: '360731197805120015', phone: '13907971234', address: '于都县贡江镇' } });
    const bad = await newCase({ petitioner: { kind: 'person', name: '戊', idNumber: '360731199003070027', phone: '13907971234', address: '于都县岭背镇' } });
    // Tamper with one byte of the stored ID number's ciphertext.
    const parts = (await record(bad.id)).content.petitioners[0]!.idNumber!.split(':');
    const ct = Buffer.from(parts[4]!, 'base64url');
    ct[0]! ^= 1;
    parts[4] = ct.toString('base64url');
    await setPetitioner(bad.id, { idNumber: parts.join(':') });
    const before = decryptFailureCount();
    warnings.length = 0;

    expect((await srv.as('xfj_leader', 'GET', '/api/cases/ledger')).statusCode).toBe(200);
    const rows = await exportedRows('xfj_leader');
    const badRow = rows.find((r) => r.includes(bad.caseNumber))!;
    const goodRow = rows.find((r) => r.includes(good.caseNumber))!;
    expect(badRow.at(-1)).toBe(UNREADABLE); // 身份证号码
    expect(badRow.at(-2)).toBe('139****1234'); // 联系电话: the rest of the row as usual
    expect(goodRow.at(-1)).toBe('3607**********0015');
    const exportAudit = (await auditRows(bad.id)).filter((r) => (r.detail as { during?: string }).during === 'case.export');
    expect(exportAudit).toHaveLength(1);
    expect(exportAudit[0]!.detail).toMatchObject({ fields: [{ column: 'content.petitioners.0.idNumber', code: 'CIPHERTEXT_TAMPERED' }] });
    expect(exportAudit[0]!.actorId).not.toBeNull();

    const detail = await srv.as('xfj_clerk', 'GET', `/api/cases/${bad.id}`);
    expect(detail.statusCode).toBe(200);
    expect((await srv.as('xfj_clerk', 'GET', `/api/cases/${bad.id}/actions`)).statusCode).toBe(200);
    const follow = await srv.app.inject({ method: 'GET', url: '/api/public/case', headers: await srv.follow(bad.queryCode) });
    expect(follow.statusCode, follow.body).toBe(200);
    const petitionerAudit = (await auditRows(bad.id)).filter((r) => (r.detail as { actor?: string }).actor === 'petitioner');
    expect(petitionerAudit.length).toBeGreaterThan(0);

    // Alerted: a warning line naming the place, not the value, and the counter others expose as a metric.
    expect(decryptFailureCount() - before).toBeGreaterThanOrEqual(3);
    expect(warnings.some((w) => w.includes(`decrypt_failed code=CIPHERTEXT_TAMPERED place=cases/content.petitioners.0.idNumber/${bad.id}`))).toBe(true);
    expect(warnings.join('\n')).not.toMatch(/360731199003070027|戊|岭背/);
  });

  it('a write to the case keeps the stored ciphertext (a lost key may still open it later), not the placeholder', async () => {
    const c = await newCase({ petitioner: { kind: 'person', name: '己', idNumber: '360731197805120015', phone: '13907971234', address: '于都县' } });
    const foreign = new FieldCrypto({ ...TEST_KEYRING, keys: { gone: Buffer.alloc(32, 5).toString('base64') }, activeKeyId: 'gone' });
    const underLostKey = foreign.encrypt('于都县罗坳镇', { table: 'cases', column: 'content.petitioners.0.address', id: c.id });
    await setPetitioner(c.id, { address: underLostKey });
    expect((await personalData(c.id)).address).toBe(UNREADABLE);
    const acted = await srv.as('xfj_officer', 'POST', `/api/cases/${c.id}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    expect(acted.statusCode, acted.body).toBe(200);
    const after = (await record(c.id)).content.petitioners[0]!;
    expect(after.address).toBe(underLostKey);
    // The readable fields were re-encrypted as usual and still read.
    expect((await personalData(c.id)).idNumber).toBe('360731197805120015');
    // With the key back, the value opens again: nothing was lost.
    expect(foreign.decrypt(after.address!, { table: 'cases', column: 'content.petitioners.0.address', id: c.id })).toBe('于都县罗坳镇');
  });
});

/** A legacy `enc1` value, built by hand from the format's definition (not by the code under test). */
function legacyEnc1(plain: string, keyId: string): string {
  const key = Buffer.from(TEST_KEYRING.keys[keyId]!, 'base64');
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-ctr', key.subarray(0, 16), iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  const tag = createHmac('sm3', key.subarray(16)).update(keyId).update(iv).update(ct).digest();
  return ['enc1', 'sm4', keyId, iv.toString('base64url'), ct.toString('base64url'), tag.toString('base64url')].join(':');
}

describe('legacy enc1 values (databases and demos from before the bound format)', () => {
  it('still read, and keys:rotate rewrites every one of them bound to its place', async () => {
    const c = await newCase({ petitioner: { kind: 'person', name: '庚', idNumber: '360731197805120015', phone: '13907971234', address: '于都县贡江镇' } });
    await setPetitioner(c.id, { idNumber: legacyEnc1('360731197805120015', 't1'), phone: legacyEnc1('13907971234', 't2'), address: legacyEnc1('于都县贡江镇', 't2') });
    await srv.database.db.update(s.caseAccessCodes).set({ codeEnc: legacyEnc1('ABCD-EFGH', 't2') }).where(eq(s.caseAccessCodes.caseId, c.id));
    expect(await personalData(c.id)).toMatchObject({ idNumber: '360731197805120015', phone: '13907971234', address: '于都县贡江镇' });
    const fc = new FieldCrypto(TEST_KEYRING);
    expect(await valuesNeedingRotation(srv.database.db, fc)).toBeGreaterThanOrEqual(4);

    const r = await rotateKeys(srv.database.db, fc);
    expect(r.cases).toBeGreaterThanOrEqual(1);
    // Left as it was: only the address under the lost key (the test above), which nothing can read now.
    expect(r.unreadable).toBe(1);
    expect(await valuesNeedingRotation(srv.database.db, fc)).toBe(1);
    const legacyLeft = await srv.database.db.execute(sql`select count(*)::int as n from cases where record::text like '%enc1:%'`);
    expect((legacyLeft as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
    const p = (await record(c.id)).content.petitioners[0]!;
    expect(p.idNumber!.startsWith('enc2:sm4:t2:')).toBe(true);
    expect(await personalData(c.id)).toMatchObject({ idNumber: '360731197805120015', phone: '13907971234', address: '于都县贡江镇' });
    const code = (await srv.database.db.select().from(s.caseAccessCodes).where(eq(s.caseAccessCodes.caseId, c.id)))[0]!.codeEnc;
    expect(fc.decrypt(code, { table: 'case_access_codes', column: 'code_enc', id: c.id })).toBe('ABCD-EFGH');
    // Now bound: the rotated value copied to another case no longer reads there.
    expect(() => fc.decrypt(p.idNumber!, { table: 'cases', column: 'content.petitioners.0.idNumber', id: 'another' })).toThrow(/校验失败/);
  });
});
