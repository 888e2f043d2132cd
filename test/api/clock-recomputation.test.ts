/**
 * Deadlines moved by a rules profile change are recomputed in the background, a batch per
 * transaction: the change answers at once with the job, the progress is visible, the server answers
 * during the job, a stopped process leaves the job where it stopped and the next one finishes it —
 * every case recomputed exactly once (one event each), the result the same as in one go.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClockRecomputation } from '../../src/app/clock-recomputation.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition as petition } from '../support/petitions.js';

const clock = new FakeClock('2026-03-02');
let srv: Awaited<ReturnType<typeof testServer>>;
const ids: string[] = [];
beforeAll(async () => {
  srv = await testServer(clock);
  // Twelve cases accepted on 2026-03-02 by the county 人社局: handling due 03-02 + 60 = 05-01 → after the Labour Day holiday, 05-06.
  for (let i = 0; i < 12; i++) {
    const created = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-03-02', title: `期限重算${i}` }) });
    const id = created.json<{ case: { id: string } }>().case.id;
    await srv.as('xfj_officer', 'POST', `/api/cases/${id}/actions/forward`, { input: { targetOrganId: 'county-rsj' } });
    expect((await srv.as('rsj_handler', 'POST', `/api/cases/${id}/actions/accept`, { input: {} })).statusCode).toBe(200);
    ids.push(id);
  }
}, 120_000);
afterAll(async () => {
  await srv.close();
});

const handlingDue = async (id: string) => {
  const [row] = await srv.database.db.select({ record: s.cases.record, nextDue: s.cases.nextDue }).from(s.cases).where(eq(s.cases.id, id));
  return { due: row!.record.clocks.find((c) => c.kind === 'handling')?.due, nextDue: row!.nextDue, version: row!.record.version };
};

describe('background recomputation of open deadlines', () => {
  it('a profile change answers with the queued job; batches of 5, stopped after one, finished by another process', async () => {
    for (const id of ids) expect((await handlingDue(id)).due).toBe('2026-05-06');
    const versions = new Map(await Promise.all(ids.map(async (id) => [id, (await handlingDue(id)).version] as const)));
    // Two "processes" working in batches of 5 instead of the composed one (stopped, so it leaves the job alone).
    await srv.services.recompute.stop();
    const { db } = srv.database;
    // The first stops after its first batch, as a process told to stop (SIGTERM) between two batches.
    const { ref, cases, audit } = srv.services;
    const first: ClockRecomputation = new ClockRecomputation(db, ref, cases, audit, { batchSize: 5, onBatch: () => first.requestStop() });
    const second = new ClockRecomputation(db, ref, cases, audit, { batchSize: 5 });

    const profiles = (await srv.as('admin', 'GET', '/api/profiles')).json<{ id: string; limits: Record<string, unknown> }[]>();
    const { id: _id, ...national } = profiles.find((p) => p.id === 'national')!;
    const r = await srv.as('admin', 'PUT', '/api/profiles/national', { ...national, limits: { ...national.limits, handling: { days: 30, unit: 'calendar', rollForward: true } } });
    expect(r.statusCode, r.body).toBe(200);
    const job = r.json<{ job: { id: number; status: string; total: number; examined: number } }>().job;
    expect(job).toMatchObject({ status: 'queued', total: 12, examined: 0 });
    // Nothing moved yet: the request did not recompute.
    expect((await handlingDue(ids[0]!)).due).toBe('2026-05-06');

    // One batch, then the process stops: the batch committed, the job waits at its cursor.
    first.kick();
    await first.idle();
    await first.stop();
    const midway = (await srv.as('admin', 'GET', '/api/calendar/recompute-jobs')).json<{ items: { id: number; status: string; examined: number; changed: number }[] }>().items[0]!;
    expect(midway.id).toBe(job.id);
    expect(midway.status).toBe('running');
    expect(midway).toMatchObject({ examined: 5, changed: 5 });
    // The server answers meanwhile, and reads the cases not yet done with their old dates.
    expect((await srv.as('rsj_handler', 'GET', '/api/cases?stage=handling')).statusCode).toBe(200);

    second.kick();
    await second.idle();
    const done = (await srv.as('admin', 'GET', '/api/calendar/recompute-jobs')).json<{ items: { id: number; status: string; examined: number; changed: number; finishedAt: string | null }[] }>().items[0]!;
    expect(done).toMatchObject({ id: job.id, status: 'done', examined: 12, changed: 12 });
    expect(done.finishedAt).not.toBeNull();
    // 03-02 + 30 calendar days = 04-01 (a Wednesday): every case, each with exactly one more version and one event.
    for (const id of ids) {
      const after = await handlingDue(id);
      expect(after).toMatchObject({ due: '2026-04-01', nextDue: '2026-04-01', version: versions.get(id)! + 1 });
      const events = await db.select({ action: s.caseEvents.action }).from(s.caseEvents)
        .where(sql`${s.caseEvents.caseId} = ${id} and ${s.caseEvents.action} = 'deadline_recomputed'`);
      expect(events).toHaveLength(1);
    }
    // The job's end is in the audit chain, by the system.
    const [entry] = await db.select().from(s.auditLog).where(eq(s.auditLog.action, 'clocks.recomputed'));
    expect(entry).toMatchObject({ actorId: null, targetId: String(job.id), detail: { reason: 'profile', examined: 12, changed: 12, profileId: 'national' } });
    expect((await srv.services.audit.verify(db)).ok).toBe(true);
  });
});
