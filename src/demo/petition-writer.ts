/**
 * Writes one believable petition from the templates of its matter (texts in data/, see
 * petition-texts.ts), and the opinions organs write about it. Everything drawn from the seeded Rng,
 * and every date relative to the date received, so the text depends on nothing but seed and date.
 */
import { addDays, type IsoDate } from '../domain/calendar/dates.js';
import { must } from '../domain/errors.js';
import type { CaseRecord, RequestOutcome } from '../domain/model/case.js';
import type { Attachment, Channel, Petitioner, PetitionContent, PetitionKind } from '../domain/model/petition.js';
import { chineseDate } from '../domain/calendar/provisional-note.js';
import { render } from '../notify/templates.js';
import { personName, petitioner, place, TREE_TOWN_KEYS, type Place } from './people.js';
import { CASE_TEXTS, MATTER_BY_KEY, MATTERS, PEOPLE_AND_PLACES as P, type Matter, type MatterItem, type TownKey } from './petition-texts.js';
import type { Rng } from './random.js';

/** Values for the {placeholders} of one case. */
export type Vars = Record<string, string>;

/** 2025-11-25 → 2025年11月 */
const yearMonth = (d: IsoDate): string => `${+d.slice(0, 4)}年${+d.slice(5, 7)}月`;

function makeVars(rng: Rng, m: Matter, item: MatterItem, p: Place, receivedOn: IsoDate): Vars {
  // start < date < end < receivedOn: a period, an incident in it, its end, then the petition.
  const end = addDays(receivedOn, -rng.int(45, 150));
  const start = addDays(end, -rng.int(60, 420));
  const date = addDays(end, -rng.int(5, 40));
  const round = (lo: number, hi: number, step: number) => String(Math.round(rng.int(lo, hi) / step) * step);
  return {
    town: p.town.name, village: p.village, community: p.community, estate: p.estate,
    group: String(rng.int(1, 12)), building: String(rng.int(1, 18)),
    company: rng.pick(item.company ? P.companies[item.company] : m.companies ?? P.companies.employer),
    developer: rng.pick(P.developers),
    boss: `${rng.pick(P.surnames)}某${rng.pick(P.bossGivenNames)}`,
    neighbor: `${rng.pick(P.surnames)}某${rng.pick(P.neighbourGivenNames)}`,
    oldName: personName(rng, true), relative: rng.pick(P.relatives),
    school: rng.pick(P.schools), hospital: rng.pick(P.hospitals), project: rng.pick(P.projects), landProject: rng.pick(P.landProjects),
    road: rng.pick(P.roads), shop: rng.pick(P.shops), oldFactory: rng.pick(P.oldFactories),
    n: String(rng.int(3, 36)), amount: round(6000, 98000, 100), amount2: round(200000, 1200000, 1000),
    wage: round(2800, 6500, 100), months: String(rng.int(2, 8)), acre: (rng.int(6, 85) / 10).toFixed(1),
    trees: String(rng.int(80, 600)), price: round(900, 2600, 10), area: String(rng.int(80, 180)),
    age: String(rng.int(66, 92)), years: String(rng.int(2, 15)), year: String(+receivedOn.slice(0, 4) - rng.int(1, 3)),
    year0: String(rng.int(2006, 2016)), db: String(rng.int(56, 71)),
    start: yearMonth(start), end: yearMonth(end), date: chineseDate(date),
  };
}

const CHANNELS: readonly (readonly [Channel, number])[] = [['online', 38], ['letter', 24], ['visit', 16], ['phone', 10], ['higher_office', 6], ['video', 4], ['fax', 2]];

const MIME_TYPES: Record<string, string> = {
  jpg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf', mp3: 'audio/mpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface DemoPetition {
  content: PetitionContent;
  matter: string;
  vars: Vars;
  place: Place;
}

/**
 * One believable petition. `townKey` pins the place to a township of the organ tree; `organs` are
 * the organs concerned (the handling organ), `accused` the accused organs for an accusation.
 */
export function demoPetition(rng: Rng, opts: {
  matter?: string; receivedOn: IsoDate; townKey?: TownKey; channel?: Channel; organs?: string[]; accused?: string[];
  allowGroup?: boolean;
}): DemoPetition {
  const m = opts.matter ? must(MATTER_BY_KEY.get(opts.matter), `the matter ${opts.matter}`) : rng.weighted(MATTERS.map((x) => [x, x.weight] as const));
  const urban = opts.townKey ? opts.townKey === 'gj' && rng.chance(m.urban ?? 0) : rng.chance(m.urban ?? 0);
  const p = place(rng, { townKey: opts.townKey ?? (m.kind === 'accusation' ? rng.pick(TREE_TOWN_KEYS) : undefined), urban });
  const item = rng.pick(m.items);
  const v = makeVars(rng, m, item, p, opts.receivedOn);
  let channel = opts.channel ?? rng.weighted(CHANNELS);
  let title = render(item.title, v);
  const requests = item.requests.slice(0, rng.int(1, item.requests.length)).map((t) => render(t, v));
  const kind: PetitionKind = m.kind ?? item.kind ?? 'claim';
  let petitioners: Petitioner[];
  let headcount = 1;
  let anonymous = false;
  if (kind === 'accusation' && rng.chance(0.35)) {
    anonymous = true;
    petitioners = [];
    if (channel === 'visit' || channel === 'video') channel = 'letter';
  } else if (opts.allowGroup !== false && kind !== 'accusation' && channel === 'visit' && rng.chance(m.group ?? 0.05)) {
    headcount = rng.int(6, 40);
    const reps = rng.int(2, 5);
    petitioners = Array.from({ length: reps }, () => petitioner(rng, p, true));
    title = render(CASE_TEXTS.groupVisitTitle, { headcount: String(headcount), title });
  } else if (channel === 'letter' && rng.chance((m.group ?? 0.05) / 2)) {
    const k = rng.int(2, 6); // 联名信
    petitioners = Array.from({ length: k }, () => petitioner(rng, p));
    headcount = k;
  } else {
    petitioners = [petitioner(rng, p)];
  }
  const attachments: Attachment[] = rng.chance(0.3)
    ? Array.from({ length: rng.int(1, 2) }, () => {
        const name = rng.pick(m.attachments);
        const mimeType = MIME_TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
        return { name, mimeType, size: rng.int(40_000, 4_000_000), sha256: Array.from({ length: 64 }, () => '0123456789abcdef'[rng.int(0, 15)]).join('') };
      })
    : [];
  return {
    matter: m.key, vars: v, place: p,
    content: {
      channel, kind, title, petitioners, headcount, anonymous,
      requests: requests.map((text, i) => ({ no: i + 1, text })),
      facts: render(item.facts, v), reasons: render(item.reasons, v), categoryCode: item.category, regionCode: p.town.region,
      organsConcerned: opts.organs ?? [], accusedOrganIds: opts.accused ?? [], involvedUserIds: [], linkedCaseIds: [], attachments,
      receivedOn: opts.receivedOn,
    },
  };
}

/**
 * The same petitioner back about an earlier case (重复信访): its matter, text and first petitioner,
 * alone this time, linked to the earlier case.
 */
export function repeatPetition(rng: Rng, earlier: DemoPetition, earlierNumber: string, earlierCaseId: string, opts: {
  merged: boolean; receivedOn: IsoDate; organs: string[];
}): DemoPetition {
  const e = earlier.content;
  const t = CASE_TEXTS.repeatPetition;
  const earlierTitle = e.title.startsWith(t.titlePrefix) ? e.title.slice(t.titlePrefix.length) : e.title;
  const content: PetitionContent = {
    ...e,
    channel: rng.weighted([['visit', 4], ['letter', 3], ['online', 3]] as const),
    title: t.titlePrefix + earlierTitle,
    facts: render(t.facts, {
      date: chineseDate(e.receivedOn), title: e.title, number: earlierNumber, status: opts.merged ? t.statusMerged : t.statusAgain, facts: e.facts,
    }),
    headcount: 1,
    petitioners: e.petitioners.slice(0, 1).map(({ representative: _, ...x }) => x),
    linkedCaseIds: [earlierCaseId],
    organsConcerned: opts.organs.length ? opts.organs : e.organsConcerned,
    attachments: [],
    receivedOn: opts.receivedOn,
  };
  return { ...earlier, content };
}

/** An opinion answering every request of the case (Art 32), with matter-specific facts and basis. */
export function demoOpinion(rng: Rng, c: CaseRecord, matterKey: string, v: Vars, approverId: string, lenient = false) {
  return demoOpinionFor(rng, c.content.requests.map((r) => r.no), matterKey, v, approverId, lenient, c.content.kind);
}

/** A suggestion's requests are answered 采纳 / 部分采纳 / 不予采纳 (Art 29) where a claim's are 支持 / 解释说明 / 不予支持 (Art 32). */
const AS_SUGGESTION: Record<'support' | 'explain' | 'not_support', RequestOutcome> = { support: 'adopt', explain: 'partly_adopt', not_support: 'not_adopt' };

export function demoOpinionFor(rng: Rng, requestNos: number[], matterKey: string, v: Vars, approverId: string, lenient = false, kind: PetitionKind = 'claim') {
  const m = MATTER_BY_KEY.get(matterKey) ?? must(MATTERS[0], 'a matter');
  const outcomes = requestNos.map((no) => {
    const answer = rng.weighted([['support', lenient ? 6 : 4.5], ['explain', 3.5], ['not_support', lenient ? 0.5 : 2]] as const);
    const texts = answer === 'support' ? m.opinion.support : answer === 'explain' ? m.opinion.explain : m.opinion.notSupport;
    const outcome: RequestOutcome = kind === 'suggestion' ? AS_SUGGESTION[answer] : answer;
    return { requestNo: no, outcome, reasoning: render(rng.pick(texts), v) };
  });
  return { outcomes, facts: render(rng.pick(m.opinion.facts), v), basis: `${CASE_TEXTS.opinionBasis}；${rng.pick(m.opinion.basis)}`, approverId };
}
