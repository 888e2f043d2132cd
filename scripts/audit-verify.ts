/**
 * `npm run audit:verify [-- --heads DIR]` — walks the audit trail's SM3 hash chain in the database
 * named by the environment (DATABASE_URL, else PGlite in MINSHENG_DATA_DIR) and reports the first
 * broken link. With `--heads DIR` it also checks every exported head in DIR (audit-head-*.json,
 * written daily by the server or by `npm run audit:head`; signature under MINSHENG_AUDIT_HEAD_KEY):
 * each must still be in the chain with the same hash, so a chain rewritten consistently since an
 * export is detected. Exit code 0 when intact, 1 when broken, 2 when it could not be checked.
 */
import { systemClock } from '../src/app/clock.js';
import { verifyAuditHeads } from '../src/security/audit-head.js';
import { AuditTrail } from '../src/security/audit-trail.js';
import { databaseOptionsFromEnv, openDatabase } from '../src/store/database.js';
import { auditHeadKeyFromEnv } from './audit-head-key.js';
import { arg, runMain } from './cli.js';

async function main(): Promise<number> {
  const headsDir = arg('--heads');
  const key = headsDir ? auditHeadKeyFromEnv() : null;
  const database = await openDatabase(databaseOptionsFromEnv(process.env));
  try {
    const r = await new AuditTrail(systemClock).verify(database.db);
    let ok = r.ok;
    if (r.ok) {
      console.log(`审计日志校验通过：${r.checked} 条`);
      console.log(`链头：第 ${r.headSeq} 条，SM3 ${r.headHash}`);
    } else {
      console.log(`审计日志校验失败：第 ${r.firstBroken?.seq ?? '?'} 条 — ${r.firstBroken?.reason ?? '未知原因'}`);
    }
    if (headsDir && key) {
      const h = await verifyAuditHeads(database.db, { dir: headsDir, key });
      if (h.heads.length === 0) console.log(`目录 ${headsDir} 中没有审计链头文件（audit-head-*.json）`);
      for (const x of h.heads) {
        if (x.status === 'broken') console.log(`链头不符：${x.file} — ${x.reason ?? ''}`);
        else if (x.status === 'purged') console.log(`链头跳过：${x.file} — ${x.reason ?? ''}`);
      }
      const good = h.heads.filter((x) => x.status === 'ok').length;
      console.log(h.ok ? `已导出的链头核对通过：${good} 个` : '已导出的链头核对未通过：审计链在导出之后被改写');
      ok = ok && h.ok;
    }
    return ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

runMain(main, () => '审计日志无法校验');
