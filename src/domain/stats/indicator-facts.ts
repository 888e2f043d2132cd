/**
 * The facts the indicators (workflow.md §6) count, derived from one case record: each says which
 * organ it is about, the day it counts on, and whether it is a hit (on time, evaluated, satisfied,
 * online …). The store keeps them beside the case, rewritten in the case's own transaction, so an
 * indicator over any organ subtree and period is a GROUP BY over an index (decision 027).
 *
 * The day a duty counts on is the day it was met, or — when it was not met in time — the first day
 * it was late (the day after its due date). So a duty counts once, in the period it was decided,
 * and a running duty counts against its organ from the day it is late, before anyone acts on it;
 * a running duty not yet due does not count at all. The store writes a running clock's fact with
 * that first late day, and the queries count only facts on or before today.
 */
import { addDays, daysBetween, type IsoDate } from '../calendar/dates.js';
import type { CaseRecord, Clock } from '../model/case.js';
import type { ClockKind } from '../rules/profiles.js';

export const FACT_KINDS = [
  'online', // 网上信访: a petition registered (organ: the registrar); hit when it came online
  'visit', // 来访: the same petitions; hit when it came as a visit (访降网升)
  'repeat', // 重复信访: the same petitions; hit when it repeats an earlier matter
  'acceptance', // 及时受理: a routing (登记转送, Art 22) or acceptance (受理告知, Art 24) duty; hit when met in time
  'completion', // 按期办结: an opinion duty (handling, review, re-review); hit when the opinion was issued in time
  'evaluation', // 参评: a served opinion's evaluation window; hit when evaluated, else counted on the day it closed
  'satisfaction', // 满意: an evaluation; hit when 满意 or 基本满意
  'accepted', // 受理: the day the handling organ accepted the petition
  'opinion', // 出具意见: an opinion issued; `days` from receipt for a handling opinion (平均办理天数)
  'backlog', // 积案: an opinion duty still running past its due date (counted from the first late day)
] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface IndicatorFact {
  kind: FactKind;
  organId: string;
  on: IsoDate;
  hit: boolean;
  /** Handling days of an opinion (from the petition's receipt to the opinion), else null. */
  days: number | null;
}

const ACCEPTANCE_CLOCKS: ReadonlySet<ClockKind> = new Set(['routing', 'acceptance']);
const OPINION_CLOCKS: ReadonlySet<ClockKind> = new Set(['handling', 'review_decision', 'rereview_decision']);
const SATISFIED: ReadonlySet<string> = new Set(['satisfied', 'basically_satisfied']);

/**
 * A duty's fact: met (stopped on or before its due date) counts as a hit on the day it was met;
 * late (stopped after the due date, or still running) counts as a miss on the first late day. A
 * paused clock still running has no due date and no fact; one stopped while paused was met.
 */
function dutyFact(kind: FactKind, k: Clock): IndicatorFact | null {
  if (k.stoppedOn !== null && (k.due === null || k.stoppedOn <= k.due)) return { kind, organId: k.organId, on: k.stoppedOn, hit: true, days: null };
  if (k.due === null) return null;
  return { kind, organId: k.organId, on: addDays(k.due, 1), hit: false, days: null };
}

/** Every fact of a case; `evaluationDays` is its rules profile's evaluation window (送达之日起). */
export function indicatorFacts(c: CaseRecord, evaluationDays: number): IndicatorFact[] {
  const facts: IndicatorFact[] = [];
  const petition = (kind: FactKind, hit: boolean) => facts.push({ kind, organId: c.registrarOrganId, on: c.content.receivedOn, hit, days: null });
  petition('online', c.content.channel === 'online');
  petition('visit', c.content.channel === 'visit');
  petition('repeat', c.content.linkedCaseIds.length > 0 || c.state === 'merged');

  for (const k of c.clocks) {
    const kind: FactKind | null = ACCEPTANCE_CLOCKS.has(k.kind) ? 'acceptance' : OPINION_CLOCKS.has(k.kind) ? 'completion' : null;
    if (!kind) continue;
    const f = dutyFact(kind, k);
    if (f) facts.push(f);
    if (kind === 'completion' && k.stoppedOn === null && k.due !== null) {
      facts.push({ kind: 'backlog', organId: k.organId, on: addDays(k.due, 1), hit: false, days: null });
    }
  }

  if (c.acceptedOn) {
    // The handling clock starts the day of acceptance, at the accepting organ.
    const organId = c.clocks.find((k) => k.kind === 'handling' && k.start === c.acceptedOn)?.organId ?? c.holderOrganId;
    facts.push({ kind: 'accepted', organId, on: c.acceptedOn, hit: true, days: null });
  }

  c.opinions.forEach((o, i) => {
    facts.push({ kind: 'opinion', organId: o.organId, on: o.issuedOn, hit: true, days: o.stage === 'handling' ? daysBetween(c.content.receivedOn, o.issuedOn) : null });
    if (o.servedOn === null) return;
    const evaluation = c.evaluations.find((e) => e.opinionIndex === i);
    facts.push(evaluation
      ? { kind: 'evaluation', organId: o.organId, on: evaluation.on, hit: true, days: null }
      : { kind: 'evaluation', organId: o.organId, on: addDays(o.servedOn, evaluationDays + 1), hit: false, days: null });
  });
  for (const e of c.evaluations) {
    const o = c.opinions[e.opinionIndex];
    if (o) facts.push({ kind: 'satisfaction', organId: o.organId, on: e.on, hit: SATISFIED.has(e.result), days: null });
  }
  return facts;
}
