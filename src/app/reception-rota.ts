/**
 * 领导接访安排 (the reception rota): which organ's leaders receive visitors, on which weekday and
 * hours, where. Kept by the system administrator (configuration, 三员分立), published on the portal's
 * guide. Each change is audited in its own transaction.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { DomainError } from '../domain/errors.js';
import type { StaffUser } from '../domain/model/user.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import type { AuditSink } from './audit-sink.js';
import { requireRole } from './require-role.js';
import type { ReferenceData } from './reference-data.js';
import type { RotaEntry, RotaInput } from './contracts/admin.js';

export const WEEKDAY_LABELS = ['星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'] as const;

const TIME = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const clean = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

/** Every entry of organs still in existence, by weekday, then time. */
export async function rotaEntries(db: Db, ref: ReferenceData): Promise<RotaEntry[]> {
  const snap = await ref.get();
  const rows = await db.select().from(s.receptionRota).orderBy(asc(s.receptionRota.weekday), asc(s.receptionRota.time), asc(s.receptionRota.id));
  return rows.flatMap((r) => {
    const organ = snap.organs.get(r.organId);
    if (!organ || organ.successorId) return [];
    return [{ id: r.id, organId: r.organId, organ: organ.name, weekday: r.weekday, weekdayLabel: WEEKDAY_LABELS[r.weekday - 1] ?? '', time: r.time, leader: r.leader, place: r.place }];
  });
}

export class ReceptionRotaService {
  constructor(private readonly db: Db, private readonly ref: ReferenceData, private readonly audit: AuditSink) {}

  async listForAdmin(user: StaffUser): Promise<RotaEntry[]> {
    requireRole(user, 'system_admin');
    return rotaEntries(this.db, this.ref);
  }

  /** An entry as it will be stored, checked: the organ exists and is not merged away, a weekday, hours that start before they end. */
  private async checked(input: RotaInput) {
    const snap = await this.ref.get();
    const organ = snap.organs.get(input.organId);
    if (!organ || organ.successorId) throw new DomainError('ORGAN_NOT_FOUND', '机关不存在或已撤并', { field: 'organId' });
    const weekdayLabel = WEEKDAY_LABELS[input.weekday - 1]; // none unless a whole number 1–7
    if (weekdayLabel === undefined) throw new DomainError('ROTA_INVALID', '星期应为一至日', { field: 'weekday' });
    const m = TIME.exec(input.time.trim());
    if (!m || `${m[1]}:${m[2]}` >= `${m[3]}:${m[4]}`) throw new DomainError('ROTA_INVALID', '接访时间应写作“09:00-12:00”，且开始早于结束', { field: 'time' });
    const fields = { organId: organ.id, weekday: input.weekday, time: input.time.trim(), leader: clean(input.leader), place: clean(input.place) };
    return { organ, weekdayLabel, fields };
  }

  async add(user: StaffUser, input: RotaInput): Promise<RotaEntry> {
    requireRole(user, 'system_admin');
    const { organ, weekdayLabel, fields } = await this.checked(input);
    const row = { id: randomUUID(), ...fields, createdBy: user.id };
    await this.db.transaction(async (tx) => {
      await tx.insert(s.receptionRota).values(row);
      await this.audit.append(tx, { actorId: user.id, actorOrganId: user.organId, action: 'reception_rota.add', targetType: 'organ', targetId: organ.id, outcome: 'ok', detail: { weekday: row.weekday, time: row.time, leader: row.leader, place: row.place } });
    });
    const { createdBy: _by, ...entry } = row;
    return { ...entry, organ: organ.name, weekdayLabel };
  }

  /** Change an entry in place (the rota a leader's office adjusts week by week); audited with before and after. */
  async update(user: StaffUser, id: string, input: RotaInput): Promise<RotaEntry> {
    requireRole(user, 'system_admin');
    const { organ, weekdayLabel, fields } = await this.checked(input);
    await this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(s.receptionRota).where(eq(s.receptionRota.id, id)).for('update');
      if (!before) throw new DomainError('ROTA_NOT_FOUND', '该接访安排不存在');
      await tx.update(s.receptionRota).set(fields).where(eq(s.receptionRota.id, id));
      const shown = (r: typeof fields) => ({ organId: r.organId, weekday: r.weekday, time: r.time, leader: r.leader, place: r.place });
      await this.audit.append(tx, {
        actorId: user.id, actorOrganId: user.organId, action: 'reception_rota.update', targetType: 'organ', targetId: organ.id, outcome: 'ok',
        detail: { id, before: shown(before), after: shown(fields) },
      });
    });
    return { id, ...fields, organ: organ.name, weekdayLabel };
  }

  async remove(user: StaffUser, id: string): Promise<void> {
    requireRole(user, 'system_admin');
    await this.db.transaction(async (tx) => {
      const gone = await tx.delete(s.receptionRota).where(eq(s.receptionRota.id, id)).returning();
      if (!gone[0]) throw new DomainError('ROTA_NOT_FOUND', '该接访安排不存在');
      await this.audit.append(tx, { actorId: user.id, actorOrganId: user.organId, action: 'reception_rota.remove', targetType: 'organ', targetId: gone[0].organId, outcome: 'ok', detail: { weekday: gone[0].weekday, time: gone[0].time } });
    });
  }
}
