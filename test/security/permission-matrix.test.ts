/**
 * 等保 level-3 permission matrix: every demo user (every role, the three administrators and the
 * viewer included) × every route of the running server × a case in each position relative to the
 * user (own / subordinate / foreign organ; accused organ and named official under Art 30) — each with an expected
 * answer computed from the domain rules, never from the HTTP layer and never hand-picked.
 *
 * - The route list is read from the server (`printRoutes`, cross-checked with /api/openapi.json);
 *   a route the policy table below does not classify fails the test.
 * - Case-scoped routes: 404 where canSeeCase is false (with a body identical to that of an id that
 *   does not exist), 200 for the reads, personal data 200 iff mayUnmask, and for each action the
 *   status of refusalFor(case, action, context) — the context built as CaseService builds it.
 * - An action the user IS allowed to take is called with a PROBE input: it passes the request
 *   schema but fails the action's own input check, which runs only after the permission checks
 *   (applyAction: refusalFor → apply). The answer (422 + the probe's code, instead of the refusal's
 *   code) proves the permission was granted, and nothing is written. The few actions whose input
 *   has no such check (accept, apply_simplified, …) are taken for real on a fresh twin case, built
 *   the same way as the matrix case, so the matrix cases never change (their versions are checked).
 * - One server for the whole file, one session per user, requests 8 at a time (the PostgreSQL pool
 *   serves them in parallel; PGlite takes them in turn).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { openContent } from '../../src/app/personal-data.js';
import { loadReference, type ReferenceSnapshot } from '../../src/app/reference-data.js';
import { TEST_KEYRING } from '../../src/config/keyring.js';
import { DEMO_USERS } from '../../src/demo/organ-tree.js';
import { canSeeCase } from '../../src/domain/access/case-visibility.js';
import { mayUnmask, maySeeAccuser } from '../../src/domain/access/personal-data-access.js';
import { chinaDate } from '../../src/domain/calendar/dates.js';
import { DomainError } from '../../src/domain/errors.js';
import type { DomainContext, Refusal } from '../../src/domain/lifecycle/context.js';
import { refusalFor } from '../../src/domain/lifecycle/engine.js';
import { actingOrganId } from '../../src/domain/lifecycle/relations.js';
import { ACTION_NAMES, type ActionName } from '../../src/domain/lifecycle/action-rules.js';
import type { CaseRecord } from '../../src/domain/model/case.js';
import { TERMINAL_STATES } from '../../src/domain/model/case-states.js';
import type { OrganTree } from '../../src/domain/model/organ.js';
import { ADMIN_ROLES, REGISTRAR_ROLES, ROLES, type Role, type StaffUser } from '../../src/domain/model/user.js';
import { statusOf } from '../../src/http/errors.js';
import { FieldCrypto } from '../../src/security/field-crypto.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, onPostgres, testServer } from '../support/db.js';
import { linkOf } from '../support/domain-fixtures.js';
import { samplePetition } from '../support/petitions.js';
import { openApiRoutes, routeKey, serverRoutes, type RouteEntry } from '../support/route-table.js';
import { webAppsBuilt } from '../../src/http/web-apps.js';

const TODAY = '2026-03-02';
/** Who reads statistics: every role with an organ data scope, the three administrators not. */
const STATS_ROLES = ROLES.filter((r) => !ADMIN_ROLES.includes(r));
const clock = new FakeClock(TODAY);
const crypto = new FieldCrypto(TEST_KEYRING);
/** The petitioner of every matrix case: lookup by this number must return exactly the visible ones. */
const PETITIONER_ID = '360731197805120015';
/** What no case-scoped answer but personal-data may show in clear (and, in an accusation, the accuser and material). */
const SAMPLE = samplePetition() as { facts: string; petitioners: { name: string; phone: string; address: string }[] };
const IN_CLEAR = [PETITIONER_ID, SAMPLE.petitioners[0]!.phone, SAMPLE.petitioners[0]!.address];
const ACCUSATION_SECRETS = [SAMPLE.petitioners[0]!.name, SAMPLE.facts];
const NO_SUCH_CASE = '00000000-0000-4000-8000-00000000beef';
/** A case route's URL for a case; unmasking asks for its reason (issue 12), every other case route takes none. */
const caseUrl = (r: { url: string }, id: string) =>
  r.url.replace(':id', id) + (r.url.endsWith('/personal-data') ? '?reason=%E6%A0%B8%E5%AE%9E%E8%BA%AB%E4%BB%BD' : '');
const NO_SUCH_USER = 'u-matrix-nobody';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/**
 * Combinations the application currently answers wrongly, reported and left out of the assertions
 * (each one is still requested, and a fix makes the entry stale, which fails the test).
 */
const KNOWN_GAPS: readonly {
  user: string;
  /** Route key, e.g. 'POST /api/cases/:id/actions/accept'. */
  route: string;
  /** For case-scoped routes: '<case>/<position>', e.g. 'county-dept/foreign'; omitted: every case. */
  position?: string;
  issue: string;
}[] = [];

// ——— the policy table: every route of the server must match exactly one entry ———

type Policy =
  /** Anyone, with or without a session; the answer does not depend on who asks. */
  | { kind: 'public'; status: number; code?: string }
  /** Any authenticated staff member; 401 without a session. */
  | { kind: 'staff' }
  /** Only these roles; 403 for the others, 401 without a session. */
  | { kind: 'role'; roles: readonly Role[] }
  /** /api/cases/:id…: decided per case by canSeeCase, mayUnmask and refusalFor. */
  | { kind: 'case' }
  /** Lists of cases: the returned ids are checked against canSeeCase / the acting organ. */
  | { kind: 'own-data'; list: 'queue' | 'ledger' | 'lookup' };

interface RouteSpec {
  policy: Policy;
  /** The concrete URL to call (params and query filled in), when not the route itself. */
  url?: string;
  /** A body the schema accepts: valid, or failing only in the handler after the permission check. */
  payload?: unknown;
  /** Acts on the caller's own account (password, TOTP, recusal data): allowed to every staff member. */
  selfService?: boolean;
  /** A read that is a POST only to keep personal data out of URLs. */
  readOnly?: boolean;
}

const ACTION_ROUTE = 'POST /api/cases/:id/actions/';
/** The web apps' pages: 200 with a build (npm test builds first), 503 "not built" without — the routes are the same. */
const WEB_PAGE = webAppsBuilt() ? 200 : 503;

const POLICY: Record<string, RouteSpec> = {
  // public
  'GET /': { policy: { kind: 'public', status: WEB_PAGE } },
  'GET /staff/': { policy: { kind: 'public', status: WEB_PAGE } },
  // The web apps' client-side routes: the app shell (its API calls are what the matrix checks).
  'GET /staff': { policy: { kind: 'public', status: 302 } },
  'GET /staff/*': { policy: { kind: 'public', status: WEB_PAGE }, url: '/staff/queue' },
  'GET /*': { policy: { kind: 'public', status: WEB_PAGE }, url: '/follow' },
  'GET /assets/*': { policy: { kind: 'public', status: 404, code: 'NOT_FOUND' }, url: '/assets/matrix-probe.js' },
  'GET /api/openapi.json': { policy: { kind: 'public', status: 200 } },
  'GET /api/health': { policy: { kind: 'public', status: 200 } },
  'GET /api/ready': { policy: { kind: 'public', status: 200 } },
  // Prometheus text; without MINSHENG_METRICS_TOKEN only loopback clients (inject is 127.0.0.1) — test/ops/metrics.test.ts.
  'GET /metrics': { policy: { kind: 'public', status: 200 } },
  'GET /api/rules/transitions': { policy: { kind: 'public', status: 200 } },
  'GET /api/calendar/due-date': { policy: { kind: 'public', status: 200 }, url: `/api/calendar/due-date?start=${TODAY}&days=15&unit=working` },
  'GET /api/calendar/years/:year': { policy: { kind: 'public', status: 200 }, url: '/api/calendar/years/2026' },
  // An unknown account: refused the same whoever asks (and a bearer session is kept: the failure comes first).
  'POST /api/auth/login': { policy: { kind: 'public', status: 401, code: 'LOGIN_FAILED' }, payload: { username: 'matrix-nobody', password: 'Not-the-password-1' }, selfService: true },
  // Ends the caller's session: called by every user in the last test only.
  'POST /api/auth/logout': { policy: { kind: 'public', status: 200 }, selfService: true },
  // The petitioner portal (/api/public/*): the same answer whoever asks; the case routes need a
  // portal session (cookie ms_portal), which no staff session gives. Its writes act as a member of
  // the public, never on staff data (selfService, like log-in).
  'GET /api/public/guide': { policy: { kind: 'public', status: 200 } },
  'GET /api/public/regions': { policy: { kind: 'public', status: 200 } },
  'GET /api/public/categories': { policy: { kind: 'public', status: 200 } },
  'GET /api/public/organs': { policy: { kind: 'public', status: 200 }, url: '/api/public/organs?regionCode=360731' },
  'POST /api/public/petitions': { policy: { kind: 'public', status: 400, code: 'VALIDATION_FAILED' }, selfService: true }, // no Idempotency-Key, no body
  'POST /api/public/attachments': { policy: { kind: 'public', status: 400, code: 'ATTACHMENT_REQUIRED' }, selfService: true }, // not multipart
  'POST /api/public/follow/challenge': { policy: { kind: 'public', status: 400, code: 'VALIDATION_FAILED' }, selfService: true },
  'POST /api/public/follow/verify': { policy: { kind: 'public', status: 400, code: 'VALIDATION_FAILED' }, selfService: true },
  'POST /api/public/follow/logout': { policy: { kind: 'public', status: 204 }, selfService: true },
  'GET /api/public/case': { policy: { kind: 'public', status: 401, code: 'PORTAL_SESSION_REQUIRED' } },
  'GET /api/public/case/rights-card': { policy: { kind: 'public', status: 401, code: 'PORTAL_SESSION_REQUIRED' } },
  'POST /api/public/case/evaluations': { policy: { kind: 'public', status: 401, code: 'PORTAL_SESSION_REQUIRED' }, payload: { documentId: 'matrix-probe', rating: 'satisfied' }, selfService: true },
  'POST /api/public/case/appeals': { policy: { kind: 'public', status: 401, code: 'PORTAL_SESSION_REQUIRED' }, payload: { kind: 'review', reasons: '矩阵探针' }, selfService: true },
  'GET /api/public/case/attachments/:sha256': { policy: { kind: 'public', status: 401, code: 'PORTAL_SESSION_REQUIRED' }, url: `/api/public/case/attachments/${'a'.repeat(64)}` },
  // any staff member
  'GET /api/organs': { policy: { kind: 'staff' } },
  'GET /api/categories': { policy: { kind: 'staff' } },
  'GET /api/profiles': { policy: { kind: 'staff' } },
  'GET /api/regions': { policy: { kind: 'staff' }, url: '/api/regions?parent=360731' },
  'GET /api/auth/me': { policy: { kind: 'staff' } },
  // Case-scoped in truth (visibility, Art 30 redaction: test/portal/*.test.ts); here a case that does not exist → 404 for every staff member.
  'GET /api/cases/:id/attachments/:sha256': { policy: { kind: 'staff' }, url: `/api/cases/${NO_SUCH_CASE}/attachments/${'a'.repeat(64)}` },
  // Case-scoped too (test/api/document-files.test.ts: another organ's user gets 404, an accusation's withheld material 403; the dossier likewise 404).
  'GET /api/cases/:id/documents/:documentId/file': { policy: { kind: 'staff' }, url: `/api/cases/${NO_SUCH_CASE}/documents/matrix-probe/file?format=pdf` },
  'GET /api/cases/:id/dossier.pdf': { policy: { kind: 'staff' }, url: `/api/cases/${NO_SUCH_CASE}/dossier.pdf` },
  'GET /api/workbench/context': { policy: { kind: 'staff' } },
  'GET /api/workbench/summary': { policy: { kind: 'staff' } },
  'GET /api/approvals': { policy: { kind: 'staff' } }, // the requests addressed to the caller, under their scope (test/api/full-case.test.ts) // counts only, each under the caller's scope (test/api/workbench.test.ts)
  'GET /api/reminders': { policy: { kind: 'staff' } }, // the caller's own queue and organ, under their scope (test/notify/reminders.test.ts)
  'POST /api/reminders/read': { policy: { kind: 'staff' }, payload: { keys: ['matrix-probe'] }, selfService: true }, // the caller's own read marks
  // The ledger's rows as .xlsx: scope checked against the ledger in test/api/workbench.test.ts; empty for who sees no cases.
  'GET /api/cases/ledger/export': { policy: { kind: 'staff' } },
  'PUT /api/auth/me/conflicts': { policy: { kind: 'staff' }, payload: { idNumber: '360731197805120016', relativeIdNumbers: [] }, selfService: true }, // bad check digit → 422
  'POST /api/auth/password': { policy: { kind: 'staff' }, payload: { oldPassword: 'Minsheng@2026', newPassword: 'weak' }, selfService: true }, // → PASSWORD_WEAK
  'POST /api/auth/totp/setup': { policy: { kind: 'staff' }, selfService: true }, // a pending secret only
  'GET /api/auth/me/security-events': { policy: { kind: 'staff' } }, // the caller's own account's security history
  'POST /api/auth/totp/enable': { policy: { kind: 'staff' }, payload: { code: 'abcdef' }, selfService: true },
  'POST /api/auth/totp/disable': { policy: { kind: 'staff' }, payload: { password: 'Minsheng@2026', code: 'abcdef' }, selfService: true },
  // role-restricted (bodies fail after the role check, or change nothing that matters)
  'POST /api/auth/users/:id/revoke-sessions': { policy: { kind: 'role', roles: ['system_admin', 'security_admin'] }, url: `/api/auth/users/${NO_SUCH_USER}/revoke-sessions` },
  'POST /api/auth/users/:id/unlock': { policy: { kind: 'role', roles: ['system_admin', 'security_admin'] }, url: `/api/auth/users/${NO_SUCH_USER}/unlock` },
  'GET /api/admin/users': { policy: { kind: 'role', roles: ['system_admin', 'security_admin'] } },
  'POST /api/admin/users': { policy: { kind: 'role', roles: ['system_admin'] }, payload: { username: 'Not Valid!', name: '矩阵', organId: 'county', password: 'x' } },
  'PUT /api/admin/users/:id/roles': { policy: { kind: 'role', roles: ['security_admin'] }, url: `/api/admin/users/${NO_SUCH_USER}/roles`, payload: { roles: [] } },
  'PUT /api/admin/users/:id/active': { policy: { kind: 'role', roles: ['system_admin'] }, url: `/api/admin/users/${NO_SUCH_USER}/active`, payload: { active: true } },
  // Which of the two depends on the target (an administrator's: the security administrator's); test/security/account-security.test.ts.
  'PUT /api/admin/users/:id/password': { policy: { kind: 'role', roles: ['system_admin', 'security_admin'] }, url: `/api/admin/users/${NO_SUCH_USER}/password`, payload: { password: 'x' } },
  'POST /api/admin/organs': { policy: { kind: 'role', roles: ['system_admin'] }, payload: { name: '矩阵机关', parentId: 'org-matrix-nobody', level: 'township', kind: 'handling_organ', regionCode: '360731103' } },
  'PATCH /api/admin/organs/:id': { policy: { kind: 'role', roles: ['system_admin'] }, url: '/api/admin/organs/org-matrix-nobody', payload: { name: '矩阵机关' } },
  'PUT /api/calendar/years/:year': { policy: { kind: 'role', roles: ['system_admin'] }, url: '/api/calendar/years/2026', payload: { noticeRef: ' ', holidays: [], makeupWorkdays: [] } },
  'GET /api/calendar/recompute-jobs': { policy: { kind: 'role', roles: ['system_admin'] }, url: '/api/calendar/recompute-jobs' },
  'PUT /api/profiles/:id': { policy: { kind: 'role', roles: ['system_admin'] }, url: '/api/profiles/matrix-probe' }, // payload: a copy of the national profile (beforeAll)
  'GET /api/audit': { policy: { kind: 'role', roles: ['audit_admin'] } },
  'GET /api/audit/verify': { policy: { kind: 'role', roles: ['audit_admin'] } },
  'GET /api/audit/export': { policy: { kind: 'role', roles: ['audit_admin'] } },
  // Registration: the registrar roles of the domain; the blank title fails after the role check.
  'POST /api/attachments': { policy: { kind: 'role', roles: REGISTRAR_ROLES } }, // not multipart → 400 after the role check
  'GET /api/admin/notification-templates': { policy: { kind: 'role', roles: ['system_admin'] } },
  'GET /api/admin/reception-rota': { policy: { kind: 'role', roles: ['system_admin'] } },
  'POST /api/admin/reception-rota': { policy: { kind: 'role', roles: ['system_admin'] }, payload: { organId: 'org-matrix-nobody', weekday: 1, time: '09:00-12:00' } }, // unknown organ → 422 after the role check
  'PUT /api/admin/reception-rota/:id': { policy: { kind: 'role', roles: ['system_admin'] }, url: '/api/admin/reception-rota/rota-matrix-nobody', payload: { organId: 'county', weekday: 1, time: '09:00-12:00' } }, // 404 after the role check
  'DELETE /api/admin/reception-rota/:id': { policy: { kind: 'role', roles: ['system_admin'] }, url: '/api/admin/reception-rota/rota-matrix-nobody' }, // 404 after the role check
  'PUT /api/admin/notification-templates/:key': { policy: { kind: 'role', roles: ['system_admin'] }, url: '/api/admin/notification-templates/accepted', payload: { body: '{matrix}' } }, // unknown placeholder → 422 after the role check
  'GET /api/admin/document-templates': { policy: { kind: 'role', roles: ['system_admin'] }, url: '/api/admin/document-templates?organId=county' },
  'PUT /api/admin/document-templates/:organId/:kind': { policy: { kind: 'role', roles: ['system_admin'] }, url: '/api/admin/document-templates/county/acceptance_notice', payload: { body: '{matrix}' } }, // unknown placeholder → 422 after the role check
  'DELETE /api/admin/document-templates/:organId/:kind': { policy: { kind: 'role', roles: ['system_admin'] }, url: '/api/admin/document-templates/org-matrix-nobody/acceptance_notice' }, // unknown organ → 422 after the role check
  // Statistics: staff with an organ data scope (every demo user but the three administrators); the figures of their scope (test/api/stats.test.ts).
  'GET /api/stats/indicators': { policy: { kind: 'role', roles: STATS_ROLES }, url: `/api/stats/indicators?from=${TODAY.slice(0, 4)}-01-01&to=${TODAY}` },
  'GET /api/stats/indicators/export': { policy: { kind: 'role', roles: STATS_ROLES }, url: `/api/stats/indicators/export?from=${TODAY.slice(0, 4)}-01-01&to=${TODAY}` },
  'GET /api/stats/indicators/monthly': { policy: { kind: 'role', roles: STATS_ROLES }, url: `/api/stats/indicators/monthly?from=${TODAY.slice(0, 4)}-01-01&to=${TODAY}` },
  'GET /api/stats/bulletin': { policy: { kind: 'role', roles: STATS_ROLES }, url: `/api/stats/bulletin?month=${TODAY.slice(0, 7)}` },
  'GET /api/stats/annual-report': { policy: { kind: 'role', roles: STATS_ROLES }, url: `/api/stats/annual-report?year=${TODAY.slice(0, 4)}` },
  'GET /api/stats/breakdown': { policy: { kind: 'role', roles: STATS_ROLES }, url: `/api/stats/breakdown?from=${TODAY.slice(0, 4)}-01-01&to=${TODAY}&dimension=channel` },
  'GET /api/stats/indicators/cases': { policy: { kind: 'role', roles: STATS_ROLES }, url: `/api/stats/indicators/cases?from=${TODAY.slice(0, 4)}-01-01&to=${TODAY}&indicator=registered` },
  // 卷宗批量导出: the organ scope of the statistics; a period without closed cases (422 DOSSIER_BATCH_EMPTY, past the role and
  // scope checks) keeps the matrix from rendering PDFs (test/api/dossier-batch.test.ts).
  'GET /api/dossiers.zip': { policy: { kind: 'role', roles: STATS_ROLES }, url: '/api/dossiers.zip?from=2000-01-01&to=2000-01-31' },
  'POST /api/cases': { policy: { kind: 'role', roles: REGISTRAR_ROLES }, payload: { petition: samplePetition({ receivedOn: TODAY, title: '  ' }) } },
  // own data
  'GET /api/cases': { policy: { kind: 'own-data', list: 'queue' }, url: '/api/cases?pageSize=200' },
  'GET /api/cases/ledger': { policy: { kind: 'own-data', list: 'ledger' }, url: '/api/cases/ledger?pageSize=200' },
  'POST /api/cases/lookup': { policy: { kind: 'own-data', list: 'lookup' }, payload: { idNumber: PETITIONER_ID }, readOnly: true },
  // case-scoped
  'GET /api/cases/:id': { policy: { kind: 'case' } },
  'GET /api/cases/:id/personal-data': { policy: { kind: 'case' } },
  'GET /api/cases/:id/actions': { policy: { kind: 'case' } },
  'GET /api/cases/:id/events': { policy: { kind: 'case' } },
  'GET /api/cases/:id/documents': { policy: { kind: 'case' } },
  [`${ACTION_ROUTE}*`]: { policy: { kind: 'case' } },
};

/** The policy of a route, or undefined when the table does not classify it. */
function specOf(r: RouteEntry): RouteSpec | undefined {
  const key = routeKey(r);
  if (key.startsWith(ACTION_ROUTE)) return ACTION_NAMES.includes(key.slice(ACTION_ROUTE.length) as ActionName) ? POLICY[`${ACTION_ROUTE}*`] : undefined;
  return POLICY[key];
}

/**
 * For each action: an input the request schema accepts but the action's own check rejects (with
 * `code`) — that check runs after refusalFor. `code: null`: the action has no such check; an
 * allowed call is then made for real on a twin case.
 */
const ACTION_PROBES: Record<ActionName, { input: Record<string, unknown>; code: string | null }> = {
  forward: { input: { targetOrganId: ' ' }, code: 'INPUT_REQUIRED' },
  assign: { input: { targetOrganId: ' ', reportBackDue: '2099-01-01' }, code: 'INPUT_REQUIRED' },
  forward_political_legal: { input: { targetOrganId: ' ' }, code: 'INPUT_REQUIRED' },
  forward_discipline: { input: { targetOrganId: ' ' }, code: 'INPUT_REQUIRED' },
  report_major: { input: { summary: ' ', reportedTo: '赣州市信访局' }, code: 'INPUT_REQUIRED' },
  take_own_remit: { input: { howHandled: ' ' }, code: 'INPUT_REQUIRED' },
  forward_to_subordinate: { input: { targetOrganId: ' ' }, code: 'INPUT_REQUIRED' },
  redirect_outside: { input: { competentAuthority: ' ', reason: '矩阵' }, code: 'INPUT_REQUIRED' },
  merge_as_repeat: { input: { earlierCaseId: NO_SUCH_CASE }, code: 'EARLIER_CASE_INVALID' },
  object: { input: { reason: ' ' }, code: 'INPUT_REQUIRED' },
  approve_objection: { input: { note: '矩阵' }, code: null },
  reject_objection: { input: { reason: ' ' }, code: 'INPUT_REQUIRED' },
  designate_lead_organ: { input: { leadOrganId: 'org-matrix-nobody', mode: 'agreement' }, code: 'LEAD_NOT_CONCERNED' },
  accept: { input: { note: '矩阵' }, code: null },
  refer_to_procedure: { input: { procedure: ' ' }, code: 'INPUT_REQUIRED' },
  decline_final_matter: { input: { earlierCaseId: NO_SUCH_CASE, sameFactsAndReasons: true }, code: 'EARLIER_CASE_INVALID' },
  confirm_new_matter: { input: { earlierCaseId: NO_SUCH_CASE, newFactsOrReasons: '矩阵' }, code: 'EARLIER_CASE_INVALID' },
  decline: { input: { earlierCaseId: NO_SUCH_CASE, reason: '矩阵' }, code: 'EARLIER_CASE_INVALID' },
  divert: { input: { route: 'litigation', guidance: ' ' }, code: 'INPUT_REQUIRED' },
  apply_simplified: { input: { note: '矩阵' }, code: null },
  convert_to_normal: { input: { reason: ' ' }, code: 'INPUT_REQUIRED' },
  record_hearing: { input: { heldOn: '2099-01-01', summary: '矩阵' }, code: 'DATE_IN_FUTURE' },
  request_extension: { input: { days: 10, reason: ' ', approverId: 'u-matrix-nobody' }, code: 'INPUT_REQUIRED' },
  approve_extension: { input: { approvalId: 999 }, code: 'APPROVAL_NOT_FOUND' },
  draft_opinion: { input: { outcomes: [], facts: ' ', basis: '矩阵', approverId: 'u-matrix-nobody' }, code: 'INPUT_REQUIRED' },
  sign_opinion: { input: { approvalId: 999 }, code: 'APPROVAL_NOT_FOUND' },
  refuse_approval: { input: { approvalId: 999, reason: '矩阵' }, code: 'APPROVAL_NOT_FOUND' },
  serve: { input: { method: 'mail', servedOn: '2099-01-01' }, code: 'DATE_IN_FUTURE' },
  submit_report: { input: { text: ' ' }, code: 'INPUT_REQUIRED' },
  approve_report: { input: { note: '矩阵' }, code: null },
  return_report: { input: { reason: ' ', reportBackDue: '2099-01-01' }, code: 'INPUT_REQUIRED' },
  evaluate: { input: { result: 'satisfied' }, code: null },
  request_review: { input: { reasons: ' ' }, code: 'INPUT_REQUIRED' },
  accept_review: { input: { note: '矩阵' }, code: null },
  draft_review_opinion: { input: { outcomes: [], facts: ' ', basis: '矩阵', approverId: 'u-matrix-nobody', decision: 'uphold' }, code: 'INPUT_REQUIRED' },
  sign_review_opinion: { input: { approvalId: 999 }, code: 'APPROVAL_NOT_FOUND' },
  request_rereview: { input: { reasons: ' ' }, code: 'INPUT_REQUIRED' },
  accept_rereview: { input: { note: '矩阵' }, code: null },
  start_hearing: { input: { note: '矩阵' }, code: null },
  end_hearing: { input: { summary: ' ' }, code: 'INPUT_REQUIRED' },
  draft_rereview_opinion: { input: { outcomes: [], facts: ' ', basis: '矩阵', approverId: 'u-matrix-nobody', decision: 'uphold' }, code: 'INPUT_REQUIRED' },
  sign_rereview_opinion: { input: { approvalId: 999 }, code: 'APPROVAL_NOT_FOUND' },
  close: { input: { note: '矩阵' }, code: null },
  transfer_to_successor: { input: { note: '矩阵' }, code: null },
  issue_supervision: { input: { reason: ' ', dueOn: '2099-01-01' }, code: 'INPUT_REQUIRED' },
  answer_supervision: { input: { answer: ' ' }, code: 'INPUT_REQUIRED' },
  issue_recommendation: { input: { type: 'improve_work', targetOrganId: ' ', content: '矩阵', dueOn: '2099-01-01' }, code: 'INPUT_REQUIRED' },
  answer_recommendation: { input: { no: 999, adoption: 'adopted', feedback: '矩阵' }, code: 'RECOMMENDATION_NOT_OPEN' },
  declare_conflict: { input: { reason: ' ' }, code: 'INPUT_REQUIRED' },
  assign_handler: { input: { userId: ' ' }, code: 'INPUT_REQUIRED' },
  order_correction: { input: { reason: ' ' }, code: 'INPUT_REQUIRED' },
  reopen: { input: { reason: ' ' }, code: 'INPUT_REQUIRED' },
};

// ——— the cases: one per position ———

type PositionKey = 'county-dept' | 'township' | 'accusation' | 'named';
type Position = 'own' | 'subordinate' | 'foreign' | 'accused' | 'named';

const petition = (over: Record<string, unknown>) => samplePetition({ receivedOn: TODAY, ...over });

/** The officials the 'named' accusation names (users of its holder and of its registrar). */
const NAMED_OFFICIALS = ['u-rsj_handler', 'u-xfj_viewer'];

/** How each matrix case (and each twin) is made: always through the API, by the users who would. */
const SETUPS: Record<PositionKey, { title: string; build(title: string): Promise<string> }> = {
  // Registered by the county 信访局, forwarded to the county 人社局: awaiting acceptance there.
  'county-dept': {
    title: '矩阵甲：县人社局在办的欠薪投诉',
    build: async (title) => {
      const id = await register('xfj_clerk', petition({ title, organsConcerned: ['county-rsj'] }));
      await act('xfj_officer', id, 'forward', { targetOrganId: 'county-rsj' });
      return id;
    },
  },
  // Registered by 铁山垅镇信访办, forwarded to 铁山垅镇 and accepted there: in handling.
  'township': {
    title: '矩阵乙：铁山垅镇在办的征地补偿诉求',
    build: async (title) => {
      const id = await register('tsl_officer', petition({ title, organsConcerned: ['town-tsl'], regionCode: '360731101' }));
      await act('tsl_officer', id, 'forward', { targetOrganId: 'town-tsl' });
      await act('tsl_handler', id, 'accept', {});
      return id;
    },
  },
  // An accusation against 贡江镇, forwarded by the county 信访局 to the county 纪委 (Art 30): referred to its procedure.
  'accusation': {
    title: '矩阵丙：检举贡江镇干部截留补贴',
    build: async (title) => {
      const id = await register('xfj_clerk', petition({ title, kind: 'accusation', accusedOrganIds: ['town-gj'], organsConcerned: [] }));
      await act('xfj_officer', id, 'forward_discipline', { targetOrganId: 'county-jw' });
      return id;
    },
  },
  // An accusation against no organ but naming two officials — 县人社局's handler and the county 信访局's
  // viewer — forwarded to 县人社局: Art 30 protects the accuser from them as from an accused organ.
  'named': {
    title: '矩阵丁：检举县人社局干部截留保证金',
    build: async (title) => {
      const id = await register('xfj_clerk', petition({ title, kind: 'accusation', accusedOrganIds: [], organsConcerned: ['county-rsj'], involvedUserIds: NAMED_OFFICIALS }));
      await act('xfj_officer', id, 'forward', { targetOrganId: 'county-rsj' });
      return id;
    },
  },
};

/**
 * The positions as the requirement states them, independent of canSeeCase: who must read each case
 * (GET /api/cases/:id → 200) and who must get "no such case" (404). Checked on top of the matrix.
 */
const ADMINS = /^(admin|secadmin|auditor)$/;
const STATED: Record<PositionKey, { sees: RegExp; hidden: RegExp[] }> = {
  // own: 县人社局; subordinate: 县信访局, 县政府; foreign: the townships.
  'county-dept': { sees: /^(rsj_|xian_|xfj_(clerk|officer|leader|viewer)$)/, hidden: [/^(tsl_|pgs_|gj_)/, ADMINS] },
  // own: 铁山垅镇 and its 信访办; subordinate: 县信访局, 县政府; foreign: 贡江镇, 盘古山镇.
  'township': { sees: /^(tsl_|xian_|xfj_(clerk|officer|leader|viewer)$)/, hidden: [/^(gj_|pgs_)/, ADMINS] },
  // own: 县纪委; every user of the accused 贡江镇 (Art 30) sees nothing.
  'accusation': { sees: /^jw_/, hidden: [/^gj_/, ADMINS] },
  // own: 县人社局; the two officials it names see nothing, their colleagues do (Art 30).
  'named': { sees: /^(rsj_leader|xian_|xfj_(clerk|officer|leader)$)/, hidden: [/^(rsj_handler|xfj_viewer)$/, /^(tsl_|pgs_|gj_)/, ADMINS] },
};

type Answer = LightMyRequestResponse;

let srv: Awaited<ReturnType<typeof testServer>>;
let routes: RouteEntry[] = [];
const caseIds = {} as Record<PositionKey, string>;
const versions = {} as Record<PositionKey, number>;
let combinations = 0;
const mismatches: string[] = [];
/** What each user got from each route (route key → statuses), for the cross-cutting checks. */
const seen = new Map<string, Map<string, Set<number>>>();
const positionCount = new Map<string, number>();
let twinsApplied = 0;
/** Case-scoped answers by status and code, for the summary line. */
const caseAnswers = new Map<string, number>();
/** GET /api/cases/:id per position and user. */
const detailStatus = new Map<string, number>();

/** A request as `user` (null: no session); each user logs in once (testServer keeps the token). */
async function call(user: string | null, method: Method, url: string, payload?: unknown): Promise<Answer> {
  const headers: Record<string, string> = user ? { authorization: `Bearer ${await srv.login(user)}` } : {};
  return srv.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as never }) });
}

async function register(user: string, p: unknown): Promise<string> {
  const r = await call(user, 'POST', '/api/cases', { petition: p });
  if (r.statusCode !== 201) throw new Error(`setup: register as ${user}: ${r.statusCode} ${r.body}`);
  return r.json<{ case: { id: string } }>().case.id;
}

async function act(user: string, id: string, action: ActionName, input: unknown): Promise<void> {
  const r = await call(user, 'POST', `/api/cases/${id}/actions/${action}`, { input });
  if (r.statusCode !== 200) throw new Error(`setup: ${action} as ${user}: ${r.statusCode} ${r.body}`);
}

/** The records as the domain sees them: personal data decrypted, as CaseService.open does. */
async function allCases(): Promise<CaseRecord[]> {
  const rows = await srv.database.db.select({ record: s.cases.record }).from(s.cases);
  return rows.map((r) => ({ ...r.record, content: openContent(r.record.content, crypto, r.record.id).content }));
}

/** One case and its linked cases (as CaseService.linkedCases reads them). */
async function loadCase(id: string): Promise<{ c: CaseRecord; linked: DomainContext['linkedCases'] }> {
  const all = await allCases();
  const c = all.find((x) => x.id === id)!;
  const linked = all.filter((l) => c.content.linkedCaseIds.includes(l.id)).map(linkOf);
  return { c, linked };
}

/** The DomainContext exactly as CaseService's private context() builds it. */
function contextFor(snap: ReferenceSnapshot, user: StaffUser, c: CaseRecord, linked: DomainContext['linkedCases']): DomainContext {
  const now = clock.now();
  const profile = snap.profiles.get(c.profileId);
  if (!profile) throw new Error(`profile ${c.profileId} missing`);
  return {
    today: chinaDate(now), now: now.toISOString(), actor: { kind: 'staff', user }, organs: snap.organs,
    user: (id) => snap.users.get(id), calendar: snap.calendar, profile, linkedCases: linked,
    personKey: (idNumber) => crypto.blindIndex('id', idNumber),
  };
}

/** refusalFor, with a guard's own DomainError (e.g. an unknown calendar year) taken as the refusal. */
function refusal(c: CaseRecord, action: ActionName, ctx: DomainContext): Refusal | null {
  try {
    return refusalFor(c, action, ctx);
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message };
    throw e;
  }
}

const statusOfCode = (code: string) => statusOf(new DomainError(code, ''));

/** Where the case stands relative to the user's organ (for the coverage summary; expectations come from the domain). */
function positionOf(c: CaseRecord, u: StaffUser, tree: OrganTree): Position {
  if (c.content.accusedOrganIds.some((a) => tree.isAncestorOrSelf(a, u.organId))) return 'accused';
  if (c.content.kind === 'accusation' && c.content.involvedUserIds.includes(u.id)) return 'named';
  const territory = tree.territoryOf(u.organId);
  if (u.organId === c.holderOrganId || territory?.id === c.holderOrganId) return 'own';
  const over = tree.get(u.organId)?.kind === 'petition_office' ? territory?.id ?? u.organId : u.organId;
  return tree.isAncestorOrSelf(over, c.holderOrganId) ? 'subordinate' : 'foreign';
}

function note(user: string | null, key: string, status: number): void {
  const u = user ?? '(anonymous)';
  let m = seen.get(u);
  if (!m) seen.set(u, (m = new Map()));
  let set = m.get(key);
  if (!set) m.set(key, (set = new Set()));
  set.add(status);
}

const gapUsed = new Set<number>();
function isKnownGap(user: string | null, route: string, position?: string): boolean {
  const i = KNOWN_GAPS.findIndex((g) => g.user === (user ?? '(anonymous)') && g.route === route && (g.position === undefined || g.position === position));
  if (i >= 0) gapUsed.add(i);
  return i >= 0;
}

function mismatch(user: string | null, route: string, position: string | undefined, what: string): void {
  if (isKnownGap(user, route, position)) return;
  mismatches.push(`${user ?? '(anonymous)'} ${route}${position ? ` [${position}]` : ''}: ${what}`);
}

function codeOf(r: Answer): string | undefined {
  try {
    return r.json<{ code?: string }>().code;
  } catch {
    return undefined;
  }
}

/** Runs the jobs `width` at a time (the PostgreSQL pool serves them in parallel). */
async function inParallel<T>(items: readonly T[], width: number, f: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await f(items[next++]!);
  }));
}

const USERS = DEMO_USERS.map((u) => u.username);
const concreteUrl = (r: RouteEntry, spec: RouteSpec) => spec.url ?? r.url;
const methodOf = (r: RouteEntry) => r.method as Method;
const routesOfKind = (kind: Policy['kind']) => routes.filter((r) => r.method !== 'HEAD' && specOf(r)?.policy.kind === kind);

let startedAt = 0;
let cpuAtStart: NodeJS.CpuUsage | undefined;

beforeAll(async () => {
  startedAt = performance.now();
  cpuAtStart = process.cpuUsage();
  // Every caller sends the same unknown username to the log-in route: failures are counted per name
  // whether or not it exists (issue 10), so the usual limit would lock it from the fifth caller on.
  srv = await testServer(clock, { auth: { policy: { maxFailedLogins: 1_000 } } });
  routes = serverRoutes(srv.app);
  // One session per user for the whole matrix (the password hashes are checked in parallel).
  await Promise.all(USERS.map((u) => srv.login(u)));
  for (const key of Object.keys(SETUPS) as PositionKey[]) caseIds[key] = await SETUPS[key].build(SETUPS[key].title);
  for (const key of Object.keys(SETUPS) as PositionKey[]) versions[key] = (await loadCase(caseIds[key])).c.version;
  // A harmless profile to save: the national one under a new id no case uses.
  const profiles = (await call('admin', 'GET', '/api/profiles')).json<{ id: string; limits: unknown; simplified: unknown; maxExtensionDays: number; hearingPauses: string[] }[]>();
  const national = profiles.find((p) => p.id === 'national')!;
  POLICY['PUT /api/profiles/:id']!.payload = { name: '矩阵探针', limits: national.limits, simplified: national.simplified, maxExtensionDays: national.maxExtensionDays, hearingPauses: national.hearingPauses };
}, 180_000);

afterAll(async () => {
  const byPosition = [...positionCount].map(([k, n]) => `${k} ${n}`).join(', ');
  const answers = [...caseAnswers].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ');
  const cpu = process.cpuUsage(cpuAtStart);
  console.log(`permission matrix (${onPostgres ? 'PostgreSQL' : 'PGlite'}): ${combinations} combinations checked — `
    + `${USERS.length} users + anonymous × ${routes.filter((r) => r.method !== 'HEAD').length} routes (user × case positions: ${byPosition}); `
    + `case-scoped answers: ${answers}; ${twinsApplied} allowed actions applied on twin cases; `
    + `${((performance.now() - startedAt) / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`);
  await srv.close();
});

describe('permission matrix', () => {
  it('classifies every route the server has (a new route cannot escape the matrix)', async () => {
    expect(routes.length).toBeGreaterThan(60);
    const keys = new Set(routes.map(routeKey));
    const unclassified = routes.filter((r) => (r.method === 'HEAD' ? !keys.has(`GET ${r.url}`) : !specOf(r))).map(routeKey);
    expect(unclassified, 'routes the policy table does not classify').toEqual([]);
    // Every documented route is one the tree shows, and every action of the rules has its route.
    const spec = (await call(null, 'GET', '/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(openApiRoutes(spec).map(routeKey).filter((k) => !keys.has(k))).toEqual([]);
    expect(ACTION_NAMES.filter((a) => !keys.has(`${ACTION_ROUTE}${a}`))).toEqual([]);
    // No stale entries: each policy entry matches a route.
    const stale = Object.keys(POLICY).filter((k) => (k === `${ACTION_ROUTE}*` ? !routes.some((r) => routeKey(r).startsWith(ACTION_ROUTE)) : !keys.has(k)));
    expect(stale).toEqual([]);
    // The actors cover every role.
    expect(ROLES.filter((r) => !DEMO_USERS.some((u) => u.roles.includes(r)))).toEqual([]);
  });

  it('public routes answer the same to everyone', async () => {
    const from = mismatches.length;
    const jobs = routesOfKind('public').filter((r) => routeKey(r) !== 'POST /api/auth/logout')
      .flatMap((r) => [null, ...USERS].map((user) => ({ r, user })));
    jobs.push({ r: { method: 'POST', url: '/api/auth/logout' }, user: null });
    await inParallel(jobs, 8, async ({ r, user }) => {
      const spec = specOf(r)!;
      const policy = spec.policy as Extract<Policy, { kind: 'public' }>;
      const res = await call(user, methodOf(r), concreteUrl(r, spec), spec.payload);
      combinations++;
      note(user, routeKey(r), res.statusCode);
      if (res.statusCode !== policy.status || (policy.code && codeOf(res) !== policy.code)) {
        mismatch(user, routeKey(r), undefined, `expected ${policy.status}${policy.code ? ` ${policy.code}` : ''}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    });
    expect(mismatches.slice(from)).toEqual([]);
  });

  it('any-staff routes: 401 without a session, never 401/403 with one', async () => {
    const from = mismatches.length;
    const jobs = routesOfKind('staff').flatMap((r) => [null, ...USERS].map((user) => ({ r, user })));
    await inParallel(jobs, 8, async ({ r, user }) => {
      const spec = specOf(r)!;
      const res = await call(user, methodOf(r), concreteUrl(r, spec), spec.payload);
      combinations++;
      note(user, routeKey(r), res.statusCode);
      if (user === null ? res.statusCode !== 401 : [401, 403].includes(res.statusCode) || res.statusCode >= 500) {
        mismatch(user, routeKey(r), undefined, `expected ${user === null ? '401' : 'an answer other than 401/403'}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    });
    expect(mismatches.slice(from)).toEqual([]);
  });

  it('role-restricted routes: 401 without a session, 403 for the wrong role, past the check for the right one', async () => {
    const from = mismatches.length;
    const jobs = routesOfKind('role').flatMap((r) => [null, ...USERS].map((user) => ({ r, user })));
    await inParallel(jobs, 8, async ({ r, user }) => {
      const spec = specOf(r)!;
      const { roles } = spec.policy as Extract<Policy, { kind: 'role' }>;
      const u = user === null ? undefined : DEMO_USERS.find((x) => x.username === user)!;
      const allowed = u?.roles.some((role) => roles.includes(role)) ?? false;
      const res = await call(user, methodOf(r), concreteUrl(r, spec), spec.payload);
      combinations++;
      note(user, routeKey(r), res.statusCode);
      const ok = u === undefined ? res.statusCode === 401 : allowed ? ![401, 403].includes(res.statusCode) && res.statusCode < 500 : res.statusCode === 403;
      if (!ok) mismatch(user, routeKey(r), undefined, `expected ${u === undefined ? '401' : allowed ? 'past the role check' : '403'}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
    });
    expect(mismatches.slice(from)).toEqual([]);
  });

  it('case-scoped routes: every user × route × position, as canSeeCase / mayUnmask / refusalFor say', async () => {
    const from = mismatches.length;
    const snap = await loadReference(srv.database.db);
    const caseRoutes = routesOfKind('case');
    expect(caseRoutes.length).toBe(5 + ACTION_NAMES.length);

    // What a case that does not exist looks like, per route: a hidden case must look the same.
    const notFound = new Map<string, string>();
    for (const r of caseRoutes) {
      const action = routeKey(r).startsWith(ACTION_ROUTE) ? (r.url.slice(r.url.lastIndexOf('/') + 1) as ActionName) : null;
      const res = await call('xfj_officer', methodOf(r), caseUrl(r, NO_SUCH_CASE), action ? { input: ACTION_PROBES[action].input } : undefined);
      expect(res.statusCode, routeKey(r)).toBe(404);
      notFound.set(routeKey(r), res.body.split(NO_SUCH_CASE).join('<id>'));
    }

    interface Job { user: string | null; r: RouteEntry; key: PositionKey; position: string }
    const jobs: Job[] = [];
    const twins: { user: string; action: ActionName; key: PositionKey; position: string }[] = [];
    const loaded = {} as Record<PositionKey, Awaited<ReturnType<typeof loadCase>>>;
    for (const key of Object.keys(SETUPS) as PositionKey[]) {
      loaded[key] = await loadCase(caseIds[key]);
      const { c, linked } = loaded[key];
      const present = new Set<Position>();
      for (const user of USERS) {
        const su = snap.users.get(`u-${user}`)!;
        const position = positionOf(c, su, snap.organs);
        present.add(position);
        positionCount.set(position, (positionCount.get(position) ?? 0) + 1);
        for (const r of caseRoutes) {
          const action = routeKey(r).startsWith(ACTION_ROUTE) ? (r.url.slice(r.url.lastIndexOf('/') + 1) as ActionName) : null;
          if (action && canSeeCase(c, su, snap.organs) && refusal(c, action, contextFor(snap, su, c, linked)) === null && ACTION_PROBES[action].code === null) {
            twins.push({ user, action, key, position });
          } else jobs.push({ user, r, key, position });
        }
      }
      for (const r of caseRoutes) jobs.push({ user: null, r, key, position: 'anonymous' });
      // Each case really stands in the positions it is meant to.
      const special = { accusation: ['accused'], named: ['named'] } as Partial<Record<PositionKey, Position[]>>;
      expect([...present].sort(), key).toEqual([...(special[key] ?? []), 'foreign', 'own', 'subordinate'].sort());
    }

    const check = async (user: string | null, r: RouteEntry, key: PositionKey, position: string, c: CaseRecord, linked: DomainContext['linkedCases']) => {
      const id = c.id;
      const rk = routeKey(r);
      const action = rk.startsWith(ACTION_ROUTE) ? (r.url.slice(r.url.lastIndexOf('/') + 1) as ActionName) : null;
      const url = caseUrl(r, id);
      const label = `${key}/${position}`;
      // The expectation, from the domain alone.
      let status: number;
      let code: string | undefined;
      const su = user === null ? undefined : snap.users.get(`u-${user}`)!;
      if (!su) { status = 401; code = 'AUTH_REQUIRED'; } else if (!canSeeCase(c, su, snap.organs)) { status = 404; code = 'CASE_NOT_FOUND'; } else if (rk === 'GET /api/cases/:id/personal-data') { status = mayUnmask(c, su, snap.organs, (idNumber) => crypto.blindIndex('id', idNumber)) ? 200 : 403; code = status === 403 ? 'FORBIDDEN' : undefined; } else if (!action) status = 200;
      else {
        const no = refusal(c, action, contextFor(snap, su, c, linked));
        const probe = ACTION_PROBES[action];
        // A probe's own code applies only on twins (the action allowed, the probe's input refused).
        code = no?.code ?? probe.code ?? undefined;
        status = code ? statusOfCode(code) : 200;
      }
      const res = await call(user, methodOf(r), url, action ? { input: ACTION_PROBES[action].input } : undefined);
      combinations++;
      note(user, rk, res.statusCode);
      if (rk === 'GET /api/cases/:id' && user) detailStatus.set(`${key} ${user}`, res.statusCode);
      const answer = `${res.statusCode}${codeOf(res) ? ` ${codeOf(res)}` : ''}`;
      caseAnswers.set(answer, (caseAnswers.get(answer) ?? 0) + 1);
      if (res.statusCode !== status || (code !== undefined && codeOf(res) !== code)) {
        mismatch(user, rk, label, `expected ${status}${code ? ` ${code}` : ''}, got ${res.statusCode} ${codeOf(res) ?? ''} ${res.statusCode >= 500 ? res.body.slice(0, 200) : ''}`.trim());
        return;
      }
      if (status === 404) {
        // Indistinguishable from a case that does not exist: no number, no title, the same body.
        if (res.body.includes(c.number) || res.body.includes(c.content.title)) mismatch(user, rk, label, 'the 404 body names the case');
        if (res.body.split(id).join('<id>') !== notFound.get(rk)) mismatch(user, rk, label, `the 404 body differs from a missing case's: ${res.body}`);
      }
      if (status === 403 && res.body.includes(PETITIONER_ID)) mismatch(user, rk, label, 'the refusal shows the ID number');
      if (status === 200 && su && rk !== 'GET /api/cases/:id/personal-data') {
        // Reads show personal data masked; an accusation's accuser and material only to those Art 30 allows.
        const secrets = [...IN_CLEAR, ...(c.content.kind === 'accusation' && !maySeeAccuser(c, su, snap.organs) ? ACCUSATION_SECRETS : [])];
        for (const secret of secrets) if (res.body.includes(secret)) mismatch(user, rk, label, `the answer shows ${secret}`);
      }
      if (status === 200 && rk === 'GET /api/cases/:id/personal-data') {
        const body = res.json<{ petitioners: { idNumber: string | null }[] }>();
        if (body.petitioners[0]?.idNumber !== PETITIONER_ID) mismatch(user, rk, label, 'personal data not in clear');
      }
      if (status === 200 && rk === 'GET /api/cases/:id/actions' && su) {
        // The server's own list of allowed actions agrees with the domain, action by action.
        const ctx = contextFor(snap, su, c, linked);
        const got = res.json<{ action: ActionName; allowed: boolean; refusal: Refusal | null }[]>();
        for (const a of got) {
          const want = refusal(c, a.action, ctx);
          if (a.allowed !== (want === null) || (a.refusal?.code ?? null) !== (want?.code ?? null)) {
            mismatch(user, rk, label, `${a.action}: listed ${a.allowed ? 'allowed' : a.refusal?.code}, domain says ${want ? want.code : 'allowed'}`);
          }
        }
        if (got.length !== ACTION_NAMES.length) mismatch(user, rk, label, `lists ${got.length} actions`);
      }
    };

    await inParallel(jobs, 8, async (j) => check(j.user, j.r, j.key, j.position, loaded[j.key].c, loaded[j.key].linked));

    // Allowed actions without a post-permission input check: taken for real, each on its own twin.
    for (const t of twins) {
      const id = await SETUPS[t.key].build(`${SETUPS[t.key].title}（${t.action}/${t.user}）`);
      const twin = await loadCase(id);
      const su = snap.users.get(`u-${t.user}`)!;
      const no = refusal(twin.c, t.action, contextFor(snap, su, twin.c, twin.linked));
      expect(no, `twin of ${t.key} for ${t.user} ${t.action}`).toBeNull();
      const res = await call(t.user, 'POST', `/api/cases/${id}/actions/${t.action}`, { input: ACTION_PROBES[t.action].input });
      combinations++;
      twinsApplied++;
      note(t.user, `${ACTION_ROUTE}${t.action}`, res.statusCode);
      caseAnswers.set(`${res.statusCode} (twin)`, (caseAnswers.get(`${res.statusCode} (twin)`) ?? 0) + 1);
      if (res.statusCode !== 200) mismatch(t.user, `${ACTION_ROUTE}${t.action}`, `${t.key}/${t.position}`, `expected 200 (allowed), got ${res.statusCode} ${res.body.slice(0, 200)}`);
    }

    // The positions as the requirement states them.
    for (const key of Object.keys(SETUPS) as PositionKey[]) {
      const { sees, hidden } = STATED[key];
      const must = USERS.filter((u) => sees.test(u));
      const mustNot = USERS.filter((u) => hidden.some((h) => h.test(u)));
      expect(must.length, key).toBeGreaterThan(0);
      expect(mustNot.length, key).toBeGreaterThan(0);
      for (const u of must) expect(detailStatus.get(`${key} ${u}`), `${u} reads ${key}`).toBe(200);
      for (const u of mustNot) expect(detailStatus.get(`${key} ${u}`), `${u} reads ${key}`).toBe(404);
    }

    // Nothing the matrix sent changed the matrix cases.
    for (const key of Object.keys(SETUPS) as PositionKey[]) expect((await loadCase(caseIds[key])).c.version, key).toBe(versions[key]);
    expect(mismatches.slice(from)).toEqual([]);
  }, 420_000);

  it('own-data routes return exactly the cases the domain allows: ledger and lookup by canSeeCase, the queue by acting organ', async () => {
    const from = mismatches.length;
    const snap = await loadReference(srv.database.db);
    const cases = await allCases();
    expect(cases.length).toBeGreaterThanOrEqual(3);
    expect(cases.length).toBeLessThanOrEqual(200);
    const ids = (xs: { id: string }[]) => xs.map((x) => x.id).sort();
    const jobs = routesOfKind('own-data').flatMap((r) => [null, ...USERS].map((user) => ({ r, user })));
    await inParallel(jobs, 8, async ({ r, user }) => {
      const spec = specOf(r)!;
      const { list } = spec.policy as Extract<Policy, { kind: 'own-data' }>;
      const rk = routeKey(r);
      const res = await call(user, methodOf(r), concreteUrl(r, spec), spec.payload);
      combinations++;
      note(user, rk, res.statusCode);
      if (user === null) {
        if (res.statusCode !== 401) mismatch(user, rk, undefined, `expected 401, got ${res.statusCode}`);
        return;
      }
      if (res.statusCode !== 200) { mismatch(user, rk, undefined, `expected 200, got ${res.statusCode} ${res.body.slice(0, 200)}`); return; }
      const su = snap.users.get(`u-${user}`)!;
      const visible = cases.filter((c) => canSeeCase(c, su, snap.organs));
      const body = res.json<{ items: { id: string }[]; total?: number }>();
      let want: CaseRecord[];
      if (list === 'ledger') want = visible;
      else if (list === 'lookup') want = visible.filter((c) => c.content.petitioners.some((p) => p.idNumber === PETITIONER_ID));
      else {
        want = visible.filter((c) => !TERMINAL_STATES.has(c.state) && (su.dataScope === 'assigned' ? c.assigneeId === su.id : actingOrganId(c, snap.organs) === su.organId));
        const byId = new Map(cases.map((c) => [c.id, c]));
        const foreign = body.items.filter((i) => actingOrganId(byId.get(i.id)!, snap.organs) !== su.organId);
        if (foreign.length) mismatch(user, rk, undefined, `queue holds cases acted on by another organ: ${ids(foreign).join(', ')}`);
      }
      if (JSON.stringify(ids(body.items)) !== JSON.stringify(ids(want))) {
        mismatch(user, rk, undefined, `ids ${JSON.stringify(ids(body.items))}, domain allows ${JSON.stringify(ids(want))}`);
      }
      if (list === 'ledger' && body.total !== want.length) mismatch(user, rk, undefined, `total ${body.total}, domain allows ${want.length}`);
      // Art 30, stated independently of canSeeCase: no list ever shows an official the accusation naming them.
      if (NAMED_OFFICIALS.includes(`u-${user}`) && ids(body.items).includes(caseIds.named)) mismatch(user, rk, undefined, 'lists the accusation that names them');
      // 三员分立, stated independently of canSeeCase: the administrators list no case at all.
      if (ADMINS.test(user) && body.items.length > 0) mismatch(user, rk, undefined, `an administrator lists ${body.items.length} cases`);
    });
    expect(mismatches.slice(from)).toEqual([]);
  });

  it('the three administrators read no case, and the audit administrator changes nothing', async () => {
    const caseRoutes = routesOfKind('case').map(routeKey);
    for (const admin of DEMO_USERS.filter((u) => u.roles.some((r) => ADMIN_ROLES.includes(r)))) {
      const m = seen.get(admin.username)!;
      for (const rk of caseRoutes) expect([...(m.get(rk) ?? [])], `${admin.username} ${rk}`).toEqual([404]);
    }
    const auditor = DEMO_USERS.filter((u) => u.roles.includes('audit_admin'));
    expect(auditor.length).toBeGreaterThan(0);
    for (const a of auditor) {
      const m = seen.get(a.username)!;
      for (const r of routes) {
        const spec = specOf(r);
        if (['GET', 'HEAD'].includes(r.method) || !spec || spec.selfService || spec.readOnly) continue;
        const rk = routeKey(r);
        const got = [...(m.get(rk) ?? [])];
        expect(got.length, `${a.username} ${rk} was not called`).toBeGreaterThan(0);
        expect(got.filter((st) => st !== 403 && st !== 404), `${a.username} ${rk}`).toEqual([]);
      }
    }
    // Every known gap was met (a fixed one must leave the list).
    expect(KNOWN_GAPS.filter((_, i) => !gapUsed.has(i))).toEqual([]);
  });

  it('logout: every user’s session ends (run last: it spends the cached sessions)', async () => {
    await inParallel(USERS, 8, async (user) => {
      const res = await call(user, 'POST', '/api/auth/logout');
      combinations++;
      note(user, 'POST /api/auth/logout', res.statusCode);
      expect(res.statusCode, user).toBe(200);
      expect((await call(user, 'GET', '/api/auth/me')).statusCode, user).toBe(401);
    });
  });
});
