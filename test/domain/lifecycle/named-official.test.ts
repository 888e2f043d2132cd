/**
 * Art 30 protects the accuser from the accused person as well as the accused organ: an official an
 * accusation names (involvedUserIds) is treated like the accused organ — they do not see it, are not
 * offered as approver or assignee, are offered no action on it (not even 自行回避), and may not see
 * or unmask the accuser. A recused user (回避) may not unmask either. Expected answers by hand.
 */
import { describe, expect, it } from 'vitest';
import { canSeeCase } from '../../../src/domain/access/case-visibility.js';
import { mayUnmask, maySeeAccuser } from '../../../src/domain/access/personal-data-access.js';
import { DomainError } from '../../../src/domain/errors.js';
import { plainPersonKey } from '../../../src/domain/lifecycle/case-steps.js';
import { approverChoices, assigneeChoices } from '../../../src/domain/lifecycle/choices.js';
import { availableActions } from '../../../src/domain/lifecycle/engine.js';
import type { CaseRecord } from '../../../src/domain/model/case.js';
import type { StaffUser } from '../../../src/domain/model/user.js';
import { act, contextFor, DEMO_WORLD, opinionInput, petition, registerCase, staff, worldWith, type CtxOptions } from '../../support/domain-fixtures.js';

const extra = (username: string, name: string, role: 'leader' | 'handler'): StaffUser =>
  ({ id: `u-${username}`, username, name, organId: 'county-rsj', roles: [role], dataScope: 'organ_and_subordinates', conflictKeys: [] });

/** 人社局 with a deputy head and a second handler beside 张伟 (rsj_leader) and 李娟 (rsj_handler). */
const world = worldWith(DEMO_WORLD, { extraUsers: [extra('rsj_deputy', '副局长', 'leader'), extra('rsj_handler2', '承办人二', 'handler')] });
const opts: CtxOptions = { world };
const directory = world.users.map((u) => ({ ...u, active: true }));
const user = (username: string) => staff(username, world);

/** An accusation against no organ, naming 张伟 and 李娟, forwarded to their own 人社局 and accepted there by the second handler. */
function named(kind: 'accusation' | 'claim' = 'accusation'): CaseRecord {
  let c = registerCase('xfj_clerk', petition({ kind, organsConcerned: ['county-rsj'], accusedOrganIds: [], involvedUserIds: ['u-rsj_leader', 'u-rsj_handler'] }), opts);
  c = act(c, 'xfj_officer', 'forward', { targetOrganId: 'county-rsj' }, '2025-09-22', opts).case;
  return act(c, 'rsj_handler2', 'accept', {}, '2025-09-23', opts).case;
}

describe('an official named in an accusation (Art 30)', () => {
  it('does not see it; their colleagues in the same organ, and the office that registered it, do', () => {
    const c = named();
    expect(canSeeCase(c, user('rsj_leader'), world.organs)).toBe(false);
    expect(canSeeCase(c, user('rsj_handler'), world.organs)).toBe(false);
    expect(canSeeCase(c, user('rsj_deputy'), world.organs)).toBe(true);
    expect(canSeeCase(c, user('rsj_handler2'), world.organs)).toBe(true);
    expect(canSeeCase(c, user('xfj_officer'), world.organs)).toBe(true);
  });

  it('a claim naming the same officials stays visible to them (they step aside, Art 28, but Art 30 is for accusations)', () => {
    const c = named('claim');
    expect(canSeeCase(c, user('rsj_handler'), world.organs)).toBe(true);
    expect(canSeeCase(c, user('rsj_leader'), world.organs)).toBe(true);
  });

  it('is never offered as approver or assignee, and naming them is refused', () => {
    const c = named();
    expect(approverChoices(c, directory, 'county-rsj').map((u) => u.id)).toEqual(['u-rsj_deputy']);
    expect(assigneeChoices(c, directory).map((u) => u.id).sort()).toEqual(['u-rsj_deputy', 'u-rsj_handler2']);
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        if (e instanceof DomainError) return e.code;
        throw e;
      }
      return 'not refused';
    };
    expect(refused(() => act(c, 'rsj_deputy', 'assign_handler', { userId: 'u-rsj_handler' }, '2025-09-24', opts))).toBe('ASSIGNEE_RECUSED');
    expect(refused(() => act(c, 'rsj_handler2', 'draft_opinion', opinionInput({ content: c.content }, 'rsj_leader'), '2025-09-26', opts))).toBe('APPROVER_RECUSED');
  });

  it('is offered no action on it, not even to step aside; a colleague is offered the handling', () => {
    const c = named();
    for (const who of ['rsj_leader', 'rsj_handler']) {
      const offered = availableActions(c, contextFor(who, '2025-09-24', opts)).filter((a) => a.allowed).map((a) => a.action);
      expect(offered, who).toEqual([]);
    }
    const colleague = availableActions(c, contextFor('rsj_handler2', '2025-09-24', opts)).filter((a) => a.allowed).map((a) => a.action);
    expect(colleague).toContain('draft_opinion');
    expect(colleague).toContain('declare_conflict');
  });

  it('may not see or unmask the accuser; the holder’s other staff may', () => {
    const c = named();
    for (const who of ['rsj_leader', 'rsj_handler']) {
      expect(maySeeAccuser(c, user(who), world.organs), who).toBe(false);
      expect(mayUnmask(c, user(who), world.organs, plainPersonKey), who).toBe(false);
    }
    expect(maySeeAccuser(c, user('rsj_handler2'), world.organs)).toBe(true);
    expect(mayUnmask(c, user('rsj_handler2'), world.organs, plainPersonKey)).toBe(true);
  });
});

describe('a recused user (回避) may not unmask', () => {
  const ID = '11010519491231002X';
  function handling(): CaseRecord {
    let c = registerCase('xfj_clerk', petition({ petitioners: [{ kind: 'person', name: '李某', idNumber: ID }] }), opts);
    c = act(c, 'xfj_officer', 'forward', { targetOrganId: 'county-rsj' }, '2025-09-22', opts).case;
    return act(c, 'rsj_handler2', 'accept', {}, '2025-09-23', opts).case;
  }

  it('after declaring a conflict (自行回避)', () => {
    const c = handling();
    expect(mayUnmask(c, user('rsj_handler'), world.organs, plainPersonKey)).toBe(true);
    const after = act(c, 'rsj_handler', 'declare_conflict', { reason: '信访人系本人同学' }, '2025-09-24', opts).case;
    expect(mayUnmask(after, user('rsj_handler'), world.organs, plainPersonKey)).toBe(false);
    expect(mayUnmask(after, user('rsj_handler2'), world.organs, plainPersonKey)).toBe(true);
  });

  it('when the petitioner is themself or a relative (conflict keys), under the caller’s person key', () => {
    const c = handling();
    const relative = { ...user('rsj_handler'), conflictKeys: [`k:${ID}`] };
    expect(mayUnmask(c, relative, world.organs, (n) => `k:${n}`)).toBe(false);
    // Under another key the same conflict key matches nothing: the key must be the caller's own.
    expect(mayUnmask(c, relative, world.organs, plainPersonKey)).toBe(true);
  });
});
