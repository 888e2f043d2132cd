/**
 * What every route's schema shares: the error body and the error statuses a route declares, the
 * Fastify instance typed by the TypeBox provider (handlers get typed body, query, params and reply),
 * and a file answer's content type. The request and answer schemas themselves are the contracts in
 * src/app/contracts/ and src/domain/schemas.ts: a route only points at them.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import { Type } from 'typebox';
import { named } from '../domain/schemas.js';

export { ACTION_INPUT_SCHEMAS } from '../domain/lifecycle/action-inputs.js';

/** The Fastify instance the routes are registered on: request parts and answers typed from their schemas. */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

export const ErrorT = Type.Object({
  code: Type.String({ description: '稳定的错误码，如 CASE_NOT_FOUND、VALIDATION_FAILED' }),
  message: Type.String({ description: '中文说明，可直接展示' }),
  details: Type.Optional(Type.Any()),
}, { ...named('Error'), description: '错误：稳定的 code 与中文 message' });

/**
 * 400 request invalid · 401 not logged in (or no portal session) · 403 not allowed (role, CSRF) ·
 * 404 not found or not visible · 409 state or version conflict · 413 file too large · 415 file type ·
 * 422 refused by the rules · 423 account locked · 429 rate limited · 503 not ready (GET /api/ready).
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 429 | 503;

/** The error answers a route declares: `{ 200: X, ...errors(400, 401, 422) }`. */
export function errors<const S extends readonly ErrorStatus[]>(...statuses: S): Record<S[number], typeof ErrorT> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorT])) as Record<S[number], typeof ErrorT>;
}

/** A success answer that is a file, not JSON: its content type (the body is the file's bytes). */
export function fileAnswer(description: string, ...contentTypes: string[]) {
  return { description, content: Object.fromEntries(contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) };
}

/** 204: nothing in the body. */
export const NoContentT = Type.Null({ description: '无内容' });
