/**
 * `npm run audit:verify` — walks the audit trail's SM3 hash chain in the database named by the
 * environment (DATABASE_URL, else PGlite in MINSHENG_DATA_DIR) and reports the first broken link.
 * Exit code 0 when the chain is intact, 1 when it is broken, 2 when it could not be checked.
 * The head hash it prints is worth copying somewhere outside the system: a chain rewritten from
 * the start would no longer contain it.
 */
import { systemClock } from '../src/app/clock.js';
import { AuditTrail } from '../src/security/audit-trail.js';
import { databaseOptionsFromEnv, openDatabase } from '../src/store/database.js';

async function main(): Promise<number> {
  const database = await openDatabase(databaseOptionsFromEnv());
  try {
    const r = await new AuditTrail(systemClock).verify(database.db);
    if (r.ok) {
      console.log(`审计日志校验通过：${r.checked} 条`);
      console.log(`链头：第 ${r.headSeq} 条，SM3 ${r.headHash}`);
      return 0;
    }
    console.log(`审计日志校验失败：第 ${r.firstBroken?.seq ?? '?'} 条 — ${r.firstBroken?.reason ?? '未知原因'}`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    console.error(`审计日志无法校验：${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  },
);
