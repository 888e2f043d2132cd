/**
 * 三项建议 (Art 40): the petition office proposes to improve work, to improve policy (to 本级党委和政府)
 * or to hold to account (to the organ with management authority); the recipient answers in writing
 * whether it adopts it (¶4). Organs, users and dates are the demo world's; expected values are written
 * out by hand.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { nextDue, openClock } from '../../../src/domain/lifecycle/clocks.js';
import { relationsOf } from '../../../src/domain/lifecycle/relations.js';
import { recommendationTargets } from '../../../src/domain/lifecycle/recommendations.js';
import type { ActionInputs } from '../../../src/domain/lifecycle/action-inputs.js';
import type { ActionName } from '../../../src/domain/lifecycle/action-rules.js';
import type { CaseRecord } from '../../../src/domain/model/case.js';
import { DEMO_WORLD, act, registerCase, walk } from '../../support/domain-fixtures.js';

const handling = () => walk(registerCase('xfj_clerk'), [
  ['xfj_officer', 'forward', { targetOrganId: 'county-rsj' }, '2025-09-22'],
  ['rsj_handler', 'accept', {}, '2025-09-25'],
]);
const next = <A extends ActionName>(c: CaseRecord, actor: string, action: A, input: ActionInputs[A], on: string) => act(c, actor, action, input, on).case;
function refused<A extends ActionName>(c: CaseRecord, actor: string, action: A, input: ActionInputs[A], on: string): string {
  const before = structuredClone(c);
  try {
    act(c, actor, action, input, on);
  } catch (e) {
    expect(c).toEqual(before);
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error(`${action} by ${actor} was not refused`);
}
const stops = (c: CaseRecord) => c.clocks.filter((k) => k.kind === 'recommendation').map((k) => [k.organId, k.stoppedOn]);
const WORK = { type: 'improve_work', targetOrganId: 'county-rsj', content: '建议规范欠薪投诉的受理告知', dueOn: '2025-10-30' } as const;
const POLICY = { type: 'improve_policy', targetOrganId: 'county', content: '建议完善农民工工资保证金制度', dueOn: '2025-11-10' } as const;

describe('三项建议: issued by the supervising petition office, with a feedback date it sets (Art 40)', () => {
  it('records the recommendation, starts a feedback clock for the recipient and issues the 建议书 titled by its type', () => {
    const issued = act(handling(), 'xfj_officer', 'issue_recommendation', WORK, '2025-10-10');
    const c = issued.case;
    expect(c.recommendations).toEqual([{
      no: 1, type: 'improve_work', organId: 'county-xfj', targetOrganId: 'county-rsj', content: '建议规范欠薪投诉的受理告知',
      issuedOn: '2025-10-10', dueOn: '2025-10-30', answeredOn: null, adoption: null, feedback: null,
    }]);
    expect(openClock(c, 'recommendation')).toMatchObject({ ruleSource: 'fixed', organId: 'county-rsj', start: '2025-10-10', due: '2025-10-30' });
    expect(issued.documents).toMatchObject([{ kind: 'recommendation', organId: 'county-xfj', data: { title: '改进工作建议书', type: 'improve_work' } }]);
    expect(issued.event.data).toMatchObject({ no: 1, type: 'improve_work', to: 'county-rsj', dueOn: '2025-10-30' });
    // The feedback date is the recipient's, not the case's: the queue's due date stays the handling period's (9/25 + 60 days).
    expect(nextDue(c)).toBe('2025-11-24');
    expect(relationsOf(c, 'county-rsj', DEMO_WORLD.organs).has('recommended')).toBe(true);
  });

  it('each type goes where Art 40 sends it: 完善政策 to 本级政府, 追究责任 to an organ with management authority', () => {
    const c = handling();
    const ids = (t: 'improve_work' | 'improve_policy' | 'accountability', office: string) => recommendationTargets(c, t, office, DEMO_WORLD.organs).map((o) => o.id).sort();
    expect(ids('improve_work', 'county-xfj')).toEqual(['county-rsj']);
    expect(ids('improve_policy', 'county-xfj')).toEqual(['county']);
    expect(ids('improve_policy', 'city-xfj')).toEqual(['city']);
    // Over 县人社局: the county government; 市人社局 and 市政府 are outside the county office's territory.
    expect(ids('accountability', 'county-xfj')).toEqual(['county']);
    expect(ids('accountability', 'city-xfj')).toEqual(['city', 'city-rsj', 'county']);
    const on = '2025-10-10';
    expect(refused(c, 'xfj_officer', 'issue_recommendation', { ...POLICY, targetOrganId: 'county-rsj' }, on)).toBe('RECOMMENDATION_TARGET_INVALID');
    expect(refused(c, 'xfj_officer', 'issue_recommendation', { ...WORK, type: 'accountability' }, on)).toBe('RECOMMENDATION_TARGET_INVALID');
    expect(refused(c, 'xfj_officer', 'issue_recommendation', { ...WORK, targetOrganId: 'city-rsj' }, on)).toBe('RECOMMENDATION_TARGET_INVALID');
    expect(refused(c, 'xfj_officer', 'issue_recommendation', { ...WORK, targetOrganId: 'no-such-organ' }, on)).toBe('ORGAN_NOT_FOUND');
    expect(refused(c, 'xfj_officer', 'issue_recommendation', { ...WORK, dueOn: on }, on)).toBe('DATE_NOT_AFTER_TODAY');
    // A township office does not oversee a county department; a handler is no petition officer.
    expect(refused(c, 'gj_officer', 'issue_recommendation', WORK, on)).toBe('ORGAN_NOT_ALLOWED');
    expect(refused(c, 'rsj_handler', 'issue_recommendation', WORK, on)).toBe('ROLE_NOT_ALLOWED');
    expect(next(c, 'xfj_officer', 'issue_recommendation', { ...WORK, type: 'accountability', targetOrganId: 'county' }, on).recommendations?.[0]?.type).toBe('accountability');
  });

  it('never goes to an accused organ (Art 30): the recommendation would show it the accusation', () => {
    const c = walk(registerCase('xfj_clerk', { kind: 'accusation', title: '检举县人社局干部', accusedOrganIds: ['county-rsj'] }), [
      ['xfj_officer', 'forward', { targetOrganId: 'county-zjj' }, '2025-09-22'],
    ]);
    expect(recommendationTargets(c, 'improve_work', 'county-xfj', DEMO_WORLD.organs).map((o) => o.id)).toEqual(['county-zjj']);
    expect(refused(c, 'xfj_officer', 'issue_recommendation', WORK, '2025-10-10')).toBe('RECOMMENDATION_TARGET_INVALID');
  });
});

describe('the written feedback (Art 40 ¶4): each recipient answers its own recommendation, by number', () => {
  it('several may be open at once; an answer closes one and its clock, and issues the 建议采纳情况反馈', () => {
    let c = next(handling(), 'xfj_officer', 'issue_recommendation', WORK, '2025-10-10');
    c = next(c, 'xfj_officer', 'issue_recommendation', POLICY, '2025-10-11');
    expect(c.recommendations?.map((r) => [r.no, r.targetOrganId])).toEqual([[1, 'county-rsj'], [2, 'county']]);

    expect(refused(c, 'rsj_handler', 'answer_recommendation', { no: 2, adoption: 'adopted', feedback: '…' }, '2025-10-20')).toBe('RECOMMENDATION_NOT_OPEN');
    expect(refused(c, 'zjj_handler', 'answer_recommendation', { no: 1, adoption: 'adopted', feedback: '…' }, '2025-10-20')).toBe('ORGAN_NOT_ALLOWED');
    const answered = act(c, 'rsj_handler', 'answer_recommendation', { no: 1, adoption: 'partly_adopted', feedback: '已修订受理告知流程，其余事项另行研究' }, '2025-10-20');
    c = answered.case;
    expect(c.recommendations?.[0]).toMatchObject({ answeredOn: '2025-10-20', adoption: 'partly_adopted', feedback: '已修订受理告知流程，其余事项另行研究' });
    expect(c.recommendations?.[1]).toMatchObject({ answeredOn: null, adoption: null });
    expect(stops(c)).toEqual([['county-rsj', '2025-10-20'], ['county', null]]);
    expect(answered.documents).toMatchObject([{ kind: 'recommendation_feedback', organId: 'county-rsj', data: { no: 1, to: 'county-xfj', adoption: 'partly_adopted', issuedOn: '2025-10-10' } }]);
    expect(refused(c, 'rsj_handler', 'answer_recommendation', { no: 1, adoption: 'adopted', feedback: '再答' }, '2025-10-21')).toBe('ORGAN_NOT_ALLOWED');

    c = next(c, 'xian_handler', 'answer_recommendation', { no: 2, adoption: 'not_adopted', feedback: '现行制度已有规定' }, '2025-11-01');
    expect(stops(c)).toEqual([['county-rsj', '2025-10-20'], ['county', '2025-11-01']]);
  });

  it('is owed whatever becomes of the case: closing it leaves the feedback clock running, and a closed case takes recommendations', () => {
    const open = next(handling(), 'xfj_officer', 'issue_recommendation', WORK, '2025-10-10');
    const diverted = walk(registerCase('xfj_clerk'), [
      ['xfj_officer', 'forward', { targetOrganId: 'county-rsj' }, '2025-09-22'],
      ['rsj_handler', 'divert', { route: 'arbitration', guidance: '请申请劳动仲裁' }, '2025-09-24'],
    ]);
    expect(diverted.state).toBe('diverted');
    const later = next(diverted, 'xfj_officer', 'issue_recommendation', { ...WORK, dueOn: '2025-11-30' }, '2025-11-01');
    expect([later.state, openClock(later, 'recommendation')?.due]).toEqual(['diverted', '2025-11-30']);
    expect(next(later, 'rsj_handler', 'answer_recommendation', { no: 1, adoption: 'adopted', feedback: '已整改' }, '2025-11-10').recommendations?.[0]?.adoption).toBe('adopted');
    expect(open.recommendations).toHaveLength(1);
  });

  it('reads a record stored before recommendations existed as having none', () => {
    const { recommendations: _none, ...old } = handling();
    const c = next(old as CaseRecord, 'xfj_officer', 'issue_recommendation', WORK, '2025-10-10');
    expect(c.recommendations?.map((r) => r.no)).toEqual([1]);
    expect(relationsOf(old as CaseRecord, 'county-rsj', DEMO_WORLD.organs).has('recommended')).toBe(false);
  });
});
