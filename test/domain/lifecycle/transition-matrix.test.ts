/**
 * The transition table, checked exhaustively: every action × a case in every state (and the
 * variants the guards look at) × every demo user and the petitioner.
 *
 * The expected answer is computed from the table's declared `from`, `roles`, `petitioner` and
 * `organ` (with relationsOf for the actor's organ) and from the recusal rule (回避, Art 28) — not
 * from refusalFor. Beyond those, only the action's own `when` guard may refuse, and only with one
 * of the codes its source documents (GUARD_CODES below). Every allowed action is then applied with
 * a valid input and must land in a state the spec gives for it (TARGETS below); every refused one
 * must throw the same code and leave the case untouched.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import type { DomainContext } from '../../../src/domain/lifecycle/context.js';
import { applyAction, availableActions, refusalFor, type ActionAvailability } from '../../../src/domain/lifecycle/engine.js';
import { relationsOf } from '../../../src/domain/lifecycle/relations.js';
import { ACTION_NAMES, ACTION_RULES, type ActionName, type ActionRule } from '../../../src/domain/lifecycle/action-rules.js';
import type { CaseRecord } from '../../../src/domain/model/case.js';
import { CASE_STATES, TERMINAL_STATES, type CaseState } from '../../../src/domain/model/case-states.js';
import type { StaffUser } from '../../../src/domain/model/user.js';
import {
  DEMO_STAFF, PETITIONER, contextFor, reach, staff, stateFixtures, validInput, type Fixture,
} from '../../support/domain-fixtures.js';

/** The refusal codes each action's own `when` guard can return (read from action-behaviour.ts). */
const GUARD_CODES: Record<ActionName, readonly string[]> = {
  forward: ['NOT_PETITION_OFFICE', 'SAME_MATTER_UNDECIDED'],
  assign: ['NOT_PETITION_OFFICE', 'SIMPLIFIED_EXCLUDED', 'SAME_MATTER_UNDECIDED'],
  forward_political_legal: ['NOT_PETITION_OFFICE', 'SAME_MATTER_UNDECIDED'],
  forward_discipline: ['NOT_PETITION_OFFICE', 'SAME_MATTER_UNDECIDED'],
  report_major: [],
  take_own_remit: ['PETITION_OFFICE_ROUTES', 'OWN_PROCEDURE', 'SAME_MATTER_UNDECIDED'],
  forward_to_subordinate: ['PETITION_OFFICE_ROUTES', 'NO_SUBORDINATE', 'SAME_MATTER_UNDECIDED'],
  redirect_outside: ['PETITION_OFFICE_ROUTES'],
  refer_to_procedure: ['NOT_OWN_PROCEDURE'],
  merge_as_repeat: ['NO_OPEN_EARLIER_CASE'],
  decline_final_matter: ['NO_FINAL_MATTER'],
  confirm_new_matter: ['NO_FINAL_MATTER'],
  object: ['NO_SENDER', 'OBJECTION_WINDOW_EXPIRED'],
  approve_objection: [],
  reject_objection: [],
  designate_lead_organ: ['SINGLE_ORGAN', 'SAME_MATTER_UNDECIDED'],
  accept: ['OWN_PROCEDURE', 'SAME_MATTER_UNDECIDED'],
  decline: ['NO_GROUND_TO_DECLINE'],
  divert: [],
  apply_simplified: ['ALREADY_SIMPLIFIED', 'SIMPLIFIED_EXCLUDED'],
  convert_to_normal: ['NOT_SIMPLIFIED'],
  record_hearing: [],
  request_extension: ['SIMPLIFIED_NO_EXTENSION', 'ALREADY_EXTENDED', 'APPROVAL_PENDING', 'EXTENSION_PERIOD_EXPIRED'],
  approve_extension: ['NO_PENDING_APPROVAL', 'EXTENSION_APPROVAL_LATE'],
  draft_opinion: ['APPROVAL_PENDING'],
  sign_opinion: ['NO_PENDING_APPROVAL', 'NOT_APPROVER'],
  refuse_approval: ['NO_PENDING_APPROVAL', 'NOT_APPROVER'],
  serve: ['NOT_ISSUING_ORGAN'],
  submit_report: ['NOT_ASSIGNED', 'REPORT_ALREADY_SUBMITTED'],
  approve_report: ['NO_REPORT'],
  return_report: ['NO_REPORT'],
  evaluate: ['ALREADY_EVALUATED', 'EVALUATION_WINDOW_CLOSED'],
  request_review: ['NO_REVIEW_ORGAN'],
  accept_review: [],
  draft_review_opinion: ['APPROVAL_PENDING'],
  sign_review_opinion: ['NO_PENDING_APPROVAL'],
  request_rereview: ['NO_REREVIEW_ORGAN'],
  accept_rereview: [],
  start_hearing: ['HEARING_OPEN'],
  end_hearing: ['NO_HEARING'],
  draft_rereview_opinion: ['HEARING_OPEN', 'APPROVAL_PENDING'],
  sign_rereview_opinion: ['HEARING_OPEN', 'NO_PENDING_APPROVAL'],
  close: ['REPORT_NOT_APPROVED', 'REQUEST_WINDOW_OPEN'],
  transfer_to_successor: ['NO_SUCCESSOR'],
  issue_supervision: ['SUPERVISION_OPEN'],
  answer_supervision: [],
  issue_recommendation: [],
  answer_recommendation: [],
  order_correction: [],
  reopen: ['NO_SUPERVISION_ORDER'],
  declare_conflict: [],
  assign_handler: [],
};

/**
 * Where each action leads (workflow.md §3, written here by hand — not read from the rules table):
 * a list of possible next states, 'same' for actions that record something without moving the
 * case, or a map from the state it starts in.
 */
type Target = readonly CaseState[] | 'same' | Partial<Record<CaseState, CaseState>>;
const TARGETS: Record<ActionName, Target> = {
  forward: ['awaiting_acceptance'],
  assign: ['awaiting_acceptance'],
  forward_political_legal: ['referred'], // 政法部门依法处理: out of the 信访 procedure (Art 22 ¶2, Art 28 ¶2)
  forward_discipline: ['referred'], // 纪检监察机关依规依纪依法处理 (Art 22 ¶2, Art 30)
  report_major: 'same',
  take_own_remit: ['awaiting_acceptance'],
  forward_to_subordinate: ['awaiting_acceptance'],
  redirect_outside: ['redirected'],
  refer_to_procedure: ['referred'],
  merge_as_repeat: ['merged'],
  decline_final_matter: ['not_reaccepted'],
  confirm_new_matter: 'same',
  object: ['objection_pending'],
  approve_objection: ['registered'],
  reject_objection: ['awaiting_acceptance'],
  designate_lead_organ: ['awaiting_acceptance'],
  accept: ['handling'],
  decline: ['not_accepted'],
  divert: ['diverted'],
  apply_simplified: 'same',
  convert_to_normal: 'same',
  record_hearing: 'same',
  request_extension: 'same', // asking changes nothing but the pending request; the clock runs on
  approve_extension: 'same',
  draft_opinion: 'same',
  sign_opinion: ['opinion_issued'],
  refuse_approval: 'same',
  serve: { opinion_issued: 'served', review_opinion_issued: 'review_served', rereview_opinion_issued: 'rereview_served' },
  submit_report: 'same',
  approve_report: 'same',
  return_report: ['handling'],
  evaluate: 'same',
  request_review: ['review_requested'],
  accept_review: ['under_review'],
  draft_review_opinion: 'same',
  sign_review_opinion: ['review_opinion_issued', 'handling'], // handling: 责令重作 (redo)
  request_rereview: ['rereview_requested'],
  accept_rereview: ['under_rereview'],
  start_hearing: 'same',
  end_hearing: 'same',
  draft_rereview_opinion: 'same',
  sign_rereview_opinion: ['rereview_opinion_issued'],
  close: ['closed'],
  transfer_to_successor: 'same',
  issue_supervision: 'same',
  answer_supervision: 'same',
  issue_recommendation: 'same',
  answer_recommendation: 'same',
  order_correction: ['awaiting_acceptance', 'registered'], // registered: a petition office routes it again
  reopen: ['awaiting_acceptance', 'registered'],
  declare_conflict: 'same',
  assign_handler: 'same',
};

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

function targetsOf(action: ActionName, from: CaseState): readonly CaseState[] {
  const t = TARGETS[action];
  if (t === 'same') return [from];
  if (Array.isArray(t)) return t as readonly CaseState[];
  const to = (t as Partial<Record<CaseState, CaseState>>)[from];
  return to ? [to] : [];
}

/** Art 28 (回避), computed here from the case: declared a conflict, named in the matter, or the petitioner. */
function mustStepAside(c: CaseRecord, u: StaffUser): boolean {
  if (c.recusedUserIds.includes(u.id) || c.content.involvedUserIds.includes(u.id)) return true;
  return c.content.petitioners.some((p) => p.idNumber !== undefined && p.idNumber !== null && u.conflictKeys.includes(p.idNumber.toUpperCase()));
}

type Expected = { fixed: string; why: string } | { guard: true };

/** What the table says, before any `when` guard. */
function expectedByTable(fx: Fixture, action: ActionName, actor: string): Expected {
  const t: ActionRule = ACTION_RULES[action];
  const c = fx.case;
  if (!t.from.includes(c.state)) return { fixed: 'STATE_NOT_ALLOWED', why: `${c.state} not in from [${t.from.join(', ')}]` };
  if (actor === PETITIONER) {
    return t.petitioner ? { guard: true } : { fixed: 'ROLE_NOT_ALLOWED', why: 'not a petitioner action' };
  }
  const u = staff(actor, fx.world);
  if (!t.roles.some((r) => u.roles.includes(r))) return { fixed: 'ROLE_NOT_ALLOWED', why: `roles [${u.roles.join(', ')}] ∉ [${t.roles.join(', ')}]` };
  const rel = relationsOf(c, u.organId, fx.world.organs);
  if (!t.organ.some((r) => rel.has(r))) return { fixed: 'ORGAN_NOT_ALLOWED', why: `${u.organId} is [${[...rel].join(', ')}], needs one of [${t.organ.join(', ')}]` };
  if (action !== 'declare_conflict' && mustStepAside(c, u)) return { fixed: 'RECUSED', why: 'must step aside (Art 28)' };
  return { guard: true };
}

const FIXTURES = stateFixtures().map((f) => ({ ...f, case: deepFreeze(f.case) }));
const ACTORS: readonly string[] = [...DEMO_STAFF.map((u) => u.username), PETITIONER];

// Coverage, gathered while the matrix runs and checked at the end.
const appliedActions = new Set<ActionName>();
const guardCodesSeen = new Map<ActionName, Set<string>>();
const noValidInput: string[] = [];

// Per (fixture, actor): the context, and what availableActions lists (computed once, used by every action).
const contexts = new Map<string, DomainContext>();
function contextOf(fx: Fixture, actor: string): DomainContext {
  const key = `${fx.name}|${actor}`;
  let ctx = contexts.get(key);
  if (!ctx) contexts.set(key, (ctx = contextFor(actor, fx.today, { world: fx.world, linkedCases: fx.linkedCases, caseId: fx.case.id })));
  return ctx;
}
const availability = new Map<string, Map<ActionName, ActionAvailability>>();
function availableFor(fx: Fixture, actor: string): Map<ActionName, ActionAvailability> {
  const key = `${fx.name}|${actor}`;
  let m = availability.get(key);
  if (!m) availability.set(key, (m = new Map(availableActions(fx.case, contextOf(fx, actor)).map((a) => [a.action, a]))));
  return m;
}

describe('the fixture catalogue', () => {
  it('has a case in every state of CASE_STATES (每一种状态都有样例)', () => {
    const covered = new Set(FIXTURES.map((f) => f.case.state));
    expect(CASE_STATES.filter((s) => !covered.has(s))).toEqual([]);
  });

  it('a finished case only takes the evaluation of its final opinion, supervision, recommendations, and a correction of a refusal (Arts 21, 40, 44)', () => {
    const fromTerminal = ACTION_NAMES.filter((a) => ACTION_RULES[a].from.some((s) => TERMINAL_STATES.has(s)));
    expect(fromTerminal.sort()).toEqual(['answer_recommendation', 'answer_supervision', 'evaluate', 'issue_recommendation', 'issue_supervision', 'order_correction', 'reopen']);
    for (const a of ['answer_supervision', 'evaluate', 'issue_supervision', 'issue_recommendation', 'answer_recommendation'] as const) expect(ACTION_RULES[a].to).toBe('same');
    // Only refusals are corrected: 不予受理 and 不再受理.
    expect([...ACTION_RULES.order_correction.from].sort()).toEqual(['not_accepted', 'not_reaccepted']);
    expect([...ACTION_RULES.reopen.from].sort()).toEqual(['not_accepted', 'not_reaccepted']);
    expect(ACTION_NAMES.flatMap((a) => ACTION_RULES[a].from).filter((s) => !CASE_STATES.includes(s))).toEqual([]);
  });

  it('names every action exactly once in GUARD_CODES and TARGETS', () => {
    expect(Object.keys(GUARD_CODES).sort()).toEqual([...ACTION_NAMES].sort());
    expect(Object.keys(TARGETS).sort()).toEqual([...ACTION_NAMES].sort());
  });

  it('reach() walks the standard path to every state on it', () => {
    for (const state of ['registered', 'awaiting_acceptance', 'handling', 'opinion_issued', 'served', 'review_requested', 'under_review',
      'review_opinion_issued', 'review_served', 'rereview_requested', 'under_rereview', 'rereview_opinion_issued', 'rereview_served'] as const) {
      expect(reach(state).case.state).toBe(state);
    }
  });
});

describe('organ relations of the standard case (机关与案件的关系)', () => {
  // Served by 县人社局: 县政府 reviews (复查, Art 35), 市政府 re-reviews (复核, Art 36),
  // 县信访局 registered it and supervises it; 市信访局 supervises too; a township office has no part in it.
  const served = reach('served').case;
  const tree = FIXTURES[0]!.world.organs;
  it.each([
    ['county-rsj', ['holder']],
    ['county', ['review_organ', 'superior']],
    ['city', ['rereview_organ', 'superior']],
    ['county-xfj', ['registrar', 'sender', 'supervising_office']],
    ['city-xfj', ['supervising_office']],
    ['prov-xfj', ['supervising_office']],
    ['town-gj-xfb', []],
    ['county-zjj', []],
  ] as const)('%s stands to it as %j', (organId, relations) => {
    expect([...relationsOf(served, organId, tree)].sort()).toEqual([...relations].sort());
  });
});

/** Checks one action from one fixture for every actor; returns what disagrees with the table. */
function checkAction(action: ActionName, fx: Fixture): string[] {
  const t: ActionRule = ACTION_RULES[action];
  const failures: string[] = [];
  const snapshot = structuredClone(fx.case);
  for (const actor of ACTORS) {
    const ctx = contextOf(fx, actor);
    const expected = expectedByTable(fx, action, actor);
    const refusal = refusalFor(fx.case, action, ctx);
    const where = `from "${fx.name}" by ${actor}:`;

    // 1. refusalFor against the table
    if ('fixed' in expected) {
      if (refusal?.code !== expected.fixed) failures.push(`${where} expected ${expected.fixed} (${expected.why}), got ${refusal?.code ?? 'allowed'}`);
    } else if (refusal) {
      if (!GUARD_CODES[action].includes(refusal.code)) failures.push(`${where} refused ${refusal.code}, not a guard code of ${action} [${GUARD_CODES[action].join(', ')}]`);
      else {
        const seen = guardCodesSeen.get(action) ?? new Set<string>();
        guardCodesSeen.set(action, seen.add(refusal.code));
      }
    }

    // 2. availableActions agrees with refusalFor
    const listed = availableFor(fx, actor).get(action);
    if (listed?.allowed !== (refusal === null) || (listed.refusal?.code ?? null) !== (refusal?.code ?? null)) {
      failures.push(`${where} availableActions says ${listed?.allowed ? 'allowed' : listed?.refusal?.code}, refusalFor says ${refusal?.code ?? 'allowed'}`);
    }

    // 3. applyAction agrees: refused → same code; allowed → lands where the spec says
    if (refusal) {
      // A valid input where the state allows the action at all, so the refusal is not about the input.
      const input = (refusal.code === 'STATE_NOT_ALLOWED' ? undefined : validInput(action, fx.case, ctx)) ?? ({});
      // ~65,000 expected refusals: skip capturing their stack traces (most of the cost of a throw).
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        applyAction(fx.case, action, input, ctx);
        failures.push(`${where} refused ${refusal.code} but applyAction succeeded`);
      } catch (e) {
        if (!(e instanceof DomainError)) failures.push(`${where} applyAction threw a non-domain error: ${String(e)}`);
        else if (e.code !== refusal.code) failures.push(`${where} applyAction threw ${e.code}, refusalFor said ${refusal.code}`);
      } finally {
        Error.stackTraceLimit = stackTraceLimit;
      }
    } else {
      const input = validInput(action, fx.case, ctx);
      if (input === undefined) {
        noValidInput.push(`${action} ${where}`);
        continue;
      }
      try {
        const out = applyAction(fx.case, action, input, ctx);
        const targets = targetsOf(action, fx.case.state);
        if (!targets.includes(out.case.state)) failures.push(`${where} led to ${out.case.state}, expected one of [${targets.join(', ')}]`);
        if (out.case.version !== fx.case.version + 1) failures.push(`${where} version ${fx.case.version} → ${out.case.version}`);
        if (out.event.fromState !== fx.case.state || out.event.toState !== out.case.state || out.event.action !== action) {
          failures.push(`${where} event ${out.event.action} ${out.event.fromState} → ${out.event.toState}`);
        }
        const undeclared = out.documents.filter((d) => !t.issues.includes(d.kind));
        if (undeclared.length) failures.push(`${where} issued undeclared documents ${undeclared.map((d) => d.kind).join(', ')}`);
        const corrects = action === 'order_correction' || action === 'reopen';
        if (TERMINAL_STATES.has(fx.case.state) && out.case.state !== fx.case.state && !corrects) failures.push(`${where} moved a terminal case`);
        appliedActions.add(action);
      } catch (e) {
        failures.push(`${where} allowed, but applyAction with a valid input threw ${e instanceof DomainError ? e.code : ''} ${(e as Error).message}`);
      }
    }
  }
  // 4. the input case object is never changed, whether the action was refused or applied (the
  //    fixtures are also deep-frozen, so a mutation would throw a TypeError where it happens)
  if (!isDeepStrictEqual(fx.case, snapshot)) failures.push(`from "${fx.name}": ${action} mutated the input case`);
  return failures;
}

describe('every action × every fixture state × every demo user and the petitioner (操作 × 状态 × 用户)', () => {
  it.each(ACTION_NAMES.map((a) => [a, ACTION_RULES[a].label, ACTION_RULES[a].basis] as const))(
    '%s (%s, %s): refused exactly as the table declares, applied to a declared target state, never mutating the case',
    (action) => {
      const failures = FIXTURES.flatMap((fx) => checkAction(action, fx));
      expect(failures).toEqual([]);
    },
  );
});

describe('coverage of the matrix', () => {
  it('applied every action successfully at least once (每一项操作都至少成功执行一次)', () => {
    expect(ACTION_NAMES.filter((a) => !appliedActions.has(a))).toEqual([]);
  });

  it('met every documented guard refusal at least once', () => {
    const missing = ACTION_NAMES.flatMap((a) => GUARD_CODES[a].filter((code) => !guardCodesSeen.get(a)?.has(code)).map((code) => `${a}:${code}`));
    expect(missing).toEqual([]);
  });

  it('found a valid input for every allowed action, except where the actor organ has no leader to sign', () => {
    // Opinions and extensions need a 负责人 of the acting organ (Art 34); the demo data has none in
    // 县政法委, 市信访局 and the township 信访办s. Nothing else may lack a valid input.
    const unexplained = noValidInput.filter((s) => !/^(request_extension|draft_opinion|draft_review_opinion|draft_rereview_opinion) /.test(s));
    expect(unexplained).toEqual([]);
  });
});

afterAll(() => {
  availability.clear();
  contexts.clear();
});
