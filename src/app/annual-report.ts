/**
 * 信访情况年度报告 (Art 41) for an organ's subtree and a calendar year: the counts the report needs,
 * gathered here; its wording composed in domain/stats/annual-report.ts; the file rendered by
 * documents/render-annual-report.ts. The six indicators, the registrations by channel and category
 * and (for the year still running) the backlog and overdue counts come from StatsService — one
 * definition of each figure. What it has no figure for is counted here from the stored cases:
 * registrations by kind and by organ concerned, the office's 转送/交办 and report-backs (events),
 * its supervision orders and recommendations (the case records), and, for a year already ended, the
 * backlog and overdue cases as the duty clocks stood on its last day.
 *
 * Who may read: as every statistic — staff with an organ data scope, for organs in it (organ-scope.ts).
 */
import { sql } from 'drizzle-orm';
import { chinaDate, type IsoDate } from '../domain/calendar/dates.js';
import { DomainError } from '../domain/errors.js';
import { RECOMMENDATION_TYPES, type RecommendationType } from '../domain/lifecycle/action-inputs.js';
import type { OrganTree } from '../domain/model/organ.js';
import { CHANNEL_LABELS, PETITION_KIND_LABELS } from '../domain/model/petition.js';
import type { StaffUser } from '../domain/model/user.js';
import { composeAnnualReport, type AnnualReportContent, type RecommendationTally, type Tally } from '../domain/stats/annual-report.js';
import { renderAnnualReportDocx } from '../documents/render-annual-report.js';
import { resultRows, type Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { textArray } from '../store/sql-arrays.js';
import type { Clock } from './clock.js';
import { organScopeOf } from './organ-scope.js';
import type { ReferenceData } from './reference-data.js';
import type { StatsService } from './stats-service.js';

/** The earliest year a report may be asked for (no petition of this system is older). */
const FIRST_YEAR = 2000;
/** How many categories and organs concerned the report names. */
const TOP = 10;
/** Clocks that are a duty of the organ (the rights windows and recommendations' feedback are not the case's): overdue when past due. */
const DUTY_CLOCKS = ['routing', 'acceptance', 'handling', 'review_decision', 'rereview_decision', 'report_back', 'supervision'];
/** Opinion duties: past due and not yet met, a backlog case (积案). */
const OPINION_CLOCKS = ['handling', 'review_decision', 'rereview_decision'];

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);

export interface AnnualReport { organName: string; year: number; content: AnnualReportContent; file: Buffer }

const officeOf = (tree: OrganTree, territoryId: string) => tree.children(territoryId).find((o) => o.kind === 'petition_office');

/**
 * Who reports on the organ's territory and to whom (Art 41): the territory's petition office (else the
 * organ itself) to 本级党委和政府 and the petition office one level up; and the place's name.
 */
export function reportingOf(tree: OrganTree, organId: string): { place: string; issuer: string; addressees: string[] } {
  const territory = tree.territoryOf(organId);
  const place = (territory?.name ?? '').replace(/人民政府$/, '');
  const above = territory ? tree.parent(territory.id) : undefined;
  const upperOffice = above ? officeOf(tree, above.id) : undefined;
  return {
    place, issuer: (territory ? officeOf(tree, territory.id) : undefined)?.name ?? tree.get(organId)?.name ?? organId,
    addressees: [...(territory ? [`中共${place}委员会`, territory.name] : []), ...(upperOffice ? [upperOffice.name] : [])],
  };
}

export class AnnualReportService {
  constructor(private readonly db: Db, private readonly ref: ReferenceData, private readonly clock: Clock, private readonly stats: StatsService) {}

  private async rows(q: ReturnType<typeof sql>): Promise<Row[]> {
    return resultRows<Row>(await this.db.execute(q));
  }

  async report(user: StaffUser, q: { organId?: string; year: string }): Promise<AnnualReport> {
    const today = chinaDate(this.clock.now());
    const year = /^\d{4}$/.test(q.year) ? Number(q.year) : NaN;
    if (!(year >= FIRST_YEAR && year <= Number(today.slice(0, 4)))) {
      throw new DomainError('PERIOD_INVALID', `报告年度应为${FIRST_YEAR}年至今年之间的四位年份`, { year: q.year });
    }
    const snap = await this.ref.get();
    const scope = organScopeOf(user, snap.organs, q.organId, '统计数字');
    const from: IsoDate = `${year}-01-01`, to: IsoDate = `${year}-12-31`;
    const asOf = to < today ? to : today;
    const period = { organId: scope.organId, from, to };
    const ids = textArray(scope.organIds);

    const [answer, channels, categories, categoryNames, kinds, concerned, routing, supervision, recommendations, yearEnd] = await Promise.all([
      this.stats.indicators(user, { ...period, compare: true }),
      this.stats.breakdown(user, { ...period, dimension: 'channel' }),
      this.stats.breakdown(user, { ...period, dimension: 'category' }),
      this.ref.categoryNames(),
      // The year's registrations (as StatsService counts them: registered in the subtree, received in the year) by kind.
      this.rows(sql`SELECT kind AS key, count(*)::int AS n FROM ${s.cases}
        WHERE registrar_organ_id = any(${ids}) AND received_on BETWEEN ${from} AND ${asOf} GROUP BY kind ORDER BY n DESC, kind`),
      // The organs those petitions concern (涉及机关, as registered): the organs most complained about.
      this.rows(sql`SELECT o.id AS key, count(*)::int AS n FROM ${s.cases} c
        CROSS JOIN LATERAL jsonb_array_elements_text(coalesce(c.record->'content'->'organsConcerned', '[]'::jsonb)) AS o(id)
        WHERE c.registrar_organ_id = any(${ids}) AND c.received_on BETWEEN ${from} AND ${asOf} GROUP BY o.id ORDER BY n DESC, o.id LIMIT ${TOP}`),
      // 转送 (to the handling organ, to 政法, to 纪检监察), 交办, and the report-backs approved or sent back, by the subtree's organs in the year.
      this.rows(sql`SELECT action AS key, count(*)::int AS n FROM ${s.caseEvents}
        WHERE action = any(${textArray(['forward', 'forward_political_legal', 'forward_discipline', 'assign', 'approve_report', 'return_report'])})
          AND "on" BETWEEN ${from} AND ${to} AND actor_organ_id = any(${ids}) GROUP BY action`),
      // Supervision orders the subtree's offices issued in the year, and whether (and when) they were answered.
      this.rows(sql`SELECT count(*)::int AS issued, (count(*) FILTER (WHERE x->>'answeredOn' IS NOT NULL))::int AS answered,
          (count(*) FILTER (WHERE x->>'answeredOn' <= x->>'dueOn'))::int AS in_time
        FROM ${s.cases} c CROSS JOIN LATERAL jsonb_array_elements(c.record->'supervisions') AS x
        WHERE x->>'organId' = any(${ids}) AND x->>'issuedOn' BETWEEN ${from} AND ${to}`),
      // Recommendations (三项建议) the subtree's offices made in the year, by type and answer; records stored before them have none.
      this.rows(sql`SELECT x->>'type' AS type, coalesce(x->>'adoption', 'awaiting') AS adoption, (x->>'dueOn' < ${asOf}) AS late, count(*)::int AS n
        FROM ${s.cases} c CROSS JOIN LATERAL jsonb_array_elements(coalesce(c.record->'recommendations', '[]'::jsonb)) AS x
        WHERE x->>'organId' = any(${ids}) AND x->>'issuedOn' BETWEEN ${from} AND ${to} GROUP BY 1, 2, 3`),
      asOf === today ? null : this.atDay(scope.organIds, asOf),
    ]);
    if (!answer.lastYear) throw new Error('indicators asked with compare answer the year before');

    const byAction = new Map(routing.map((r) => [String(r.key), num(r.n)]));
    const sup = supervision[0] ?? {};
    const zero = (): RecommendationTally => ({ issued: 0, adopted: 0, partlyAdopted: 0, notAdopted: 0, awaiting: 0, awaitingLate: 0 });
    const recs = Object.fromEntries(RECOMMENDATION_TYPES.map((t) => [t, zero()])) as Record<RecommendationType, RecommendationTally>;
    const FIELD = { adopted: 'adopted', partly_adopted: 'partlyAdopted', not_adopted: 'notAdopted', awaiting: 'awaiting' } as const;
    for (const r of recommendations) {
      const tally = recs[r.type as RecommendationType] as RecommendationTally | undefined;
      const field = FIELD[r.adoption as keyof typeof FIELD] as (typeof FIELD)[keyof typeof FIELD] | undefined;
      if (!tally || !field) continue;
      tally.issued += num(r.n);
      tally[field] += num(r.n);
      if (field === 'awaiting' && r.late === true) tally.awaitingLate += num(r.n);
    }
    const organName = (id: string) => snap.organs.get(id)?.name ?? id;
    const { place, issuer, addressees } = reportingOf(snap.organs, scope.organId);
    const content = composeAnnualReport({
      year, organName: issuer, place, addressees, issuedOn: today, asOf,
      whole: answer, lastYear: answer.lastYear, targets: snap.profileOfOrgan(scope.organId).indicatorTargets,
      byChannel: channels.map((r): Tally => ({ label: r.key ? CHANNEL_LABELS[r.key as keyof typeof CHANNEL_LABELS] : '未填写', n: r.registered })),
      byKind: kinds.map((r): Tally => ({ label: PETITION_KIND_LABELS[r.key as keyof typeof PETITION_KIND_LABELS], n: num(r.n) })),
      categories: categories.slice(0, TOP).map((r): Tally => ({ label: r.key ? (categoryNames.get(r.key) ?? r.key) : '未分类', n: r.registered })),
      organsConcerned: concerned.map((r): Tally => ({ label: organName(String(r.key)), n: num(r.n) })),
      routing: {
        forwarded: (byAction.get('forward') ?? 0) + (byAction.get('forward_political_legal') ?? 0) + (byAction.get('forward_discipline') ?? 0),
        assigned: byAction.get('assign') ?? 0, reportsApproved: byAction.get('approve_report') ?? 0, reportsReturned: byAction.get('return_report') ?? 0,
      },
      supervision: { issued: num(sup.issued), answered: num(sup.answered), answeredInTime: num(sup.in_time), open: num(sup.issued) - num(sup.answered) },
      recommendations: recs,
      atYearEnd: yearEnd ?? { overdueOpen: answer.counts.overdueOpen, backlog: answer.counts.backlog },
      incomplete: answer.incomplete,
    });
    return { organName: place || scope.organName, year, content, file: await renderAnnualReportDocx(content) };
  }

  /**
   * For a year already ended, as its duty clocks stood at the end of its last day: the cases with a duty
   * past due and not yet met (在办超期; the organ the clock binds), and the opinion duties among them (积案).
   */
  private async atDay(organIds: readonly string[], day: IsoDate): Promise<{ overdueOpen: number; backlog: number }> {
    const [r] = await this.rows(sql`SELECT count(DISTINCT c.id)::int AS overdue,
        (count(*) FILTER (WHERE k->>'kind' = any(${textArray(OPINION_CLOCKS)})))::int AS backlog
      FROM ${s.cases} c CROSS JOIN LATERAL jsonb_array_elements(c.record->'clocks') AS k
      WHERE c.received_on <= ${day} AND k->>'organId' = any(${textArray(organIds)}) AND k->>'kind' = any(${textArray(DUTY_CLOCKS)})
        AND k->>'start' <= ${day} AND k->>'due' < ${day} AND (k->>'stoppedOn' IS NULL OR k->>'stoppedOn' > ${day})`);
    return { overdueOpen: num(r?.overdue), backlog: num(r?.backlog) };
  }
}
