/**
 * 领导接访安排: kept by the system administrator only, validated, audited, and published on the
 * portal's guide as kept (nothing invented when there is none).
 */
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../src/store/schema.js';
import { FakeClock } from '../support/db.js';
import { portalServer } from './support.js';

let srv: Awaited<ReturnType<typeof portalServer>>;
beforeAll(async () => {
  srv = await portalServer(new FakeClock('2025-09-20'));
});
afterAll(async () => {
  await srv.close();
});

const guideRota = async () => ((await srv.app.inject({ method: 'GET', url: '/api/public/guide' })).json<{ rota: unknown[] }>()).rota;
const rows = () => srv.database.db.select().from(s.receptionRota);
const entry = { organId: 'county-xfj', weekday: 3, time: '09:00-12:00', leader: '县信访局负责人', place: '于都县人民来访接待中心' };

describe('reception rota', () => {
  it('is added by the system administrator, audited, and shown on the portal guide', async () => {
    expect(await guideRota()).toEqual([]);
    const r = await srv.as('admin', 'POST', '/api/admin/reception-rota', entry);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ organ: '于都县信访局', weekdayLabel: '星期三', time: '09:00-12:00' });
    expect(await guideRota()).toEqual([{ organ: '于都县信访局', weekday: '星期三', time: '09:00-12:00', leader: '县信访局负责人', place: '于都县人民来访接待中心' }]);
    const audit = await srv.database.db.select().from(s.auditLog).where(like(s.auditLog.action, 'reception_rota.%'));
    expect(audit.map((a) => a.action)).toEqual(['reception_rota.add']);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = (await rows()).length;
    for (const [body, code] of [
      [{ ...entry, time: '12:00-09:00' }, 'ROTA_INVALID'],
      [{ ...entry, time: '25:00-26:00' }, 'ROTA_INVALID'],
      [{ ...entry, time: '9点到12点' }, 'VALIDATION_FAILED'],
      [{ ...entry, organId: 'no-such-organ' }, 'ORGAN_NOT_FOUND'],
      [{ ...entry, weekday: 8 }, 'VALIDATION_FAILED'],
      [{ ...entry, extra: 1 }, 'VALIDATION_FAILED'],
    ] as const) {
      const r = await srv.as('admin', 'POST', '/api/admin/reception-rota', body);
      expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
      expect(r.json<{ code: string }>().code).toBe(code);
    }
    expect(await rows()).toHaveLength(before);
  });

  it('is the system administrator’s alone: other roles are refused, anonymous callers must log in', async () => {
    const id = (await rows())[0]!.id;
    for (const u of ['secadmin', 'auditor', 'xfj_officer', 'xfj_leader']) {
      expect((await srv.as(u, 'GET', '/api/admin/reception-rota')).statusCode).toBe(403);
      expect((await srv.as(u, 'POST', '/api/admin/reception-rota', entry)).statusCode).toBe(403);
      expect((await srv.as(u, 'DELETE', `/api/admin/reception-rota/${id}`)).statusCode).toBe(403);
    }
    expect((await srv.app.inject({ method: 'GET', url: '/api/admin/reception-rota' })).statusCode).toBe(401);
    expect(await rows()).toHaveLength(1);
  });

  it('is edited in place (issue 12): the guide shows the new hours, the audit entry before and after; bad input changes nothing', async () => {
    const id = (await rows())[0]!.id;
    const changed = { ...entry, weekday: 5, time: '14:30-17:30', leader: '县人民政府值班领导' };
    const r = await srv.as('admin', 'PUT', `/api/admin/reception-rota/${id}`, changed);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ id, weekdayLabel: '星期五', time: '14:30-17:30', leader: '县人民政府值班领导' });
    expect(await guideRota()).toEqual([{ organ: '于都县信访局', weekday: '星期五', time: '14:30-17:30', leader: '县人民政府值班领导', place: '于都县人民来访接待中心' }]);
    const [audit] = await srv.database.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'reception_rota.update'));
    expect(audit?.detail).toMatchObject({ id, before: { weekday: 3, time: '09:00-12:00' }, after: { weekday: 5, time: '14:30-17:30', leader: '县人民政府值班领导' } });
    const bad = await srv.as('admin', 'PUT', `/api/admin/reception-rota/${id}`, { ...changed, time: '18:00-08:00' });
    expect(bad.json<{ code: string }>().code).toBe('ROTA_INVALID');
    const missing = await srv.as('admin', 'PUT', '/api/admin/reception-rota/no-such-entry', changed);
    expect([missing.statusCode, missing.json<{ code: string }>().code]).toEqual([404, 'ROTA_NOT_FOUND']);
    expect((await srv.as('xfj_officer', 'PUT', `/api/admin/reception-rota/${id}`, entry)).statusCode).toBe(403);
    expect((await rows())[0]).toMatchObject({ weekday: 5, time: '14:30-17:30' });
  });

  it('is removed (audited); removing it again answers 404', async () => {
    const id = (await rows())[0]!.id;
    expect((await srv.as('admin', 'DELETE', `/api/admin/reception-rota/${id}`)).statusCode).toBe(204);
    expect(await guideRota()).toEqual([]);
    const again = await srv.as('admin', 'DELETE', `/api/admin/reception-rota/${id}`);
    expect(again.statusCode).toBe(404);
    expect(again.json<{ code: string }>().code).toBe('ROTA_NOT_FOUND');
    const removed = await srv.database.db.select().from(s.auditLog).where(eq(s.auditLog.action, 'reception_rota.remove'));
    expect(removed).toHaveLength(1);
  });
});
