/**
 * The API's shapes as the web apps use them: read from the types generated from /api/openapi.json
 * (web/shared/api-types.ts, `npm run api:types`), never written by hand — so a screen that reads a
 * field the server does not send, or sends a body it would refuse, fails the type-check.
 *
 *   type CaseDetail = ApiAnswer<'/api/cases/{id}'>;             // GET's 200
 *   type Receipt = ApiAnswer<'/api/public/petitions', 'post'>;  // POST's 200 or 201
 *   type CaseRecord = Schema<'CaseRecord'>;                     // a named schema
 */
import type { components, paths } from './api-types';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON a route answers with on success (200 or 201). */
export type ApiAnswer<P extends keyof paths, M extends Method = 'get'>
  = Operation<P, M> extends { responses: infer R } ? Json<R[Extract<keyof R, 200 | 201>]> : never;

/** The JSON body a route takes. */
export type ApiBody<P extends keyof paths, M extends Method = 'post'>
  = Operation<P, M> extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;

/** The query parameters a route takes. */
export type ApiQuery<P extends keyof paths, M extends Method = 'get'>
  = Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** A schema the API names (components/schemas). */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];
