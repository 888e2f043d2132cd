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
import type { DomainContext, Outcome, Refusal } from './context.js';
import { RELATION_LABELS, relationsOf } from './relations.js';
import type { ActionAvailability } from '../schemas.js';

/** Actions exempt from the recusal check: stepping aside is always allowed. */
const RECUSAL_EXEMPT = new Set<ActionName>(['declare_conflict']);

/**
 * Recusal (回避, Art 28): the user declared a conflict, is named in the matter, or is the petitioner.
 */
export function recusalReason(c: CaseRecord, ctx: DomainContext): Refusal | null {
  if (ctx.actor.kind !== 'staff') return null;
  const u = ctx.actor.user;
  if (c.recusedUserIds.includes(u.id)) return { code: 'RECUSED', message: '您已自行回避本件，不能办理' };
  if (c.content.involvedUserIds.includes(u.id)) return { code: 'RECUSED', message: '您是本件涉及的人员，应当回避' };
  if (u.conflictKeys.length > 0) {
    const key = ctx.personKey ?? ((id: string) => id.trim().toUpperCase());
    if (c.content.petitioners.some((p) => p.idNumber && u.conflictKeys.includes(key(p.idNumber)))) {
      return { code: 'RECUSED', message: '您本人或近亲属是本件信访人，应当回避' };
    }
  }
  return null;
}

/** Why `action` is not possible now for this actor, or null when it is. Input-independent. */
export function refusalFor(c: CaseRecord, action: ActionName, ctx: DomainContext): Refusal | null {
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
    const rel = relationsOf(c, u.organId, ctx.organs);
    if (!rule.organ.some((r) => rel.has(r))) {
      return { code: 'ORGAN_NOT_ALLOWED', message: `${rule.label}需由本件的${rule.organ.map((r) => RELATION_LABELS[r]).join('或')}办理` };
    }
    if (!RECUSAL_EXEMPT.has(action)) {
      const r = recusalReason(c, ctx);
      if (r) return r;
    }
  }
  const when = ACTION_BEHAVIOUR[action].when as ((c: CaseRecord, ctx: DomainContext) => Refusal | null) | undefined;
  return when ? when(c, ctx) : null;
}

export type { ActionAvailability } from '../schemas.js';

/** For a case and an actor: every action, whether it is possible now, and if not, why not. */
export function availableActions(c: CaseRecord, ctx: DomainContext): ActionAvailability[] {
  return ACTION_NAMES.map((action) => {
    const rule: ActionRule = ACTION_RULES[action];
    let refusal: Refusal | null;
    try {
      refusal = refusalFor(c, action, ctx);
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
  const rule: ActionRule | undefined = ACTION_RULES[action];
  if (!rule) throw new DomainError('ACTION_UNKNOWN', '未知的操作', { action });
  const refusal = refusalFor(c, action, ctx);
  if (refusal) throw new DomainError(refusal.code, refusal.message, { action });
  const apply = ACTION_BEHAVIOUR[action].apply as (c: CaseRecord, input: ActionInputs[A], ctx: DomainContext) => Outcome;
  const out = apply(c, input ?? ({} as ActionInputs[A]), ctx);
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
