/**
 * The petitioner portal's API (/api/public/*, docs/portal-api.md): no staff session; every route
 * rate-limited per client IP; the case routes need the `ms_portal` session cookie, bound to one case.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { Type } from 'typebox';
import { ALLOWED_TYPES, portalUploader, UPLOAD_COOKIE } from '../../app/attachments.js';
import { CategoryT, RegionQueryT, RegionT } from '../../app/contracts/admin.js';
import {
  AppealBodyT, ChallengeBodyT, ChallengeT, EvaluationBodyT, GuideT, PublicCaseT, PublicOrganT, PublicOrgansQueryT, PublicSubmissionT, ReceiptT,
  RightsCardT, VerifiedT, VerifyBodyT,
} from '../../app/contracts/portal.js';
import { Sha256T } from '../../app/contracts/common.js';
import { PORTAL_COOKIE, SESSION_TTL_MS } from '../../app/portal-session.js';
import type { PortalServices } from '../../app/portal-service.js';
import type { SharedRateLimits } from '../../app/rate-limits.js';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { DomainError } from '../../domain/errors.js';
import { errors, fileAnswer, NoContentT, type App } from '../schemas.js';

export interface PublicLimiters {
  read: onRequestHookHandler;
  write: onRequestHookHandler;
  follow: onRequestHookHandler;
}

/**
 * Rate limiters shared by groups of routes (the plugin is registered with `global: false`). Keyed by
 * group and client IP. Every client of these routes counts — a staff session lifts nothing: the
 * workbench never calls /api/public/*, and a stolen or shared staff cookie must not open the portal
 * to unlimited guessing. Staff tools have their own routes, which are not limited here.
 */
export function publicLimiters(app: FastifyInstance, limits: PortalServices['rateLimits']): PublicLimiters {
  const make = (group: string, max: number) => app.rateLimit({
    max, timeWindow: limits.timeWindowMs,
    // The group in the key: the three budgets are separate even in a store shared by every limiter.
    keyGenerator: (req: FastifyRequest) => `${group}:${req.ip}`,
  }) as unknown as onRequestHookHandler;
  return { read: make('read', limits.reads), write: make('write', limits.writes), follow: make('follow', limits.follow) };
}

/**
 * @fastify/rate-limit's store over the database counters (src/app/rate-limits.ts) instead of its
 * in-memory LRU, so that several server processes share one budget per client. Every limiter is a
 * child of the same store: the limiter's group is part of the key (publicLimiters).
 */
export function sharedRateLimitStore(counters: SharedRateLimits): FastifyRateLimitStoreCtor {
  return class SharedRateLimitStore implements FastifyRateLimitStore {
    // The plugin passes each limiter's window on every call (its typings leave the argument out).
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow = 60_000): void {
      counters.hit(key, timeWindow).then(
        (r) => { callback(null, { current: r.hits, ttl: r.ttlMs }); },
        (e: unknown) => { callback(e instanceof Error ? e : new Error(String(e))); },
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  };
}

export const rateLimitedError = () => new DomainError('RATE_LIMITED', '操作过于频繁，请稍后再试');

export function cookieOptions(req: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/api/public', httpOnly: true, sameSite: 'strict' as const,
    secure: req.protocol === 'https' || req.server.secureCookies,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

export function registerPublicRoutes(app: App, portal: PortalServices, limiters: PublicLimiters): void {
  const { service, sessions } = portal;
  const tags = ['portal'];

  async function caseOf(req: FastifyRequest): Promise<string> {
    const caseId = await sessions.resolve(req.cookies[PORTAL_COOKIE]);
    if (!caseId) throw new DomainError('PORTAL_SESSION_REQUIRED', '请先输入查询码和手机验证码查询您的信访事项（登录已超时的请重新验证）');
    return caseId;
  }

  // ——— guidance and reference data ———
  app.get('/api/public/guide', { onRequest: limiters.read, schema: { tags, summary: '办事指南：各机关职责、接待安排、法定期限', response: { 200: GuideT, ...errors(429) } } },
    async () => service.guide());
  app.get('/api/public/regions', {
    onRequest: limiters.read,
    schema: { tags, summary: '行政区划下级列表（本平台服务的省份）', querystring: RegionQueryT, response: { 200: Type.Array(RegionT), ...errors(400, 429) } },
  }, async (req) => service.regions(req.query.parent));
  app.get('/api/public/categories', { onRequest: limiters.read, schema: { tags, summary: '内容分类（三级字典）', response: { 200: Type.Array(CategoryT), ...errors(429) } } },
    async () => service.categories());
  app.get('/api/public/organs', {
    onRequest: limiters.read,
    schema: { tags, summary: '可选择的涉及机关（按地区）', querystring: PublicOrgansQueryT, response: { 200: Type.Array(PublicOrganT), ...errors(400, 429) } },
  }, async (req) => service.organs(req.query.regionCode));

  // ——— submission ———
  app.post('/api/public/petitions', {
    onRequest: limiters.write,
    schema: {
      tags, summary: '网上提交信访事项（Idempotency-Key 头：重复提交返回首次结果）',
      headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 8, maxLength: 200 }) }),
      body: PublicSubmissionT,
      response: { 201: ReceiptT, 200: ReceiptT, ...errors(400, 409, 422, 429) },
    },
  }, async (req, reply) => {
    const r = await service.submit(req.body, req.headers['idempotency-key'], portalUploader(req.cookies[UPLOAD_COOKIE]));
    return reply.code(r.created ? 201 : 200).send(r.result);
  });

  // ——— follow ———
  app.post('/api/public/follow/challenge', {
    onRequest: limiters.follow,
    schema: {
      tags, summary: '查询：以查询码和手机号码获取短信验证码（无论是否匹配，应答相同）',
      body: ChallengeBodyT, response: { 200: ChallengeT, ...errors(400, 429) },
    },
  }, async (req) => sessions.challenge(req.body.queryCode, req.body.phone));
  app.post('/api/public/follow/verify', {
    onRequest: limiters.follow,
    schema: {
      tags, summary: '查询：校验短信验证码，进入本人信访事项（30分钟）',
      body: VerifyBodyT, response: { 200: VerifiedT, ...errors(400, 429) },
    },
  }, async (req, reply) => {
    const r = await sessions.verify(req.body.challengeId, req.body.code);
    reply.setCookie(PORTAL_COOKIE, r.token, cookieOptions(req, Math.floor(SESSION_TTL_MS / 1000)));
    return { caseNumber: r.caseNumber };
  });
  app.post('/api/public/follow/logout', {
    onRequest: limiters.read, schema: { tags, summary: '退出查询', response: { 204: NoContentT, ...errors(429) } },
  }, async (req, reply) => {
    await sessions.logout(req.cookies[PORTAL_COOKIE]);
    reply.clearCookie(PORTAL_COOKIE, cookieOptions(req));
    return reply.code(204).send(null);
  });

  // ——— the petitioner's case ———
  app.get('/api/public/case', { onRequest: limiters.read, schema: { tags, summary: '本人信访事项：办理过程与文书', response: { 200: PublicCaseT, ...errors(401, 404, 429) } } },
    async (req) => service.publicCase(await caseOf(req)));
  app.get('/api/public/case/rights-card', { onRequest: limiters.read, schema: { tags, summary: '权益保障卡（打印）', response: { 200: RightsCardT, ...errors(401, 404, 429) } } },
    async (req) => service.rightsCard(await caseOf(req)));
  app.post('/api/public/case/evaluations', {
    onRequest: limiters.write,
    schema: {
      tags, summary: '评价处理意见（满意 / 基本满意 / 不满意；每份意见一次）',
      body: EvaluationBodyT, response: { 200: PublicCaseT, ...errors(400, 401, 404, 409, 422, 429) },
    },
  }, async (req) => {
    const caseId = await caseOf(req);
    return service.evaluate(caseId, req.body.documentId, req.body.rating, req.body.comment);
  });
  app.post('/api/public/case/appeals', {
    onRequest: limiters.write,
    schema: {
      tags, summary: '申请复查 / 复核',
      body: AppealBodyT, response: { 200: PublicCaseT, ...errors(400, 401, 404, 409, 422, 429) },
    },
  }, async (req) => {
    const caseId = await caseOf(req);
    return service.appeal(caseId, req.body.kind, req.body.reasons, req.body.attachments ?? [], portalUploader(req.cookies[UPLOAD_COOKIE]));
  });
  app.get('/api/public/case/attachments/:sha256', {
    onRequest: limiters.read,
    schema: {
      tags, summary: '本人信访事项的附件', params: Type.Object({ sha256: Sha256T }),
      response: { 200: fileAnswer('附件（按内容识别的类型）', ...Object.keys(ALLOWED_TYPES)), ...errors(400, 401, 404, 429) },
    },
  }, async (req, reply) => sendFile(reply, await service.attachment(await caseOf(req), req.params.sha256)));
}

/** A stored file as a download: its sniffed type, never rendered inline by the browser. */
export function sendFile(reply: FastifyReply, f: { name: string; mimeType: string; bytes: Buffer }) {
  return reply
    .header('content-type', f.mimeType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(f.bytes);
}
