/**
 * The ledger's filter as SQL, once: CaseService.list (GET /api/cases/ledger) and the Excel export
 * (WorkbenchService.exportRows) select the same cases (the filter's schema: LedgerFilterT in
 * contracts/cases.ts), within the user's data scope (case-scope-sql.ts).
 */
import { and, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { OrganTree } from '../domain/model/organ.js';
import type { StaffUser } from '../domain/model/user.js';
import * as s from '../store/schema.js';
import { allOf, visibleCasesWhere } from './case-scope-sql.js';
import type { LedgerFilter } from './contracts/cases.js';

/** The ledger's whole condition: the user's data scope and the filter. */
export function ledgerWhere(user: StaffUser, organs: OrganTree, f: LedgerFilter, today: string): SQL {
  return allOf(visibleCasesWhere(user, organs), ...ledgerConditions(f, today));
}

/** The conditions of a filter (undefined for each one not set), for `and(scope, ...conditions)`. */
export function ledgerConditions(f: LedgerFilter, today: string): (SQL | undefined)[] {
  return [
    // Free text (an unknown state, channel or kind matches nothing), compared as text.
    f.state ? sql`${s.cases.state} = ${f.state}` : undefined,
    f.open !== undefined ? eq(s.cases.open, f.open) : undefined,
    f.channel ? sql`${s.cases.channel} = ${f.channel}` : undefined,
    f.kind ? sql`${s.cases.kind} = ${f.kind}` : undefined,
    f.categoryCode ? sql`${s.cases.categoryCode} like ${f.categoryCode + '%'}` : undefined,
    f.holderOrganId ? eq(s.cases.holderOrganId, f.holderOrganId) : undefined,
    f.regionCode ? sql`${s.cases.regionCode} like ${f.regionCode + '%'}` : undefined,
    f.receivedFrom ? gte(s.cases.receivedOn, f.receivedFrom) : undefined,
    f.receivedTo ? lte(s.cases.receivedOn, f.receivedTo) : undefined,
    f.overdue ? and(eq(s.cases.open, true), lt(s.cases.nextDue, today)) : undefined,
    f.simplified !== undefined ? eq(s.cases.simplified, f.simplified) : undefined,
  ];
}
