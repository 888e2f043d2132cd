/**
 * The delivery worker. Each round claims due rows with a lease — status 'sending', lease_until,
 * attempts + 1 — and commits that BEFORE calling the provider, so no two workers send the same
 * row at once. A row left 'sending' by a worker that died is claimed again once its lease has
 * expired and re-sent with the SAME delivery id (the row id); adapters are idempotent per delivery
 * id (see src/notify/sms/*.ts for what each provider guarantees). Failures back off exponentially;
 * after maxAttempts, or on a permanent refusal, the row is 'failed'.
 *
 * The lease must outlast a whole round: batchSize × the adapter's time limit.
 */
import { and, asc, eq, inArray, lte, lt, ne, or, sql } from 'drizzle-orm';
import { maskPhone } from '../domain/identity/id-number.js';
import type { Clock } from '../app/clock.js';
import type { FieldCrypto } from '../security/field-crypto.js';
import type { Db } from '../store/database.js';
import { errorSummary } from '../store/db-errors.js';
import * as s from '../store/schema.js';
import { consoleLogger, maskPhonesIn, SmsError, type Logger, type SmsAdapter } from './sms/adapter.js';
import { TEMPLATES, isTemplateKey, render } from './templates.js';
import { outboxPlace } from './outbox.js';

export interface WorkerOptions {
  batchSize: number;
  leaseMs: number;
  maxAttempts: number;
  /** First retry after this long, doubling each attempt, capped at maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  pollMs: number;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  batchSize: 10, leaseMs: 180_000, maxAttempts: 8, backoffMs: 30_000, maxBackoffMs: 3_600_000, pollMs: 2_000,
};

export function backoffDelay(attempts: number, o: Pick<WorkerOptions, 'backoffMs' | 'maxBackoffMs'>): number {
  return Math.min(o.backoffMs * 2 ** Math.max(0, attempts - 1), o.maxBackoffMs);
}

export interface RoundResult { claimed: number; sent: number; retried: number; failed: number }

type Row = typeof s.notificationOutbox.$inferSelect;

export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  readonly options: WorkerOptions;

  constructor(
    private readonly db: Db, private readonly crypto: FieldCrypto, readonly adapter: SmsAdapter,
    private readonly clock: Clock, options: Partial<WorkerOptions> = {}, private readonly logger: Logger = consoleLogger,
    /** Test hook: called after the provider accepted a message, before the row is marked sent. */
    private readonly afterSend?: (row: Row) => Promise<void> | void,
  ) {
    this.options = { ...DEFAULT_WORKER_OPTIONS, ...options };
  }

  /** Claim due rows (and rows whose lease expired) and commit the lease before any sending. */
  async claim(): Promise<Row[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs);
    return this.db.transaction(async (tx) => {
      const due = await tx.select({ id: s.notificationOutbox.id }).from(s.notificationOutbox)
        .where(or(
          and(eq(s.notificationOutbox.status, 'pending'), lte(s.notificationOutbox.nextAttemptAt, now)),
          and(eq(s.notificationOutbox.status, 'sending'), lt(s.notificationOutbox.leaseUntil, now)),
        ))
        .orderBy(asc(s.notificationOutbox.nextAttemptAt), asc(s.notificationOutbox.id))
        .limit(this.options.batchSize)
        .for('update', { skipLocked: true });
      if (due.length === 0) return [];
      return tx.update(s.notificationOutbox)
        .set({ status: 'sending', leaseUntil, attempts: sql`${s.notificationOutbox.attempts} + 1` })
        .where(inArray(s.notificationOutbox.id, due.map((d) => d.id)))
        .returning();
    });
  }

  /** Template overrides, read once per round: a change applies to messages rendered after it. */
  private async overrides(): Promise<Map<string, string>> {
    const rows = await this.db.select({ key: s.notificationTemplates.key, body: s.notificationTemplates.body }).from(s.notificationTemplates);
    return new Map(rows.map((r) => [r.key, r.body]));
  }

  /** One round: claim, send each, record the outcome. */
  async runOnce(): Promise<RoundResult> {
    const rows = await this.claim();
    const result: RoundResult = { claimed: rows.length, sent: 0, retried: 0, failed: 0 };
    if (rows.length === 0) return result;
    const overrides = await this.overrides();
    for (const row of rows) {
      const outcome = await this.deliver(row, overrides);
      result[outcome]++;
    }
    return result;
  }

  private async deliver(row: Row, overrides: Map<string, string>): Promise<'sent' | 'retried' | 'failed'> {
    let phone = '';
    try {
      phone = this.crypto.decrypt(row.phoneEnc, outboxPlace(row.id, 'phone_enc'));
      const params = JSON.parse(this.crypto.decrypt(row.paramsEnc, outboxPlace(row.id, 'params_enc'))) as Record<string, string>;
      if (!isTemplateKey(row.templateKey)) throw new SmsError('TEMPLATE_UNKNOWN', `未知的短信模板：${row.templateKey}`, false);
      const text = render(overrides.get(row.templateKey) ?? TEMPLATES[row.templateKey].body, params);
      const { providerMessageId } = await this.adapter.send({ deliveryId: row.id, phone, templateKey: row.templateKey, params, text });
      await this.afterSend?.(row);
      await this.db.update(s.notificationOutbox)
        .set({ status: 'sent', provider: this.adapter.name, providerMessageId, sentAt: this.clock.now(), leaseUntil: null, lastError: null })
        .where(and(eq(s.notificationOutbox.id, row.id), ne(s.notificationOutbox.status, 'sent')));
      this.logger.info(`短信已发送 delivery=${row.id} to=${maskPhone(phone)} template=${row.templateKey} provider=${this.adapter.name} attempt=${row.attempts}`);
      return 'sent';
    } catch (e) {
      const err = e instanceof SmsError ? e : new SmsError('ERROR', e instanceof Error ? e.message : String(e), true);
      const giveUp = !err.retryable || row.attempts >= this.options.maxAttempts;
      const next = new Date(this.clock.now().getTime() + backoffDelay(row.attempts, this.options));
      const lastError = maskPhonesIn(`${err.code}: ${err.message}`).slice(0, 500);
      await this.db.update(s.notificationOutbox)
        .set(giveUp
          ? { status: 'failed', leaseUntil: null, lastError, provider: this.adapter.name }
          : { status: 'pending', leaseUntil: null, nextAttemptAt: next, lastError, provider: this.adapter.name })
        .where(and(eq(s.notificationOutbox.id, row.id), ne(s.notificationOutbox.status, 'sent')));
      this.logger.warn(`短信发送失败 delivery=${row.id} to=${phone ? maskPhone(phone) : '-'} attempt=${row.attempts} ${giveUp ? '不再重试' : `将于${next.toISOString()}重试`}：${lastError}`);
      return giveUp ? 'failed' : 'retried';
    }
  }

  /** Poll every pollMs until stop(). A failing round (database away) is logged and retried. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // Read afresh after the await: stop() may have been called meanwhile.
    const stopped = () => this.stopped;
    const tick = async () => {
      if (stopped()) return;
      this.running = this.runOnce().catch((e: unknown) => this.logger.warn(`短信投递轮次出错：${maskPhonesIn(errorSummary(e))}`));
      await this.running;
      this.running = null;
      if (!stopped()) this.timer = setTimeout(() => void tick(), this.options.pollMs);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  /** Stop polling and wait for the round in progress (its rows end sent, pending or failed). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
