/**
 * Staff reminders through the API: cases in the user's queue due within 3 days or overdue, and
 * supervision orders (督办) on cases the user's organ holds — never a case outside their scope;
 * read marks are per user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';

interface Reminder {
  key: string; kind: string; caseId: string; caseNumber: string; title: string;
  due: string | null; daysLeft: number | null; at: string; read: boolean;
}

const clock = new FakeClock('2025-09-20');
let srv: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  srv = await testServer(clock);
});
afterAll(async () => {
  await srv.close();
});

async function reminders(user: string) {
  const r = await srv.as(user, 'GET', '/api/reminders');
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ items: Reminder[]; unread: number }>();
}
async function register(user: string, title: string) {
  const r = await srv.as(user, 'POST', '/api/cases', { petition: samplePetition({ receivedOn: clock.today(), title }) });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ case: { id: string; number: string } }>().case;
}

describe('GET /api/reminders', () => {
  let a = { id: '', number: '' };
  let b = { id: '', number: '' };

  it('requires a logged-in staff member', async () => {
    expect((await srv.app.inject({ method: 'GET', url: '/api/reminders' })).statusCode).toBe(401);
  });

  it('nothing is due yet: no reminders', async () => {
    a = await register('xfj_clerk', '县信访局登记的事项');
    b = await register('gj_clerk', '贡江镇登记的事项');
    expect(await reminders('xfj_officer')).toEqual({ items: [], unread: 0 });
  });

  it('due within 3 days: only in the queue of the organ that must act', async () => {
    clock.set('2025-10-07'); // routing due 2025-10-09 for both
    const x = await reminders('xfj_officer');
    expect(x.items.map((i) => [i.kind, i.caseId, i.due, i.daysLeft, i.read])).toEqual([['due_soon', a.id, '2025-10-09', 2, false]]);
    expect(x.items[0]).toMatchObject({ caseNumber: a.number, title: '县信访局登记的事项', key: `due:${a.id}:2025-10-09` });
    expect(x.unread).toBe(1);
    const g = await reminders('gj_officer');
    expect(g.items.map((i) => i.caseId)).toEqual([b.id]);
    for (const u of ['rsj_handler', 'zjj_handler', 'tsl_officer']) expect((await reminders(u)).items).toEqual([]);
  });

  it('overdue is a new reminder, newest first', async () => {
    clock.set('2025-10-10');
    const x = await reminders('xfj_officer');
    expect(x.items.map((i) => [i.kind, i.caseId, i.daysLeft])).toEqual([['overdue', a.id, -1]]);
    expect(x.items[0]!.at).toBe('2025-10-10T00:00:00+08:00');
  });

  it('a supervision order reaches the organ holding the case, not others', async () => {
    const f = await srv.as('xfj_officer', 'POST', `/api/cases/${a.id}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    expect(f.statusCode, f.body).toBe(200);
    const sup = await srv.as('xfj_officer', 'POST', `/api/cases/${a.id}/actions/issue_supervision`, { input: { reason: '请加快办理', dueOn: '2025-10-20' } });
    expect(sup.statusCode, sup.body).toBe(200);
    const r = await reminders('rsj_handler');
    const s = r.items.filter((i) => i.kind === 'supervision');
    expect(s.map((i) => [i.caseId, i.due, i.daysLeft, i.read])).toEqual([[a.id, '2025-10-20', 10, false]]);
    expect(r.items[0]!.kind).toBe('supervision'); // newest first
    for (const u of ['zjj_handler', 'gj_officer']) expect((await reminders(u)).items.some((i) => i.caseId === a.id)).toBe(false);
    // The county petition office no longer has the case in its queue.
    expect((await reminders('xfj_officer')).items.some((i) => i.caseId === a.id)).toBe(false);
  });

  it('marks read per user', async () => {
    const before = await reminders('rsj_handler');
    const key = before.items.find((i) => i.kind === 'supervision')!.key;
    const r = await srv.as('rsj_handler', 'POST', '/api/reminders/read', { keys: [key, key] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ unread: before.unread - 1 });
    const after = await reminders('rsj_handler');
    expect(after.items.find((i) => i.key === key)?.read).toBe(true);
    expect((await reminders('rsj_leader')).items.find((i) => i.key === key)?.read).toBe(false);
    expect((await srv.as('rsj_handler', 'POST', '/api/reminders/read', { keys: [] })).statusCode).toBe(400);
  });
});
