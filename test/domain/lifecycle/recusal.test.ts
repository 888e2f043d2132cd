/**
 * 回避 (Art 28) is one rule for acting, approving and being assigned: a member of staff whose own or a
 * relative's ID number (StaffUser.conflictKeys) is a petitioner's is neither offered nor accepted as
 * approver or assignee — so no request waits for a leader the engine will then refuse. Expected answers
 * are written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import type { ActionInputs } from '../../../src/domain/lifecycle/action-inputs.js';
import type { ActionName } from '../../../src/domain/lifecycle/action-rules.js';
import { approverChoices, assigneeChoices } from '../../../src/domain/lifecycle/choices.js';
import type { CaseRecord } from '../../../src/domain/model/case.js';
import type { StaffUser } from '../../../src/domain/model/user.js';
import { act, DEMO_WORLD, opinionInput, petition, registerCase, worldWith, type CtxOptions } from '../../support/domain-fixtures.js';

/** A valid 公民身份号码 (check character X), the petitioner's; the conflicted staff member's key is the same number. */
const PETITIONER_ID = '11010519491231002X';

const extra = (username: string, name: string, role: 'leader' | 'handler'): StaffUser =>
  ({ id: `u-${username}`, username, name, organId: 'county-rsj', roles: [role], dataScope: 'organ_and_subordinates', conflictKeys: [] });

/** 人社局: 张伟 (rsj_leader) and 李娟 (rsj_handler) are the petitioner's relatives; 副局长 and a second handler are not. */
const world = worldWith(DEMO_WORLD, {
  idNumbers: { rsj_leader: PETITIONER_ID, rsj_handler: PETITIONER_ID },
  extraUsers: [extra('rsj_deputy', '副局长', 'leader'), extra('rsj_handler2', '承办人二', 'handler')],
});
const opts: CtxOptions = { world };
const directory = world.users.map((u) => ({ ...u, active: true }));

function refused<A extends ActionName>(c: CaseRecord, actor: string, action: A, input: ActionInputs[A], on: string): string {
  try {
    act(c, actor, action, input, on, opts);
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error(`${action} by ${actor} was not refused`);
}

/** Registered, forwarded to 人社局, accepted by the unconflicted second handler. */
function handling(): CaseRecord {
  const content = petition({ petitioners: [{ kind: 'person', name: '李某', idNumber: PETITIONER_ID }] });
  let c = registerCase('xfj_clerk', content, opts);
  c = act(c, 'xfj_officer', 'forward', { targetOrganId: 'county-rsj' }, '2025-09-22', opts).case;
  return act(c, 'rsj_handler2', 'accept', {}, '2025-09-23', opts).case;
}

describe('回避 by ID number: approvers and assignees (Art 28)', () => {
  it('a leader whose conflict key is the petitioner\'s ID number is not offered as approver', () => {
    expect(approverChoices(handling(), directory, 'county-rsj').map((u) => u.id)).toEqual(['u-rsj_deputy']);
  });

  it('naming that leader as approver is refused: APPROVER_RECUSED (opinion and extension alike)', () => {
    const c = handling();
    expect(refused(c, 'rsj_handler2', 'draft_opinion', opinionInput({ content: c.content }, 'rsj_leader'), '2025-09-26')).toBe('APPROVER_RECUSED');
    expect(refused(c, 'rsj_handler2', 'request_extension', { days: 30, reason: '需调取考勤记录', approverId: 'u-rsj_leader' }, '2025-10-20'))
      .toBe('APPROVER_RECUSED');
    // The unconflicted deputy may be named.
    expect(act(c, 'rsj_handler2', 'draft_opinion', opinionInput({ content: c.content }, 'rsj_deputy'), '2025-09-26', opts).case.state).toBe('handling');
  });

  it('a handler whose conflict key matches is not offered as assignee (nor the conflicted leader), and assigning them is refused: ASSIGNEE_RECUSED', () => {
    const c = handling();
    expect(assigneeChoices(c, directory).map((u) => u.id)).toEqual(['u-rsj_deputy', 'u-rsj_handler2']); // leaders may be assigned too
    expect(refused(c, 'rsj_deputy', 'assign_handler', { userId: 'u-rsj_handler' }, '2025-09-24')).toBe('ASSIGNEE_RECUSED');
  });
});
