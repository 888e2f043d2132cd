/**
 * The benchmark's data set: a province (province.ts) and N petitions registered over the last
 * `years` years, each walked by the pure domain (registerPetition, applyAction: every step decided
 * and refused exactly as through the API) up to today, then bulk-written with the rows the case
 * service writes (case-rows.ts: sealed personal data, blind indexes, frozen events and documents,
 * document numbers) and the audit entries it appends (chained, appendMany). A case is walked to its
 * end at once, cases in registration order, so case numbers follow the registration dates.
 *
 * Not written: SMS outbox rows (a past case's messages have been sent) and attachments. Audit
 * entries are chained case by case, so `at` is not monotonic along the chain.
 */
import { randomUUID } from 'node:crypto';
import { count, sql } from 'drizzle-orm';
import { hashPassword } from '../src/app/auth-service.js';
import { accessCodePlace, caseColumns, indicatorFactRows, documentCounterScope, documentNumber, frozenOutput } from '../src/app/case-rows.js';
import { partyIndexes } from '../src/app/personal-data.js';
import { newQueryCode, queryCodeHash } from '../src/app/query-code.js';
import { loadReference, type ReferenceSnapshot } from '../src/app/reference-data.js';
import { addDays, daysBetween, yearOf, type IsoDate } from '../src/domain/calendar/dates.js';
import { DomainError } from '../src/domain/errors.js';
import type { ActionInputs } from '../src/domain/lifecycle/action-inputs.js';
import type { ActionName } from '../src/domain/lifecycle/action-rules.js';
import type { DomainContext } from '../src/domain/lifecycle/context.js';
import { applyAction, type Applied } from '../src/domain/lifecycle/engine.js';
import { registerPetition } from '../src/domain/lifecycle/registration.js';
import type { CaseRecord } from '../src/domain/model/case.js';
import { DOCUMENTS } from '../src/domain/model/documents.js';
import type { StaffUser } from '../src/domain/model/user.js';
import { DEMO_MATTERS, createRng, demoOpinionFor, demoPetition, type Rng, type TownKey } from '../src/demo/seed-cases.js';
import { DEMO_PASSWORD } from '../src/demo/organ-tree.js';
import { seedReference } from '../src/demo/seed-reference.js';
import { AuditTrail, type AuditEntryInput } from '../src/security/audit-trail.js';
import type { FieldCrypto } from '../src/security/field-crypto.js';
import type { Database } from '../src/store/database.js';
import { bulkInsert } from '../src/store/bulk-insert.js';
import * as s from '../src/store/schema.js';
import { BENCH_STAFF, province, type County } from './province.js';

export interface SeedOptions {
  n: number;
  /** Counties in the province (the demo county is the first and busiest). */
  counties: number;
  /** The last day of the data: registrations run up to it, no step happens after it. */
  today: IsoDate;
  years: number;
  crypto: FieldCrypto;
  /** Cases per transaction. */
  batch?: number;
  log?: (line: string) => void;
}

export interface SeedReport { cases: number; events: number; documents: number; audit: number; seconds: number; refusals: Map<string, number> }

/** The marker a seeded database carries (counters row): its N, so a later run can reuse it. */
const MARKER = 'bench:seed';

export async function seededCount(database: Database): Promise<number | null> {
  const rows = await database.db.select({ value: s.counters.value }).from(s.counters).where(sql`${s.counters.scope} = ${MARKER}`);
  return rows[0]?.value ?? null;
}

const TOWNS: readonly TownKey[] = ['gj', 'tsl', 'pgs'];
const TOWN_OFFICE: Record<TownKey, { office: string; clerk: string; officer: string; gov: string; handler: string; leader: string }> = {
  gj: { office: 'town-gj-xfb', clerk: 'gj_clerk', officer: 'gj_officer', gov: 'town-gj', handler: 'gj_handler', leader: 'gj_leader' },
  tsl: { office: 'town-tsl-xfb', clerk: 'tsl_officer', officer: 'tsl_officer', gov: 'town-tsl', handler: 'tsl_handler', leader: 'tsl_leader' },
  pgs: { office: 'town-pgs-xfb', clerk: 'pgs_officer', officer: 'pgs_officer', gov: 'town-pgs', handler: 'pgs_handler', leader: 'pgs_leader' },
};
/** County departments with staff in the demo tree: organ → [handler, leader]. */
const DEPT_STAFF: Record<string, readonly [string, string | null]> = {
  'county-rsj': ['rsj_handler', 'rsj_leader'], 'county-zjj': ['zjj_handler', 'zjj_leader'], 'county-zrj': ['zrj_handler', 'zrj_leader'],
  'county-jyj': ['jyj_handler', 'jyj_leader'], 'county-jw': ['jw_handler', 'jw_leader'], 'county-zfw': ['zfw_handler', 'zfw_leader'],
  'county': ['xian_handler', 'xian_leader'],
  // Staffed in the bench's province only (province.ts BENCH_STAFF).
  ...Object.fromEntries(BENCH_STAFF.filter((u) => u.roles.includes('handler')).map((u) => [u.organId, [u.username, u.username.replace('_handler', '_leader')] as const])),
};

/** A step of a case's walk: on which day (from registration), by whom (demo username), what. */
interface Step { day: number; who: string; action: ActionName; input: (c: CaseRecord) => unknown }

interface PlannedCase {
  county: County;
  registeredOn: IsoDate;
  registrar: string;
  matter: string;
  townKey?: TownKey;
  organs: string[];
  accused: string[];
  steps: Step[];
}

const pendingApproval = (c: CaseRecord): number => {
  const a = c.approvals.find((x) => x.status === 'pending');
  if (!a) throw new DomainError('SEED_NO_PENDING_APPROVAL', 'no pending approval');
  return a.id;
};

/**
 * One petition's plan: where it is registered, where it goes and how far it gets if nothing stops
 * it (most old cases end closed; a step dated after today is not taken, so recent cases are open).
 */
function planCase(rng: Rng, county: County, registeredOn: IsoDate): PlannedCase {
  const where = rng.weighted([['county', 50], ['town', 32], ['direct', 15], ['city', 3]] as const);
  let registrar: string, officer: string, route: 'forward' | 'assign' | 'forward_discipline' | 'forward_political_legal' | 'take_own_remit';
  let target: string, handler: string | null, leader: string | null, matter: string, townKey: TownKey | undefined;
  let organs: string[], accused: string[] = [];
  let review: readonly [string, string] = ['xian_handler', 'xian_leader'];
  if (where === 'county' || where === 'city') {
    const m = where === 'city'
      ? rng.weighted(DEMO_MATTERS.filter((x) => ['wage', 'land', 'property'].includes(x.key)).map((x) => [x, x.weight] as const))
      : rng.weighted(DEMO_MATTERS.map((x) => [x, x.weight] as const));
    matter = m.key;
    if (where === 'city') {
      registrar = 'shi_xfj_officer'; officer = 'shi_xfj_officer'; route = 'forward'; target = 'county'; organs = ['county'];
      review = ['shi_handler', 'shi_leader'];
    } else {
      registrar = 'xfj_clerk'; officer = 'xfj_officer'; target = m.deptOrganId; organs = [m.deptOrganId];
      route = m.kind === 'accusation' ? 'forward_discipline' : m.deptOrganId === 'county-zfw' ? 'forward_political_legal' : rng.chance(0.1) ? 'assign' : 'forward';
      if (m.kind === 'accusation') { townKey = rng.pick(TOWNS); accused = [TOWN_OFFICE[townKey].gov]; }
    }
    [handler, leader] = DEPT_STAFF[target] ?? [null, null];
  } else if (where === 'town') {
    townKey = rng.weighted([['gj', 4], ['tsl', 3], ['pgs', 3]] as const);
    const t = TOWN_OFFICE[townKey];
    matter = rng.weighted(DEMO_MATTERS.filter((x) => x.township).map((x) => [x, x.weight] as const)).key;
    registrar = t.clerk; officer = t.officer; route = 'forward'; target = t.gov; handler = t.handler; leader = t.leader; organs = [t.gov];
  } else {
    const m = rng.weighted(DEMO_MATTERS.filter((x) => x.kind !== 'accusation' && DEPT_STAFF[x.deptOrganId] && x.deptOrganId.startsWith('county-') && x.deptOrganId !== 'county-zfw')
      .map((x) => [x, x.weight] as const));
    matter = m.key; target = m.deptOrganId; [handler, leader] = DEPT_STAFF[target]!; registrar = handler; officer = handler; route = 'take_own_remit';
    organs = [target];
  }
  const o = (id: string) => county.organ(id);
  const steps: Step[] = [];
  let day = rng.int(0, 2);
  const at = (d: number) => (day += d);
  if (route === 'take_own_remit') steps.push({ day: at(0), who: registrar, action: 'take_own_remit', input: () => ({ howHandled: '由本机关依法受理办理。' }) });
  else if (route === 'assign') steps.push({ day: at(0), who: officer, action: 'assign', input: () => ({ targetOrganId: o(target), reportBackDue: addDays(registeredOn, 100), note: '' }) });
  else steps.push({ day: at(0), who: officer, action: route, input: () => ({ targetOrganId: o(target), note: '请依法办理。' }) });
  const own = route === 'forward_discipline' || route === 'forward_political_legal';
  if (!own && handler) {
    const x = rng.next();
    if (route !== 'take_own_remit' && x < 0.08) {
      steps.push({ day: at(rng.int(2, 6)), who: handler, action: 'divert', input: () => (rng.chance(0.5)
        ? { route: 'arbitration', guidance: '请依法申请劳动人事争议仲裁。' } : { route: 'litigation', guidance: '请依法向人民法院提起诉讼。' }) });
    } else if (x > 0.995) {
      // never accepted: waits at the organ (rare; shows as overdue)
    } else {
      steps.push({ day: at(route === 'take_own_remit' ? 0 : rng.int(2, 6)), who: handler, action: 'accept', input: () => ({ note: '' }) });
      if (leader) {
        if (rng.chance(0.08)) {
          steps.push({ day: at(rng.int(25, 40)), who: handler, action: 'request_extension', input: () => ({ days: 30, reason: '案情复杂，需进一步调查。', approverId: `u-${county.user(leader)}` }) });
          steps.push({ day: at(rng.int(1, 3)), who: leader, action: 'approve_extension', input: (c) => ({ approvalId: pendingApproval(c) }) });
        }
        steps.push({ day: at(rng.int(15, 40)), who: handler, action: 'draft_opinion', input: () => ({ opinion: true }) });
        steps.push({ day: at(rng.int(1, 3)), who: leader, action: 'sign_opinion', input: (c) => ({ approvalId: pendingApproval(c) }) });
        const servedOn = addDays(registeredOn, at(rng.int(1, 3)));
        steps.push({ day, who: handler, action: 'serve', input: () => ({ method: 'mail', servedOn }) });
        if (route === 'assign') {
          steps.push({ day: at(rng.int(1, 3)), who: handler, action: 'submit_report', input: () => ({ text: '已办结。' }) });
          steps.push({ day: at(rng.int(1, 3)), who: officer, action: 'approve_report', input: () => ({ note: '' }) });
        }
        const y = rng.next();
        if (y < 0.12) {
          const [rh, rl] = review;
          steps.push({ day: at(rng.int(5, 25)), who: rh, action: 'request_review', input: () => ({ reasons: '对处理意见不服。' }) });
          steps.push({ day: at(rng.int(2, 4)), who: rh, action: 'accept_review', input: () => ({ note: '' }) });
          steps.push({ day: at(rng.int(12, 25)), who: rh, action: 'draft_review_opinion', input: () => ({ review: true }) });
          steps.push({ day: at(rng.int(1, 3)), who: rl, action: 'sign_review_opinion', input: (c) => ({ approvalId: pendingApproval(c) }) });
          const reviewServedOn = addDays(registeredOn, at(rng.int(1, 3)));
          steps.push({ day, who: rh, action: 'serve', input: () => ({ method: 'mail', servedOn: reviewServedOn }) });
          // Closed once the re-review window (30 days, Art 35) has passed; a few are left open.
          if (rng.chance(0.95)) steps.push({ day: at(rng.int(40, 50)), who: rh, action: 'close', input: () => ({ note: '' }) });
        } else if (y < 0.99) {
          steps.push({ day: at(rng.int(40, 50)), who: handler, action: 'close', input: () => ({ note: '' }) });
        }
      }
    }
  }
  return { county, registeredOn, registrar, matter, townKey, organs: organs.map(o), accused: accused.map(o), steps };
}

/** Builds the data set on an empty, migrated database. */
export async function seedBench(database: Database, opts: SeedOptions): Promise<SeedReport> {
  const t0 = performance.now();
  const log = opts.log ?? (() => undefined);
  const { db } = database;
  const [{ n: existing } = { n: 0 }] = await db.select({ n: count() }).from(s.cases);
  if (existing > 0) throw new Error('the database already holds cases: seed an empty one');
  await seedReference(db);
  const prov = province(opts.counties);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    for (let i = 0; i < prov.organs.length; i += 1000) await tx.insert(s.organs).values(prov.organs.slice(i, i + 1000).map((o) => ({ ...o, profileId: null })));
    for (let i = 0; i < prov.users.length; i += 1000) await tx.insert(s.users).values(prov.users.slice(i, i + 1000).map((u) => ({ ...u, passwordHash })));
  });
  const snap: ReferenceSnapshot = await loadReference(db);
  const byName = new Map([...snap.users.values()].map((u) => [u.username, u]));
  log(`province: ${snap.organs.all().length} organs, ${snap.users.size} staff, ${prov.counties.length} counties`);

  // County weights: the demo county is the busiest (its queue is the one to look at), the rest Zipf-like.
  const weights = prov.counties.map((c) => [c, c.index === 0 ? 6 : 1 / Math.sqrt(c.index)] as const);
  const rng = createRng(20261207);
  const prng = createRng(99);
  const firstDay = addDays(opts.today, -Math.round(opts.years * 365));
  const span = daysBetween(firstDay, opts.today);
  const audit = new AuditTrail({ now: () => new Date() });
  const counters = new Map<string, number>();
  const next = (scope: string, year: number) => {
    const key = `${scope}|${year}`;
    const v = (counters.get(key) ?? 0) + 1;
    counters.set(key, v);
    return v;
  };
  const refusals = new Map<string, number>();
  const usedCodes = new Set<string>();
  let cases = 0, events = 0, documents = 0, audited = 0;

  type CaseRow = typeof s.cases.$inferInsert;
  let buf: { cases: CaseRow[]; parties: (typeof s.caseParties.$inferInsert)[]; codes: (typeof s.caseAccessCodes.$inferInsert)[];
    events: (typeof s.caseEvents.$inferInsert)[]; docs: (typeof s.documents.$inferInsert)[]; audit: (AuditEntryInput & { at: string })[];
    facts: (typeof s.indicatorFacts.$inferInsert)[]; };
  const empty = () => ({ cases: [], parties: [], codes: [], events: [], docs: [], audit: [], facts: [] });
  buf = empty();
  // One batch is written while the next is computed (on PostgreSQL the two overlap; PGlite runs in
  // this thread anyway). Batches commit in order, so the audit chain follows them.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const b = buf;
    buf = empty();
    await writing;
    writing = db.transaction(async (tx) => {
      await bulkInsert(tx, s.cases, b.cases);
      await bulkInsert(tx, s.caseParties, b.parties);
      await bulkInsert(tx, s.caseAccessCodes, b.codes);
      await bulkInsert(tx, s.caseEvents, b.events);
      await bulkInsert(tx, s.documents, b.docs);
      await bulkInsert(tx, s.indicatorFacts, b.facts);
      await audit.appendMany(tx, b.audit);
    });
  };

  const batch = opts.batch ?? 500;
  let lastLog = performance.now();
  for (let i = 0; i < opts.n; i++) {
    const registeredOn = addDays(firstDay, Math.floor((i * (span + 1)) / opts.n));
    const county = rng.weighted(weights);
    const plan = planCase(rng, county, registeredOn);
    const userOf = (demoName: string): StaffUser => {
      const u = byName.get(county.user(demoName));
      if (!u) throw new Error(`no user ${county.user(demoName)}`);
      return u;
    };
    const minuteOf = (k: number) => 8 * 60 + 30 + ((i * 37 + k * 53) % 520);
    const ctx = (user: StaffUser, day: IsoDate, k: number, profileId: string): DomainContext => {
      const m = minuteOf(k);
      const now = new Date(`${day}T00:00:00+08:00`);
      now.setUTCMinutes(now.getUTCMinutes() + m);
      return {
        today: day, now: now.toISOString(), actor: { kind: 'staff', user }, organs: snap.organs, user: (id) => snap.users.get(id),
        calendar: snap.calendar, profile: snap.profiles.get(profileId) ?? snap.profileOfOrgan(user.organId), linkedCases: [],
        personKey: (idNumber) => opts.crypto.blindIndex('id', idNumber),
      };
    };
    // Registration.
    const registrar = userOf(plan.registrar);
    const receivedOn = addDays(registeredOn, -rng.int(0, 2));
    const demo = demoPetition(prng, { matter: plan.matter, receivedOn, townKey: plan.townKey, organs: plan.organs, accused: plan.accused });
    const id = randomUUID();
    const region = snap.organs.territoryOf(registrar.organId)?.regionCode ?? '000000';
    const year = yearOf(registeredOn);
    const number = `${region}-${year}-${String(next(`case:${region}`, year)).padStart(6, '0')}`;
    const rctx = ctx(registrar, registeredOn, 0, snap.profileOfOrgan(registrar.organId).id);
    let applied: Applied;
    try {
      applied = registerPetition({ ...demo.content, attachments: [] }, { id, number }, rctx);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      refusals.set(`register: ${e.code}`, (refusals.get(`register: ${e.code}`) ?? 0) + 1);
      continue;
    }
    // A query code already given to another case is drawn again, as the case service does.
    let queryCode: string, codeHash: string;
    do {
      queryCode = newQueryCode();
      codeHash = queryCodeHash(opts.crypto, queryCode);
    } while (usedCodes.has(codeHash));
    usedCodes.add(codeHash);
    const written: Applied[] = [applied];
    const entries: (AuditEntryInput & { at: string })[] = [{
      actorId: registrar.id, actorOrganId: registrar.organId, action: 'case.register', targetType: 'case', targetId: id, outcome: 'ok',
      detail: { number, channel: demo.content.channel, kind: demo.content.kind }, at: rctx.now,
    }];
    let c = applied.case;
    let lastAt = rctx.now;
    const requests = demo.content.requests.map((r) => r.no);
    for (const [k, step] of plan.steps.entries()) {
      const day = addDays(registeredOn, step.day);
      if (day > opts.today) break;
      const user = userOf(step.who);
      const sctx = ctx(user, day, k + 1, c.profileId);
      let input = step.input(c) as Record<string, unknown>;
      if (step.action === 'draft_opinion') input = demoOpinionFor(prng, requests, plan.matter, demo.vars, userOf(plan.steps[k + 1]!.who).id, false, demo.content.kind);
      if (step.action === 'draft_review_opinion') {
        input = { ...demoOpinionFor(prng, requests, plan.matter, demo.vars, userOf(plan.steps[k + 1]!.who).id, false, demo.content.kind), facts: '经复查，原处理意见认定事实清楚。', basis: '《信访工作条例》第三十五条', decision: 'uphold' };
      }
      try {
        const a = applyAction(c, step.action, input as ActionInputs[typeof step.action], sctx);
        written.push(a);
        entries.push({
          actorId: user.id, actorOrganId: user.organId, action: `case.${step.action}`, targetType: 'case', targetId: id, outcome: 'ok',
          detail: { from: c.state, to: a.case.state, version: a.case.version }, at: sctx.now,
        });
        c = a.case;
        lastAt = sctx.now;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        const key = `${step.action}: ${e.code}`;
        if (!refusals.has(key) && process.env.BENCH_DEBUG) log(`${key} ${e.message} [${c.state}] ${plan.steps.map((x) => x.action).join(',')}`);
        refusals.set(key, (refusals.get(key) ?? 0) + 1);
        break;
      }
    }
    // The rows, as CaseService writes them (the final record once; each event and its documents).
    buf.cases.push({ id, ...caseColumns(c, snap.organs, opts.crypto), createdAt: new Date(rctx.now), updatedAt: new Date(lastAt) });
    buf.facts.push(...indicatorFactRows(c, (snap.profiles.get(c.profileId) ?? snap.profileOfOrgan(c.registrarOrganId)).evaluationDays));
    for (const p of partyIndexes(c.content, opts.crypto)) buf.parties.push({ caseId: id, ...p });
    buf.codes.push({ caseId: id, codeHash, codeEnc: opts.crypto.encrypt(queryCode, accessCodePlace(id)) });
    for (const w of written) {
      const f = frozenOutput(w);
      const seq = f.case.version;
      buf.events.push({ ...f.event, seq });
      for (const d of f.documents) {
        const y = yearOf(f.event.on);
        const docNumber = documentNumber(snap.organs.get(d.organId)?.name ?? '', d.kind, y, next(documentCounterScope(d.organId, d.kind), y));
        buf.docs.push({
          id: randomUUID(), caseId: id, eventSeq: seq, kind: d.kind, docNumber, organId: d.organId, issuedOn: f.event.on,
          data: { title: DOCUMENTS[d.kind].title, ...d.data },
        });
      }
    }
    cases++;
    events += written.length;
    buf.audit.push(...entries);
    audited += entries.length;
    if (buf.cases.length >= batch) {
      documents += buf.docs.length;
      await flush();
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  ${(i + 1).toLocaleString()} / ${opts.n.toLocaleString()} cases (${((i + 1) / ((lastLog - t0) / 1000)).toFixed(0)}/s)`);
      }
    }
  }
  documents += buf.docs.length;
  await flush();
  await writing;
  // The counters continue where the seed stopped (the next registration gets the next number).
  const counterRows = [...counters].map(([key, value]) => {
    const [scope, y] = key.split('|') as [string, string];
    return { scope, year: Number(y), value };
  });
  await db.transaction(async (tx) => {
    await bulkInsert(tx, s.counters, counterRows);
    await tx.insert(s.counters).values({ scope: MARKER, year: 0, value: opts.n });
  });
  return { cases, events, documents, audit: audited, seconds: (performance.now() - t0) / 1000, refusals };
}
