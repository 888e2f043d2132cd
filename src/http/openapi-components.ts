/**
 * The OpenAPI document with its recurring schemas named: every schema that carries the
 * `x-component` keyword (src/domain/schemas.ts, `named('CaseRecord')`) is published once under
 * components/schemas and referenced wherever it appears. Without it the case record would be
 * written out in each of the 49 actions' answers (a 3.5 MB document); with it the document stays
 * readable and the generated client types get names (components['schemas']['CaseRecord']). The
 * error answer, the same on every route, is components/responses/Error.
 */
import { COMPONENT } from '../domain/schemas.js';

type Json = unknown;

export function withComponents<D extends { paths?: Json; components?: { schemas?: Record<string, Json> } }>(doc: D): D {
  const schemas: Record<string, Json> = { ...doc.components?.schemas };
  const defined = new Map<string, string>();
  const walk = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    const { [COMPONENT]: name, ...schema } = out;
    if (typeof name !== 'string') return out;
    const json = JSON.stringify(schema);
    const before = defined.get(name);
    if (before === undefined) {
      defined.set(name, json);
      schemas[name] = schema;
    } else if (before !== json) {
      throw new Error(`OpenAPI: two different schemas are named ${name}`);
    }
    return { $ref: `#/components/schemas/${name}` };
  };
  const paths = walk(doc.paths) as Record<string, Record<string, { responses?: Record<string, Json> }>>;
  // The error answer is the same object on every route and status: one shared response.
  let errorResponse: Json;
  for (const item of Object.values(paths)) {
    for (const { responses } of Object.values(item)) {
      if (!responses) continue;
      for (const [status, answer] of Object.entries(responses)) {
        if (!isErrorAnswer(answer)) continue;
        errorResponse ??= answer;
        if (JSON.stringify(answer) !== JSON.stringify(errorResponse)) throw new Error(`OpenAPI: error answer ${status} differs from the others`);
        responses[status] = { $ref: '#/components/responses/Error' };
      }
    }
  }
  const sorted = Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]]));
  return { ...doc, paths, components: { ...doc.components, schemas: sorted, ...(errorResponse ? { responses: { Error: errorResponse } } : {}) } };
}

function isErrorAnswer(answer: Json): boolean {
  const schema = (answer as { content?: Record<string, { schema?: { $ref?: string } }> }).content?.['application/json']?.schema;
  return schema?.$ref === '#/components/schemas/Error';
}
