/** The data-scope rule of domain/access/case-visibility.ts as a SQL condition, for lists and counts. */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { accusedBlockIds, scopeOrganIds, seesNoCases } from '../domain/access/case-visibility.js';
import type { OrganTree } from '../domain/model/organ.js';
import type { StaffUser } from '../domain/model/user.js';
import * as s from '../store/schema.js';

const textArray = (xs: string[]) => sql`ARRAY[${sql.join(xs.map((x) => sql`${x}`), sql`, `)}]::text[]`;

export function visibleCasesWhere(user: StaffUser, tree: OrganTree): SQL {
  if (seesNoCases(user)) return sql`false`;
  const notAccused = sql`NOT (${s.cases.accusedOrganIds} && ${textArray(accusedBlockIds(user, tree))})`;
  if (user.dataScope === 'assigned') return and(eq(s.cases.assigneeId, user.id), notAccused)!;
  const orgs = scopeOrganIds(user, tree);
  return and(or(inArray(s.cases.holderOrganId, orgs), inArray(s.cases.actingOrganId, orgs), inArray(s.cases.registrarOrganId, orgs)), notAccused)!;
}
