/**
 * A delivery worker in its own process, for the crash test (test/notify/crash.test.ts). It sends
 * one message per round through a deliberately slow file adapter and prints what it does:
 *   "sending <id>"  before the adapter is called,
 *   "appended <id>" after the message is in the SMS file but BEFORE the row is marked sent
 * (then it waits CRASH_DELAY_MS, the window in which the parent kills it).
 * CRASH_MODE=run loops until killed; CRASH_MODE=drain runs until no row is pending or sending.
 */
import { inArray } from 'drizzle-orm';
import { systemClock } from '../../../src/app/clock.js';
import { TEST_KEYRING } from '../../../src/config/keyring.js';
import { FileSmsAdapter } from '../../../src/notify/sms/file.js';
import type { SmsAdapter, SmsMessage } from '../../../src/notify/sms/adapter.js';
import { DeliveryWorker } from '../../../src/notify/worker.js';
import { FieldCrypto } from '../../../src/security/field-crypto.js';
import { openDatabase } from '../../../src/store/database.js';
import * as s from '../../../src/store/schema.js';

const env = process.env;
const delay = Number(env.CRASH_DELAY_MS ?? 300);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => process.stdout.write(`${line}\n`);

const database = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL, schemaName: env.CRASH_SCHEMA! } : { dataDir: env.CRASH_DB_DIR! });
const quiet = { info: () => undefined, warn: (m: string) => say(`warn ${m}`) };
const file = new FileSmsAdapter(env.CRASH_SMS_FILE!, quiet);
const slow: SmsAdapter = {
  name: 'file',
  async send(msg: SmsMessage) {
    say(`sending ${msg.deliveryId}`);
    await sleep(delay / 2);
    return file.send(msg);
  },
};
const worker = new DeliveryWorker(database.db, new FieldCrypto(TEST_KEYRING), slow, systemClock,
  { batchSize: 1, leaseMs: Number(env.CRASH_LEASE_MS ?? 2000), pollMs: 50 }, quiet,
  async (row) => {
    say(`appended ${row.id}`);
    await sleep(delay);
  });

const deadline = Date.now() + 45_000;
while (Date.now() < deadline) {
  const r = await worker.runOnce();
  if (r.claimed > 0) continue;
  if (env.CRASH_MODE === 'drain') {
    const open = await database.db.select({ id: s.notificationOutbox.id }).from(s.notificationOutbox).where(inArray(s.notificationOutbox.status, ['pending', 'sending']));
    if (open.length === 0) {
      say('drained');
      await database.close();
      process.exit(0);
    }
  }
  await sleep(100);
}
say('timeout');
await database.close();
process.exit(1);
