/**
 * The petitioner portal's API (/api/public/*, docs/portal-api.md): no staff session; every route
 * rate-limited per client IP; the case routes need the `ms_portal` session cookie, bound to one case.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { Type } from 'typebox';
import { PORTAL_COOKIE, SESSION_TTL_MS } from '../../app/portal-session.js';
import type { PortalServices, PublicSubmission, Rating } from '../../app/portal-service.js';
import { DomainError } from '../../domain/errors.js';
import { ErrorT } from '../schemas.js';

const errors = { 400: ErrorT, 401: ErrorT, 404: ErrorT, 409: ErrorT, 413: ErrorT, 415: ErrorT, 422: ErrorT, 429: ErrorT };
const Str = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength });
const Sha256 = Type.String({ pattern: '^[0-9a-fA-F]{64}$' });
export const AttachmentRefT = Type.Object({
  name: Str(255), mimeType: Type.Optional(Str(100)), size: Type.Optional(Type.Integer({ minimum: 0 })), sha256: Sha256,
}, { additionalProperties: false });

export interface PublicLimiters {
  read: onRequestHookHandler;
  write: onRequestHookHandler;
  follow: onRequestHookHandler;
}

/**
 * Rate limiters shared by groups of routes (the plugin is registered with `global: false`). Keyed by
 * client IP; staff requests (a valid staff session) are not counted, so the workbench and the
 * test suites that call the public routes as staff are never throttled.
 */
export function publicLimiters(app: FastifyInstance, limits: PortalServices['rateLimits']): PublicLimiters {
  const make = (max: number) => app.rateLimit({
    max, timeWindow: limits.timeWindowMs,
    keyGenerator: (req: FastifyRequest) => req.ip,
    allowList: (req: FastifyRequest) => req.staff !== null,
  }) as unknown as onRequestHookHandler;
  return { read: make(limits.reads), write: make(limits.writes), follow: make(limits.follow) };
}

export const rateLimitedError = () => new DomainError('RATE_LIMITED', '操作过于频繁，请稍后再试');

function cookieOptions(req: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/api/public', httpOnly: true, sameSite: 'strict' as const,
    secure: req.protocol === 'https' || process.env.MINSHENG_SECURE_COOKIES === '1',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

export async function registerPublicRoutes(app: FastifyInstance, portal: PortalServices, limiters: PublicLimiters): Promise<void> {
  const { service, sessions } = portal;
  const tags = ['portal'];

  async function caseOf(req: FastifyRequest): Promise<string> {
    const caseId = await sessions.resolve(req.cookies?.[PORTAL_COOKIE]);
    if (!caseId) throw new DomainError('PORTAL_SESSION_REQUIRED', '请先输入查询码和手机验证码查询您的信访事项（登录已超时的请重新验证）');
    return caseId;
  }

  // ——— guidance and reference data ———
  app.get('/api/public/guide', { onRequest: limiters.read, schema: { tags, summary: '办事指南：各机关职责、接待安排、法定期限' } },
    async () => service.guide());
  app.get('/api/public/regions', {
    onRequest: limiters.read,
    schema: { tags, summary: '行政区划下级列表（本平台服务的省份）', querystring: Type.Object({ parent: Type.Optional(Type.String({ pattern: '^[0-9]{2,9}$' })) }), response: errors },
  }, async (req) => service.regions((req.query as { parent?: string }).parent));
  app.get('/api/public/categories', { onRequest: limiters.read, schema: { tags, summary: '内容分类（三级字典）' } },
    async () => service.categories());
  app.get('/api/public/organs', {
    onRequest: limiters.read,
    schema: { tags, summary: '可选择的涉及机关（按地区）', querystring: Type.Object({ regionCode: Type.String({ pattern: '^[0-9]{2,12}$' }) }), response: errors },
  }, async (req) => service.organs((req.query as { regionCode: string }).regionCode));

  // ——— submission ———
  app.post('/api/public/petitions', {
    onRequest: limiters.write,
    schema: {
      tags, summary: '网上提交信访事项（Idempotency-Key 头：重复提交返回首次结果）',
      headers: Type.Object({ 'idempotency-key': Type.String({ minLength: 8, maxLength: 200 }) }),
      body: Type.Object({
        petitioner: Type.Object({
          kind: Type.Union([Type.Literal('person'), Type.Literal('organisation')]),
          name: Str(100), idNumber: Type.Optional(Str(30)), phone: Str(30), address: Type.Optional(Str(200)),
        }, { additionalProperties: false }),
        title: Str(100), requests: Type.Array(Str(1000), { maxItems: 10 }), facts: Str(10000), reasons: Str(10000),
        regionCode: Type.String({ pattern: '^[0-9]{2,12}$' }),
        organConcernedId: Type.Optional(Str(100, 1)), categoryCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$' })),
        kind: Type.Optional(Type.Union([Type.Literal('suggestion'), Type.Literal('claim'), Type.Literal('accusation')])),
        attachments: Type.Array(AttachmentRefT, { maxItems: 5 }),
      }, { additionalProperties: false }),
      response: errors,
    },
  }, async (req, reply) => {
    const r = await service.submit(req.body as PublicSubmission, req.headers['idempotency-key'] as string);
    reply.code((r.created ? 201 : 200) as never);
    return r.result;
  });

  // ——— follow ———
  app.post('/api/public/follow/challenge', {
    onRequest: limiters.follow,
    schema: {
      tags, summary: '查询：以查询码和手机号码获取短信验证码（无论是否匹配，应答相同）',
      body: Type.Object({ queryCode: Type.String({ pattern: '^[0-9A-Za-z\\s-]{4,20}$' }), phone: Type.String({ pattern: '^[0-9+\\- ]{7,20}$' }) }, { additionalProperties: false }),
      response: errors,
    },
  }, async (req) => {
    const b = req.body as { queryCode: string; phone: string };
    return sessions.challenge(b.queryCode, b.phone);
  });
  app.post('/api/public/follow/verify', {
    onRequest: limiters.follow,
    schema: {
      tags, summary: '查询：校验短信验证码，进入本人信访事项（30分钟）',
      body: Type.Object({ challengeId: Type.String({ pattern: '^[0-9a-f-]{36}$' }), code: Type.String({ pattern: '^\\s*[0-9]{6}\\s*$' }) }, { additionalProperties: false }),
      response: errors,
    },
  }, async (req, reply) => {
    const b = req.body as { challengeId: string; code: string };
    const r = await sessions.verify(b.challengeId, b.code);
    reply.setCookie(PORTAL_COOKIE, r.token, cookieOptions(req, Math.floor(SESSION_TTL_MS / 1000)));
    return { caseNumber: r.caseNumber };
  });
  app.post('/api/public/follow/logout', { onRequest: limiters.read, schema: { tags, summary: '退出查询' } }, async (req, reply: FastifyReply) => {
    await sessions.logout(req.cookies?.[PORTAL_COOKIE]);
    reply.clearCookie(PORTAL_COOKIE, cookieOptions(req));
    return reply.code(204).send();
  });

  // ——— the petitioner's case ———
  app.get('/api/public/case', { onRequest: limiters.read, schema: { tags, summary: '本人信访事项：办理过程与文书', response: errors } },
    async (req) => service.publicCase(await caseOf(req)));
  app.get('/api/public/case/rights-card', { onRequest: limiters.read, schema: { tags, summary: '权益保障卡（打印）', response: errors } },
    async (req) => service.rightsCard(await caseOf(req)));
  app.post('/api/public/case/evaluations', {
    onRequest: limiters.write,
    schema: {
      tags, summary: '评价处理意见（满意 / 基本满意 / 不满意；每份意见一次）',
      body: Type.Object({
        documentId: Str(100, 1),
        rating: Type.Union([Type.Literal('satisfied'), Type.Literal('basically_satisfied'), Type.Literal('dissatisfied')]),
        comment: Type.Optional(Str(2000)),
      }, { additionalProperties: false }),
      response: errors,
    },
  }, async (req) => {
    const caseId = await caseOf(req);
    const b = req.body as { documentId: string; rating: Rating; comment?: string };
    return service.evaluate(caseId, b.documentId, b.rating, b.comment);
  });
  app.post('/api/public/case/appeals', {
    onRequest: limiters.write,
    schema: {
      tags, summary: '申请复查 / 复核',
      body: Type.Object({
        kind: Type.Union([Type.Literal('review'), Type.Literal('rereview')]), reasons: Str(5000),
        attachments: Type.Optional(Type.Array(AttachmentRefT, { maxItems: 5 })),
      }, { additionalProperties: false }),
      response: errors,
    },
  }, async (req) => {
    const caseId = await caseOf(req);
    const b = req.body as { kind: 'review' | 'rereview'; reasons: string; attachments?: { name: string; sha256: string }[] };
    return service.appeal(caseId, b.kind, b.reasons, b.attachments ?? []);
  });
  app.get('/api/public/case/attachments/:sha256', {
    onRequest: limiters.read,
    schema: { tags, summary: '本人信访事项的附件', params: Type.Object({ sha256: Sha256 }), response: errors },
  }, async (req, reply) => {
    const f = await service.attachment(await caseOf(req), (req.params as { sha256: string }).sha256);
    return sendFile(reply, f);
  });
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
