/**
 * The delivery worker on a real database: retries with exponential backoff, permanent failures,
 * the attempt limit, and recovery of a row a dead worker left leased — re-sent with the same
 * delivery id, which the file adapter answers without appending twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { FileSmsAdapter, readSmsFile } from '../../src/notify/sms/file.js';
import { SmsError, type SmsAdapter, type SmsMessage } from '../../src/notify/sms/adapter.js';
import { backoffDelay } from '../../src/notify/worker.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { CapturingLogger, tempSmsFile } from './support/notify.js';

const clock = new FakeClock('2025-09-20');
let srv: Awaited<ReturnType<typeof testServer>>;
const SEC = 1 / 86_400;

beforeAll(async () => {
  srv = await testServer(clock);
});
afterAll(async () => {
  await srv.close();
});

/** A fresh registration: one pending outbox row; returns its id. */
async function newMessage(phone = '13907971234'): Promise<string> {
  const r = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: clock.today(), petitioners: [{ kind: 'person', name: '钟德福', phone }] }) });
  expect(r.statusCode).toBe(201);
  const id = r.json<{ case: { id: string } }>().case.id;
  return (await srv.database.db.select().from(s.notificationOutbox).where(eq(s.notificationOutbox.caseId, id)))[0]!.id;
}
const row = async (id: string) => (await srv.database.db.select().from(s.notificationOutbox).where(eq(s.notificationOutbox.id, id)))[0]!;

/** Fails as told, then succeeds; remembers every delivery id it was given. */
class ScriptedAdapter implements SmsAdapter {
  readonly name = 'scripted';
  readonly calls: SmsMessage[] = [];
  constructor(private failures: SmsError[]) {}
  async send(msg: SmsMessage) {
    this.calls.push(msg);
    const f = this.failures.shift();
    if (f) throw f;
    return { providerMessageId: `p-${this.calls.length}` };
  }
}

describe('delivery worker', () => {
  it('backs off exponentially on retryable failures (30 s, 60 s) and then sends, always with the same delivery id', async () => {
    const id = await newMessage();
    const adapter = new ScriptedAdapter([new SmsError('isv.BUSINESS_LIMIT_CONTROL', '触发流控', true), new SmsError('isp.SYSTEM_ERROR', '系统错误', true)]);
    const w = srv.services.notifications.worker(adapter, { backoffMs: 30_000, maxBackoffMs: 600_000 }, new CapturingLogger());
    const t0 = clock.now().getTime();
    expect(await w.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'isv.BUSINESS_LIMIT_CONTROL: 触发流控' });
    expect((await row(id)).nextAttemptAt.getTime()).toBe(t0 + 30_000);
    expect((await w.runOnce()).claimed).toBe(0); // not due yet
    clock.advance(30 * SEC);
    expect(await w.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect((await row(id)).nextAttemptAt.getTime()).toBe(t0 + 30_000 + 60_000);
    clock.advance(59 * SEC);
    expect((await w.runOnce()).claimed).toBe(0);
    clock.advance(1 * SEC);
    expect(await w.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 3, provider: 'scripted', providerMessageId: 'p-3', lastError: null, leaseUntil: null });
    expect(adapter.calls.map((c) => c.deliveryId)).toEqual([id, id, id]);
    expect((await w.runOnce()).claimed).toBe(0); // sent is final
  });

  it('gives up at once on a permanent refusal, and masks a phone the provider echoes', async () => {
    const id = await newMessage('13607970009');
    const adapter = new ScriptedAdapter([new SmsError('isv.MOBILE_NUMBER_ILLEGAL', '号码13607970009格式错误', false)]);
    const log = new CapturingLogger();
    const w = srv.services.notifications.worker(adapter, {}, log);
    expect(await w.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    const r = await row(id);
    expect(r).toMatchObject({ status: 'failed', attempts: 1, lastError: 'isv.MOBILE_NUMBER_ILLEGAL: 号码136****0009格式错误' });
    clock.advance(1);
    expect((await w.runOnce()).claimed).toBe(0);
    expect(log.lines.join('\n')).not.toContain('13607970009');
    expect(log.lines.join('\n')).toContain('136****0009');
  });

  it('marks the row failed after maxAttempts retryable failures; the backoff is capped', async () => {
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, { backoffMs: 30_000, maxBackoffMs: 3_600_000 })))
      .toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 3_600_000]);
    const id = await newMessage();
    const down = () => new SmsError('NETWORK', '无法连接短信平台', true);
    const adapter = new ScriptedAdapter([down(), down(), down(), down()]);
    const w = srv.services.notifications.worker(adapter, { maxAttempts: 3, backoffMs: 1000, maxBackoffMs: 1500 }, new CapturingLogger());
    for (let i = 0; i < 2; i++) {
      expect(await w.runOnce()).toMatchObject({ retried: 1 });
      clock.advance(1.5 * SEC);
    }
    expect(await w.runOnce()).toMatchObject({ failed: 1 });
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('takes up a row a dead worker left leased only after the lease expires, and sends it once', async () => {
    const file = tempSmsFile();
    const id = await newMessage();
    const adapter = new FileSmsAdapter(file, new CapturingLogger(), clock);
    const dead = srv.services.notifications.worker(adapter, { leaseMs: 60_000 }, new CapturingLogger());
    // The dead worker claimed the row, the provider took the message, and the process died before marking it sent.
    const claimed = await dead.claim();
    expect(claimed.map((r) => r.id)).toEqual([id]);
    expect(await row(id)).toMatchObject({ status: 'sending', attempts: 1 });
    await adapter.send({ deliveryId: id, phone: '13907971234', templateKey: 'registered', params: {}, text: '已发出的短信' });
    const next = srv.services.notifications.worker(adapter, { leaseMs: 60_000 }, new CapturingLogger());
    clock.advance(59 * SEC);
    expect((await next.runOnce()).claimed).toBe(0); // still leased
    clock.advance(2 * SEC);
    expect(await next.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, providerMessageId: `file-${id}` });
    const lines = (await readSmsFile(file)).filter((l) => l.deliveryId === id);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.text).toBe('已发出的短信');
  });

  it('two workers never claim the same row', async () => {
    const ids = [await newMessage(), await newMessage()];
    const a = srv.services.notifications.worker(new ScriptedAdapter([]), { batchSize: 10 }, new CapturingLogger());
    const b = srv.services.notifications.worker(new ScriptedAdapter([]), { batchSize: 10 }, new CapturingLogger());
    const [ra, rb] = await Promise.all([a.claim(), b.claim()]);
    const got = [...ra, ...rb].map((r) => r.id).filter((x) => ids.includes(x));
    expect(got.sort()).toEqual([...ids].sort());
  });

  it('start() polls and stop() waits for the round in progress', async () => {
    const id = await newMessage();
    const w = srv.services.notifications.worker(new ScriptedAdapter([]), { pollMs: 20 }, new CapturingLogger());
    w.start();
    for (let i = 0; i < 100 && (await row(id)).status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 20));
    await w.stop();
    expect((await row(id)).status).toBe('sent');
  });
});
