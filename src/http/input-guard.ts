/**
 * Hostile input, refused once at the boundary rather than route by route (issue 10, finding 7):
 *  - a string holding U+0000 or an unpaired UTF-16 surrogate, anywhere in the body (values and
 *    property names), the query string, the path parameters or a header: PostgreSQL's text cannot
 *    store either (NUL: "invalid byte sequence", a lone surrogate: no UTF-8 form), and every route
 *    that reached the database with one answered 500. JSON.parse accepts both (`\u0000`, `\ud800`).
 *    → 400 INVALID_CHARACTER;
 *  - a body nested deeper than MAX_DEPTH (no request of the API nests beyond 6): → 400
 *    NESTING_TOO_DEEP, before a validator or a handler walks it;
 *  - dates: the validators get the formats `date` (a date that exists, 1900–2200; IsoDateT declares
 *    it) so that 2025-13-45, which the YYYY-MM-DD pattern lets through, is a 400 VALIDATION_FAILED.
 * The multipart upload reads its file name itself (attachment-routes.ts) and asks badText() too.
 */
import type { Ajv } from 'ajv';
import type { FastifyRequest } from 'fastify';
import { isSaneIsoDate } from '../domain/calendar/dates.js';
import { DomainError } from '../domain/errors.js';

/** Deeper than any request of the API (a petition: body → petition → petitioners → [i] → field). */
export const MAX_DEPTH = 32;

/** With the `u` flag a surrogate pair is one code point: only an unpaired surrogate matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** Whether a string holds a character no text column can store: a NUL or an unpaired surrogate. */
export const badText = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

export const invalidCharacter = () =>
  new DomainError('INVALID_CHARACTER', '请求中含有不允许的字符（空字符或不成对的 Unicode 代理字符），请删除后重试');

/**
 * The first problem of a parsed value: 'character' (a string or a property name with a bad
 * character) or 'depth' (nested deeper than MAX_DEPTH); null when it is clean. Iterative, so a
 * hostile nesting cannot overflow the stack here.
 */
export function inspect(value: unknown): 'character' | 'depth' | null {
  const stack: [unknown, number][] = [[value, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, depth] = top;
    if (typeof v === 'string') {
      if (badText(v)) return 'character';
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return 'depth';
      if (Array.isArray(v)) {
        for (const x of v) stack.push([x, depth + 1]);
      } else {
        for (const [k, x] of Object.entries(v)) {
          if (badText(k)) return 'character';
          stack.push([x, depth + 1]);
        }
      }
    }
  }
  return null;
}

/** The preValidation hook: every route, before its schema is checked and its handler runs. */
export function guardRequest(req: FastifyRequest): void {
  for (const part of [req.params, req.query, req.headers, req.body]) {
    const problem = inspect(part);
    if (problem === 'character') throw invalidCharacter();
    if (problem === 'depth') throw new DomainError('NESTING_TOO_DEEP', `请求内容嵌套层级过深（最多${MAX_DEPTH}层）`);
  }
}

/** The string formats the request schemas use, for an Ajv instance of the HTTP layer. */
export function addFormats(ajv: Ajv): Ajv {
  ajv.addFormat('date', { type: 'string', validate: isSaneIsoDate });
  return ajv;
}
