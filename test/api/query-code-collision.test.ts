/**
 * Two cases drawing the same query code: the second registration draws another instead of failing
 * on the unique index (31^8 codes meet about once in a million registrations — the bench's
 * million-case seed did).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeClock, testServer } from '../support/db.js';
import { samplePetition as petition } from '../support/petitions.js';

const drawn = vi.hoisted(() => ({ codes: [] as string[] }));
vi.mock('../../src/app/query-code.js', async (original) => {
  const real = await original<typeof import('../../src/app/query-code.js')>();
  return { ...real, newQueryCode: () => drawn.codes.shift() ?? real.newQueryCode() };
});

const clock = new FakeClock('2026-03-02');
let srv: Awaited<ReturnType<typeof testServer>>;
beforeAll(async () => {
  srv = await testServer(clock);
});
afterAll(async () => {
  await srv.close();
});

describe('query code collision', () => {
  it('the second case is registered with a code of its own (the taken one drawn twice more, then a free one)', async () => {
    drawn.codes.push('ABCD2345', 'ABCD2345', 'ABCD2345', 'WXYZ6789');
    const first = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-03-02', title: '第一件' }) });
    const second = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: petition({ receivedOn: '2026-03-02', title: '第二件' }) });
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const a = first.json<{ case: { id: string }; queryCode: string }>(), b = second.json<{ case: { id: string }; queryCode: string }>();
    expect(a.queryCode).toBe('ABCD2345');
    expect(b.queryCode).toBe('WXYZ6789');
    expect(drawn.codes).toEqual([]);
  });
});
