/** Loads the reference data (organ tree, staff, category dictionary) into an empty database. */
import { categoryRowsOf, type CategoryNode } from '../app/first-run.js';
import { hashPassword } from '../app/auth-service.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { readDemoData } from './data-files.js';
import { DEMO_ORGANS, DEMO_PASSWORD, DEMO_USERS } from './organ-tree.js';

/** The 3-level dictionary (15 / 118 / 517) as rows with codes 01, 0101, 010101 — coded as setup codes an office's file. */
export function categoryRows(): (typeof s.categories.$inferInsert)[] {
  return categoryRowsOf(readDemoData('categories.json') as CategoryNode[]);
}

export async function seedReference(db: Db): Promise<boolean> {
  const existing = await db.select({ id: s.organs.id }).from(s.organs).limit(1);
  if (existing.length > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    await tx.insert(s.organs).values(DEMO_ORGANS.map((o) => ({ ...o, profileId: o.id === 'prov' ? 'national' : null })));
    await tx.insert(s.users).values(DEMO_USERS.map((u) => ({ ...u, passwordHash })));
    await tx.insert(s.categories).values(categoryRows());
  });
  return true;
}

/** The demo's 领导接访安排 (shown on the portal's guide); `npm start` adds it with the demo cases. */
export async function seedDemoRota(db: Db): Promise<void> {
  const row = (id: string, organId: string, weekday: number, time: string, leader: string, place: string) =>
    ({ id, organId, weekday, time, leader, place, createdBy: 'u-admin' });
  await db.insert(s.receptionRota).values([
    row('rota-demo-1', 'county-xfj', 3, '09:00-12:00', '县信访局负责人', '于都县人民来访接待中心（县行政中心一楼）'),
    row('rota-demo-2', 'county', 1, '09:00-11:30', '县人民政府值班领导', '于都县人民来访接待中心'),
    row('rota-demo-3', 'town-gj', 2, '14:30-17:00', '贡江镇党委、政府值班领导', '贡江镇综治中心信访接待室'),
  ]).onConflictDoNothing();
}
