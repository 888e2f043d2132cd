/**
 * How answers are serialized. Fastify writes a JSON answer through its response schema with
 * fast-json-stringify, which keeps only the properties the schema declares — so the response
 * schemas are the contract of what leaves the server — but fast-json-stringify also *enforces* the
 * schema: a required property missing, or a value no branch of an `anyOf` accepts (a string longer
 * than its maxLength, a state an older version recorded), turns the answer into a 500. Records
 * stored by earlier versions must stay readable, so the serializer is given the schema relaxed:
 * shapes and types only — no `required`, no enums or consts, no validation keywords. The OpenAPI
 * document keeps the full schemas.
 *
 * With `check` (tests: MINSHENG_CHECK_RESPONSES=1), every serialized answer is compared with the
 * payload the handler returned: a property the schema does not declare (dropped) or a value it
 * coerced (null → "", 1.5 → 1) fails the request with a 500 naming the path — so nothing a screen
 * shows can silently disappear behind a response schema.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FastifySerializerCompiler } from 'fastify';
import fastJson from 'fast-json-stringify';

/** Keywords that validate but do not shape: dropped for serialization. */
const VALIDATION_ONLY = new Set([
  'required', 'enum', 'const', 'pattern', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'title', 'description', 'examples', 'default',
]);

/** The schema as the serializer gets it: shapes and types only; `anyOf` branches left identical collapse into one. */
export function forSerialization(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forSerialization);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (VALIDATION_ONLY.has(k)) continue;
    // Property names and patterns are data, not schemas: copied as they are, their schemas relaxed.
    if (k === 'properties' || k === 'patternProperties') out[k] = Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, forSerialization(s)]));
    else out[k] = forSerialization(v);
  }
  if (Array.isArray(out.anyOf)) {
    const distinct = [...new Map((out.anyOf as unknown[]).map((b) => [JSON.stringify(b), b])).values()];
    if (distinct.length === 1) {
      delete out.anyOf;
      return { ...out, ...(distinct[0] as object) };
    }
    out.anyOf = distinct;
  }
  return out;
}

/** The first path at which two JSON values differ, for the check's message. */
function firstDifference(a: unknown, b: unknown, path = '$'): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path}: the handler returned ${json(a)?.slice(0, 120)}, the answer says ${json(b)?.slice(0, 120)}`;
}

/** JSON.stringify as it behaves: undefined for undefined (and functions), which its declared type omits. */
const json = (v: unknown): string | undefined => JSON.stringify(v);

type Serialize = (data: unknown) => string;

let checkByDefault = false;
/** The test suites turn the check on for every server they build (test/support/setup.ts). */
export function setResponseChecksByDefault(on: boolean): void {
  checkByDefault = on;
}
export const responseChecksByDefault = (): boolean => checkByDefault;

export function serializerCompiler(opts: { check: boolean }): FastifySerializerCompiler<unknown> {
  // Fastify asks once per route and status, often with the same schema object (the case record
  // answers dozens of routes): each schema is compiled once. The check's wrapper stays per route,
  // as its message names the route.
  const compiled = new WeakMap<object, Serialize>();
  const compile = (schema: unknown): Serialize => {
    const key = schema !== null && typeof schema === 'object' ? schema : null;
    const cached = key ? compiled.get(key) : undefined;
    if (cached) return cached;
    const serialize: Serialize = fastJson(forSerialization(schema) as Parameters<typeof fastJson>[0]);
    if (key) compiled.set(key, serialize);
    return serialize;
  };
  return ({ schema, method, url, httpStatus }) => {
    const serialize = compile(schema);
    if (!opts.check) return serialize;
    return (data: unknown) => {
      const out: string = serialize(data);
      const expected: unknown = JSON.parse(json(data) ?? 'null');
      const diff = firstDifference(expected, JSON.parse(out));
      if (diff) {
        const message = `response schema of ${method} ${url} (${httpStatus}) does not describe the answer — ${diff}`;
        console.error(message);
        throw new Error(message);
      }
      return out;
    };
  };
}
