/**
 * The facts of a case as the indicators count them, on the standard case walked to its end — every
 * date counted by hand from the 2025 calendar (国庆 1–8 October 2025, make-up days 28 September and
 * 11 October), never from the function under test — and on cases that are late or still running.
 */
import { describe, expect, it } from 'vitest';
import { indicatorFacts, type IndicatorFact } from '../../../src/domain/stats/indicator-facts.js';
import { act, PETITIONER, reach, registerCase, walk } from '../../support/domain-fixtures.js';

const byKind = (facts: IndicatorFact[]) => facts.map((f) => `${f.kind} ${f.organId} ${f.on} ${f.hit ? 'hit' : 'miss'}${f.days === null ? '' : ` ${f.days}d`}`).sort();

describe('indicator facts of one case', () => {
  it('the standard case to its final opinion: every duty met in time, no evaluation given', () => {
    const { case: c } = reach('rereview_served');
    expect(byKind(indicatorFacts(c, 30))).toEqual([
      // Registered at 于都县信访局 on Saturday 20 September 2025, by letter, no earlier matter.
      'online county-xfj 2025-09-20 miss', 'repeat county-xfj 2025-09-20 miss', 'visit county-xfj 2025-09-20 miss',
      // The office forwarded it on the 22nd (due 5 Oct, a holiday → 9 Oct); 县人社局 accepted on the 25th (due 7 Oct → 9 Oct).
      'acceptance county-xfj 2025-09-22 hit', 'acceptance county-rsj 2025-09-25 hit', 'accepted county-rsj 2025-09-25 hit',
      // Handling opinion signed 10 Nov (due 24 Nov): 51 days after receipt (10 in September, 31 in October, 10 in November).
      'completion county-rsj 2025-11-10 hit', 'opinion county-rsj 2025-11-10 hit 51d',
      // Served 12 Nov; no evaluation: its 30-day window's last day is 12 Dec, so it counts as not evaluated on 13 Dec.
      'evaluation county-rsj 2025-12-13 miss',
      // Review by the county government: signed 10 Dec, served 12 Dec → window closed on 12 Jan 2026.
      'completion county 2025-12-10 hit', 'opinion county 2025-12-10 hit', 'evaluation county 2026-01-12 miss',
      // Re-review by the city government: signed 20 Jan 2026, served 22 Jan → window closed on 22 Feb.
      'completion city 2026-01-20 hit', 'opinion city 2026-01-20 hit', 'evaluation city 2026-02-22 miss',
    ].sort());
  });

  it('an evaluation counts for the opinion it answers, 满意 and 基本满意 as satisfied', () => {
    const { case: served } = reach('served');
    const evaluated = act(served, PETITIONER, 'evaluate', { result: 'basically_satisfied' }, '2025-11-20').case;
    const facts = byKind(indicatorFacts(evaluated, 30));
    expect(facts).toContain('evaluation county-rsj 2025-11-20 hit');
    expect(facts).toContain('satisfaction county-rsj 2025-11-20 hit');
    const unhappy = act(served, PETITIONER, 'evaluate', { result: 'unsatisfied' }, '2025-11-20').case;
    expect(byKind(indicatorFacts(unhappy, 30))).toContain('satisfaction county-rsj 2025-11-20 miss');
  });

  it('a running duty counts as late from the day after its due date; a duty not yet due gives no completion fact', () => {
    // Forwarded 22 Sep 2025, accepted 25 Sep: handling due 24 Nov 2025 (60 days), still running.
    const { case: handling } = reach('handling');
    const facts = byKind(indicatorFacts(handling, 30));
    expect(facts).toContain('completion county-rsj 2025-11-25 miss');
    expect(facts).toContain('backlog county-rsj 2025-11-25 miss');
    // Opinion issued late, on 1 Dec: the completion is a miss on the first late day, the backlog gone.
    const late = walk(handling, [
      ['rsj_handler', 'draft_opinion', { outcomes: handling.content.requests.map((r) => ({ requestNo: r.no, outcome: 'support', reasoning: '属实' })), facts: '查明属实。', basis: '《信访工作条例》第三十二条', approverId: 'u-rsj_leader' }, '2025-11-28'],
      ['rsj_leader', 'sign_opinion', { approvalId: 1 }, '2025-12-01'],
    ]);
    const after = byKind(indicatorFacts(late, 30));
    expect(after).toContain('completion county-rsj 2025-11-25 miss');
    expect(after.filter((f) => f.startsWith('backlog'))).toEqual([]);
    expect(after).toContain('opinion county-rsj 2025-12-01 hit 72d');
  });

  it('online and repeat petitions are marked on their registration', () => {
    const earlier = { id: 'earlier-1', number: '360731-2025-000001', state: 'handling' as const, holderOrganId: 'county-rsj', accepted: true };
    const online = registerCase('xfj_clerk', { channel: 'online', linkedCaseIds: [earlier.id] }, { linkedCases: [earlier] });
    const facts = byKind(indicatorFacts(online, 30));
    expect(facts).toContain('online county-xfj 2025-09-20 hit');
    expect(facts).toContain('repeat county-xfj 2025-09-20 hit');
    expect(facts).toContain('visit county-xfj 2025-09-20 miss');
    // The office's routing duty is running (due 9 Oct): its fact is the first late day, counted only from then.
    expect(facts).toContain('acceptance county-xfj 2025-10-10 miss');
  });
});
