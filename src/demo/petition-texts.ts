/**
 * The demo's texts, kept as data in src/demo/data/ so that wording is edited without touching code:
 *   matters.json           what petitions are about: per matter, templates of title, facts, requests
 *                          and reasons, the opinions an organ writes, how the matter travels
 *   people-and-places.json names, townships and villages of 于都县, companies, schools, …
 *   case-texts.json        what staff and petitioners write at each step (notes, reasons, reports)
 * Templates hold {placeholders}, filled with render() of the SMS templates (same syntax); makeVars in
 * petition-writer.ts lists the values.
 * Loaded once, checked here so a typo in an enumerated value fails at start, not in a walk.
 */
import type { Adoption, DiversionRoute, RecommendationType } from '../domain/lifecycle/action-inputs.js';
import type { PetitionKind } from '../domain/model/petition.js';
import { readDemoData } from './data-files.js';

/** County departments by short key; case-routes.ts gives each its organ and staff. */
export const DEPT_KEYS = ['rsj', 'zjj', 'zrj', 'jyj', 'jw', 'zfw', 'wjw', 'sthj', 'jtj'] as const;
export type DeptKey = (typeof DEPT_KEYS)[number];
/** How a matter travels from registration to the organ that handles it: see routeOf in case-routes.ts. */
export const FAMILIES = ['F', 'A', 'D', 'T', 'C', 'L', 'J', 'Z', 'N', 'M', 'S', 'G'] as const;
export type Family = (typeof FAMILIES)[number];
/** The three townships of the demo organ tree. */
export type TownKey = 'gj' | 'tsl' | 'pgs';
export const COMPANY_KINDS = ['builder', 'factory', 'logistics', 'agency', 'decorator', 'mine', 'security', 'employer'] as const;
export type CompanyKind = (typeof COMPANY_KINDS)[number];

export interface MatterItem {
  title: string;
  facts: string;
  requests: string[];
  reasons: string;
  /** Category code of the dictionary (categories.json). */
  category: string;
  kind?: PetitionKind;
  /** Which list {company} is drawn from (default: the matter's companies, else employers). */
  company?: CompanyKind;
}

export interface Matter {
  key: string;
  /** Share of the demo's petitions about this matter. */
  weight: number;
  dept: DeptKey;
  kind?: PetitionKind;
  /** The ways it travels, weighted. */
  families: readonly (readonly [Family, number])[];
  /** Chance a petition is from the county town (an estate address) rather than a village. */
  urban?: number;
  /** Chance of a group visit. */
  group?: number;
  companies?: string[];
  items: MatterItem[];
  /** Text an organ writes in its opinion: findings, basis, and one answer per request by outcome. */
  opinion: { facts: string[]; basis: string[]; support: string[]; explain: string[]; notSupport: string[] };
  divert: { route: DiversionRoute; guidance: string };
  redirect: { competentAuthority: string; reason: string };
  /** A department a petition office might wrongly send this to (it objects). */
  wrong?: DeptKey;
  attachments: string[];
}

export interface Town { key?: TownKey; name: string; region: string; villages: string[] }

export interface PeopleAndPlaces {
  surnames: string[];
  maleGivenNames: string[];
  femaleGivenNames: string[];
  mobilePrefixes: string[];
  treeTownships: Record<TownKey, Town>;
  /** Other townships of 于都县 (no organ in the demo tree). */
  otherTownships: Town[];
  /** Address templates: {estate}{building}{unit}{floor}{room} in the county town, {town}{village}{hamlet}{group}{number} elsewhere. */
  addresses: { urban: string; village: string };
  /** Hamlet names of a village address ('' for none). */
  hamlets: string[];
  communities: string[];
  estates: string[];
  schools: string[];
  hospitals: string[];
  projects: string[];
  landProjects: string[];
  shops: string[];
  oldFactories: string[];
  roads: string[];
  relatives: string[];
  companies: Record<CompanyKind, string[]>;
  developers: string[];
  /** Given-name characters of people named only as 张某华 in a petition. */
  bossGivenNames: string[];
  neighbourGivenNames: string[];
}

export interface CaseTexts {
  groupVisitTitle: string;
  repeatPetition: { titlePrefix: string; facts: string; statusMerged: string; statusAgain: string };
  majorReport: { summary: string; reportedTo: string };
  forwardNotes: string[];
  wrongForwardNote: string;
  objection: { toDepartment: string; toTownship: string; approved: string };
  assignNote: string;
  leadOrganNote: string;
  ownRemit: string;
  /** 不予受理 under Art 19 ¶3: {organ} is the organ below that accepted the same matter. */
  sameMatterBelow: string;
  /** 不再受理 under Art 36 ¶3: the officer's note on the comparison. */
  sameFactsNote: string;
  convertReason: string;
  supervision: { reasons: string[]; answer: string };
  /** 三项建议 (Art 40): proposals by type, and the recipient's written feedback by adoption. */
  recommendation: Record<RecommendationType, string[]> & { feedback: Record<Adoption, string> };
  extensionReason: string;
  hearingSummary: string;
  opinionBasis: string;
  report: { text: string; approved: string };
  unsatisfiedComment: string;
  closedWithoutReview: string;
  reviewReasons: string[];
  review: { basis: string; facts: { uphold: string; change: string; annul: string; redo: string } };
  closedWithoutRereview: string;
  rereviewReasons: string[];
  rereview: { basis: string; hearingStart: string; hearingSummary: string; facts: string };
}

function checkMatters(matters: Matter[]): Matter[] {
  const bad = (m: Matter, what: string) => new Error(`src/demo/data/matters.json: matter ${m.key}: ${what}`);
  const keys = new Set<string>();
  for (const m of matters) {
    if (keys.has(m.key)) throw bad(m, 'key used twice');
    keys.add(m.key);
    if (!(DEPT_KEYS as readonly string[]).includes(m.dept) || (m.wrong && !(DEPT_KEYS as readonly string[]).includes(m.wrong))) throw bad(m, 'unknown department');
    if (m.families.some(([f]) => !(FAMILIES as readonly string[]).includes(f))) throw bad(m, 'unknown family');
    if (m.items.some((i) => i.company && !(COMPANY_KINDS as readonly string[]).includes(i.company))) throw bad(m, 'unknown company kind');
  }
  return matters;
}

export const MATTERS: readonly Matter[] = checkMatters(readDemoData('matters.json') as Matter[]);
export const MATTER_BY_KEY: ReadonlyMap<string, Matter> = new Map(MATTERS.map((m) => [m.key, m]));
export const PEOPLE_AND_PLACES = ((): PeopleAndPlaces => {
  const p = readDemoData('people-and-places.json') as PeopleAndPlaces;
  for (const [key, town] of Object.entries(p.treeTownships)) town.key = key as TownKey;
  return p;
})();
export const CASE_TEXTS = readDemoData('case-texts.json') as CaseTexts;
