/**
 * One contract per route (docs/decisions/013-one-contract-per-route.md): every route of the running
 * server declares the answer of its success status, so /api/openapi.json describes the whole API and
 * the web apps' client types can be generated from it; the answers go out through those schemas
 * without losing what the handler returned, and records stored by older versions still go out.
 */
import Fastify from 'fastify';
import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../src/domain/model/case.js';
import { forSerialization, serializerCompiler } from '../../src/http/serialization.js';
import * as s from '../../src/store/schema.js';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition } from '../support/petitions.js';
import { routeKey, serverRoutes } from '../support/route-table.js';

const clock = new FakeClock('2026-03-02');
let srv: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  srv = await testServer(clock);
});
afterAll(async () => {
  await srv.close();
});

/** Not the JSON API: the web apps' pages and assets, and the OpenAPI document itself (hidden from it). */
const NOT_API = new Set(['GET /', 'GET /staff', 'GET /staff/', 'GET /staff/*', 'GET /*', 'GET /assets/*', 'GET /api/openapi.json']);

interface Answer { $ref?: string; content?: Record<string, { schema?: { $ref?: string; properties?: Record<string, unknown> } }> }
interface Operation { responses?: Record<string, Answer> }
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { responses?: Record<string, Answer>; schemas: Record<string, { properties?: Record<string, unknown> }> };
}
/** A response or schema by its `$ref` within the document (#/components/…). */
const resolve = <T>(doc: Spec, v: T & { $ref?: string }): T => {
  if (!v.$ref) return v;
  const [, , kind, name] = v.$ref.split('/');
  return (doc.components as unknown as Record<string, Record<string, T>>)[kind!]![name!]!;
};
const spec = async () => (await srv.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<Spec>();
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('every route declares its answers', () => {
  it('each route of the running server has a response schema for its success status (files: their content types)', async () => {
    const doc = await spec();
    const undescribed: string[] = [];
    let checked = 0;
    for (const r of serverRoutes(srv.app)) {
      if (r.method === 'HEAD' || NOT_API.has(routeKey(r))) continue;
      checked++;
      const op = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
      const success = Object.entries(op?.responses ?? {}).filter(([status]) => status.startsWith('2')).map(([st, a]) => [st, resolve(doc, a)] as const);
      const described = success.length > 0 && success.every(([status, answer]) =>
        status === '204' ? answer.content === undefined : Object.values(answer.content ?? {}).some((m) => m.schema !== undefined));
      if (!described) undescribed.push(routeKey(r));
    }
    expect(undescribed).toEqual([]);
    expect(checked).toBeGreaterThan(100); // the 49 actions and the rest: the walk did see the API
  });

  it('each route that can refuse declares its error answers as { code, message }', async () => {
    const doc = await spec();
    const without: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        // The two public reads that take nothing and cannot refuse.
        if (path === '/api/health' || path === '/api/rules/transitions') continue;
        const errorStatuses = Object.keys(op.responses ?? {}).filter((st) => /^[45]/.test(st));
        if (errorStatuses.length === 0) without.push(`${method.toUpperCase()} ${path}`);
        for (const st of errorStatuses) {
          const schema = resolve(doc, resolve(doc, op.responses![st]!).content?.['application/json']?.schema ?? {});
          expect(Object.keys(schema.properties ?? {}), `${method} ${path} ${st}`).toEqual(expect.arrayContaining(['code', 'message']));
        }
      }
    }
    expect(without).toEqual([]);
  });
});

describe('what the answers carry', () => {
  it('the current user is shown without the keyed indexes of their and their relatives’ ID numbers', async () => {
    const set = await srv.as('zjj_handler', 'PUT', '/api/auth/me/conflicts', { idNumber: '360731197805120015', relativeIdNumbers: [] });
    expect(set.statusCode, set.body).toBe(200);
    const me = (await srv.as('zjj_handler', 'GET', '/api/auth/me')).json<{ user: Record<string, unknown> }>();
    expect(Object.keys(me.user).sort()).toEqual(['dataScope', 'id', 'name', 'organId', 'roles', 'username']);
    const login = await srv.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'zjj_handler', password: 'Minsheng@2026' } });
    expect(login.body).not.toContain('conflictKeys');
  });

  it('a rules profile is saved only as the contract describes it (its added fields validated, nothing else stored)', async () => {
    const national = ((await srv.as('admin', 'GET', '/api/profiles')).json<Record<string, unknown>[]>()).find((p) => p.id === 'national')!;
    // As GET gives it, id included (the path decides).
    const same = await srv.as('admin', 'PUT', '/api/profiles/contract-probe', { ...national, name: '契约探针' });
    expect(same.statusCode, same.body).toBe(200);
    // Before: these went into the stored profile unchecked.
    for (const bad of [{ evaluationDays: -5 }, { evaluationDays: 'thirty' }, { lateApprovalOfTimelyRequest: 'yes' }, { hearingPauses: ['lunch'] }, { notAField: 1 },
      { indicatorTargets: { ...(national.indicatorTargets as object), satisfaction: 1.5 } }, { indicatorTargets: { satisfaction: 0.9 } }]) {
      const r = await srv.as('admin', 'PUT', '/api/profiles/contract-probe', { ...national, name: '契约探针', ...bad });
      expect(r.statusCode, JSON.stringify(bad)).toBe(400);
      expect(r.json<{ code: string }>().code).toBe('VALIDATION_FAILED');
    }
    // The fields added after the first version may be left out: the national defaults apply.
    const { evaluationDays: _e, lateApprovalOfTimelyRequest: _l, indicatorTargets: _t, id: _i, ...older } = national;
    expect((await srv.as('admin', 'PUT', '/api/profiles/contract-probe', { ...older, name: '契约探针' })).statusCode).toBe(200);
    const saved = ((await srv.as('admin', 'GET', '/api/profiles')).json<Record<string, unknown>[]>()).find((p) => p.id === 'contract-probe');
    expect(saved).toEqual({ ...national, id: 'contract-probe', name: '契约探针', evaluationDays: 30, lateApprovalOfTimelyRequest: false,
      indicatorTargets: { timelyAcceptance: 1, onTimeCompletion: 1, evaluationRate: null, satisfaction: null, repeatRate: null, onlineShare: null } });
  });

  it('a case whose record and events an older version stored is still answered, as stored', async () => {
    const created = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-03-02' }) });
    const id = created.json<{ case: { id: string } }>().case.id;
    // An event in the wording of an earlier version (states it no longer has), and a record
    // without a list later versions always write.
    await srv.database.db.insert(s.caseEvents).values({
      caseId: id, seq: 99, action: 'decline_terminated', at: '2025-01-01T02:00:00.000Z', on: '2025-01-01', actorId: null, actorKind: 'system',
      actorOrganId: null, fromState: 'terminated' as never, toState: 'terminated' as never, data: {},
    });
    const [row] = await srv.database.db.select({ record: s.cases.record }).from(s.cases).where(eq(s.cases.id, id));
    const { newMatterFindings: _n, ...older } = row!.record;
    await srv.database.db.update(s.cases).set({ record: older as CaseRecord }).where(eq(s.cases.id, id));

    const events = await srv.as('xfj_officer', 'GET', `/api/cases/${id}/events`);
    expect(events.statusCode, events.body).toBe(200);
    expect(events.json<{ fromState: string }[]>().at(-1)).toMatchObject({ action: 'decline_terminated', fromState: 'terminated', toState: 'terminated' });
    const detail = await srv.as('xfj_officer', 'GET', `/api/cases/${id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json<{ case: Record<string, unknown> }>().case).not.toHaveProperty('newMatterFindings');
  });
});

describe('the serializer', () => {
  const Answer = Type.Object({ kind: Type.Enum(['a', 'b']), note: Type.Union([Type.String({ maxLength: 3 }), Type.Null()]), n: Type.Integer() });
  const serverWith = async (check: boolean, payload: unknown) => {
    const app = Fastify();
    app.setSerializerCompiler(serializerCompiler({ check }));
    app.get('/x', { schema: { response: { 200: Answer } } }, () => payload);
    await app.ready();
    return app;
  };

  it('keeps shapes and types and drops what only validates', () => {
    expect(forSerialization(Answer)).toEqual({
      type: 'object',
      properties: { kind: {}, note: { anyOf: [{ type: 'string' }, { type: 'null' }] }, n: { type: 'integer' } },
    });
    // Branches left identical collapse: an enum of literals is one string.
    expect(forSerialization(Type.Union([Type.Literal('x'), Type.Literal('y')]))).toEqual({ type: 'string' });
  });

  it('answers a value its schema would refuse (older data) instead of failing', async () => {
    const app = await serverWith(true, { kind: 'legacy', note: 'longer than three', n: 1 });
    const r = await app.inject({ method: 'GET', url: '/x' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ kind: 'legacy', note: 'longer than three', n: 1 });
    await app.close();
  });

  it('fails, when checking, an answer its schema does not describe; without the check, drops it', async () => {
    const payload = { kind: 'a', note: null, n: 1, shownOnScreen: true };
    const checked = await serverWith(true, payload);
    const original = console.error;
    console.error = () => {};
    try {
      expect((await checked.inject({ method: 'GET', url: '/x' })).statusCode).toBe(500);
    } finally {
      console.error = original;
    }
    await checked.close();
    const unchecked = await serverWith(false, payload);
    expect((await unchecked.inject({ method: 'GET', url: '/x' })).json()).toEqual({ kind: 'a', note: null, n: 1 });
    await unchecked.close();
  });

  it('fails, when checking, an answer its schema coerces', async () => {
    const app = await serverWith(true, { kind: 'a', note: null, n: 1.5 });
    const original = console.error;
    console.error = () => {};
    try {
      expect((await app.inject({ method: 'GET', url: '/x' })).statusCode).toBe(500);
    } finally {
      console.error = original;
    }
    await app.close();
  });
});
