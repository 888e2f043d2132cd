/**
 * Starting the server from a checked configuration (src/config/config.ts): open the database, build
 * the server, load the demo on a first demo run — never in production — start the SMS worker,
 * listen. src/main.ts calls it with the configuration it read from the environment; the tests call
 * it with theirs.
 */
import { pino, type Logger as Pino } from 'pino';
import type { Config } from './config/config.js';
import { fieldCryptoFromConfig } from './config/keyring.js';
import { buildServer, logOptions } from './http/server.js';
import type { App } from './http/schemas.js';
import type { Services } from './compose.js';
import type { Logger } from './notify/sms/adapter.js';
import { smsAdapterFromConfig } from './notify/sms/index.js';
import type { DeliveryWorker } from './notify/worker.js';
import { databaseOptions, openDatabase, type Database } from './store/database.js';
import { auditHeadJob, type AuditHeadJob } from './app/audit-head-job.js';
import { systemClock } from './app/clock.js';
import { parseAuditHeadKey } from './security/audit-head.js';
import { setDecryptFailureLogger } from './security/field-crypto.js';
import * as s from './store/schema.js';

export interface Running {
  app: App;
  services: Services;
  database: Database;
  log: Pino;
  /** The demo's first run: how many petitions were generated (0 otherwise). */
  demoCases: number;
  /** Stops the worker, the server and (when run opened it) the database. */
  close(): Promise<void>;
}

export interface RunOptions {
  /** A database already open (tests: their own schema); default: the configuration's. */
  database?: Database;
  /** Listen on the configured host and port (default true); false: app.inject only. */
  listen?: boolean;
  /** Where the JSON log goes (default stdout). */
  logStream?: NodeJS.WritableStream;
}

/** The worker's lines through the same JSON log. */
const componentLog = (log: Pino, component: string): Logger => {
  const child = log.child({ component });
  return { info: (m) => child.info(m), warn: (m) => child.warn(m) };
};

export async function run(config: Config, opts: RunOptions = {}): Promise<Running> {
  const log = pino({ ...logOptions(config.http.logLevel), enabled: config.http.log }, opts.logStream ?? process.stdout);
  const database = opts.database ?? await openDatabase(databaseOptions(config.database));
  const crypto = fieldCryptoFromConfig(config.keys, (m) => log.warn(m));
  // A stored value that cannot be decrypted is an alert: one JSON warning naming its place, never its value.
  setDecryptFailureLogger((line) => log.child({ component: 'crypto' }).warn(line));
  // One SMS gateway for both the outbox worker and the portal's verification codes.
  const sms = smsAdapterFromConfig(config.sms, componentLog(log, 'sms'));
  const { app, services } = await buildServer(database, { config, crypto, sms, loggerInstance: log });
  // A data repair before anything is served: open clocks stored before provisional due dates
  // (due: null, awaitingCalendarYear) get theirs now. Cheap when there are none.
  await services.cases.recomputeStale();

  let demoCases = 0;
  if (config.mode === 'demo') {
    // The demo modules are loaded only here: production never runs them.
    const { seedDemoRota, seedReference } = await import('./demo/seed-reference.js');
    if (await seedReference(database.db)) {
      const { seedDemoCases } = await import('./demo/seed-cases.js');
      demoCases = await seedDemoCases(database, { crypto });
      await seedDemoRota(database.db);
      await services.notifications.skipUndelivered('演示数据：不发送短信');
    }
  } else if ((await database.db.select({ id: s.users.id }).from(s.users).limit(1)).length === 0) {
    log.warn('数据库中尚无用户：请先运行 npm run setup -- --organs <机关文件>（见 README“Running in production”） / no users yet: run the setup command first');
  }

  let worker: DeliveryWorker | null = null;
  if (config.notify.worker) {
    const { worker: _on, ...options } = config.notify;
    worker = services.notifications.worker(sms, options, componentLog(log, 'sms-worker'));
    worker.start();
  }
  // The audit chain's head, exported daily outside the database (required in production).
  let heads: AuditHeadJob | null = null;
  if (config.auditHead.dir !== undefined) {
    const headLog = log.child({ component: 'audit-head' });
    heads = auditHeadJob(database.db, services.audit, systemClock, {
      dir: config.auditHead.dir, key: parseAuditHeadKey(config.auditHead.key),
      onExported: (file, seq) => headLog.info({ file, seq }, '审计链头已导出'),
      onError: (e) => headLog.error({ err: e instanceof Error ? e.message : String(e) }, '审计链头导出失败'),
    });
    heads.start();
  }
  // Deadline recomputations queued by a calendar or profile change, also those a stopped process left.
  services.recompute.start(10_000, componentLog(log, 'recompute'));
  // Indicator facts of cases stored before them (or under older definitions), rebuilt in the background.
  void services.factsRebuild.run(componentLog(log, 'indicator-facts'));
  if (opts.listen !== false) await app.listen({ port: config.http.port, host: config.http.host });
  else await app.ready();
  return {
    app, services, database, log, demoCases,
    close: async () => {
      // The batch in flight commits; the job is continued from its cursor by the next start.
      await services.recompute.stop();
      await services.factsRebuild.stop();
      await worker?.stop();
      await heads?.stop();
      await app.close();
      if (!opts.database) await database.close();
    },
  };
}
