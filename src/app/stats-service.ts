/**
 * 统计：the indicators of an organ and its subordinates for a period (with 环比 and 同比, and each
 * direct subordinate's figures), and the cases behind any figure, so a leader can check a number
 * case by case. Figures are sums over indicator_facts (one index-only GROUP BY per period) added up
 * per organ subtree here; the lists read the same rows joined to their cases.
 *
 * Who may read: staff with an organ data scope, for organs in that scope (a petition office: its
 * territory). The figures count every case of those organs; a list shows only the cases the user
 * may see (canSeeCase) and says how many it leaves out, so the list and the figure still agree.
 */
import { and, asc, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { addDays, chinaDate, daysBetween, type IsoDate } from '../domain/calendar/dates.js';
import { DomainError } from '../domain/errors.js';
import type { StaffUser } from '../domain/model/user.js';
import { renderBulletinDocx } from '../documents/render-bulletin.js';
import { composeBulletin, type BulletinContent } from '../domain/stats/bulletin.js';
import type { FactKind } from '../domain/stats/indicator-facts.js';
import {
  addMonths, COUNTS, figuresOf, INDICATOR_NAMES, INDICATORS, lastYearPeriod, PERIOD_FACTS, previousPeriod,
  type FactGroup, type IndicatorFigures, type OverdueGroup, type Period,
} from '../domain/stats/indicators.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { textArray } from '../store/sql-arrays.js';
import { visibleCasesWhere } from './case-scope-sql.js';
import type { Clock } from './clock.js';
import type { FigureCases, FigureCasesQuery, IndicatorAnswer, IndicatorQuery } from './contracts/stats.js';
import type { IndicatorFactsRebuild } from './indicator-facts-rebuild.js';
import { checkedPeriod, organScopeOf, type OrganScope } from './organ-scope.js';
import type { ReferenceData } from './reference-data.js';
import { findRegion, normaliseRegionCode } from './regions.js';

/** An organ, its subtree and its direct subordinates' within the user's scope (organ-scope.ts, shared with the dossiers' batch export). */
type Scope = OrganScope;
type Filter = Pick<IndicatorQuery, 'channel' | 'categoryCode'>;

/** What a group of facts sums to (FactGroup's numbers): one set of aggregates for every GROUP BY here. */
const FACT_SUMS = {
  hits: sql<number>`(count(*) filter (where ${s.indicatorFacts.hit}))::int`, total: sql<number>`count(*)::int`,
  daysSum: sql<number>`coalesce(sum(${s.indicatorFacts.days}), 0)::int`, daysCount: sql<number>`count(${s.indicatorFacts.days})::int`,
};

/** Facts count on or before today: a period's last day, or today when the period runs on past it. */
const periodEnd = (p: Period, today: IsoDate): IsoDate => (p.to < today ? p.to : today);

export class StatsService {
  constructor(private readonly db: Db, private readonly ref: ReferenceData, private readonly clock: Clock, private readonly rebuild: IndicatorFactsRebuild) {}

  private today(): IsoDate {
    return chinaDate(this.clock.now());
  }

  /** The organ asked for (default: the top of the user's scope), its subtree within the scope, and its direct subordinates'. */
  private async scope(user: StaffUser, organId: string | undefined): Promise<Scope> {
    return organScopeOf(user, (await this.ref.get()).organs, organId, '统计数字');
  }

  private period(q: { from: IsoDate; to: IsoDate }): Period {
    return checkedPeriod(q, '统计期间');
  }

  /** Conditions on fact rows: organs, the category and channel filters. */
  private factsWhere(organIds: readonly string[], f: Filter): SQL {
    return and(
      sql`${s.indicatorFacts.organId} = any(${textArray(organIds)})`,
      f.channel ? eq(s.indicatorFacts.channel, f.channel) : undefined,
      f.categoryCode ? sql`${s.indicatorFacts.categoryCode} like ${`${f.categoryCode}%`}` : undefined,
    ) ?? sql`true`;
  }

  /** The facts of the period's kinds by organ and kind: one index-only GROUP BY. Facts count from the day they fall on, never after today. */
  private async periodGroups(organIds: readonly string[], p: Period, f: Filter, today: IsoDate): Promise<FactGroup[]> {
    const end = periodEnd(p, today);
    if (end < p.from) return [];
    const fa = s.indicatorFacts;
    return this.groups(and(this.factsWhere(organIds, f), sql`${fa.kind} = any(${textArray(PERIOD_FACTS)})`, gte(fa.on, p.from), lte(fa.on, end)));
  }

  private async groups(where: SQL | undefined): Promise<FactGroup[]> {
    const fa = s.indicatorFacts;
    return this.db.select({ organId: fa.organId, kind: fa.kind, ...FACT_SUMS }).from(fa).where(where).groupBy(fa.organId, fa.kind);
  }

  /** As of today: opinion duties past due (积案) by organ, and open cases past their next due date by acting organ. */
  private async todayGroups(organIds: readonly string[], f: Filter, today: IsoDate): Promise<{ backlog: FactGroup[]; overdue: OverdueGroup[] }> {
    const c = s.cases;
    const [backlog, overdue] = await Promise.all([
      this.groups(and(this.factsWhere(organIds, f), eq(s.indicatorFacts.kind, 'backlog'), lte(s.indicatorFacts.on, today))),
      this.db.select({ organId: c.actingOrganId, n: sql<number>`count(*)::int` }).from(c)
        .where(this.overdueOpenWhere(organIds, f, today)).groupBy(c.actingOrganId),
    ]);
    return { backlog, overdue };
  }

  private overdueOpenWhere(organIds: readonly string[], f: Filter, today: IsoDate): SQL {
    const c = s.cases;
    return and(
      eq(c.open, true), sql`${c.actingOrganId} = any(${textArray(organIds)})`, lt(c.nextDue, today),
      f.channel ? eq(c.channel, f.channel) : undefined,
      f.categoryCode ? sql`${c.categoryCode} like ${`${f.categoryCode}%`}` : undefined,
    ) ?? sql`true`;
  }

  async indicators(user: StaffUser, q: IndicatorQuery): Promise<IndicatorAnswer> {
    return this.indicatorsOf(await this.scope(user, q.organId), q);
  }

  private async indicatorsOf(scope: Scope, q: IndicatorQuery): Promise<IndicatorAnswer> {
    const p = this.period(q);
    const today = this.today();
    const periods = q.compare ? [p, previousPeriod(p), lastYearPeriod(p)] : [p];
    const [now, pending, rules, ...groups] = await Promise.all([
      this.todayGroups(scope.organIds, q, today),
      this.rebuild.pending(),
      this.rulesOf(scope.organId),
      ...periods.map((x) => this.periodGroups(scope.organIds, x, q, today)),
    ]);
    const figures = (g: FactGroup[], ids: readonly string[]): IndicatorFigures => figuresOf([...g, ...now.backlog], now.overdue, new Set(ids));
    const main = groups[0] ?? [];
    const answer: IndicatorAnswer = {
      organId: scope.organId, organName: scope.organName, from: p.from, to: p.to, asOf: today,
      ...figures(main, scope.organIds), incomplete: pending > 0, ...rules,
    };
    if (q.by === 'child') {
      const self = figures(main, [scope.organId]);
      answer.children = [
        ...(hasAny(self) ? [{ organId: scope.organId, organName: `${scope.organName}（本级）`, self: true, ...self }] : []),
        ...scope.children.map((c) => ({ organId: c.id, organName: c.name, ...figures(main, c.ids) })),
      ];
    }
    if (q.compare) {
      const [, prev, last] = periods as [Period, Period, Period];
      answer.previous = { ...prev, ...figures(groups[1] ?? [], scope.organIds) };
      answer.lastYear = { ...last, ...figures(groups[2] ?? [], scope.organIds) };
    }
    return answer;
  }

  /** The organ's targets and evaluation window, from its rules profile (the same for the figures of its subordinates). */
  private async rulesOf(organId: string): Promise<Pick<IndicatorAnswer, 'targets' | 'evaluationDays'>> {
    const profile = (await this.ref.get()).profileOfOrgan(organId);
    return {
      targets: Object.fromEntries(INDICATOR_NAMES.map((n) => [n, { value: profile.indicatorTargets[n], better: INDICATORS[n].better }])) as IndicatorAnswer['targets'],
      evaluationDays: profile.evaluationDays,
    };
  }

  /**
   * The figures month by month (趋势, 访降网升): the facts grouped by organ, kind and month in one
   * GROUP BY, summed per month as for a period. The as-of-today counts are left at 0.
   */
  async monthly(user: StaffUser, q: IndicatorQuery): Promise<{ organId: string; months: (IndicatorFigures & { month: string })[] }> {
    const scope = await this.scope(user, q.organId);
    const p = this.period(q);
    const today = this.today();
    const end = periodEnd(p, today);
    const fa = s.indicatorFacts;
    const month = sql<string>`to_char(${fa.on}, 'YYYY-MM')`;
    const rows = end < p.from ? [] : await this.db.select({
      month, organId: fa.organId, kind: fa.kind, ...FACT_SUMS,
    }).from(fa).where(and(this.factsWhere(scope.organIds, q), sql`${fa.kind} = any(${textArray(PERIOD_FACTS)})`, gte(fa.on, p.from), lte(fa.on, end)))
      .groupBy(month, fa.organId, fa.kind);
    const ids = new Set(scope.organIds);
    const months: string[] = [];
    for (let m = p.from.slice(0, 7); m <= p.to.slice(0, 7); m = addMonths(`${m}-01`, 1).slice(0, 7)) months.push(m);
    return { organId: scope.organId, months: months.map((m) => ({ month: m, ...figuresOf(rows.filter((r) => r.month === m), [], ids) })) };
  }

  /** Petitions registered in the period by channel or by first-level category, most first. */
  async breakdown(user: StaffUser, q: IndicatorQuery & { dimension: BreakdownDimension }): Promise<BreakdownRow[]> {
    const scope = await this.scope(user, q.organId);
    const p = this.period(q);
    const today = this.today();
    const end = periodEnd(p, today);
    if (end < p.from) return [];
    const fa = s.indicatorFacts;
    const sums = { registered: sql<number>`count(*)::int`, visits: sql<number>`(count(*) filter (where ${fa.channel} = 'visit'))::int` };
    // The registrations are the 'online' facts (one per petition); a visit is the channel itself.
    const where = and(this.factsWhere(scope.organIds, q), eq(fa.kind, 'online'), gte(fa.on, p.from), lte(fa.on, end));
    if (q.dimension === 'region') {
      // Where the matter arose (the case's region), one level below the organ's territory: grouped by
      // the stored code in SQL (a few hundred at most), then cut to the level here.
      const rows = await this.db.select({ code: s.cases.regionCode, ...sums }).from(fa).innerJoin(s.cases, eq(s.cases.id, fa.caseId))
        .where(where).groupBy(s.cases.regionCode);
      const organ = (await this.ref.get()).organs.get(scope.organId);
      return regionBreakdown(rows, organ?.regionCode ?? null);
    }
    const key = q.dimension === 'channel' ? sql<string | null>`${fa.channel}` : sql<string | null>`left(${fa.categoryCode}, 2)`;
    return this.db.select({ key, ...sums }).from(fa).where(where).groupBy(key).orderBy(desc(sql`count(*)`));
  }

  /**
   * 月通报 for an organ's subordinates: the month's figures with 环比/同比 and each direct
   * subordinate's, and — as of today — the open cases past their deadline and the overdue opinion
   * duties (积案), each with its unit and the official it is assigned to (at most 200 of each,
   * oldest first; those outside the issuer's scope counted, not listed).
   */
  async bulletin(user: StaffUser, q: { organId?: string; month: string }): Promise<Bulletin> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(q.month)) throw new DomainError('PERIOD_INVALID', '通报月份格式应为 YYYY-MM', { month: q.month });
    const from = `${q.month}-01`;
    const to = addDays(addMonths(from, 1), -1);
    const scope = await this.scope(user, q.organId);
    const answer = await this.indicatorsOf(scope, { organId: q.organId, from, to, by: 'child', compare: true });
    const snap = await this.ref.get();
    const today = this.today();
    const visible = visibleCasesWhere(user, snap.organs);
    const c = s.cases, fa = s.indicatorFacts;
    const LIMIT = 200;
    const backlogWhere = and(this.factsWhere(scope.organIds, {}), eq(fa.kind, 'backlog'), lte(fa.on, today));
    const [overdueRows, backlogRows] = await Promise.all([
      this.db.select({ number: c.number, title: c.title, organId: c.actingOrganId, assigneeId: c.assigneeId, due: c.nextDue })
        .from(c).where(and(this.overdueOpenWhere(scope.organIds, {}, today), visible)).orderBy(asc(c.nextDue), asc(c.id)).limit(LIMIT),
      this.db.select({ number: c.number, title: c.title, organId: fa.organId, assigneeId: c.assigneeId, late: fa.on })
        .from(fa).innerJoin(c, eq(c.id, fa.caseId)).where(and(backlogWhere, visible)).orderBy(asc(fa.on), asc(fa.caseId)).limit(LIMIT),
    ]);
    const item = (r: { number: string; title: string; organId: string; assigneeId: string | null }, due: IsoDate) => ({
      number: r.number, title: r.title, organName: snap.organs.get(r.organId)?.name ?? r.organId,
      holder: r.assigneeId ? (snap.users.get(r.assigneeId)?.name ?? '') : '', due, daysLate: daysBetween(due, today),
    });
    const overdue = overdueRows.map((r) => item(r, r.due ?? today));
    const backlog = backlogRows.map((r) => item(r, addDays(r.late, -1)));
    const unlisted = Math.max(0, answer.counts.overdueOpen - overdue.length) + Math.max(0, answer.counts.backlog - backlog.length);
    const units = (answer.children ?? []).map(({ organName, indicators, counts, avgHandlingDays }) => ({ organName, indicators, counts, avgHandlingDays }));
    const { previous, lastYear } = answer;
    if (!previous || !lastYear) throw new Error('indicators asked with compare answer both periods');
    const content = composeBulletin({
      organName: answer.organName, month: q.month, issuedOn: today, whole: answer, previous, lastYear,
      units, overdue, backlog, unlisted, targets: snap.profileOfOrgan(answer.organId).indicatorTargets,
    });
    return { organName: answer.organName, content, file: await renderBulletinDocx(content) };
  }

  /** The rows behind a figure (an indicator's numerator or denominator, or a count), newest first. */
  async figureCases(user: StaffUser, q: FigureCasesQuery): Promise<FigureCases> {
    const scope = await this.scope(user, q.organId);
    const p = this.period(q);
    const today = this.today();
    const tree = (await this.ref.get()).organs;
    const page = q.page ?? 1, pageSize = q.pageSize ?? 50;
    const visible = visibleCasesWhere(user, tree);
    const c = s.cases;

    if (q.indicator === 'overdueOpen') {
      const where = this.overdueOpenWhere(scope.organIds, q, today);
      const [[all], [seen], items] = await Promise.all([
        this.db.select({ n: sql<number>`count(*)::int` }).from(c).where(where),
        this.db.select({ n: sql<number>`count(*)::int` }).from(c).where(and(where, visible)),
        this.db.select({ caseId: c.id, number: c.number, title: c.title, state: c.state, organId: c.actingOrganId, on: c.nextDue })
          .from(c).where(and(where, visible)).orderBy(asc(c.nextDue), asc(c.id)).limit(pageSize).offset((page - 1) * pageSize),
      ]);
      const total = all?.n ?? 0;
      return {
        total, hidden: total - (seen?.n ?? 0),
        items: items.map((r) => ({ ...r, on: addDays(r.on ?? today, 1), hit: false, kind: 'overdue_open' as const })),
      };
    }

    const fa = s.indicatorFacts;
    const { kind, hitsOnly } = figureFact(q.indicator, q.part ?? 'denominator');
    const end = kind === 'backlog' ? today : periodEnd(p, today);
    const start = kind === 'backlog' ? '0001-01-01' : p.from;
    const where = and(this.factsWhere(scope.organIds, q), eq(fa.kind, kind), gte(fa.on, start), lte(fa.on, end), hitsOnly ? eq(fa.hit, true) : undefined);
    const joined = and(where, visible);
    const [[all], [seen], items] = await Promise.all([
      this.db.select({ n: sql<number>`count(*)::int` }).from(fa).where(where),
      this.db.select({ n: sql<number>`count(*)::int` }).from(fa).innerJoin(c, eq(c.id, fa.caseId)).where(joined),
      this.db.select({ caseId: fa.caseId, number: c.number, title: c.title, state: c.state, organId: fa.organId, on: fa.on, hit: fa.hit, kind: fa.kind })
        .from(fa).innerJoin(c, eq(c.id, fa.caseId)).where(joined).orderBy(desc(fa.on), asc(fa.caseId)).limit(pageSize).offset((page - 1) * pageSize),
    ]);
    const total = all?.n ?? 0;
    return { total, hidden: total - (seen?.n ?? 0), items };
  }
}

/** Registrations by a dimension of the petition: its channel, its category's first level (two digits), or its region one level below the organ's. */
export type BreakdownDimension = 'channel' | 'category' | 'region';
/** A bulletin composed, and as a Word file. */
export interface Bulletin { organName: string; content: BulletinContent; file: Buffer }
export interface BreakdownRow { key: string | null; registered: number; visits: number; name?: string }

/** The code one level below a territory's (GB/T 2260, normalised: 2 province, 4 city, 6 county, 9 township, 12 village). */
const NEXT_LEVEL: Record<number, number> = { 0: 2, 2: 4, 4: 6, 6: 9, 9: 12, 12: 12 };

/**
 * Registrations by stored region code, summed to the level below the territory's: each code cut
 * to that length; a code not as deep (the territory itself, or none) counts under null. Named from
 * the region data set (villages are not in it: their code stands).
 */
export function regionBreakdown(rows: readonly { code: string | null; registered: number; visits: number }[], territory: string | null): BreakdownRow[] {
  const depth = NEXT_LEVEL[territory ? normaliseRegionCode(territory).length : 0] ?? 12;
  const sums = new Map<string | null, { registered: number; visits: number }>();
  for (const r of rows) {
    const code = r.code ? normaliseRegionCode(r.code) : null;
    const key = code && code.length >= depth ? code.slice(0, depth) : null;
    const t = sums.get(key) ?? { registered: 0, visits: 0 };
    t.registered += r.registered; t.visits += r.visits;
    sums.set(key, t);
  }
  // A village is in the data set without a name ('').
  const nameOf = (key: string) => [findRegion(key)?.name, key].find((x) => x) ?? key;
  return [...sums].map(([key, t]) => ({ key, ...t, ...(key ? { name: nameOf(key) } : {}) }))
    .sort((a, b) => b.registered - a.registered || (a.key ?? '~').localeCompare(b.key ?? '~'));
}

const hasAny = (f: IndicatorFigures) => Object.values(f.counts).some((n) => n > 0) || Object.values(f.indicators).some((r) => r.denominator > 0);

/** Which facts a figure lists: an indicator's part (the numerator: its hits), or a count's facts. */
function figureFact(name: FigureCasesQuery['indicator'], part: 'numerator' | 'denominator'): { kind: FactKind; hitsOnly: boolean } {
  if (name in INDICATORS) return { kind: INDICATORS[name as keyof typeof INDICATORS].fact, hitsOnly: part === 'numerator' };
  const count = COUNTS[name as keyof typeof COUNTS];
  return { kind: count.fact, hitsOnly: 'hitsOnly' in count };
}
