/**
 * The composition root (src/compose.ts): services built with their collaborators as constructor
 * arguments, once. What the types guarantee is checked by tsc (the @ts-expect-error lines below: a
 * CaseService, CalendarService or AuditTrail cannot be built without its audit trail or clock); what
 * they cannot is checked here — the wiring works, and every recorded time comes from the clocks.
 */
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSink } from '../../src/app/audit-sink.js';
import { CalendarService } from '../../src/app/calendar-service.js';
import { CaseService } from '../../src/app/case-service.js';
import type { Clock } from '../../src/app/clock.js';
import type { ReferenceData } from '../../src/app/reference-data.js';
import { AuditTrail } from '../../src/security/audit-trail.js';
import type { FieldCrypto } from '../../src/security/field-crypto.js';
import type { Db } from '../../src/store/database.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

/** Never called: tsc fails on an unused @ts-expect-error, i.e. if a collaborator became optional. */
export function cannotBeBuiltWithout(db: Db, ref: ReferenceData, crypto: FieldCrypto, clock: Clock, audit: AuditSink, cases: CaseService) {
  // @ts-expect-error a CaseService needs its audit trail
  new CaseService(db, ref, crypto, clock);
  // @ts-expect-error a CaseService needs the business clock
  new CaseService(db, ref, crypto);
  // @ts-expect-error a CalendarService needs its audit trail and clock
  new CalendarService(db, ref, cases);
  // @ts-expect-error the audit trail needs a clock
  new AuditTrail();
  return new CaseService(db, ref, crypto, clock, audit);
}

const clock = new FakeClock('2026-03-02');
let srv: Awaited<ReturnType<typeof testServer>>;
let caseId: string;

beforeAll(async () => {
  srv = await testServer(clock);
  const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-03-02' }) });
  expect(r.statusCode, r.body).toBe(201);
  caseId = r.json<{ case: { id: string } }>().case.id;
});
afterAll(async () => {
  await srv.close();
});

const auditRows = (action: string) => srv.database.db.select().from(s.auditLog).where(eq(s.auditLog.action, action));

describe('composition', () => {
  it('registration runs through the audit trail and the outbox listener given at construction', async () => {
    expect(await auditRows('case.register')).toHaveLength(1);
    const outbox = await srv.database.db.select().from(s.notificationOutbox).where(eq(s.notificationOutbox.caseId, caseId));
    expect(outbox.map((o) => o.templateKey)).toEqual(['registered']);
  });

  it('a case\'s record timestamps and its audit entries are on the business clock', async () => {
    const [created] = await srv.database.db.select({ createdAt: s.cases.createdAt, updatedAt: s.cases.updatedAt }).from(s.cases).where(eq(s.cases.id, caseId));
    // Before: created_at and updated_at were the database's now() at insert, and updated_at the machine's time on each action.
    expect([created!.createdAt.toISOString(), created!.updatedAt.toISOString()]).toEqual(['2026-03-02T02:00:00.000Z', '2026-03-02T02:00:00.000Z']);
    clock.set('2026-03-04');
    const r = await srv.as('xfj_officer', 'POST', `/api/cases/${caseId}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    expect(r.statusCode, r.body).toBe(200);
    const [after] = await srv.database.db.select({ createdAt: s.cases.createdAt, updatedAt: s.cases.updatedAt }).from(s.cases).where(eq(s.cases.id, caseId));
    expect([after!.createdAt.toISOString(), after!.updatedAt.toISOString()]).toEqual(['2026-03-02T02:00:00.000Z', '2026-03-04T02:00:00.000Z']);
    expect(new Date((await auditRows('case.forward'))[0]!.at).toISOString()).toBe('2026-03-04T02:00:00.000Z');
  });

  it('calendar and profile changes: the business clock\'s time, and the administrator\'s organ in the audit entry', async () => {
    clock.set('2026-03-05');
    const put = await srv.as('admin', 'PUT', '/api/calendar/years/2027', { noticeRef: '国务院办公厅关于2027年部分节假日安排的通知（测试）', holidays: ['2027-01-01'], makeupWorkdays: [] });
    expect(put.statusCode, put.body).toBe(200);
    const [year] = await srv.database.db.select({ enteredAt: s.calendarYears.enteredAt }).from(s.calendarYears).where(eq(s.calendarYears.year, 2027));
    expect(year!.enteredAt.toISOString()).toBe('2026-03-05T02:00:00.000Z');
    const profiles = (await srv.as('admin', 'GET', '/api/profiles')).json<{ id: string; name: string; limits: unknown; simplified: unknown; maxExtensionDays: number; hearingPauses: string[] }[]>();
    const { id: _id, ...national } = profiles.find((p) => p.id === 'national')!;
    const saved = await srv.as('admin', 'PUT', '/api/profiles/composition-probe', { ...national, name: '组合测试' });
    expect(saved.statusCode, saved.body).toBe(200);
    const [profile] = await srv.database.db.select({ updatedAt: s.rulesProfiles.updatedAt }).from(s.rulesProfiles).where(eq(s.rulesProfiles.id, 'composition-probe'));
    expect(profile!.updatedAt.toISOString()).toBe('2026-03-05T02:00:00.000Z');
    // Before: the route passed only the user's id, and these entries had no organ.
    for (const action of ['calendar.enter_year', 'profile.save']) {
      expect((await auditRows(action)).map((e) => [e.actorId, e.actorOrganId])).toEqual([['u-admin', 'county-xfj']]);
    }
    // Refused before anything is written (the role check is the service's now, as it was the route's).
    const refused = await srv.as('xfj_officer', 'PUT', '/api/profiles/composition-probe', { ...national, name: '越权' });
    expect([refused.statusCode, refused.json<{ code: string }>().code]).toEqual([403, 'FORBIDDEN']);
  });

  it('exports are stamped with the business clock\'s date', async () => {
    clock.set('2026-03-06');
    // Before: the audit export's file name took the machine's date, the workbook's creation time the machine's time.
    const audit = await srv.as('auditor', 'GET', '/api/audit/export');
    expect(audit.statusCode).toBe(200);
    expect(String(audit.headers['content-disposition'])).toContain('filename="audit-20260306.csv"');
    const ledger = await srv.as('xfj_officer', 'GET', '/api/cases/ledger/export');
    expect(ledger.statusCode).toBe(200);
    expect(String(ledger.headers['content-disposition'])).toContain('ledger-20260306.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(ledger.rawPayload as never);
    expect(wb.created.toISOString()).toBe('2026-03-06T02:00:00.000Z');
    expect(await srv.database.db.select().from(s.auditLog).where(and(eq(s.auditLog.action, 'case.export'), eq(s.auditLog.outcome, 'ok')))).toHaveLength(1);
  });
});
