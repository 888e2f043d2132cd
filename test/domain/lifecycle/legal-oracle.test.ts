/**
 * An oracle that is not the code: test/fixtures/legal-oracle.md, a table written by hand against the
 * regulation's text (who acts, the case as they find it, the action → the answer the law requires,
 * with its article). Each row is taken through applyAction with a valid input; the expected answer
 * comes only from the table — this file imports none of the engine's permission functions
 * (refusalFor, relationsOf, availableActions), so a wrong rule in the engine cannot agree with it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/domain/errors.js';
import { applyAction } from '../../../src/domain/lifecycle/engine.js';
import { isActionName } from '../../../src/domain/lifecycle/action-rules.js';
import { isCaseState } from '../../../src/domain/model/case-states.js';
import { contextFor, stateFixtures, validInput } from '../../support/domain-fixtures.js';

interface Row { no: number; actor: string; fixture: string; action: string; expected: string; basis: string }

function readTable(): Row[] {
  const text = readFileSync(new URL('../../fixtures/legal-oracle.md', import.meta.url), 'utf8');
  return text.split('\n').filter((l) => /^\| \d+ \|/.test(l)).map((l) => {
    const cells = l.split('|').slice(1, -1).map((c) => c.trim());
    return { no: Number(cells[0]), actor: cells[1]!.split('（')[0]!, fixture: cells[2]!, action: cells[3]!, expected: cells[4]!, basis: cells[5]! };
  });
}

const ROWS = readTable();
const FIXTURES = new Map(stateFixtures().map((f) => [f.name, f]));

describe('the hand-written legal oracle (法律规则核对表)', () => {
  it('has at least 60 rows, each naming a known fixture, action and answer, with its article', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(60);
    expect(ROWS.map((r) => r.no)).toEqual(ROWS.map((_, i) => i + 1));
    for (const r of ROWS) {
      expect(FIXTURES.has(r.fixture), `row ${r.no}: no fixture "${r.fixture}"`).toBe(true);
      expect(isActionName(r.action), `row ${r.no}: no action ${r.action}`).toBe(true);
      expect(r.basis, `row ${r.no}: no article`).toMatch(/第\d+条|办法|规则配置|每份意见|只有|签发|由|转送|报请/);
      const m = /^允许 → (.+)$/.exec(r.expected);
      if (m) expect(m[1] === '=' || isCaseState(m[1]!), `row ${r.no}: unknown state ${m[1]}`).toBe(true);
      else expect(r.expected, `row ${r.no}`).toMatch(/^[A-Z_]+$/);
    }
  });

  it.each(ROWS.map((r) => [r.no, r.actor, r.action, r.fixture, r.expected, r.basis] as const))(
    '#%i %s %s on "%s" → %s (%s)',
    (no, actor, action, fixtureName, expected) => {
      const fx = FIXTURES.get(fixtureName)!;
      const ctx = contextFor(actor, fx.today, { world: fx.world, linkedCases: fx.linkedCases, caseId: fx.case.id });
      if (!isActionName(action)) throw new Error(`row ${no}: ${action}`);
      const input = validInput(action, fx.case, ctx) ?? ({});
      let outcome: string;
      try {
        const out = applyAction(fx.case, action, input, ctx);
        // '=' in the table: the case stays in the state it was in.
        outcome = `允许 → ${expected === '允许 → =' && out.case.state === fx.case.state ? '=' : out.case.state}`;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        outcome = e.code;
      }
      expect(outcome).toBe(expected);
    },
  );
});
