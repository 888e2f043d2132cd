/**
 * The composition root: every service built once, each with the collaborators it needs as
 * constructor arguments — so a service cannot exist without its audit trail, its clock or its
 * event listeners (docs/decisions/010-composition-root.md). The HTTP server (src/http/server.ts),
 * `npm start` (src/main.ts), the demo seeder, the benches, the scripts and the tests build through
 * here; nothing else wires services together.
 *
 *   ReferenceData ─┬─ AuditTrail(clock)
 *                  ├─ NotificationService(audit, clock) ── its outbox listener ─┐
 *                  ├─ CaseService(clock, audit, [outbox listener]) ◄─────────────┘
 *                  ├─ CalendarService(cases, audit, clock)   WorkbenchService(clock, audit)
 *                  ├─ AdminService(audit, sessionClock)      AuthService(sessionClock, audit)
 *                  ├─ ReceptionRotaService(audit)            AuditLogService(audit, clock)
 *                  ├─ AttachmentService ── CaseAttachments(cases, audit)
 *                  ├─ DocumentFiles(cases, audit, clock): issued documents as PDF / Word, frozen
 *                  ├─ DocumentTemplates(audit, clock, change feed): the organs' document wordings, frozen at issue by CaseService
 *                  ├─ Dossiers(cases, attachments, audit, clock): a case's 卷宗 as one PDF
 *                  ├─ DossierBatches(dossiers, audit, clock): the 卷宗 of a period's closed cases as one zip
 *                  └─ portal: PortalService(cases, attachments, clock), PortalSessions(sessionClock)
 */
import { ClockRecomputation } from './app/clock-recomputation.js';
import { IndicatorFactsRebuild } from './app/indicator-facts-rebuild.js';
import { StatsService } from './app/stats-service.js';
import { AnnualReportService } from './app/annual-report.js';
import { AdminService } from './app/admin-service.js';
import { AttachmentService } from './app/attachments.js';
import { AuditLogService } from './app/audit-log.js';
import { AuthService, type AuthOptions } from './app/auth-service.js';
import { CalendarService } from './app/calendar-service.js';
import { CaseAttachments } from './app/case-attachments.js';
import { DocumentFiles } from './app/document-files.js';
import { DocumentTemplates } from './app/document-templates.js';
import { Dossiers } from './app/dossier.js';
import { DossierBatches } from './app/dossier-batch.js';
import { CaseService } from './app/case-service.js';
import { systemClock, type Clock } from './app/clock.js';
import { HealthCheck } from './app/health.js';
import { OperationsStats } from './app/operations-stats.js';
import { PortalService, publicRateLimits, type PortalOptions, type PortalServices } from './app/portal-service.js';
import { PortalSessions } from './app/portal-session.js';
import { SharedRateLimits } from './app/rate-limits.js';
import { ReceptionRotaService } from './app/reception-rota.js';
import { ReferenceData } from './app/reference-data.js';
import { WorkbenchService } from './app/workbench-service.js';
import { demoConfig, type Config } from './config/config.js';
import { fieldCryptoFromConfig } from './config/keyring.js';
import { NotificationService } from './notify/service.js';
import type { SmsAdapter } from './notify/sms/adapter.js';
import { SmsVerificationSender, VERIFICATION_TEMPLATE_KEY } from './notify/verification-sender.js';
import { AuditTrail } from './security/audit-trail.js';
import type { FieldCrypto } from './security/field-crypto.js';
import type { Database } from './store/database.js';

export interface ComposeOptions {
  /** The business clock: case dates and deadlines, audit entries, record timestamps. Default: system time. */
  clock?: Clock;
  /**
   * The session clock: staff and portal sessions, lockouts, account timestamps. Default: system time
   * (a test's business clock jumps months; sessions must not). `portal.sessionClock` overrides it
   * for the portal alone.
   */
  sessionClock?: Clock;
  /**
   * The configuration (src/config/config.ts; main.ts loads it from the environment). Default: the
   * demo's (an empty environment). Nothing composed here reads process.env.
   */
  config?: Config;
  /** Field encryption and blind indexes. Default: the configuration's keys. */
  crypto?: FieldCrypto;
  portal?: PortalOptions;
  /**
   * The SMS gateway the portal's verification codes go through (wording: the editable
   * `verification_code` template), unless `portal.sender` is given. Without either, the demo sender.
   */
  sms?: SmsAdapter;
  /**
   * Staff authentication: `requireSecondFactor` makes the administrators and leaders log in with
   * TOTP (production; default off for the demo and the tests), `policy` the lockout and session limits.
   */
  auth?: AuthOptions;
  /** The most dossiers one batch export may hold (default DOSSIER_BATCH_MAX, 2,000; the tests lower it to reach it). */
  dossierBatchMax?: number;
}

export interface Services {
  ref: ReferenceData;
  /** The audit trail itself (append, verify, purge); every auditing service was given this one. */
  audit: AuditTrail;
  /** The audit administrator's reads of the trail (search, verify, export). */
  auditLog: AuditLogService;
  cases: CaseService;
  /** The background recomputation of open deadlines (started by run.ts; tests await idle()). */
  recompute: ClockRecomputation;
  auth: AuthService;
  calendar: CalendarService;
  admin: AdminService;
  workbench: WorkbenchService;
  notifications: NotificationService;
  rota: ReceptionRotaService;
  /** Staff uploads and a case's attachments. */
  caseAttachments: CaseAttachments;
  /** Issued documents as PDF and Word files, rendered once and frozen. */
  documentFiles: DocumentFiles;
  /** 文书模板: the organs' wordings of the documents (system administrator). */
  documentTemplates: DocumentTemplates;
  /** A case's dossier (卷宗) as one PDF, compiled for the reader. */
  dossiers: Dossiers;
  /** 卷宗批量导出: the dossiers of the cases closed in a period, streamed as one zip. */
  dossierBatches: DossierBatches;
  /** The petitioner portal. */
  portal: PortalServices;
  health: HealthCheck;
  /** Counts for /metrics (outbox, open and overdue cases). */
  operations: OperationsStats;
  /** 统计: indicators and the cases behind them. */
  stats: StatsService;
  /** 信访情况年度报告 (Art 41) as a Word file. */
  annualReport: AnnualReportService;
  /** The background rebuild of indicator facts after an upgrade (started by run.ts; tests run it). */
  factsRebuild: IndicatorFactsRebuild;
}

export function compose(database: Database, opts: ComposeOptions = {}): Services {
  const { db } = database;
  const clock = opts.clock ?? systemClock;
  const sessionClock = opts.sessionClock ?? systemClock;
  const config = opts.config ?? demoConfig();
  const crypto = opts.crypto ?? fieldCryptoFromConfig(config.keys);

  const ref = new ReferenceData(db, database.changes);
  const audit = new AuditTrail(clock);
  const notifications = new NotificationService(db, ref, crypto, audit, clock);
  const documentTemplates = new DocumentTemplates(db, ref, audit, clock, database.changes);
  // The SMS outbox rows are written by this listener inside each case event's transaction; the
  // organs' document templates are frozen into the documents it issues.
  const cases = new CaseService(db, ref, crypto, clock, audit, [notifications.listener], documentTemplates);
  const files = new AttachmentService(db, opts.portal?.maxAttachmentBytes ?? config.portal.maxAttachmentBytes);
  // Deadlines moved by a holiday notice or a profile change are recomputed in background batches.
  const recompute = new ClockRecomputation(db, ref, cases, audit);
  const factsRebuild = new IndicatorFactsRebuild(db, ref);
  const stats = new StatsService(db, ref, clock, factsRebuild);

  const sender = opts.portal?.sender
    ?? (opts.sms ? new SmsVerificationSender(opts.sms, () => notifications.templateBody(VERIFICATION_TEMPLATE_KEY)) : undefined);
  const portal: PortalServices = {
    attachments: files,
    sessions: new PortalSessions(db, crypto, opts.portal?.sessionClock ?? sessionClock, {
      demoCodes: config.sms.demoCodes, ...opts.portal, ...(sender ? { sender } : {}),
    }),
    service: new PortalService(db, ref, crypto, cases, files, clock),
    rateLimits: publicRateLimits({ ...opts.portal, rateLimits: { ...config.portal.rateLimits, ...opts.portal?.rateLimits } }),
    rateLimitCounters: new SharedRateLimits(db, crypto),
  };

  const dossiers = new Dossiers(db, ref, cases, files, audit, clock);

  return {
    ref, audit, cases, notifications, portal, recompute, documentTemplates,
    auditLog: new AuditLogService(db, audit, clock),
    auth: new AuthService(db, crypto, sessionClock, audit, opts.auth ?? { requireSecondFactor: config.auth.requireTotp }),
    calendar: new CalendarService(db, ref, audit, clock, recompute),
    admin: new AdminService(db, ref, crypto, audit, sessionClock),
    workbench: new WorkbenchService(db, ref, clock, audit, crypto),
    rota: new ReceptionRotaService(db, ref, audit),
    caseAttachments: new CaseAttachments(db, ref, files, cases, audit),
    documentFiles: new DocumentFiles(db, ref, cases, audit, clock),
    dossiers,
    dossierBatches: new DossierBatches(db, ref, dossiers, audit, clock, opts.dossierBatchMax),
    health: new HealthCheck(database, ref, clock),
    operations: new OperationsStats(db, clock),
    stats,
    annualReport: new AnnualReportService(db, ref, clock, stats),
    factsRebuild,
  };
}

/**
 * compose(database, { clock, crypto }) with positional arguments: the demo seeder's call
 * (`makeServices(database, clock, crypto)`).
 */
export function makeServices(database: Database, clock?: Clock, crypto?: FieldCrypto): Services {
  return compose(database, { clock, crypto });
}
