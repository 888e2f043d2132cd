/** `npm start`: open the database (PGlite in MINSHENG_DATA_DIR, or DATABASE_URL), load the demo on first run, serve. */
import { databaseOptionsFromEnv, openDatabase } from './store/database.js';
import { buildServer } from './http/server.js';
import { seedDemoRota, seedReference } from './demo/seed-reference.js';
import { seedDemoCases } from './demo/seed-cases.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/organ-tree.js';
import { ROLE_LABELS } from './domain/model/user.js';
import { smsAdapterFromEnv } from './notify/sms/index.js';
import { workerOptionsFromEnv } from './notify/worker.js';

const port = Number(process.env.PORT ?? 3000);
const options = databaseOptionsFromEnv();
const database = await openDatabase(options);
// One SMS gateway for both the outbox worker and the portal's verification codes.
const sms = smsAdapterFromEnv();
const { app, services } = await buildServer(database, { logger: process.env.MINSHENG_LOG !== 'off', sms });

if (await seedReference(database.db)) {
  const n = await seedDemoCases(database);
  await seedDemoRota(database.db);
  await services.notifications.skipUndelivered('演示数据：不发送短信');
  console.log(`演示数据已生成：${n} 件信访事项`);
}

// SMS delivery from the outbox (MINSHENG_NOTIFY_WORKER=off to run it elsewhere).
const smsWorker = process.env.MINSHENG_NOTIFY_WORKER === 'off' ? null : services.notifications.worker(sms, workerOptionsFromEnv());
smsWorker?.start();

await app.listen({ port, host: process.env.HOST ?? '127.0.0.1' });
console.log(`\n民声 Minsheng 已启动：http://127.0.0.1:${port}/  （数据库：${database.kind === 'pglite' ? `PGlite ${options.dataDir}` : 'PostgreSQL'}）`);
console.log(`演示账号（密码均为 ${DEMO_PASSWORD}）：`);
for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(16)} ${u.name}\t${u.roles.map((r) => ROLE_LABELS[r]).join('、')}\t${u.organId}`);

const shutdown = async () => {
  await smsWorker?.stop();
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
