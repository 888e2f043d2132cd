/**
 * The workbench's reads on the demo data: every dashboard count equals the total of the list its
 * link opens (queue or ledger), under the user's data scope; the queue is ordered by urgency; the
 * Excel export is a real workbook with the ledger's cases exactly, no foreign case and no ID
 * number or phone in clear, and it is audited.
 */
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContent } from '../../src/app/personal-data.js';
import { loadReference } from '../../src/app/reference-data.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { seedDemoCases } from '../../src/demo/seed-cases.js';
import { canSeeCase } from '../../src/domain/access/case-visibility.js';
import { STATE_LABELS } from '../../src/domain/model/case-states.js';
import type { StaffUser } from '../../src/domain/model/user.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition as petition } from '../support/petitions.js';
import { LEDGER_EXPORT_HEADERS } from '../../src/app/ledger-export.js';

const TODAY = '2026-11-20';
const clock = new FakeClock(TODAY);
const crypto = new FieldCrypto(TEST_KEYRING);
let srv: Awaited<ReturnType<typeof testServer>>;

beforeAll(async () => {
  srv = await testServer(clock);
  await seedDemoCases(srv.database, { count: 80, crypto, today: TODAY });
}, 240_000);
afterAll(async () => {
  await srv.close();
});

interface Summary {
  today: string;
  mine: {
    total: number; overdue: number; dueSoon: number; assignedToMe: number;
    stages: { key: string; label: string; count: number }[]; dueNext14: { date: string; count: number }[];
  };
  scope: { open: number; overdue: number; newSinceYesterday: number; since: string; total: number };
  supervision: { received: number; issued: number };
}
interface Row { id: string; number: string; state: string; nextDue: string | null; daysLeft: number | null; overdue: boolean; receivedOn: string }
const get = async <T>(user: string, url: string): Promise<T> => {
  const r = await srv.as(user, 'GET', url);
  expect(r.statusCode, `${url}: ${r.body.slice(0, 200)}`).toBe(200);
  return r.json<T>();
};
const total = async (user: string, url: string) => (await get<{ total: number }>(user, url)).total;

describe.each(['gj_officer', 'xfj_officer', 'gj_handler', 'xian_handler', 'rsj_handler', 'shi_xfj_officer'])('dashboard of %s', (user) => {
  it('each count equals the total of the list its link opens', async () => {
    const sm = await get<Summary>(user, '/api/workbench/summary');
    expect(sm.today).toBe(TODAY);
    expect(sm.mine.total).toBe(await total(user, '/api/cases?pageSize=1'));
    expect(sm.mine.overdue).toBe(await total(user, '/api/cases?due=overdue&pageSize=1'));
    expect(sm.mine.dueSoon).toBe(await total(user, '/api/cases?due=soon&pageSize=1'));
    expect(sm.mine.assignedToMe).toBe(await total(user, '/api/cases?assignedToMe=true&pageSize=1'));
    for (const st of sm.mine.stages) expect(st.count, st.label).toBe(await total(user, `/api/cases?stage=${st.key}&pageSize=1`));
    expect(sm.mine.stages.reduce((a, x) => a + x.count, 0)).toBe(sm.mine.total);
    expect(sm.supervision.received).toBe(await total(user, '/api/cases?supervision=received&pageSize=1'));
    expect(sm.supervision.issued).toBe(await total(user, '/api/cases?supervision=issued&pageSize=1'));
    expect(sm.scope.open).toBe(await total(user, '/api/cases/ledger?open=true&pageSize=1'));
    expect(sm.scope.overdue).toBe(await total(user, '/api/cases/ledger?overdue=true&pageSize=1'));
    expect(sm.scope.newSinceYesterday).toBe(await total(user, `/api/cases/ledger?receivedFrom=${sm.scope.since}&pageSize=1`));
    expect(sm.scope.total).toBe(await total(user, '/api/cases/ledger?pageSize=1'));
    expect(sm.mine.dueNext14).toHaveLength(14);
  });
});

describe('scope', () => {
  it('the county bureau sees more than a township, and the township only its own cases', async () => {
    const county = await get<Summary>('xfj_officer', '/api/workbench/summary');
    const town = await get<Summary>('gj_officer', '/api/workbench/summary');
    expect(county.scope.total).toBeGreaterThan(town.scope.total);
    expect(county.mine.total).toBeGreaterThan(0);
    const snap = await loadReference(srv.database.db);
    const all = await srv.database.db.select({ record: s.cases.record }).from(s.cases);
    const ledger = await get<{ items: Row[]; total: number }>('gj_officer', '/api/cases/ledger?pageSize=200');
    const user = (await get<{ user: StaffUser }>('gj_officer', '/api/auth/me')).user;
    const expected = all.map((r) => r.record).filter((c) => canSeeCase(c, user, snap.organs)).map((c) => c.id).sort();
    expect(ledger.items.map((r) => r.id).sort()).toEqual(expected);
  });

  it('the queue: most urgent first, overdue ones flagged; text search over number and title; bad filters refused', async () => {
    const q = await get<{ items: Row[]; total: number }>('xfj_officer', '/api/cases?pageSize=200');
    expect(q.items.length).toBeGreaterThan(1);
    const dues = q.items.map((r) => r.nextDue ?? '9999-12-31');
    expect(dues).toEqual([...dues].sort());
    for (const r of q.items) expect(r.overdue).toBe(r.nextDue !== null && r.nextDue < TODAY);
    const one = q.items[0]!;
    const byNumber = await get<{ items: Row[] }>('xfj_officer', `/api/cases?q=${encodeURIComponent(one.number.slice(-6))}`);
    expect(byNumber.items.map((r) => r.id)).toContain(one.id);
    const nothing = await get<{ items: Row[]; total: number }>('xfj_officer', `/api/cases?q=${encodeURIComponent('%_不存在的标题_%')}`);
    expect(nothing.total).toBe(0);
    // Case ignored for Latin letters (ILIKE), Chinese compared as it is (LIKE): the same rows either way.
    const made = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: TODAY, title: '小区WiFi基站辐射问题' }) });
    expect(made.statusCode).toBe(201);
    const id = made.json<{ case: { id: string } }>().case.id;
    for (const text of ['wifi', 'WIFI', 'WiFi基站', '基站辐射', 'i基']) {
      const found = await get<{ items: Row[] }>('xfj_officer', `/api/cases?q=${encodeURIComponent(text)}`);
      expect(found.items.map((r) => r.id), text).toEqual([id]);
    }
    for (const text of ['wifi基站x', '基站 辐射', '辐射基站']) {
      expect((await get<{ total: number }>('xfj_officer', `/api/cases?q=${encodeURIComponent(text)}`)).total, text).toBe(0);
    }
    for (const bad of ['stage=nope', 'due=later', 'pageSize=500', 'foo=1', `q=${'长'.repeat(51)}`]) {
      const r = await srv.as('xfj_officer', 'GET', `/api/cases?${bad}`);
      expect(r.statusCode, bad).toBe(400);
      expect(r.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });
});

describe('ledger export', () => {
  async function workbook(user: string, query = '') {
    const r = await srv.as(user, 'GET', `/api/cases/ledger/export${query}`);
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const stamp = TODAY.replaceAll('-', '');
    expect(r.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`台账-${stamp}.xlsx`)}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as never);
    return wb.getWorksheet('台账')!;
  }

  it('the township officer gets exactly the cases of their ledger, typed, masked, and audited', async () => {
    const ws = await workbook('gj_officer');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...LEDGER_EXPORT_HEADERS]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    const ledger = await get<{ items: Row[]; total: number }>('gj_officer', '/api/cases/ledger?pageSize=200');
    expect(ws.rowCount - 1).toBe(ledger.total);
    const col = (name: string) => LEDGER_EXPORT_HEADERS.indexOf(name as never) + 1;
    const numbers = new Set<string>();
    for (let i = 2; i <= ws.rowCount; i++) numbers.add(ws.getRow(i).getCell(col('编号')).text);
    expect([...numbers].sort()).toEqual(ledger.items.map((r) => r.number).sort());
    // Row 2 is the ledger's first row: same order.
    const first = ledger.items[0]!;
    const row = ws.getRow(2);
    expect(row.getCell(col('编号')).value).toBe(first.number);
    expect(row.getCell(col('状态')).value).toBe(STATE_LABELS[first.state as keyof typeof STATE_LABELS]);
    const received = row.getCell(col('登记日期')).value;
    expect(received).toBeInstanceOf(Date);
    expect((received as Date).toISOString().slice(0, 10)).toBe(first.receivedOn);
    const withDue = ledger.items.findIndex((r) => r.daysLeft !== null && r.state !== 'closed');
    if (withDue >= 0 && ws.getRow(withDue + 2).getCell(col('剩余天数')).value !== null) {
      expect(typeof ws.getRow(withDue + 2).getCell(col('剩余天数')).value).toBe('number');
    }

    // A case of another township (held there, not registered here) is absent.
    const county = await get<{ items: Row[] }>('xfj_officer', '/api/cases/ledger?holderOrganId=town-tsl&pageSize=200');
    const foreign = county.items.filter((r) => !ledger.items.some((x) => x.id === r.id));
    expect(foreign.length).toBeGreaterThan(0);
    for (const f of foreign) expect(numbers.has(f.number)).toBe(false);

    // No ID number or phone of any case in clear anywhere in the file.
    const all = await srv.database.db.select({ record: s.cases.record }).from(s.cases);
    const secrets = all.flatMap((r) => openContent(r.record.content, crypto, r.record.id).content.petitioners.flatMap((p) => [p.idNumber, p.phone]))
      .filter((x): x is string => typeof x === 'string' && x.length >= 7);
    expect(secrets.length).toBeGreaterThan(0);
    const text: string[] = [];
    ws.eachRow((r) => r.eachCell((c) => text.push(c.text)));
    const joined = text.join('\n');
    for (const sec of secrets) expect(joined.includes(sec), 'personal data in clear').toBe(false);
    expect(joined).toMatch(/\*{4}/); // masked values are there

    const audit = await srv.database.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'case.export'));
    const mine = audit.filter((a) => a.actorId === 'u-gj_officer');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.at(-1)).toMatchObject({ outcome: 'ok', detail: { rows: ledger.total } });
  });

  it('applies the same filters as the ledger, and refuses a bad one without a file', async () => {
    const ws = await workbook('xfj_officer', '?overdue=true');
    expect(ws.rowCount - 1).toBe(await total('xfj_officer', '/api/cases/ledger?overdue=true&pageSize=1'));
    for (let i = 2; i <= ws.rowCount; i++) expect(ws.getRow(i).getCell(LEDGER_EXPORT_HEADERS.indexOf('是否超期') + 1).value).toBe('是');
    const r = await srv.as('xfj_officer', 'GET', '/api/cases/ledger/export?categoryCode=abc');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('json');
    expect((await srv.app.inject({ method: 'GET', url: '/api/cases/ledger/export' })).statusCode).toBe(401);
  });
});

describe('the scope\'s open cases, counted in three parts (acting organ, else holder, else registrar in the scope)', () => {
  it('a case the office registered and forwarded out of its scope still counts once among its open cases', async () => {
    const before = await get<Summary>('gj_officer', '/api/workbench/summary');
    const made = await srv.as('gj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: TODAY, title: '登记后转出的事项' }) });
    expect(made.statusCode).toBe(201);
    const id = made.json<{ case: { id: string } }>().case.id;
    const forwarded = await srv.as('gj_officer', 'POST', `/api/cases/${id}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    expect(forwarded.statusCode, forwarded.body.slice(0, 200)).toBe(200);
    const after = await get<Summary>('gj_officer', '/api/workbench/summary');
    // Registered in the township, held and acted on by the county's bureau of human resources: only
    // the registrar is in the township office's scope.
    expect(after.scope.open).toBe(before.scope.open + 1);
    expect(after.scope.open).toBe(await total('gj_officer', '/api/cases/ledger?open=true&pageSize=1'));
  });
});
