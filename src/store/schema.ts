/**
 * The database schema (PostgreSQL: embedded PGlite or a server). Cases keep their full record as
 * JSONB beside the columns the queues, filters and statistics query; events and issued documents
 * are append-only (triggers in the migrations refuse UPDATE and DELETE).
 */
import { sql } from 'drizzle-orm';
import { boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { CaseEvent, CaseRecord, CaseState, DocumentKind } from '../domain/model/case.js';
import type { OrganKind, OrganLevel } from '../domain/model/organ.js';
import type { Channel, PetitionKind } from '../domain/model/petition.js';
import type { DataScope, Role } from '../domain/model/user.js';
import type { RulesProfile } from '../domain/rules/profiles.js';
import type { FactKind } from '../domain/stats/indicator-facts.js';

export const organs = pgTable('organs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  parentId: text('parent_id'),
  level: text('level').$type<OrganLevel>().notNull(),
  kind: text('kind').$type<OrganKind>().notNull(),
  regionCode: text('region_code'),
  successorId: text('successor_id'),
  /** The functional system of a department (e.g. hrss), for passing a matter down its own line (Art 23). */
  system: text('system'),
  profileId: text('profile_id'),
}, (t) => [index('organs_parent_idx').on(t.parentId)]);

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull(),
  name: text('name').notNull(),
  organId: text('organ_id').notNull().references(() => organs.id),
  roles: text('roles').array().$type<Role[]>().notNull(),
  /** 'organ' | 'organ_and_subordinates' | 'assigned' — which cases the user may see (data scope). */
  dataScope: text('data_scope').$type<DataScope>().notNull().default('organ_and_subordinates'),
  /** The user's own ID number, encrypted (SM4); blind index for the recusal check. */
  idNumberEnc: text('id_number_enc'),
  idNumberIndex: text('id_number_index'),
  /** Blind indexes of relatives' ID numbers the user declared (回避). */
  relativeIndexes: text('relative_indexes').array().notNull().default(sql`'{}'::text[]`),
  passwordHash: text('password_hash').notNull(),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  /** TOTP secret, encrypted; null when the second factor is off. */
  totpSecretEnc: text('totp_secret_enc'),
  active: boolean('active').notNull().default(true),
  /** Set by an administrator's password reset (a one-time password): the next log-in can only change it. */
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  /** When an administrator last reset the password, until the user has changed it (shown to them at log-in). */
  passwordResetAt: timestamp('password_reset_at', { withTimezone: true }),
}, (t) => [uniqueIndex('users_username_idx').on(t.username), index('users_organ_idx').on(t.organId), index('users_id_index_idx').on(t.idNumberIndex)]);

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  /** Double-submit CSRF token for cookie-authenticated writes. */
  csrfToken: text('csrf_token').notNull().default(''),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)]);

/**
 * Failed log-ins counted per username whether or not the account exists (keyed by a keyed SM3 of
 * the normalised username), so an unknown name is answered — and locked — exactly like a real one.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }).notNull(),
}, (t) => [index('login_throttle_last_idx').on(t.lastAttemptAt)]);

export const categories = pgTable('categories', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  parentCode: text('parent_code'),
  level: integer('level').notNull(),
}, (t) => [index('categories_parent_idx').on(t.parentCode)]);

export const rulesProfiles = pgTable('rules_profiles', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  data: jsonb('data').$type<RulesProfile>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A year's State Council holiday notice entered by an administrator: overrides the library. */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  holidays: jsonb('holidays').$type<string[]>().notNull(),
  makeupWorkdays: jsonb('makeup_workdays').$type<string[]>().notNull(),
  noticeRef: text('notice_ref').notNull(),
  enteredBy: text('entered_by').notNull(),
  enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
});

export const cases = pgTable('cases', {
  id: text('id').primaryKey(),
  number: text('number').notNull(),
  state: text('state').$type<CaseState>().notNull(),
  open: boolean('open').notNull(),
  profileId: text('profile_id').notNull(),
  registrarOrganId: text('registrar_organ_id').notNull(),
  holderOrganId: text('holder_organ_id').notNull(),
  /** The organ expected to act next: the queue the case sits in. */
  actingOrganId: text('acting_organ_id').notNull(),
  nextDue: date('next_due', { mode: 'string' }),
  /** nextDue rests on a year whose holiday notice is not entered yet (预计). */
  nextDueProvisional: boolean('next_due_provisional').notNull().default(false),
  receivedOn: date('received_on', { mode: 'string' }).notNull(),
  channel: text('channel').$type<Channel>().notNull(),
  kind: text('kind').$type<PetitionKind>().notNull(),
  categoryCode: text('category_code'),
  regionCode: text('region_code'),
  title: text('title').notNull(),
  simplified: boolean('simplified').notNull(),
  /** Art 30: organs an accusation is against — the case is invisible inside them. */
  accusedOrganIds: text('accused_organ_ids').array().notNull().default(sql`'{}'::text[]`),
  /** Staff the matter names (recusal, Art 28); in an accusation they are hidden from it like the accused organ (Art 30). */
  involvedUserIds: text('involved_user_ids').array().notNull().default(sql`'{}'::text[]`),
  assigneeId: text('assignee_id'),
  /** Leaders a pending approval (延期 / 签发) is addressed to: their 审批待办. */
  approverIds: text('approver_ids').array().notNull().default(sql`'{}'::text[]`),
  /** Organs an unanswered supervision order (督办) is addressed to / was issued by: the dashboard's and queue's 督办 counts. */
  supervisedOrganIds: text('supervised_organ_ids').array().notNull().default(sql`'{}'::text[]`),
  /** The organs a recommendation (三项建议, Art 40) awaits written feedback from: their reminders find it by index. */
  recommendedOrganIds: text('recommended_organ_ids').array().notNull().default(sql`'{}'::text[]`),
  supervisingOrganIds: text('supervising_organ_ids').array().notNull().default(sql`'{}'::text[]`),
  record: jsonb('record').$type<CaseRecord>().notNull(),
  version: integer('version').notNull(),
  /** The version of the indicator facts' definitions its indicator_facts rows follow; older rows are rebuilt at start. */
  factsVersion: integer('facts_version').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('cases_number_idx').on(t.number),
  index('cases_facts_version_idx').on(t.factsVersion),
  // Migration 0016 makes it a covering index: INCLUDE (every column the queue, its filters, its
  // counts and the dashboard read), so they are index-only scans (drizzle has no INCLUDE yet).
  index('cases_queue_idx').on(t.actingOrganId, t.nextDue, t.id).where(sql`${t.open}`),
  index('cases_holder_idx').on(t.holderOrganId),
  /** With the holder and registrar indexes, every case of a data scope as a BitmapOr (the lists' capped counts), closed ones included. */
  index('cases_acting_idx').on(t.actingOrganId),
  /**
   * With cases_queue_idx, the open cases of a data scope (holder, acting or registrar organ in it)
   * as a BitmapOr of three small indexes, the due date as an index condition: the dashboard's scope
   * counts and the ledger's overdue filter, without reading the closed cases. Migration 0018 adds
   * INCLUDE columns (the case's other organs, the accusation exclusions): index-only counts.
   */
  index('cases_open_holder_idx').on(t.holderOrganId, t.nextDue).where(sql`${t.open}`),
  index('cases_open_registrar_idx').on(t.registrarOrganId, t.nextDue).where(sql`${t.open}`),
  /** The ledger's state filter in its order (newest first): a state met only in old cases, 办结 above all, without walking every recent case. */
  index('cases_state_idx').on(t.state, t.receivedOn.desc(), t.id),
  index('cases_received_idx').on(t.receivedOn),
  /** The ledger's open-case filters (overdue, open) in its order, newest first: open cases are a few per cent of a province's. */
  index('cases_open_received_idx').on(t.receivedOn.desc(), t.id).where(sql`${t.open}`),
  index('cases_registrar_idx').on(t.registrarOrganId),
  index('cases_assignee_idx').on(t.assigneeId),
  index('cases_approvers_idx').using('gin', t.approverIds),
  index('cases_involved_idx').using('gin', t.involvedUserIds),
  index('cases_supervised_idx').using('gin', t.supervisedOrganIds),
  index('cases_recommended_idx').using('gin', t.recommendedOrganIds),
  index('cases_supervising_idx').using('gin', t.supervisingOrganIds),
]);

/**
 * What the indicators count (domain/stats/indicator-facts.ts): rows of a case, rewritten with it in
 * its own transaction. No primary key: a case's rows are deleted and inserted in one statement.
 * Migration 0020 makes the index covering (INCLUDE hit, days, channel, category_code): an
 * indicator over an organ subtree and a period is an index-only GROUP BY.
 */
export const indicatorFacts = pgTable('indicator_facts', {
  caseId: text('case_id').notNull(),
  kind: text('kind').$type<FactKind>().notNull(),
  organId: text('organ_id').notNull(),
  on: date('on', { mode: 'string' }).notNull(),
  hit: boolean('hit').notNull(),
  days: integer('days'),
  channel: text('channel').$type<Channel>().notNull(),
  categoryCode: text('category_code'),
}, (t) => [
  index('indicator_facts_case_idx').on(t.caseId),
  index('indicator_facts_organ_idx').on(t.organId, t.kind, t.on),
]);

export const caseEvents = pgTable('case_events', {
  caseId: text('case_id').notNull().references(() => cases.id),
  seq: integer('seq').notNull(),
  action: text('action').notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  on: date('on', { mode: 'string' }).notNull(),
  actorId: text('actor_id'),
  actorKind: text('actor_kind').$type<CaseEvent['actorKind']>().notNull(),
  actorOrganId: text('actor_organ_id'),
  fromState: text('from_state').$type<CaseState>(),
  toState: text('to_state').$type<CaseState>().notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
}, (t) => [primaryKey({ columns: [t.caseId, t.seq] }), index('case_events_action_on_idx').on(t.action, t.on)]);

export const documents = pgTable('documents', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  eventSeq: integer('event_seq').notNull(),
  kind: text('kind').$type<DocumentKind>().notNull(),
  /** e.g. 于都信转〔2025〕12号 */
  docNumber: text('doc_number').notNull(),
  organId: text('organ_id').notNull(),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
}, (t) => [index('documents_case_idx').on(t.caseId), uniqueIndex('documents_number_idx').on(t.organId, t.docNumber)]);

/** Counters for case and document numbers, per organ/prefix and year. */
export const counters = pgTable('counters', {
  scope: text('scope').notNull(),
  year: integer('year').notNull(),
  value: integer('value').notNull(),
}, (t) => [primaryKey({ columns: [t.scope, t.year] })]);

/** Creation is idempotent: a retried request with the same key returns the first case. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').notNull(),
  userId: text('user_id').notNull(),
  requestHash: text('request_hash').notNull(),
  caseId: text('case_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.userId, t.key] })]);

/**
 * The petitioner's query code (查询码) per case: with the phone number it opens the case on the
 * portal. Stored as a keyed MAC (lookup) and encrypted (only to repeat it on an idempotent retry of
 * the registration that created it).
 */
export const caseAccessCodes = pgTable('case_access_codes', {
  caseId: text('case_id').primaryKey().references(() => cases.id),
  codeHash: text('code_hash').notNull(),
  codeEnc: text('code_enc').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('case_access_codes_hash_idx').on(t.codeHash)]);

/** Blind indexes of the people on a case, to find earlier petitions by exact ID number or phone. */
export const caseParties = pgTable('case_parties', {
  caseId: text('case_id').notNull().references(() => cases.id),
  idNumberIndex: text('id_number_index'),
  phoneIndex: text('phone_index'),
}, (t) => [index('case_parties_id_idx').on(t.idNumberIndex), index('case_parties_phone_idx').on(t.phoneIndex), index('case_parties_case_idx').on(t.caseId)]);

/**
 * The audit trail: every write and every read of personal data, hash-chained with SM3
 * (hash = SM3(prev_hash ‖ canonical entry)), so that editing, deleting or reordering an entry is
 * detectable. seq has no gaps: it is taken under a lock, not from a sequence.
 */
export const auditLog = pgTable('audit_log', {
  seq: integer('seq').primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  actorId: text('actor_id'),
  actorOrganId: text('actor_organ_id'),
  action: text('action').notNull(),
  targetType: text('target_type').notNull(),
  targetId: text('target_id'),
  outcome: text('outcome').notNull(),
  detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actorId), index('audit_log_target_idx').on(t.targetType, t.targetId)]);

/** The chain's head and, after retention purges, the last purged entry it continues from. */
export const auditAnchor = pgTable('audit_anchor', {
  id: integer('id').primaryKey(),
  headSeq: integer('head_seq').notNull(),
  headHash: text('head_hash').notNull(),
  purgedThroughSeq: integer('purged_through_seq').notNull(),
  purgedThroughHash: text('purged_through_hash').notNull(),
});

// ——— Petitioner portal (issue 5): attachments, follow challenges, portal sessions ———

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  // PGlite answers Uint8Array, node-postgres Buffer.
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * An issued document as a file (PDF or .docx), rendered at its first download and frozen: later
 * downloads answer these bytes, whose SM3 is sent with them (docs/decisions/027). Append-only.
 */
export const documentFiles = pgTable('document_files', {
  documentId: text('document_id').notNull().references(() => documents.id),
  /** 'pdf' | 'docx' */
  format: text('format').notNull(),
  bytes: bytea('bytes').notNull(),
  /** SM3 of the bytes, hex. */
  sm3: text('sm3').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.documentId, t.format] })]);

/** Uploaded files (images, PDF), content-addressed: one row per distinct content. */
export const attachments = pgTable('attachments', {
  sha256: text('sha256').primaryKey(),
  bytes: bytea('bytes').notNull(),
  /** Decided by sniffing the content, never by the name. */
  mimeType: text('mime_type').notNull(),
  size: integer('size').notNull(),
  /** 'public' (portal) | 'staff' (workbench): who uploaded it first. */
  source: text('source').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Who uploaded a file, and the case it went to (issue 10, finding 3): a petition or an appeal may
 * refer only to a file its own uploader uploaded and not yet linked to another case, or to one
 * already linked to that same case — knowing a hash (the audit shows them) is not enough. One row per
 * upload; the same content uploaded twice by one uploader for two cases gives two rows.
 */
export const attachmentUploads = pgTable('attachment_uploads', {
  id: text('id').primaryKey(),
  sha256: text('sha256').notNull().references(() => attachments.sha256),
  /** 'staff:<user id>' | 'portal:<SHA-256 of the browser's upload token>' | 'portal:migrated' (uploads from before this table). */
  uploader: text('uploader').notNull(),
  /** The case it was linked to (registration, online submission, appeal); null until then. */
  caseId: text('case_id').references(() => cases.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('attachment_uploads_sha_idx').on(t.sha256, t.uploader), index('attachment_uploads_case_idx').on(t.caseId)]);

/** Attachments that joined a case after registration (an appeal's material), beside content.attachments. */
export const caseAttachmentLinks = pgTable('case_attachment_links', {
  caseId: text('case_id').notNull().references(() => cases.id),
  sha256: text('sha256').notNull().references(() => attachments.sha256),
  name: text('name').notNull(),
  purpose: text('purpose').notNull(),
  eventSeq: integer('event_seq').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.caseId, t.sha256, t.purpose] })]);

/**
 * A follow challenge (查询码 + phone → SMS code). Rows exist for non-matching pairs too (case_id
 * null), so a wrong pair looks like a right one from outside. The code is stored as a keyed MAC.
 */
export const portalChallenges = pgTable('portal_challenges', {
  id: text('id').primaryKey(),
  caseId: text('case_id'),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('portal_challenges_created_idx').on(t.createdAt)]);

/** A petitioner's portal session: bound to one case, short-lived, stored as a hash of the token. */
export const portalSessions = pgTable('portal_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [index('portal_sessions_case_idx').on(t.caseId)]);

// ——— notifications: SMS outbox, template overrides, staff reminders read ———

/**
 * The transactional outbox: one row per (case, event, recipient, channel), written in the case
 * event's transaction; the delivery worker leases, sends and marks it. The row id is the delivery
 * id the SMS adapters use for idempotency. The phone and the message parameters (which carry the
 * query code on registration) are encrypted; the recipient key is the phone's blind index.
 */
export const notificationOutbox = pgTable('notification_outbox', {
  id: text('id').primaryKey(),
  caseId: text('case_id').notNull().references(() => cases.id),
  eventSeq: integer('event_seq').notNull(),
  channel: text('channel').notNull(),
  recipientKey: text('recipient_key').notNull(),
  templateKey: text('template_key').notNull(),
  phoneEnc: text('phone_enc').notNull(),
  paramsEnc: text('params_enc').notNull(),
  /** 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' (demo data, never sent) */
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  provider: text('provider'),
  providerMessageId: text('provider_message_id'),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('notification_outbox_once_idx').on(t.caseId, t.eventSeq, t.recipientKey, t.channel),
  index('notification_outbox_due_idx').on(t.status, t.nextAttemptAt),
]);

/** An administrator's wording of a message, over the default in code (src/notify/templates.ts). */
export const notificationTemplates = pgTable('notification_templates', {
  key: text('key').primaryKey(),
  body: text('body').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An organ's wording of one document kind, over the default in code (src/domain/documents/document-templates.ts);
 * it applies to the organ and to those below it that have none of their own. A document issued
 * under it keeps its body in its data (`template`), so a later change never alters it.
 */
export const documentTemplates = pgTable('document_templates', {
  organId: text('organ_id').notNull().references(() => organs.id),
  kind: text('kind').$type<DocumentKind>().notNull(),
  body: text('body').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.organId, t.kind] })]);

/** Which workbench reminders a staff member has marked read (the reminders themselves are computed). */
export const reminderReads = pgTable('reminder_reads', {
  userId: text('user_id').notNull(),
  key: text('key').notNull(),
  readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.userId, t.key] })]);

/** 领导接访安排: when an organ's leaders receive visitors in person, published on the portal's guide. */
export const receptionRota = pgTable('reception_rota', {
  id: text('id').primaryKey(),
  organId: text('organ_id').notNull().references(() => organs.id),
  /** 1 = 星期一 … 7 = 星期日. */
  weekday: integer('weekday').notNull(),
  /** 'HH:MM-HH:MM', China time. */
  time: text('time').notNull(),
  leader: text('leader'),
  place: text('place'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('reception_rota_organ_idx').on(t.organId)]);

/**
 * The portal's rate-limit counters, shared by every server process on the database (one budget per
 * client, not one per process): a keyed hash of limiter group and client IP → hits in the current
 * window. Expired rows are deleted now and then (src/http/rate-limit-store.ts).
 */
export const rateLimits = pgTable('rate_limits', {
  key: text('key').primaryKey(),
  hits: integer('hits').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('rate_limits_expires_idx').on(t.expiresAt)]);

/**
 * 期限重算任务: after a holiday notice or a profile change, every open clock concerned is
 * recomputed in the background, a batch per transaction (src/app/clock-recomputation.ts). The
 * cursor is the last case id done, so a job stopped by a restart goes on where it stopped.
 */
export const recomputeJobs = pgTable('recompute_jobs', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  reason: text('reason').$type<'calendar_notice' | 'profile'>().notNull(),
  noticeRef: text('notice_ref'),
  year: integer('year'),
  profileId: text('profile_id'),
  /** queued → running → done. */
  status: text('status').$type<'queued' | 'running' | 'done'>().notNull().default('queued'),
  cursor: text('cursor').notNull().default(''),
  /** Open cases concerned when the job was queued (the progress bar's whole). */
  total: integer('total').notNull(),
  examined: integer('examined').notNull().default(0),
  changed: integer('changed').notNull().default(0),
  requestedBy: text('requested_by'),
  leaseOwner: text('lease_owner'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [index('recompute_jobs_status_idx').on(t.status, t.id)]);
