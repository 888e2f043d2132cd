/**
 * Issue 9, "the law at its edges": one scenario per defect the legal review found, each date counted
 * by hand in the comment beside it. Calendar: the library's 2025/2026 arrangements from the State
 * Council notices — 2025 国庆中秋 10/01–10/08 off, 9/28 (Sun) and 10/11 (Sat) make-up working days;
 * 2026 元旦 1/01–1/03 off, 1/04 (Sun) worked; 2026 春节 2/15–2/23 off, 2/14 (Sat) and 2/28 (Sat) worked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clockViews, openClock } from '../../../src/domain/lifecycle/clocks.js';
import { ACTION_NAMES, ACTION_RULES, type ActionName } from '../../../src/domain/lifecycle/action-rules.js';
import type { ActionInputs } from '../../../src/domain/lifecycle/action-inputs.js';
import { renderRulesDocument } from '../../../src/domain/lifecycle/rules-document.js';
import { DomainError } from '../../../src/domain/errors.js';
import type { CaseRecord } from '../../../src/domain/model/case.js';
import { STATE_LABELS } from '../../../src/domain/model/case-states.js';
import { OUTCOME_LABELS } from '../../../src/domain/labels.js';
import { NATIONAL_PROFILE, type ClockKind } from '../../../src/domain/rules/profiles.js';
import {
  DEMO_WORLD, PETITIONER, act, linkOf, opinionInput, petition, reach, registerCase, userId, walk, worldWith, type CtxOptions,
} from '../../support/domain-fixtures.js';

const due = (c: CaseRecord, kind: ClockKind) => openClock(c, kind)?.due;
const next = <A extends ActionName>(c: CaseRecord, actor: string, action: A, input: ActionInputs[A], on: string, opts: CtxOptions = {}) =>
  act(c, actor, action, input, on, opts).case;
function refused<A extends ActionName>(c: CaseRecord, actor: string, action: A, input: ActionInputs[A], on: string, opts: CtxOptions = {}): string {
  try {
    act(c, actor, action, input, on, opts);
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'allowed';
}
const FORWARD_TO_RSJ = { targetOrganId: 'county-rsj' } as const;
const opinionBy = (approver: string) => opinionInput({ content: petition() }, approver);
/** Forwarded Mon 2025-09-22, accepted Thu 9/25: handling ends 9/25 + 60 = 11/24 (Mon). */
const accepted = () => walk(registerCase('xfj_clerk'), [['xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22'], ['rsj_handler', 'accept', {}, '2025-09-25']]);

describe('1. 不再受理 follows from the served re-review opinion itself (Art 36 ¶3)', () => {
  const final = reach('rereview_served').case; // re-review opinion served 2026-01-22

  it('serving the re-review opinion ends the case that day — no 终结 click', () => {
    expect([final.state, final.closedOn, final.clocks.filter((k) => k.stoppedOn === null)]).toEqual(['rereview_served', '2026-01-22', []]);
    expect(STATE_LABELS.rereview_served).toContain('最终');
  });

  it('a petition on the same facts and reasons is 不再受理 with its notice; the officer confirms it against the earlier case', () => {
    const links = { linkedCases: [linkOf(final)] };
    const again = registerCase('xfj_clerk', { receivedOn: '2026-03-02', linkedCaseIds: [final.id] }, links);
    for (const a of ['forward', 'assign'] as const) {
      const input = a === 'forward' ? FORWARD_TO_RSJ : { ...FORWARD_TO_RSJ, reportBackDue: '2026-04-30' };
      expect(refused(again, 'xfj_officer', a, input as never, '2026-03-02', links)).toBe('SAME_MATTER_UNDECIDED');
    }
    const out = act(again, 'xfj_officer', 'decline_final_matter', { earlierCaseId: final.id, sameFactsAndReasons: true }, '2026-03-02', links);
    expect(out.case.state).toBe('not_reaccepted');
    expect(out.documents).toMatchObject([{ kind: 'non_reacceptance_notice', data: { earlierCaseNumber: final.number, basis: '《信访工作条例》第三十六条第三款' } }]);
    expect(String(out.documents[0]!.data.text)).toContain('如有新的事实或理由，可以重新提出');
  });

  it('new facts or reasons make a new matter: accepted and handled, never refused for ever', () => {
    const links = { linkedCases: [linkOf(final)] };
    let c = registerCase('xfj_clerk', { receivedOn: '2026-03-02', linkedCaseIds: [final.id] }, links);
    c = next(c, 'xfj_officer', 'confirm_new_matter', { earlierCaseId: final.id, newFactsOrReasons: '复核后单位又拖欠三个月工资' }, '2026-03-02', links);
    c = next(c, 'xfj_officer', 'forward', FORWARD_TO_RSJ, '2026-03-02', links);
    c = next(c, 'rsj_handler', 'accept', {}, '2026-03-04', links);
    // 3/04 + 60 = 5/03 (Sun; and in the 2026 劳动节 5/01–5/05 holiday) → 5/06 (Wed).
    expect([c.state, due(c, 'handling')]).toEqual(['handling', '2026-05-06']);
  });
});

describe('2. 纪检监察 and 政法 matters follow their own procedures: no 信访 review (Art 22 ¶2, Art 23 ¶4, Art 28 ¶2)', () => {
  it('forwarded to 县纪委监委, the case leaves the 信访 procedure; the accuser is told where and what remedy', () => {
    const c = registerCase('xfj_clerk', { kind: 'accusation', title: '检举某局干部', accusedOrganIds: ['town-tsl'] });
    const out = act(c, 'xfj_officer', 'forward_discipline', { targetOrganId: 'county-jw' }, '2025-09-22');
    expect([out.case.state, out.case.holderOrganId]).toEqual(['referred', 'county-jw']);
    const notice = out.documents.find((d) => d.kind === 'referral_notice')!;
    expect(notice.data).toMatchObject({ toName: '中共于都县纪律检查委员会、于都县监察委员会' });
    expect(String(notice.data.remedy)).toMatch(/不适用信访复查、复核程序/);
    expect(refused(out.case, PETITIONER, 'request_review', { reasons: '不服' }, '2025-10-10')).toBe('STATE_NOT_ALLOWED');
  });

  it('forwarded to 县政法委 likewise; a 政法 organ holding a matter refers it to its procedure and never “accepts” it as 信访', () => {
    const out = act(registerCase('xfj_clerk'), 'xfj_officer', 'forward_political_legal', { targetOrganId: 'county-zfw' }, '2025-09-22');
    expect(out.case.state).toBe('referred');
    expect(out.documents.find((d) => d.kind === 'referral_notice')!.data.procedure).toBe('由政法部门依照法律规定的程序处理（诉讼与信访分离）');
    const direct = registerCase('zfw_handler');
    expect(refused(direct, 'zfw_handler', 'take_own_remit', { howHandled: '本机关办理' }, '2025-09-21')).toBe('OWN_PROCEDURE');
    expect(next(direct, 'zfw_handler', 'refer_to_procedure', { procedure: '按涉法涉诉程序办理' }, '2025-09-21').state).toBe('referred');
  });
});

describe('3. a forwarded organ cannot refuse on its own (Art 23 ¶3, Art 19 ¶3, Art 44)', () => {
  const forwarded = () => next(registerCase('xfj_clerk'), 'xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22');

  it('after its 5 working days (9/23, 9/24, 9/25, 9/26, 9/28 make-up Sunday) it may neither object nor decline', () => {
    expect(refused(forwarded(), 'rsj_handler', 'object', { reason: '非本机关职责' }, '2025-09-29')).toBe('OBJECTION_WINDOW_EXPIRED');
    expect(refused(forwarded(), 'rsj_handler', 'decline', { earlierCaseId: 'x', reason: '非本机关职责' }, '2025-09-29')).toBe('NO_GROUND_TO_DECLINE');
    // In time, the objection goes to the office, which decides (核实同意).
    expect(next(forwarded(), 'rsj_handler', 'object', { reason: '属住建部门职责' }, '2025-09-28').state).toBe('objection_pending');
  });

  it('a refusal on the one ground the law names (Art 19 ¶3) can be corrected on supervision or by order of a superior', () => {
    const townCase = { id: 'earlier-town', number: '360731-2025-000901', state: 'handling' as const, holderOrganId: 'town-gj', accepted: true };
    const links = { linkedCases: [townCase] };
    const declined = walk(registerCase('xian_handler', { linkedCaseIds: [townCase.id] }, links),
      [['xian_handler', 'decline', { earlierCaseId: townCase.id, reason: '同一事项已由贡江镇受理' }, '2025-09-23']], links);
    expect(declined.state).toBe('not_accepted');
    expect(refused(declined, 'xian_handler', 'reopen', { reason: '自行纠正' }, '2025-10-09', links)).toBe('NO_SUPERVISION_ORDER');
    // 县信访局 supervises the county government (Art 40) and the county government corrects itself.
    let c = next(declined, 'xfj_officer', 'issue_supervision', { reason: '不予受理依据不足', dueOn: '2025-10-20' }, '2025-10-09', links);
    c = next(c, 'xian_handler', 'reopen', { reason: '根据督办意见重新审查' }, '2025-10-10', links);
    // A fresh acceptance period from 10/10: + 15 = 10/25 (Sat) → 10/27 (Mon).
    expect([c.state, c.closedOn, due(c, 'acceptance')]).toEqual(['awaiting_acceptance', null, '2025-10-27']);
    // Or the city government orders it (责令改正, Art 44), issuing its order.
    const ordered = act(declined, 'shi_leader', 'order_correction', { reason: '属其职权范围' }, '2025-10-10', links);
    expect([ordered.case.state, due(ordered.case, 'acceptance')]).toEqual(['awaiting_acceptance', '2025-10-27']);
    expect(ordered.documents).toMatchObject([{ kind: 'correction_order', organId: 'city', data: { to: 'county', refusedOn: '2025-09-23' } }]);
  });
});

describe('4. an extension must be approved before the period ends, or the case stays overdue (Art 34)', () => {
  it('a request after 11/24 is refused and the case reads overdue', () => {
    const c = accepted();
    expect(due(c, 'handling')).toBe('2025-11-24');
    expect(refused(c, 'rsj_handler', 'request_extension', { days: 30, reason: '补充调查', approverId: userId('rsj_leader') }, '2025-11-25')).toBe('EXTENSION_PERIOD_EXPIRED');
    expect(clockViews(c, '2025-11-25').find((v) => v.kind === 'handling')).toMatchObject({ due: '2025-11-24', daysLeft: -1, overdue: true });
  });

  it('asked on the last day (11/24) but approved on 11/25: refused under the national profile; lawful where the profile says so', () => {
    const asked = next(accepted(), 'rsj_handler', 'request_extension', { days: 30, reason: '补充调查', approverId: userId('rsj_leader') }, '2025-11-24');
    expect(refused(asked, 'rsj_leader', 'approve_extension', { approvalId: 1 }, '2025-11-25')).toBe('EXTENSION_APPROVAL_LATE');
    expect(clockViews(asked, '2025-11-25').find((v) => v.kind === 'handling')).toMatchObject({ overdue: true });
    const lenient = { world: worldWith(DEMO_WORLD, { profile: { ...NATIONAL_PROFILE, lateApprovalOfTimelyRequest: true } }) };
    // 9/25 + 60 + 30 = 12/24 (Wed).
    expect(due(next(asked, 'rsj_leader', 'approve_extension', { approvalId: 1 }, '2025-11-25', lenient), 'handling')).toBe('2025-12-24');
  });
});

describe('5. approval is an act of the leader, the clock running meanwhile (Art 34, 签发)', () => {
  it('a refused request leaves the period as it was; a new request can then be approved', () => {
    let c = next(accepted(), 'rsj_handler', 'request_extension', { days: 15, reason: '补充调查', approverId: userId('rsj_leader') }, '2025-10-20');
    c = next(c, 'rsj_leader', 'refuse_approval', { approvalId: 1, reason: '理由不充分，请补充' }, '2025-10-22');
    expect(c.approvals[0]).toMatchObject({ status: 'refused', decidedOn: '2025-10-22', note: '理由不充分，请补充' });
    expect([c.extension, due(c, 'handling')]).toEqual([null, '2025-11-24']);
    c = next(c, 'rsj_handler', 'request_extension', { days: 15, reason: '需调取工资台账', approverId: userId('rsj_leader') }, '2025-10-23');
    expect(refused(c, 'zjj_leader', 'approve_extension', { approvalId: 2 }, '2025-10-24')).toBe('ORGAN_NOT_ALLOWED');
    c = next(c, 'rsj_leader', 'approve_extension', { approvalId: 2 }, '2025-10-24');
    // 9/25 + 60 + 15 = 9/25 + 75 = 12/09 (Tue).
    expect([c.extension?.days, c.extension?.approverId, due(c, 'handling')]).toEqual([15, userId('rsj_leader'), '2025-12-09']);
  });

  it('an opinion drafted in time but signed after 11/24 was issued late: its clock stopped after its due date', () => {
    let c = next(accepted(), 'rsj_handler', 'draft_opinion', opinionBy('rsj_leader'), '2025-11-20');
    expect(clockViews(c, '2025-11-25').find((v) => v.kind === 'handling')).toMatchObject({ overdue: true });
    c = next(c, 'rsj_leader', 'sign_opinion', { approvalId: 1 }, '2025-11-26');
    const handling = c.clocks.find((k) => k.kind === 'handling')!;
    expect([handling.due, handling.stoppedOn]).toEqual(['2025-11-24', '2025-11-26']);
    expect(c.opinions[0]).toMatchObject({ issuedOn: '2025-11-26', approverId: userId('rsj_leader') });
  });
});

describe('6. review and re-review periods run from receipt by the deciding organ (Arts 35, 36)', () => {
  it('a review letter posted 12/10 and received 12/15: decided by 12/15 + 30 = 2026-01-14 (Wed)', () => {
    const served = reach('served').case; // served 11/12: the request window ends 11/12 + 30 = 12/12
    const c = next(served, 'xian_handler', 'request_review', { reasons: '不服', requestedOn: '2025-12-10', receivedOn: '2025-12-15' }, '2025-12-15');
    expect(c.review).toMatchObject({ requestedOn: '2025-12-10', receivedOn: '2025-12-15' });
    expect(openClock(c, 'review_decision')).toMatchObject({ start: '2025-12-15', due: '2026-01-14' });
    // Posted after the window (12/13) it is out of time, whenever it arrives.
    expect(refused(served, 'xian_handler', 'request_review', { reasons: '不服', requestedOn: '2025-12-13', receivedOn: '2025-12-15' }, '2025-12-15')).toBe('REVIEW_WINDOW_EXPIRED');
    expect(refused(served, 'xian_handler', 'request_review', { reasons: '不服', requestedOn: '2025-12-10', receivedOn: '2025-12-09' }, '2025-12-15')).toBe('DATE_BEFORE_REQUEST');
  });

  it('a re-review letter posted on the last day (2026-01-12) and received 1/16: 1/16 + 30 = 2/15, in the 春节 holiday (2/15–2/23) → 2/24 (Tue)', () => {
    const reviewServed = reach('review_served').case; // served 12/12: 12/12 + 30 = 2026-01-11 (Sun) → 1/12 (Mon)
    const c = next(reviewServed, 'shi_handler', 'request_rereview', { reasons: '不服', requestedOn: '2026-01-12', receivedOn: '2026-01-16' }, '2026-01-16');
    expect(openClock(c, 'rereview_decision')).toMatchObject({ start: '2026-01-16', due: '2026-02-24' });
  });
});

describe('8. supervision goes to the organ at fault; a superior passes a matter down its own line (Arts 23, 40)', () => {
  it('a late review: the order is addressed to the review organ, which answers it', () => {
    const late = reach('review_requested').case; // received 11/20: decided by 12/20 (Sat) → 12/22 (Mon)
    expect(due(late, 'review_decision')).toBe('2025-12-22');
    const c = next(late, 'xfj_officer', 'issue_supervision', { reason: '复查逾期', dueOn: '2025-12-30' }, '2025-12-23');
    expect(c.supervisions[0]).toMatchObject({ targetOrganId: 'county', organId: 'county-xfj' });
    expect(openClock(c, 'supervision')).toMatchObject({ organId: 'county', due: '2025-12-30' });
    expect(refused(c, 'rsj_handler', 'answer_supervision', { answer: '…' }, '2025-12-24')).toBe('ORGAN_NOT_ALLOWED');
    expect(next(c, 'xian_handler', 'answer_supervision', { answer: '已于今日提出复查意见' }, '2025-12-24').supervisions[0]!.answeredOn).toBe('2025-12-24');
  });

  it('市人社局, sent a matter by 市信访局, passes it to 县人社局 of its own system', () => {
    let c = registerCase('shi_xfj_officer', { receivedOn: '2025-09-22' });
    c = next(c, 'shi_xfj_officer', 'forward', { targetOrganId: 'city-rsj' }, '2025-09-22');
    expect(refused(c, 'shi_rsj_handler', 'forward_to_subordinate', { targetOrganId: 'county-zjj' }, '2025-09-24')).toBe('NOT_SUBORDINATE');
    c = next(c, 'shi_rsj_handler', 'forward_to_subordinate', { targetOrganId: 'county-rsj' }, '2025-09-24');
    expect([c.state, c.holderOrganId, c.senderOrganId]).toEqual(['awaiting_acceptance', 'county-rsj', 'city-rsj']);
    // Acceptance 9/24 + 15 = 10/09 (Thu, after the holiday); objection 9/25, 9/26, 9/28 (make-up), 9/29, 9/30.
    expect([due(c, 'acceptance'), due(c, 'objection')]).toEqual(['2025-10-09', '2025-09-30']);
  });
});

describe('9. numbers on irreversible acts are refused, never changed', () => {
  it.each([[0, 'INPUT_INVALID'], [-3, 'INPUT_INVALID'], [1.5, 'INPUT_INVALID'], [31, 'EXTENSION_TOO_LONG'], [Number.NaN, 'INPUT_INVALID']])('延期 %s 日 → %s', (days, code) => {
    expect(refused(accepted(), 'rsj_handler', 'request_extension', { days, reason: '补充调查', approverId: userId('rsj_leader') }, '2025-10-20')).toBe(code);
  });
});

describe('10. citations and labels as the 2022 text has them', () => {
  it.each([
    ['record_hearing', '第31条第6项'],
    ['evaluate', '第21条第2款'],
    ['declare_conflict', '第28条第3款'],
    ['decline', '第19条第3款'],
    ['decline_final_matter', '第36条第3款'],
    ['object', '第23条第3款'],
  ] as const)('%s rests on %s', (action, article) => {
    expect(ACTION_RULES[action].basis).toContain(article);
  });

  it('no action cites a 项 of Art 23 (it has none), declare_conflict is 自行回避, and no state is called 终结', () => {
    expect(ACTION_NAMES.filter((a) => /第23条第\d+项/.test(ACTION_RULES[a].basis))).toEqual([]);
    expect(ACTION_RULES.declare_conflict.label).toBe('自行回避');
    expect(Object.values(STATE_LABELS).filter((l) => l.includes('终结'))).toEqual([]);
  });

  it('suggestions are answered 采纳 / 部分采纳 / 不予采纳 (Art 29), claims 支持 / 解释说明 / 不予支持 (Art 32)', () => {
    let c = walk(registerCase('xfj_clerk', { kind: 'suggestion', title: '建议增设公交线路' }), [
      ['xfj_officer', 'forward', FORWARD_TO_RSJ, '2025-09-22'], ['rsj_handler', 'accept', {}, '2025-09-25'],
    ]);
    const support = opinionBy('rsj_leader');
    expect(refused(c, 'rsj_handler', 'draft_opinion', support, '2025-10-20')).toBe('INPUT_INVALID');
    c = next(c, 'rsj_handler', 'draft_opinion', { ...support, outcomes: support.outcomes.map((o, i) => ({ ...o, outcome: i ? 'not_adopt' as const : 'adopt' as const })) }, '2025-10-20');
    c = next(c, 'rsj_leader', 'sign_opinion', { approvalId: 1 }, '2025-10-21');
    expect(c.opinions[0]!.outcomes.map((o) => OUTCOME_LABELS[o.outcome])).toEqual(['采纳', '不予采纳']);
  });
});

describe('11. the rules document for lawyers is generated and current', () => {
  const committed = readFileSync(new URL('../../../docs/lifecycle-rules.md', import.meta.url), 'utf8');

  it('docs/lifecycle-rules.md is exactly what the rules render (run `npm run rules:print` after changing them)', () => {
    expect(committed).toBe(renderRulesDocument());
  });

  it('lists every action once, with where it leads; "stays" is an explicit value', () => {
    for (const a of ACTION_NAMES) expect(committed.split('\n').filter((l) => l.includes(`\`${a}\``))).toHaveLength(1);
    expect(committed).toContain('| 操作 | 依据 | 适用状态 | 结果状态 |');
    for (const a of ACTION_NAMES) {
      const to = ACTION_RULES[a].to;
      expect(to === 'same' || typeof to === 'string' || Array.isArray(to) || typeof to === 'object').toBe(true);
    }
    expect(ACTION_RULES.issue_supervision.to).toBe('same');
  });
});
