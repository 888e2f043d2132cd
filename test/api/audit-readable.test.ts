/**
 * The audit screen reads as a person reads it (issue 12): a case action names the case by its
 * number and the action by the engine's label, a petitioner's own action says 信访人 (not 系统),
 * and an account or organ by its name. Expected labels are written here by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActionLabel } from '../../src/domain/audit-actions.js';
import { FakeClock } from '../support/db.js';
import { BROWSER, portalServer, publicPetition } from '../portal/support.js';
import { samplePetition } from '../support/petitions.js';

const clock = new FakeClock('2026-11-20');
let srv: Awaited<ReturnType<typeof portalServer>>;
beforeAll(async () => {
  srv = await portalServer(clock);
});
afterAll(async () => {
  await srv.close();
});

interface Entry { action: string; actorKind: string; targetType: string; targetId: string | null; targetLabel?: string; actorName?: string }

describe('the audit log, readable', () => {
  it('names the case by its number, the petitioner as 信访人, and the action in Chinese', async () => {
    const staff = await srv.as('xfj_clerk', 'POST', '/api/cases', { petition: samplePetition({ receivedOn: '2026-11-20' }) });
    expect(staff.statusCode, staff.body).toBe(201);
    const staffCase = staff.json<{ case: { id: string; number: string } }>().case;
    const online = await srv.app.inject({ method: 'POST', url: '/api/public/petitions', payload: publicPetition() as never, headers: { 'idempotency-key': 'audit-readable-1', ...BROWSER } });
    expect(online.statusCode, online.body).toBe(201);

    const r = await srv.as('auditor', 'GET', '/api/audit?action=case.register&pageSize=10');
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json<{ items: Entry[] }>().items;
    const byStaff = items.find((e) => e.targetId === staffCase.id)!;
    expect(byStaff).toMatchObject({ actorKind: 'staff', targetType: 'case', targetLabel: staffCase.number, actorName: '刘晓燕' });
    const byPetitioner = items.find((e) => e.targetId !== staffCase.id)!;
    expect(byPetitioner.actorKind).toBe('petitioner');
    expect(byPetitioner.targetLabel).toMatch(/^\d{6}-2026-\d{6}$/);
  });

  it('an action code in Chinese: the table, the engine\'s labels, and an unknown code as it is', () => {
    const table: [string, string][] = [
      ['case.register', '登记信访事项'], ['case.accept', '案件：受理'], ['case.issue_supervision', '案件：督办'], ['case.unmask', '查看完整个人信息'],
      ['user.roles', '授予角色'], ['reception_rota.remove', '删除接访安排'], ['case.no_such_action', 'case.no_such_action'], ['future.thing', 'future.thing'],
    ];
    for (const [code, label] of table) expect(auditActionLabel(code), code).toBe(label);
  });
});
