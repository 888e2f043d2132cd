/** The data-scope rule of domain/access/case-visibility.ts as a SQL condition, for lists and counts. */
import { and, eq, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { accusedBlockIds, scopeOrganIds, seesNoCases } from '../domain/access/case-visibility.js';
import type { OrganTree } from '../domain/model/organ.js';
import type { StaffUser } from '../domain/model/user.js';
import * as s from '../store/schema.js';
import { textArray } from '../store/sql-arrays.js';

/**
 * AND of conditions, at least one of them given. drizzle's and() is typed `SQL | undefined` because
 * it yields undefined when every condition is undefined, which `first` rules out.
 */
export const allOf = (first: SQL, ...rest: (SQL | undefined)[]): SQL => and(first, ...rest) ?? first;

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

/**
 * The scope rule for cases already narrowed to the user's own organ (it acts on them or holds
 * them): every organ scope contains the user's own organ, so only the accusation exclusions remain
 * (the IN lists over the subtree would only cost planning time); an 'assigned' scope still needs
 * the case to be assigned to the user.
 */
export function ownOrganCasesWhere(user: StaffUser, tree: OrganTree): SQL {
  if (seesNoCases(user)) return sql`false`;
  const notAccused = notAccusedWhere(user, tree);
  return user.dataScope === 'assigned' ? allOf(eq(s.cases.assigneeId, user.id), notAccused) : notAccused;
}

/** 待办: the open cases the user's organ must act on (for an 'assigned' scope: those assigned to the user), within the scope. */
export function queueCasesWhere(user: StaffUser, tree: OrganTree): SQL {
  if (seesNoCases(user)) return sql`false`;
  const mine = user.dataScope === 'assigned' ? eq(s.cases.assigneeId, user.id) : eq(s.cases.actingOrganId, user.organId);
  return allOf(mine, eq(s.cases.open, true), ownOrganCasesWhere(user, tree));
}

/**
 * The open cases of an organ data scope as three disjoint parts — the acting organ in the scope;
 * else the holder; else the registrar — whose counts add up to the count of the scope's open
 * cases. Each part is read through its own partial index (the first index-only, from the queue's
 * covering index), where the scope's OR over three IN lists made the planner read every open case
 * of the province (the dashboard of a county government at a million cases: 107 ms → see
 * bench/bench.ts). Null for an 'assigned' scope (no organ lists) or one that sees no cases.
 */
export function openScopeParts(user: StaffUser, tree: OrganTree): SQL[] | null {
  if (seesNoCases(user) || user.dataScope === 'assigned') return null;
  const orgs = scopeOrganIds(user, tree);
  const notAccused = notAccusedWhere(user, tree);
  const open = eq(s.cases.open, true);
  const { actingOrganId: acting, holderOrganId: holder, registrarOrganId: registrar } = s.cases;
  return [
    allOf(open, inArray(acting, orgs), notAccused),
    allOf(open, inArray(holder, orgs), notInArray(acting, orgs), notAccused),
    allOf(open, inArray(registrar, orgs), notInArray(holder, orgs), notInArray(acting, orgs), notAccused),
  ];
}
