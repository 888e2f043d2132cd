/**
 * Who acts on a demo case: the organs of the demo tree (organ-tree.ts) with the demo user who
 * registers, routes, handles and approves in each, and the path a matter takes through them (its
 * family). Only usernames here; case-steps.ts says what each of them does.
 */
import type { CaseState } from '../domain/model/case-states.js';
import type { PetitionKind } from '../domain/model/petition.js';
import { MATTERS, type DeptKey, type Family, type Matter, type TownKey } from './petition-texts.js';
import type { Rng } from './random.js';
import { must } from '../domain/errors.js';

/** An organ that handles cases: its handler, and the leader who approves (null: cannot issue opinions). */
export interface Org { organ: string; handler: string; leader: string | null }
/** A petition office (信访局 / 信访办). */
export interface Office { organ: string; clerk: string; officer: string; leader: string | null }

/** County departments; those without a handler have no demo staff (cases wait there for acceptance). */
export const DEPTS: Record<DeptKey, { organ: string; handler: string | null; leader: string | null }> = {
  rsj: { organ: 'county-rsj', handler: 'rsj_handler', leader: 'rsj_leader' },
  zjj: { organ: 'county-zjj', handler: 'zjj_handler', leader: 'zjj_leader' },
  zrj: { organ: 'county-zrj', handler: 'zrj_handler', leader: 'zrj_leader' },
  jyj: { organ: 'county-jyj', handler: 'jyj_handler', leader: 'jyj_leader' },
  jw: { organ: 'county-jw', handler: 'jw_handler', leader: 'jw_leader' },
  zfw: { organ: 'county-zfw', handler: 'zfw_handler', leader: null },
  wjw: { organ: 'county-wjw', handler: null, leader: null },
  sthj: { organ: 'county-sthj', handler: null, leader: null },
  jtj: { organ: 'county-jtj', handler: null, leader: null },
};
export const COUNTY_OFFICE: Office = { organ: 'county-xfj', clerk: 'xfj_clerk', officer: 'xfj_officer', leader: 'xfj_leader' };
const CITY_OFFICE: Office = { organ: 'city-xfj', clerk: 'shi_xfj_officer', officer: 'shi_xfj_officer', leader: null };
export const TOWN_STAFF: Record<TownKey, { office: Office; gov: Org }> = {
  gj: { office: { organ: 'town-gj-xfb', clerk: 'gj_clerk', officer: 'gj_officer', leader: null }, gov: { organ: 'town-gj', handler: 'gj_handler', leader: 'gj_leader' } },
  tsl: { office: { organ: 'town-tsl-xfb', clerk: 'tsl_officer', officer: 'tsl_officer', leader: null }, gov: { organ: 'town-tsl', handler: 'tsl_handler', leader: 'tsl_leader' } },
  pgs: { office: { organ: 'town-pgs-xfb', clerk: 'pgs_officer', officer: 'pgs_officer', leader: null }, gov: { organ: 'town-pgs', handler: 'pgs_handler', leader: 'pgs_leader' } },
};
/** The county government (复查 of county organs) and the city government (复核). */
const XIAN: Org = { organ: 'county', handler: 'xian_handler', leader: 'xian_leader' };
const SHI: Org = { organ: 'city', handler: 'shi_handler', leader: 'shi_leader' };

const staffed = (key: DeptKey): Org | null => {
  const d = DEPTS[key];
  return d.handler ? { organ: d.organ, handler: d.handler, leader: d.leader } : null;
};

/** The matters the generator writes about: weight, the county department that handles each, kind. */
export const DEMO_MATTERS: readonly { key: string; weight: number; deptOrganId: string; kind: PetitionKind; township: boolean }[]
  = MATTERS.map((m) => ({ key: m.key, weight: m.weight, deptOrganId: DEPTS[m.dept].organ, kind: m.kind ?? 'claim', township: m.families.some(([f]) => f === 'T') }));

/**
 * How a case of a family travels, as the organs and users involved:
 * F: county 信访局 forwards to a county department; A: county 信访局 交办 with report-back;
 * D: received directly by a department; T: township 信访办 forwards to its government; C: county 信访局
 * forwards to a township government; L: several organs concerned, lead organ designated; J: 检举控告 to
 * 纪委监委 and Z: to 政法委 (both leave the 信访 procedure there, Art 22 ¶2); N: to a department without
 * demo staff (stays awaiting acceptance); M: county 信访局 itself guides to a statutory channel; S: the
 * city 信访局 forwards to the county government; G: the county government receives directly a matter a
 * township already handles (不予受理, Art 19 ¶3).
 */
export interface Route {
  office: Office | null;
  registrar: string;
  /** The organ the case is sent to (null for families handled where they were received). */
  target: string | null;
  handling: Org | null;
  /** How it is sent there (case-steps.ts turns this into the action). */
  route: 'forward' | 'assign' | 'forward_discipline' | 'forward_political_legal' | 'lead' | 'own' | 'none';
  review: Org | null;
  rereview: Org | null;
  evaluator: string | null;
  supervisors: string[];
}

export function routeOf(rng: Rng, family: Family, m: Matter, townKey: TownKey | undefined): Route {
  const dept = DEPTS[m.dept];
  const deptOrg = staffed(m.dept);
  const town = townKey ? TOWN_STAFF[townKey] : null;
  const county = COUNTY_OFFICE;
  switch (family) {
    case 'F': case 'A':
      return { office: county, registrar: rng.chance(0.6) ? county.clerk : county.officer, target: dept.organ, handling: deptOrg, route: family === 'A' ? 'assign' : 'forward', review: XIAN, rereview: SHI, evaluator: county.clerk, supervisors: ['xfj_officer', 'xfj_officer', 'shi_xfj_officer'] };
    case 'L':
      return { office: county, registrar: county.officer, target: dept.organ, handling: deptOrg, route: 'lead', review: XIAN, rereview: SHI, evaluator: county.clerk, supervisors: ['xfj_officer'] };
    case 'C': {
      const t = must(town, 'a township for family C');
      return {
        office: county, registrar: rng.chance(0.6) ? county.clerk : county.officer, target: t.gov.organ, handling: t.gov, route: 'forward',
        review: XIAN, rereview: SHI, evaluator: county.clerk, supervisors: ['xfj_officer', 'shi_xfj_officer'],
      };
    }
    case 'T': {
      const t = must(town, 'a township for family T');
      return {
        office: t.office, registrar: t.office.clerk, target: t.gov.organ, handling: t.gov, route: 'forward',
        review: XIAN, rereview: SHI, evaluator: t.office.clerk, supervisors: [t.office.officer, 'xfj_officer'],
      };
    }
    case 'D': {
      const d = must(deptOrg, `demo staff at ${dept.organ} (family D)`);
      return { office: null, registrar: d.handler, target: null, handling: d, route: 'own', review: XIAN, rereview: SHI, evaluator: null, supervisors: ['xfj_officer'] };
    }
    case 'J':
      return { office: county, registrar: county.officer, target: DEPTS.jw.organ, handling: staffed('jw'), route: 'forward_discipline', review: null, rereview: null, evaluator: county.clerk, supervisors: [] };
    case 'Z':
      return { office: county, registrar: county.clerk, target: DEPTS.zfw.organ, handling: staffed('zfw'), route: 'forward_political_legal', review: null, rereview: null, evaluator: county.clerk, supervisors: [] };
    case 'N':
      return { office: county, registrar: county.clerk, target: dept.organ, handling: null, route: 'forward', review: null, rereview: null, evaluator: null, supervisors: [] };
    case 'M':
      return { office: county, registrar: county.clerk, target: null, handling: null, route: 'none', review: null, rereview: null, evaluator: null, supervisors: [] };
    case 'S':
      return { office: CITY_OFFICE, registrar: CITY_OFFICE.officer, target: XIAN.organ, handling: XIAN, route: 'forward', review: SHI, rereview: null, evaluator: CITY_OFFICE.officer, supervisors: ['shi_xfj_officer'] };
    case 'G':
      return { office: null, registrar: XIAN.handler, target: null, handling: XIAN, route: 'none', review: SHI, rereview: null, evaluator: null, supervisors: ['xfj_officer'] };
  }
}

/** The states a case of each family can be walked to with the demo's staff. */
export const REACH: Record<Family, ReadonlySet<CaseState>> = (() => {
  const handled: CaseState[] = ['awaiting_acceptance', 'handling', 'opinion_issued', 'served', 'review_requested', 'under_review', 'review_opinion_issued',
    'review_served', 'rereview_requested', 'under_rereview', 'rereview_opinion_issued', 'rereview_served', 'closed', 'diverted'];
  return {
    F: new Set<CaseState>(['registered', 'objection_pending', ...handled]),
    C: new Set<CaseState>(['registered', 'objection_pending', ...handled]),
    T: new Set<CaseState>(['registered', ...handled]),
    D: new Set<CaseState>([...handled, 'redirected']),
    A: new Set<CaseState>(['registered', 'awaiting_acceptance', 'handling', 'opinion_issued', 'served', 'closed']),
    L: new Set<CaseState>(['awaiting_acceptance', 'handling', 'opinion_issued', 'served', 'closed']),
    J: new Set<CaseState>(['registered', 'referred']),
    Z: new Set<CaseState>(['registered', 'referred']),
    N: new Set<CaseState>(['registered', 'awaiting_acceptance']),
    M: new Set<CaseState>(['registered', 'diverted']),
    S: new Set<CaseState>(['registered', 'awaiting_acceptance', 'handling', 'opinion_issued', 'served', 'review_requested', 'under_review', 'review_opinion_issued', 'review_served', 'closed']),
    // Reached only as a repeat of a township's case (case-planner.ts): registered and declined.
    G: new Set<CaseState>(),
  };
})();
