/** The one place where error codes become HTTP statuses. Every error body: { code, message, details? }. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { loggableError } from '../store/db-errors.js';

const STATUS: Record<string, number> = {
  AUTH_REQUIRED: 401, LOGIN_FAILED: 401, TOTP_REQUIRED: 401, TOTP_INVALID: 401,
  ACCOUNT_LOCKED: 423, CSRF_TOKEN_INVALID: 403, PASSWORD_INCORRECT: 403, PASSWORD_WEAK: 422, TOTP_CODE_INVALID: 422,
  TOTP_ALREADY_ENABLED: 409, TOTP_NOT_PENDING: 409, TOTP_NOT_ENABLED: 409, SEPARATION_OF_DUTIES: 422, SELF_GRANT: 403,
  PASSWORD_RESET_NOT_ALLOWED: 403, PASSWORD_CHANGE_REQUIRED: 403, SECOND_FACTOR_ENROLMENT_REQUIRED: 403, SECOND_FACTOR_REQUIRED: 409,
  ROLE_NOT_ALLOWED: 403, ORGAN_NOT_ALLOWED: 403, RECUSED: 403, FORBIDDEN: 403, NOT_ISSUING_ORGAN: 403,
  CASE_NOT_FOUND: 404, NOT_FOUND: 404, PERIOD_INVALID: 400, USER_NOT_FOUND: 404, TEMPLATE_NOT_FOUND: 404, ROTA_NOT_FOUND: 404,
  STATE_NOT_ALLOWED: 409, VERSION_CONFLICT: 409, IDEMPOTENCY_KEY_REUSED: 409,
  // portal (issue 5)
  RATE_LIMITED: 429, PORTAL_SESSION_REQUIRED: 401, VERIFICATION_FAILED: 400, ATTACHMENT_REQUIRED: 400,
  // hostile input refused at the boundary (input-guard.ts)
  INVALID_CHARACTER: 400, NESTING_TOO_DEEP: 400,
  ATTACHMENT_TOO_LARGE: 413, ATTACHMENT_TYPE_NOT_ALLOWED: 415, ALREADY_EVALUATED: 409, EVALUATION_NOT_OPEN: 409,
};

export function statusOf(e: DomainError): number {
  return STATUS[e.code] ?? 422;
}

export function errorHandler(error: FastifyError | DomainError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    return reply.status(statusOf(error)).send({ code: error.code, message: error.message, details: error.details ?? {} });
  }
  // Any other error may carry some of Fastify's fields, or none (a plain Error).
  const fe: Partial<FastifyError> = error;
  if (fe.validation) {
    const first = fe.validation[0];
    const where = `${fe.validationContext ?? ''}${first?.instancePath ?? ''}`.replace(/\//g, '.');
    return reply.status(400).send({
      code: 'VALIDATION_FAILED',
      message: `请求参数不正确：${where || '请求'} ${translate(first?.keyword, first?.params)}`,
      details: { errors: fe.validation.map((v) => ({ path: v.instancePath, keyword: v.keyword, params: v.params })) },
    });
  }
  if (fe.statusCode && fe.statusCode < 500) {
    return reply.status(fe.statusCode).send({ code: fe.code ?? 'BAD_REQUEST', message: '请求格式不正确' });
  }
  request.log.error({ err: loggableError(error) }, 'unhandled error');
  return reply.status(500).send({ code: 'INTERNAL', message: '系统内部错误，请稍后重试' });
}

/** An Ajv error parameter as text: a name, or a list of names (a type such as ['string', 'null']). */
const param = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : Array.isArray(v) ? v.join(',') : '');

function translate(keyword: string | undefined, params: Record<string, unknown> = {}): string {
  switch (keyword) {
    case 'required': return `缺少必填字段 ${param(params.missingProperty)}`;
    case 'type': return `类型应为 ${param(params.type)}`;
    case 'pattern': case 'format': return '格式不正确';
    case 'enum': case 'const': case 'anyOf': return '取值不在允许范围内';
    case 'minLength': return '不能为空或过短';
    case 'maxLength': return '过长';
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum': return '超出允许范围';
    case 'minItems': return '至少需要一项';
    case 'maxItems': return '项数过多';
    case 'additionalProperties': return `不允许的字段 ${param(params.additionalProperty)}`;
    default: return '不符合要求';
  }
}
