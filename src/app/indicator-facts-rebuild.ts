/**
 * Rebuilds the indicator facts of cases written before them, or under older definitions
 * (cases.facts_version < FACTS_VERSION): in the background after start, a batch per transaction,
 * the cases locked and skipped when another process holds them (SKIP LOCKED), so several servers
 * may run it at once and a case's own write never waits long. Every later write of a case rewrites
 * its facts in its own transaction (case-service.ts), so once no case is left the job is done.
 */
import { inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../store/database.js';
import { bulkInsert } from '../store/bulk-insert.js';
import * as s from '../store/schema.js';
import { FACTS_VERSION, indicatorFactRows } from './case-rows.js';
import type { ReferenceData } from './reference-data.js';

const BATCH = 1000;

export class IndicatorFactsRebuild {
  private running: Promise<number> | null = null;
  private stopping = false;

  constructor(private readonly db: Db, private readonly ref: ReferenceData) {}

  /** Rebuild one batch; the number of cases rebuilt (0: none left). */
  async batch(limit = BATCH): Promise<number> {
    const snap = await this.ref.get();
    return this.db.transaction(async (tx) => {
      const rows = await tx.select({ id: s.cases.id, record: s.cases.record }).from(s.cases)
        .where(lt(s.cases.factsVersion, FACTS_VERSION)).limit(limit).for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      await tx.delete(s.indicatorFacts).where(inArray(s.indicatorFacts.caseId, ids));
      const facts = rows.flatMap((r) => {
        const profile = snap.profiles.get(r.record.profileId) ?? snap.profileOfOrgan(r.record.registrarOrganId);
        return indicatorFactRows(r.record, profile.evaluationDays);
      });
      await bulkInsert(tx, s.indicatorFacts, facts);
      await tx.update(s.cases).set({ factsVersion: FACTS_VERSION }).where(inArray(s.cases.id, ids));
      return rows.length;
    });
  }

  /** Rebuild until no case is left (or stop() is called); the number of cases rebuilt. */
  run(log?: { info(message: string): void; warn(message: string): void }): Promise<number> {
    this.running ??= (async () => {
      let total = 0;
      const started = performance.now();
      try {
        for (let n = await this.batch(); n > 0 && !this.stopping; n = await this.batch()) {
          total += n;
          if (total % 50_000 < n) log?.info(`统计指标数据重建：已处理${total}件`);
        }
        if (total > 0) log?.info(`统计指标数据重建完成：${total}件，${((performance.now() - started) / 1000).toFixed(1)}秒`);
      } catch (e) {
        log?.warn(`统计指标数据重建中断，下次启动时继续：${e instanceof Error ? e.message : String(e)}`);
      } finally {
        this.running = null;
      }
      return total;
    })();
    return this.running;
  }

  /** Cases whose facts are not rebuilt yet (the statistics page says the figures are incomplete meanwhile). */
  async pending(): Promise<number> {
    const [r] = await this.db.select({ n: sql<number>`count(*)::int` }).from(s.cases).where(lt(s.cases.factsVersion, FACTS_VERSION));
    return r?.n ?? 0;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }
}
