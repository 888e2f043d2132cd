/** The HTTP shell: Fastify, JSON API under /api, OpenAPI 3.1 from the route schemas, web apps beside it. */
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { Type } from 'typebox';
import { compose, type ComposeOptions, type Services } from '../compose.js';
import { DomainError } from '../domain/errors.js';
import { STATE_LABELS } from '../domain/model/case-states.js';
import { ACTION_NAMES, ACTION_RULES, targetsFrom, type ActionRule } from '../domain/lifecycle/action-rules.js';
import { withProfileDefaults } from '../domain/rules/profiles.js';
import { ActionAvailabilityT, CaseDocumentT, CaseEventT, OrganT, RulesProfileT } from '../domain/schemas.js';
import { CategoryT, HealthT, ReadyT, TransitionRuleT } from '../app/contracts/admin.js';
import { DueDateQueryT, DueDateT, ProfileBodyT, ProfileParamsT, YearNoticeT, YearParamsT, YearViewT } from '../app/contracts/calendar.js';
import { ActedT, ActionBodyT, CaseDetailT, CaseListFilterT, CasePageT, LookupBodyT, LookupResultT, PersonalDataQueryT, PersonalDataT, RegisterBodyT, RegisteredT } from '../app/contracts/cases.js';
import { IdParamsT, RecomputeJobsT, RecomputeQueuedT } from '../app/contracts/common.js';
import type { Database } from '../store/database.js';
import { errorHandler } from './errors.js';
import { addFormats, guardRequest } from './input-guard.js';
import { registerWebApps } from './web-apps.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerAuditRoutes } from './routes/audit-routes.js';
import { registerCaseFormRoutes } from './routes/case-form-routes.js';
import rateLimit from '@fastify/rate-limit';
import { publicLimiters, rateLimitedError, registerPublicRoutes, sharedRateLimitStore } from './routes/public-routes.js';
import { registerAttachmentRoutes } from './routes/attachment-routes.js';
import { registerWorkbenchRoutes } from './routes/workbench-routes.js';
import { registerStatsRoutes } from './routes/stats-routes.js';
import { registerNotificationRoutes } from './routes/notification-routes.js';
import { registerDocumentTemplateRoutes } from './routes/document-template-routes.js';
import { registerRotaRoutes } from './routes/rota-routes.js';
import { SESSION_COOKIE, staff } from './request-user.js';
import { authenticate, registerAuthRoutes, registerNoStore } from './routes/auth-routes.js';
import { ACTION_INPUT_SCHEMAS, errors, type App } from './schemas.js';
import { responseChecksByDefault, serializerCompiler } from './serialization.js';
import { withComponents } from './openapi-components.js';
import { Ajv } from 'ajv';
import { randomUUID } from 'node:crypto';
import { demoConfig } from '../config/config.js';
import { registerMetrics } from './metrics.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Session cookies Secure even over plain HTTP (behind a TLS proxy): the configuration's, always in production. */
    secureCookies: boolean;
  }
}

export type { Services } from '../compose.js';
/**
 * Transitional: src/demo/seed-cases.ts still imports makeServices from here; it moves to
 * `import { makeServices, type Services } from '../compose.js'` and this line goes.
 */
export { makeServices } from '../compose.js';

export interface ServerOptions extends ComposeOptions {
  logger?: boolean;
  /**
   * Compare every JSON answer with the handler's payload and fail on any difference (a property its
   * response schema drops, a value it coerces): src/http/serialization.ts. Default: the
   * configuration's (MINSHENG_CHECK_RESPONSES), or the test setup's (test/support/setup.ts).
   */
  checkResponses?: boolean;
  logStream?: NodeJS.WritableStream;
  /** A logger already made with logOptions() (main: one JSON log for the server and the SMS worker). */
  loggerInstance?: FastifyBaseLogger;
  /** Services already composed (src/compose.ts); without them, compose(database, these options). */
  services?: Services;
  /** The built web apps (default web/dist). The routes are the same whether or not it holds a build. */
  webDist?: string;
}

/** The JSON log's options (pino): what a request line may carry, and what is cut from it. */
export function logOptions(level: string) {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }) },
  };
}

/** The HTTP shell over the composed services: it registers routes and nothing else. */
export async function buildServer(database: Database, opts: ServerOptions = {}): Promise<{ app: App; services: Services }> {
  const config = opts.config ?? demoConfig();
  const services = opts.services ?? compose(database, opts);
  const { portal } = services;
  const app = Fastify({
    // One JSON line per event (pino). Request logs carry the request id, method, path and status —
    // never bodies; query strings are cut from the URL so nothing a client put there is kept
    // (personal data only ever travels in bodies); no client address either.
    genReqId: () => randomUUID(),
    // Behind a reverse proxy the client's address comes from X-Forwarded-For, from those proxies only.
    trustProxy: config.http.trustProxy ? [...config.http.trustProxy] : false,
    requestIdHeader: false,
    ...(opts.loggerInstance ? { loggerInstance: opts.loggerInstance }
      : { logger: opts.logger || opts.logStream ? { ...logOptions(config.http.logLevel), ...(opts.logStream ? { stream: opts.logStream } : {}) } : false }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Query strings and path params arrive as text and are coerced; JSON bodies are taken as typed
  // (no null → "" or "1" → 1 surprises).
  const coercing = addFormats(new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false, strict: false }));
  const strictBody = addFormats(new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false, strict: false }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strictBody : coercing).compile(schema));
  // Answers through their response schemas, relaxed so that older stored records never fail to serialize.
  app.setSerializerCompiler(serializerCompiler({ check: opts.checkResponses ?? (config.http.checkResponses || responseChecksByDefault()) }));
  app.decorate('secureCookies', config.http.secureCookies);
  // The request id, for the operator to find a request's log lines from a user's report.
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ code: 'NOT_FOUND', message: '请求的资源不存在' }));
  await app.register(cookie);
  // Only the public routes are limited (per-route hooks, src/http/routes/public-routes.ts); the
  // counters are in the database, shared by every server process (docs/decisions/015).
  await app.register(rateLimit, { global: false, store: sharedRateLimitStore(portal.rateLimitCounters), errorResponseBuilder: () => rateLimitedError() });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: '民声 Minsheng API', version: '0.1.0', description: '信访事项登记、转送、受理、办理、复查复核与期限管理的接口。错误均为 { code, message }。' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // The schemas that recur (the case record, errors …) once, under components/schemas.
    transformObject: (doc) => ('openapiObject' in doc ? withComponents(doc.openapiObject) : doc.swaggerObject),
  });

  app.decorateRequest('staff', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRequest', async (req) => {
    try {
      await authenticate(req, services.auth);
    } catch (e) {
      // The portal's routes never act with a staff session (it lifts nothing there, not even the
      // rate limit), so a staff member logged in to the workbench in the same browser may use the
      // portal, which holds no CSRF token.
      if (!(e instanceof DomainError && e.code === 'CSRF_TOKEN_INVALID' && req.url.startsWith('/api/public/'))) throw e;
    }
  });

  // A NUL or a lone surrogate anywhere in the request, or a body nested absurdly deep: 400 before
  // any schema or handler sees it (src/http/input-guard.ts).
  app.addHook('preValidation', (req, _reply, done) => {
    try {
      guardRequest(req);
      done();
    } catch (e) {
      done(e as Error);
    }
  });

  app.get('/api/openapi.json', { schema: { hide: true, response: { 200: Type.Object({}, { additionalProperties: true }) } } }, () => app.swagger());
  app.get('/api/health', { schema: { tags: ['system'], summary: '健康检查', response: { 200: HealthT } } },
    async () => services.health.check());
  app.get('/api/ready', {
    schema: { tags: ['system'], summary: '就绪检查：数据库可连接、迁移已全部执行、工作日历含本年', response: { 200: ReadyT, ...errors(503) } },
  }, async (req, reply) => {
    const r = await services.health.readiness();
    if (r.ready) return reply.header('cache-control', 'no-store').send({ status: 'ready' as const, checks: r.checks });
    req.log.warn({ checks: r.checks }, 'not ready');
    return reply.status(503).header('cache-control', 'no-store').send({ code: 'NOT_READY', message: `服务尚未就绪：${r.problems.join('；')}`, details: r.checks });
  });
  registerMetrics(app, { token: config.http.metricsToken, stats: services.operations, database });

  registerNoStore(app);
  registerAuthRoutes(app, services);
  registerAdminRoutes(app, services.admin);
  registerAuditRoutes(app, services.auditLog);
  registerNotificationRoutes(app, services.notifications);
  registerDocumentTemplateRoutes(app, services.documentTemplates);
  registerRotaRoutes(app, services.rota);
  registerCaseFormRoutes(app, services.workbench);
  const limiters = publicLimiters(app, portal.rateLimits);
  registerPublicRoutes(app, portal, limiters);
  await registerAttachmentRoutes(app, { files: portal.attachments, caseAttachments: services.caseAttachments, limiters });

  // ——— reference data ———
  app.get('/api/organs', { schema: { tags: ['reference'], summary: '机关树（扁平列表，含上级）', response: { 200: Type.Array(OrganT), ...errors(401) } } }, async (req) => {
    staff(req);
    return (await services.ref.get()).organs.all();
  });
  app.get('/api/categories', { schema: { tags: ['reference'], summary: '内容分类（三级字典）', response: { 200: Type.Array(CategoryT), ...errors(401) } } }, async (req) => {
    staff(req);
    return services.ref.categories();
  });
  app.get('/api/rules/transitions', { schema: { tags: ['reference'], summary: '办理流程规则表（每项操作的条件与依据）', response: { 200: Type.Array(TransitionRuleT) } } }, () =>
    ACTION_NAMES.map((a) => {
      const t: ActionRule = ACTION_RULES[a];
      return {
        action: a, label: t.label, basis: t.basis, from: t.from.map((st) => ({ state: st, label: STATE_LABELS[st], to: targetsFrom(t, st) })),
        roles: [...t.roles], petitioner: t.petitioner ?? false, organ: [...t.organ], requires: [...t.requires], issues: [...t.issues],
      };
    }));
  app.get('/api/profiles', { schema: { tags: ['reference'], summary: '期限规则配置', response: { 200: Type.Array(RulesProfileT), ...errors(401) } } }, async (req) => {
    staff(req);
    return services.calendar.listProfiles();
  });
  app.put('/api/profiles/:id', {
    schema: {
      tags: ['reference'], summary: '修改期限规则配置（其下在办件的期限在后台重新计算，进度见 GET /api/calendar/recompute-jobs）',
      params: ProfileParamsT, body: ProfileBodyT,
      response: { 200: RecomputeQueuedT, ...errors(400, 401, 403, 422) },
    },
  }, async (req) => services.calendar.saveProfile(staff(req), withProfileDefaults({ ...req.body, id: req.params.id })));

  // ——— calendar ———
  app.get('/api/calendar/due-date', {
    schema: {
      tags: ['calendar'], summary: '计算期限届满日（全国默认规则：起算日不计入，自然日届满逢节假日顺延）',
      description: '期限经过尚未录入国务院办公厅节假日安排的年份时，按《全国年节及纪念日放假办法》的法定节假日和周末推算，provisional 为 true（预计，以国务院公布的节假日安排为准）。支持2004年至2100年，超出范围答 422 CALENDAR_YEAR_UNSUPPORTED。',
      querystring: DueDateQueryT,
      response: { 200: DueDateT, ...errors(400, 422) },
    },
  }, async (req) => services.calendar.dueDate(req.query.start, req.query.days, req.query.unit));
  app.get('/api/calendar/years/:year', {
    schema: {
      tags: ['calendar'], summary: '某年每日是否工作日（未录入通知的年份为预计：source 为 provisional，并列出所依据的法定节假日）',
      params: YearParamsT, response: { 200: YearViewT, ...errors(400, 422) },
    },
  }, async (req) => services.calendar.year(req.params.year));
  app.put('/api/calendar/years/:year', {
    schema: {
      tags: ['calendar'], summary: '录入某年国务院办公厅节假日安排通知（覆盖内置数据；在办期限在后台重新计算，进度见 GET /api/calendar/recompute-jobs）',
      params: YearParamsT, body: YearNoticeT,
      response: { 200: RecomputeQueuedT, ...errors(400, 401, 403, 422) },
    },
  }, async (req) => {
    const b = req.body;
    return services.calendar.enterYear(staff(req), { year: req.params.year, holidays: b.holidays, makeupWorkdays: b.makeupWorkdays }, b.noticeRef);
  });
  app.get('/api/calendar/recompute-jobs', {
    schema: { tags: ['calendar'], summary: '期限重算任务及其进度（最近10个；系统管理员）', response: { 200: RecomputeJobsT, ...errors(401, 403) } },
  }, async (req) => services.calendar.recomputeJobs(staff(req)));

  // ——— cases ———
  app.post('/api/cases', {
    schema: {
      tags: ['cases'], summary: '登记信访事项（Idempotency-Key 头：重复提交返回首次结果）',
      headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200 })) }),
      body: RegisterBodyT,
      response: { 201: RegisteredT, 200: RegisteredT, ...errors(400, 401, 403, 409, 422) },
    },
  }, async (req, reply) => {
    const r = await services.cases.register(staff(req), req.body.petition, { idempotencyKey: req.headers['idempotency-key'], simplified: req.body.simplified });
    return reply.code(r.created ? 201 : 200).send({ case: r.case, replayed: !r.created, queryCode: r.queryCode });
  });
  // GET /api/cases (the queue, with filters), /api/workbench/summary, /api/cases/ledger/export, a document's file, the dossier, a period's dossiers
  registerWorkbenchRoutes(app, services.workbench, services.documentFiles, services.dossiers, services.dossierBatches);
  registerStatsRoutes(app, services.stats, services.annualReport);
  app.get('/api/cases/ledger', {
    schema: {
      tags: ['cases'], summary: '台账：本人数据权限内的全部案件（可筛选）',
      querystring: CaseListFilterT,
      response: { 200: CasePageT, ...errors(400, 401) },
    },
  }, async (req) => services.cases.list(staff(req), req.query));
  // POST, not GET: an ID number must never sit in a URL (access logs, proxies, browser history).
  app.post('/api/cases/lookup', {
    schema: {
      tags: ['cases'], summary: '按身份证号码或联系电话精确查找既往信访（用于关联重复信访；查询记入审计）',
      body: LookupBodyT,
      response: { 200: LookupResultT, ...errors(400, 401, 403, 422) },
    },
  }, async (req) => ({ items: await services.cases.lookup(staff(req), req.body) }));
  const caseRoute = { tags: ['cases'], params: IdParamsT };
  app.get('/api/cases/:id/personal-data', {
    schema: { ...caseRoute, querystring: PersonalDataQueryT, summary: '查看信访人完整个人信息（需权限，须说明事由，记入审计）', response: { 200: PersonalDataT, ...errors(400, 401, 403, 404) } },
  }, async (req) => services.cases.personalData(staff(req), req.params.id, req.query.reason));
  app.get('/api/cases/:id', {
    schema: { ...caseRoute, summary: '案件详情（含各期限的届满日、剩余天数、是否超期）', response: { 200: CaseDetailT, ...errors(400, 401, 404) } },
  }, async (req) => services.cases.detail(staff(req), req.params.id));
  app.get('/api/cases/:id/actions', {
    schema: { ...caseRoute, summary: '当前用户可进行的操作，及不可进行的原因', response: { 200: Type.Array(ActionAvailabilityT), ...errors(400, 401, 404) } },
  }, async (req) => services.cases.actions(staff(req), req.params.id));
  app.get('/api/cases/:id/events', {
    schema: { ...caseRoute, summary: '办理过程（只增不改）', response: { 200: Type.Array(CaseEventT), ...errors(400, 401, 404) } },
  }, async (req) => services.cases.events(staff(req), req.params.id));
  app.get('/api/cases/:id/documents', {
    schema: { ...caseRoute, summary: '文书', response: { 200: Type.Array(CaseDocumentT), ...errors(400, 401, 404) } },
  }, async (req) => services.cases.documents(staff(req), req.params.id));

  for (const action of ACTION_NAMES) {
    const t: ActionRule = ACTION_RULES[action];
    app.post(`/api/cases/:id/actions/${action}`, {
      schema: {
        tags: ['actions'], summary: `${t.label}（${t.basis}）`,
        description: `可由 ${t.roles.join('、')}${t.petitioner ? '、信访人' : ''} 在状态 ${t.from.map((st) => STATE_LABELS[st]).join('、')} 下进行；需要：${t.requires.join('；') || '无'}`,
        params: IdParamsT,
        body: ActionBodyT(ACTION_INPUT_SCHEMAS[action]),
        response: { 200: ActedT, ...errors(400, 401, 403, 404, 409, 422) },
      },
    }, async (req) => services.cases.act(staff(req), req.params.id, action, req.body.input, req.body.expectedVersion));
  }

  await registerWebApps(app, opts.webDist);
  return { app, services };
}
