/**
 * 期限重算: after a holiday notice or a rules profile change, every open clock concerned is
 * recomputed in the background — a batch of cases per transaction, the job's cursor and counts
 * moved in the same transaction — so the change answers at once, the server keeps answering, the
 * administrator sees the progress, and a stopped process (SIGTERM, crash) leaves a job that the
 * next start continues from its cursor. A lease lets one process at a time work on a job when
 * several share the database.
 */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { must } from '../domain/errors.js';
import { resultRows, type Db, type Tx } from '../store/database.js';
import * as s from '../store/schema.js';
import type { AuditSink } from './audit-sink.js';
import type { CaseService } from './case-service.js';
import type { ReferenceData } from './reference-data.js';

/** Cases per transaction: short enough that a case's own writes rarely wait on it. */
export const RECOMPUTE_BATCH = 500;
const LEASE_SECONDS = 60;

export type RecomputeJobRow = typeof s.recomputeJobs.$inferSelect;
/** A job as the API shows it. */
export interface RecomputeJobView {
  id: number; reason: 'calendar_notice' | 'profile'; noticeRef: string | null; year: number | null; profileId: string | null;
  status: 'queued' | 'running' | 'done'; total: number; examined: number; changed: number; createdAt: string; finishedAt: string | null;
}

const view = (j: RecomputeJobRow): RecomputeJobView => ({
  id: j.id, reason: j.reason, noticeRef: j.noticeRef, year: j.year, profileId: j.profileId, status: j.status,
  total: j.total, examined: j.examined, changed: j.changed, createdAt: j.createdAt.toISOString(), finishedAt: j.finishedAt?.toISOString() ?? null,
});

export class ClockRecomputation {
  /** This process's name in leases. */
  private readonly owner = randomUUID();
  private running: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  /** Where a failed batch is told (run.ts: the JSON log); the job stays and the next kick retries it. */
  private log: { warn(message: string): void } = { warn: () => undefined };

  private readonly batchSize: number;
  private readonly onBatch: (job: RecomputeJobView) => void;

  /** @param opts.onBatch called after each committed batch with the job's progress. */
  constructor(private readonly db: Db, private readonly ref: ReferenceData, private readonly cases: CaseService, private readonly audit: AuditSink,
    opts: { batchSize?: number; onBatch?: (job: RecomputeJobView) => void } = {}) {
    this.batchSize = opts.batchSize ?? RECOMPUTE_BATCH;
    this.onBatch = opts.onBatch ?? (() => undefined);
  }

  /** Stop before the next batch (stop() also waits for the batch in flight). */
  requestStop(): void {
    this.stopping = true;
  }

  /** Queue a job in the caller's transaction (with the change that needs it); kick() once committed. */
  async enqueue(tx: Tx, job: { reason: 'calendar_notice' | 'profile'; noticeRef?: string; year?: number; profileId?: string; requestedBy: string }): Promise<RecomputeJobView> {
    const [{ n: total } = { n: 0 }] = await tx.select({ n: count() }).from(s.cases)
      .where(and(eq(s.cases.open, true), job.profileId ? eq(s.cases.profileId, job.profileId) : undefined));
    const [row] = await tx.insert(s.recomputeJobs).values({
      reason: job.reason, noticeRef: job.noticeRef ?? null, year: job.year ?? null, profileId: job.profileId ?? null, total, requestedBy: job.requestedBy,
    }).returning();
    return view(must(row, 'the job just inserted'));
  }

  /** The latest jobs, newest first (the calendar screen's progress). */
  async latest(limit = 10): Promise<RecomputeJobView[]> {
    return (await this.db.select().from(s.recomputeJobs).orderBy(desc(s.recomputeJobs.id)).limit(limit)).map(view);
  }

  /** Work on the pending jobs now, in the background of this process (returns at once). */
  kick(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().catch((e: unknown) => {
      this.log.warn(`期限重算任务出错，稍后重试 / recompute job failed, will retry: ${e instanceof Error ? e.message : String(e)}`);
    }).finally(() => {
      this.running = null;
      if (this.again && !this.stopping) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when no job is being worked on here (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Also look for jobs every `pollMs` (left by a stopped process, or queued by another one). */
  start(pollMs = 10_000, log?: { warn(message: string): void }): void {
    if (log) this.log = log;
    this.stopping = false;
    this.kick();
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
  }

  /** Stop after the batch in flight (its transaction commits); the job is continued by the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
    // Another process (or this one restarted) may take the job at once rather than when the lease runs out.
    await this.db.update(s.recomputeJobs).set({ leaseUntil: null, leaseOwner: null })
      .where(and(eq(s.recomputeJobs.leaseOwner, this.owner), sql`${s.recomputeJobs.status} <> 'done'`)).catch(() => undefined);
  }

  private async drain(): Promise<void> {
    // A method, not the field: TypeScript would narrow the field across the awaits, which change it.
    const stopping = () => this.stopping;
    while (!stopping()) {
      const job = await this.claim();
      if (!job) return;
      while (!stopping() && await this.step(job.id)) { /* next batch */ }
    }
  }

  /** The oldest unfinished job whose lease is free (or ours), leased to this process. */
  private async claim(): Promise<RecomputeJobRow | null> {
    const rows = await this.db.execute(sql`UPDATE ${s.recomputeJobs}
      SET status = 'running', lease_owner = ${this.owner}, lease_until = now() + make_interval(secs => ${LEASE_SECONDS}), updated_at = now()
      WHERE id = (SELECT id FROM ${s.recomputeJobs} WHERE status <> 'done' AND (lease_until IS NULL OR lease_until < now() OR lease_owner = ${this.owner})
        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id`);
    const id = resultRows<{ id: number }>(rows)[0]?.id;
    if (id === undefined) return null;
    const [job] = await this.db.select().from(s.recomputeJobs).where(eq(s.recomputeJobs.id, id));
    return job ?? null;
  }

  /** One batch of a job in one transaction; false when the job is done or no longer ours. */
  private async step(jobId: number): Promise<boolean> {
    const result = await this.db.transaction(async (tx) => {
      const [job] = await tx.select().from(s.recomputeJobs).where(eq(s.recomputeJobs.id, jobId)).for('update');
      if (!job || job.status === 'done' || job.leaseOwner !== this.owner) return false;
      const snap = await this.ref.get();
      const r = await this.cases.recomputeBatch(tx, snap, {
        reason: job.reason, ...(job.noticeRef ? { noticeRef: job.noticeRef } : {}), ...(job.year ? { year: job.year } : {}),
        ...(job.profileId ? { profileId: job.profileId } : {}),
      }, job.cursor, this.batchSize);
      const done = r.last === null;
      const [updated] = await tx.update(s.recomputeJobs).set({
        cursor: r.last ?? job.cursor, examined: job.examined + r.examined, changed: job.changed + r.changed,
        status: done ? 'done' : 'running', updatedAt: sql`now()`, finishedAt: done ? sql`now()` : null,
        leaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
      }).where(eq(s.recomputeJobs.id, jobId)).returning();
      if (done) {
        await this.audit.append(tx, {
          actorId: null, actorOrganId: null, action: 'clocks.recomputed', targetType: 'recompute_job', targetId: String(jobId), outcome: 'ok',
          detail: {
            reason: job.reason, examined: job.examined, changed: job.changed,
            ...(job.year ? { year: job.year } : {}), ...(job.profileId ? { profileId: job.profileId } : {}),
          },
        });
      }
      return { more: !done, job: updated };
    });
    if (result === false) return false;
    if (result.job) this.onBatch(view(result.job));
    return result.more;
  }
}
