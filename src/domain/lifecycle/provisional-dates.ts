/**
 * Events and documents carry due dates computed from the case's clocks (the acceptance notice's
 * 办理期限, the extension notice's new date …). A document is frozen when issued, so whether each
 * such date was provisional (预计) at that moment is recorded beside it: `provisionalDates` lists
 * the fields. Which field comes from which clock is written here once, beside the transition table
 * rather than inside it; test/domain/lifecycle/provisional-dates.test.ts checks that every date a
 * transition copies from a provisional clock is listed.
 */
import type { ClockKind } from '../rules/profiles.js';
import type { CaseRecord } from '../model/case.js';
import type { DocumentKind } from '../model/documents.js';
import { openClock } from './clocks.js';

/** Event data fields holding a clock's due date, by action. */
export const EVENT_DUE_FIELDS: Readonly<Record<string, Readonly<Record<string, ClockKind>>>> = {
  accept: { handlingDue: 'handling' },
  approve_extension: { newDue: 'handling' },
  end_hearing: { decisionDue: 'rereview_decision' },
};

/** Document data fields holding a clock's due date, by document kind. */
export const DOCUMENT_DUE_FIELDS: Readonly<Partial<Record<DocumentKind, Readonly<Record<string, ClockKind>>>>> = {
  forwarding_slip: { due: 'acceptance' },
  acceptance_notice: { handlingDue: 'handling' },
  extension_notice: { newDue: 'handling' },
  review_acceptance_notice: { decisionDue: 'review_decision' },
  rereview_acceptance_notice: { decisionDue: 'rereview_decision' },
};

/**
 * `data` with `provisionalDates` set to the fields whose date is the (provisional) due date of the
 * named open clock in `c`; `data` itself when there are none.
 */
export function markProvisional<D extends Record<string, unknown>>(data: D, fields: Readonly<Record<string, ClockKind>> | undefined, c: CaseRecord): D {
  if (!fields) return data;
  const provisional = Object.entries(fields)
    .filter(([field, kind]) => {
      const k = openClock(c, kind);
      return typeof data[field] === 'string' && k?.provisional === true && k.due === data[field];
    })
    .map(([field]) => field);
  return provisional.length ? { ...data, provisionalDates: provisional } : data;
}
