/** The data-scope rule of domain/access/case-visibility.ts as a SQL condition, for lists and counts. */
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { accusedBlockIds, scopeOrganIds, seesNoCases } from '../domain/access/case-visibility.js';
import type { OrganTree } from '../domain/model/organ.js';
import type { StaffUser } from '../domain/model/user.js';
import * as s from '../store/schema.js';

/**
 * AND of conditions, at least one of them given. drizzle's and() is typed `SQL | undefined` because
 * it yields undefined when every condition is undefined, which `first` rules out.
 */
export const allOf = (first: SQL, ...rest: (SQL | undefined)[]): SQL => and(first, ...rest) ?? first;

const textArray = (xs: string[]) => sql`ARRAY[${sql.join(xs.map((x) => sql`${x}`), sql`, `)}]::text[]`;

/** canSeeCase's accused organs and namedInAccusation, in that order: the part of the scope rule that is not about organs. */
export function notAccusedWhere(user: StaffUser, tree: OrganTree): SQL {
  return allOf(
    sql`NOT (${s.cases.accusedOrganIds} && ${textArray(accusedBlockIds(user, tree))})`,
    sql`NOT (${s.cases.kind} = 'accusation' AND ${s.cases.involvedUserIds} @> ${textArray([user.id])})`,
  );
}

export function visibleCasesWhere(user: StaffUser, tree: OrganTree): SQL {
  if (seesNoCases(user)) return sql`false`;
  const notAccused = notAccusedWhere(user, tree);
  if (user.dataScope === 'assigned') return allOf(eq(s.cases.assigneeId, user.id), notAccused);
  const orgs = scopeOrganIds(user, tree);
  const inScope = or(inArray(s.cases.holderOrganId, orgs), inArray(s.cases.actingOrganId, orgs), inArray(s.cases.registrarOrganId, orgs));
  return allOf(notAccused, inScope);
}
