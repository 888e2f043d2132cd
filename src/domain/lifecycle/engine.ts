/**
 * The engine: the law's table (action-rules.ts) and the code beside it (action-behaviour.ts) put
 * together. `availableActions` says, for a case and an actor, what is possible now and why not;
 * `applyAction` refuses with a DomainError or returns the next case, its event and its documents.
 */
import { DomainError } from '../errors.js';
import type { CaseEvent, CaseRecord } from '../model/case.js';
import { STATE_LABELS } from '../model/case-states.js';
import type { DocumentDraft } from '../model/documents.js';
import { ROLE_LABELS } from '../model/user.js';
import { ACTION_BEHAVIOUR } from './action-behaviour.js';
import type { ActionInputs } from './action-inputs.js';
import { ACTION_NAMES, ACTION_RULES, targetsFrom, type ActionName, type ActionRule } from './action-rules.js';
import type { DomainContext, Refusal } from './context.js';
import { namedInAccusation, stepAsideReason } from './case-steps.js';
import { RELATION_LABELS, relationsOf, type OrganRelation } from './relations.js';
import type { ActionAvailability } from '../schemas.js';

/** Actions exempt from the recusal check: stepping aside is always allowed. */
const RECUSAL_EXEMPT = new Set<ActionName>(['declare_conflict']);

/**
 * Recusal (回避, Art 28): the user declared a conflict, is named in the matter, or is the petitioner
 * (stepAsideReason, the rule the approver and assignee checks use too).
 */
export function recusalReason(c: CaseRecord, ctx: DomainContext): Refusal | null {
  if (ctx.actor.kind !== 'staff') return null;
  return stepAsideReason(c, ctx.actor.user, ctx.personKey);
}

/**
 * What refusalFor asks alike of every action for one case and actor — how the actor's organ stands to
 * the case, and whether the actor must step aside — worked out on first need and then remembered, so
 * availableActions computes each once rather than once per action.
 */
interface ActorFacts {
  relations(): ReadonlySet<OrganRelation>;
  recusal(): Refusal | null;
}

function actorFacts(c: CaseRecord, ctx: DomainContext): ActorFacts {
  let relations: ReadonlySet<OrganRelation> | undefined;
  let recusal: { refusal: Refusal | null } | undefined;
  return {
    relations: () => (relations ??= ctx.actor.kind === 'staff' ? relationsOf(c, ctx.actor.user.organId, ctx.organs) : new Set()),
    recusal: () => {
      recusal ??= { refusal: recusalReason(c, ctx) };
      return recusal.refusal && { ...recusal.refusal };
    },
  };
}

/** Why `action` is not possible now for this actor, or null when it is. Input-independent. */
export function refusalFor(c: CaseRecord, action: ActionName, ctx: DomainContext): Refusal | null {
  return refusalWith(c, action, ctx, actorFacts(c, ctx));
}

function refusalWith(c: CaseRecord, action: ActionName, ctx: DomainContext, facts: ActorFacts): Refusal | null {
  const rule: ActionRule = ACTION_RULES[action];
  if (!rule.from.includes(c.state)) {
    return { code: 'STATE_NOT_ALLOWED', message: `案件当前为「${STATE_LABELS[c.state]}」，不能${rule.label}` };
  }
  if (ctx.actor.kind === 'petitioner') {
    if (!rule.petitioner) return { code: 'ROLE_NOT_ALLOWED', message: `信访人不能${rule.label}` };
    if (ctx.actor.caseId !== c.id) return { code: 'CASE_NOT_FOUND', message: '信访事项不存在' };
  } else {
    const u = ctx.actor.user;
    if (!rule.roles.some((r) => u.roles.includes(r))) {
      return { code: 'ROLE_NOT_ALLOWED', message: `${rule.label}需由${rule.roles.map((r) => ROLE_LABELS[r]).join('、')}办理` };
    }
    const rel = facts.relations();
    if (!rule.organ.some((r) => rel.has(r))) {
      return { code: 'ORGAN_NOT_ALLOWED', message: `${rule.label}需由本件的${rule.organ.map((r) => RELATION_LABELS[r]).join('或')}办理` };
    }
    // An official an accusation names is offered nothing on it, not even to step aside (Art 30).
    if (!RECUSAL_EXEMPT.has(action) || namedInAccusation(c, u.id)) {
      const r = facts.recusal();
      if (r) return r;
    }
  }
  const when = ACTION_BEHAVIOUR[action].when;
  return when ? when(c, ctx) : null;
}

export type { ActionAvailability } from '../schemas.js';

/** For a case and an actor: every action, whether it is possible now, and if not, why not. */
export function availableActions(c: CaseRecord, ctx: DomainContext): ActionAvailability[] {
  const facts = actorFacts(c, ctx);
  return ACTION_NAMES.map((action) => {
    const rule: ActionRule = ACTION_RULES[action];
    let refusal: Refusal | null;
    try {
      refusal = refusalWith(c, action, ctx, facts);
    } catch (e) {
      // A guard that cannot decide (e.g. an unknown calendar year) says so instead of failing the whole list.
      if (e instanceof DomainError) refusal = { code: e.code, message: e.message };
      else throw e;
    }
    return { action, label: rule.label, basis: rule.basis, requires: [...rule.requires], allowed: refusal === null, refusal };
  });
}

export interface Applied {
  case: CaseRecord;
  event: Omit<CaseEvent, 'seq'>;
  documents: DocumentDraft[];
}

/** Apply an action: refuse with a DomainError, or return the next case, its event and documents. */
export function applyAction<A extends ActionName>(c: CaseRecord, action: A, input: ActionInputs[A], ctx: DomainContext): Applied {
  const rule: ActionRule = ACTION_RULES[action];
  const refusal = refusalFor(c, action, ctx);
  if (refusal) throw new DomainError(refusal.code, refusal.message, { action });
  const apply = ACTION_BEHAVIOUR[action].apply;
  const out = apply(c, input, ctx);
  const next: CaseRecord = { ...out.case, version: c.version + 1 };
  if (!targetsFrom(rule, c.state).includes(next.state)) {
    throw new Error(`action rules: ${action} led from ${c.state} to ${next.state}, which its rule does not declare`);
  }
  return {
    case: next,
    documents: out.documents,
    event: {
      caseId: c.id,
      action,
      at: ctx.now,
      on: ctx.today,
      actorId: ctx.actor.kind === 'staff' ? ctx.actor.user.id : null,
      actorKind: ctx.actor.kind,
      actorOrganId: ctx.actor.kind === 'staff' ? ctx.actor.user.organId : null,
      fromState: c.state,
      toState: next.state,
      data: out.data,
    },
  };
}
