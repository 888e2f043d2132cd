/**
 * The outside security test's 26 answers 500 (issue 10, finding 7), one explicit case each: a NUL
 * byte in a string on 13 routes, a lone UTF-16 surrogate in a JSON body (8), impossible dates that
 * match the date pattern (2), a truncated multipart upload (3 forms). Every one must answer a 4xx
 * with a stable code — and change nothing (no case created, the case's version unchanged).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

const clock = new FakeClock('2026-03-02');
let srv: Awaited<ReturnType<typeof testServer>>;
let caseId = '';

const NUL = '\u0000';
/** JSON text with a lone high surrogate escaped: JSON.parse accepts it, PostgreSQL cannot store it. */
const LONE = '\\ud800';

beforeAll(async () => {
  srv = await testServer(clock);
  const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-03-02' }) });
  expect(r.statusCode, r.body).toBe(201);
  caseId = r.json<{ case: { id: string } }>().case.id;
}, 120_000);
afterAll(async () => {
  await srv.close();
});

const caseCount = async () => (await srv.database.db.select({ n: count() }).from(s.cases))[0]!.n;
const caseVersion = async () => (await srv.as('xfj_officer', 'GET', `/api/cases/${caseId}`)).json<{ case: { version: number } }>().case.version;

interface Call { user: string | null; method: 'GET' | 'POST' | 'PUT'; url: string; payload?: unknown; raw?: string; headers?: Record<string, string> }

async function send(c: Call) {
  const headers: Record<string, string> = { ...c.headers };
  if (c.user) headers.authorization = `Bearer ${await srv.login(c.user)}`;
  if (c.raw !== undefined) headers['content-type'] = 'application/json';
  return srv.app.inject({ method: c.method, url: c.url, payload: (c.raw ?? c.payload) as never, headers });
}

/** 13 routes × a NUL byte in one string (query, path or body). */
const nulCases: [string, () => Call][] = [
  ['registration: title', () => ({ user: 'xfj_clerk', method: 'POST', url: '/api/cases', payload: { petition: samplePetition({ receivedOn: '2026-03-02', title: `拖欠${NUL}工资` }) } })],
  ['registration: petitioner name', () => ({
    user: 'xfj_clerk', method: 'POST', url: '/api/cases',
    payload: { petition: samplePetition({ receivedOn: '2026-03-02', petitioners: [{ kind: 'person', name: `钟${NUL}德福`, idNumber: '360731197805120015', phone: '13907971234' }] }) },
  })],
  ['ledger filter', () => ({ user: 'xfj_officer', method: 'GET', url: '/api/cases/ledger?holderOrganId=county%00-xfj' })],
  ['queue search', () => ({ user: 'xfj_officer', method: 'GET', url: '/api/cases?q=%E5%B7%A5%00%E8%B5%84' })],
  ['ledger export filter', () => ({ user: 'xfj_officer', method: 'GET', url: '/api/cases/ledger/export?holderOrganId=%00' })],
  ['case id', () => ({ user: 'xfj_officer', method: 'GET', url: `/api/cases/${caseId}%00` })],
  ['case id (events)', () => ({ user: 'xfj_officer', method: 'GET', url: '/api/cases/%00/events' })],
  ['audit filter: actor', () => ({ user: 'auditor', method: 'GET', url: '/api/audit?actor=admin%00' })],
  ['audit export filter: targetId', () => ({ user: 'auditor', method: 'GET', url: '/api/audit/export?targetId=%00' })],
  ['report_major', () => ({ user: 'xfj_officer', method: 'POST', url: `/api/cases/${caseId}/actions/report_major`, payload: { input: { summary: `重大${NUL}紧急`, reportedTo: '赣州市信访局' } } })],
  ['reminders read', () => ({ user: 'xfj_officer', method: 'POST', url: '/api/reminders/read', payload: { keys: [`due:${NUL}`] } })],
  ['log-in', () => ({ user: null, method: 'POST', url: '/api/auth/login', payload: { username: `xfj_clerk${NUL}`, password: 'Minsheng@2026' } })],
  ['portal submission', () => ({
    user: null, method: 'POST', url: '/api/public/petitions', headers: { 'idempotency-key': 'nul-test-0001' },
    payload: { petitioner: { kind: 'person', name: '钟德福', idNumber: '360731197805120015', phone: '13907971234' }, title: `标题${NUL}`, requests: ['一'], facts: '事实', reasons: '理由', regionCode: '360731100', organConcernedId: 'county-rsj', attachments: [] },
  })],
];

/** 8 JSON bodies with a lone surrogate, as the raw text a client sends (`\ud800`). */
const petitionJson = (field: 'title' | 'name' | 'facts') => {
  const p = samplePetition({ receivedOn: '2026-03-02' });
  const marker = 'SURROGATE_HERE';
  if (field === 'name') (p.petitioners as { name: string }[])[0]!.name = marker;
  else p[field] = marker;
  return JSON.stringify({ petition: p }).replace(marker, `钟${LONE}`);
};
const surrogateCases: [string, () => Call][] = [
  ['registration: title', () => ({ user: 'xfj_clerk', method: 'POST', url: '/api/cases', raw: petitionJson('title') })],
  ['registration: petitioner name', () => ({ user: 'xfj_clerk', method: 'POST', url: '/api/cases', raw: petitionJson('name') })],
  ['registration: facts', () => ({ user: 'xfj_clerk', method: 'POST', url: '/api/cases', raw: petitionJson('facts') })],
  ['report_major: summary', () => ({ user: 'xfj_officer', method: 'POST', url: `/api/cases/${caseId}/actions/report_major`, raw: `{"input":{"summary":"a${LONE}b","reportedTo":"赣州市信访局"}}` })],
  ['report_major: reportedTo', () => ({ user: 'xfj_officer', method: 'POST', url: `/api/cases/${caseId}/actions/report_major`, raw: `{"input":{"summary":"摘要","reportedTo":"${LONE}"}}` })],
  ['reminders read', () => ({ user: 'xfj_officer', method: 'POST', url: '/api/reminders/read', raw: `{"keys":["\\udc00x"]}` })],
  ['log-in: username', () => ({ user: null, method: 'POST', url: '/api/auth/login', raw: `{"username":"xfj${LONE}","password":"Minsheng@2026"}` })],
  ['property name', () => ({ user: 'xfj_officer', method: 'POST', url: '/api/reminders/read', raw: `{"keys":[],"${LONE}":1}` })],
];

describe('a NUL byte in a string answers 400 INVALID_CHARACTER, never 500 (13 routes)', () => {
  it.each(nulCases)('%s', async (_name, make) => {
    const [before, version] = [await caseCount(), await caseVersion()];
    const r = await send(make());
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json<{ code: string; message: string }>().code).toBe('INVALID_CHARACTER');
    expect(r.json<{ message: string }>().message).toMatch(/字符/);
    expect([await caseCount(), await caseVersion()]).toEqual([before, version]);
  });
});

describe('a lone UTF-16 surrogate in JSON answers 400 INVALID_CHARACTER (8 bodies)', () => {
  it.each(surrogateCases)('%s', async (_name, make) => {
    const [before, version] = [await caseCount(), await caseVersion()];
    const r = await send(make());
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json<{ code: string }>().code).toBe('INVALID_CHARACTER');
    expect([await caseCount(), await caseVersion()]).toEqual([before, version]);
  });
  it('a surrogate pair (an emoji) is a character like any other', async () => {
    const r = await send({ user: 'xfj_officer', method: 'POST', url: '/api/reminders/read', raw: '{"keys":["\\ud83d\\ude00"]}' });
    expect(r.statusCode, r.body).toBe(200);
  });
});

describe('a date that matches YYYY-MM-DD but does not exist, or is out of range, answers 400', () => {
  it.each([
    ['/api/cases/ledger?receivedFrom=2025-13-45', 'VALIDATION_FAILED'],
    ['/api/cases/ledger?receivedTo=2025-02-29', 'VALIDATION_FAILED'],
    ['/api/cases/ledger/export?receivedFrom=0000-01-01', 'VALIDATION_FAILED'],
    ['/api/calendar/due-date?start=2025-04-31&days=15&unit=calendar', 'VALIDATION_FAILED'],
  ])('%s', async (url, code) => {
    const r = await srv.as('xfj_officer', 'GET', url);
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json<{ code: string }>().code).toBe(code);
  });
  it('a real date (a leap day) is accepted', async () => {
    expect((await srv.as('xfj_officer', 'GET', '/api/cases/ledger?receivedFrom=2024-02-29')).statusCode).toBe(200);
  });
  // The audit filters take a date or a date-time, checked by the trail: 422 AUDIT_BAD_FILTER, as
  // `from=yesterday` always answered (test/security/audit-trail.test.ts).
  it.each(['275760-09-13', '2025-13-45', '9999-12-31', '1800-01-01', '2025-02-30T00:00:00Z', '+275760-09-13T00:00:00Z'])('audit?to=%s', async (to) => {
    const r = await srv.as('auditor', 'GET', `/api/audit?to=${encodeURIComponent(to)}`);
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json<{ code: string }>().code).toBe('AUDIT_BAD_FILTER');
    const e = await srv.as('auditor', 'GET', `/api/audit/export?from=${encodeURIComponent(to)}`);
    expect(e.statusCode, e.body).toBe(422);
    expect(e.json<{ code: string }>().code).toBe('AUDIT_BAD_FILTER');
  });
  it('audit filters that exist are accepted', async () => {
    expect((await srv.as('auditor', 'GET', '/api/audit?from=2026-03-01&to=2026-03-02T10:00:00%2B08:00')).statusCode).toBe(200);
  });
});

describe('a truncated or malformed multipart upload answers 400 ATTACHMENT_REQUIRED', () => {
  const boundary = '----minsheng-test';
  const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\ncontent-type: image/png\r\n\r\n`;
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  it.each([
    ['cut inside the file', Buffer.concat([Buffer.from(head), png])],
    ['cut inside the part headers', Buffer.from(`--${boundary}\r\ncontent-disposition: form-da`)],
    ['a NUL in the file name', Buffer.concat([Buffer.from(head.replace('a.png', 'a\u0000.png')), png, Buffer.from(`\r\n--${boundary}--\r\n`)])],
  ])('%s', async (_name, body) => {
    const headers = { 'content-type': `multipart/form-data; boundary=${boundary}` };
    for (const [url, user] of [['/api/attachments', 'xfj_clerk'], ['/api/public/attachments', null]] as const) {
      const auth: Record<string, string> = user ? { authorization: `Bearer ${await srv.login(user)}` } : {};
      const r = await srv.app.inject({ method: 'POST', url, payload: body, headers: { ...headers, ...auth } });
      expect(r.statusCode, `${url}: ${r.body}`).toBe(400);
      expect(r.json<{ code: string }>().code, url).toMatch(/^(ATTACHMENT_REQUIRED|INVALID_CHARACTER)$/);
    }
  });
});
