/**
 * `npm run audit:head -- --dir DIR` — verifies the audit chain and writes today's signed head,
 * DIR/audit-head-YYYY-MM-DD.json (sequence number, hash of the head entry, its time; HMAC-SM3
 * under MINSHENG_AUDIT_HEAD_KEY). The server does the same daily when configured to. Keep the files
 * outside the system; `npm run audit:verify -- --heads DIR` checks the chain against them.
 * Exit code 0 when written, 1 when the chain is broken, 2 on any other failure.
 */
import { mkdirSync } from 'node:fs';
import { systemClock } from '../src/app/clock.js';
import { exportAuditHead } from '../src/security/audit-head.js';
import { AuditTrail } from '../src/security/audit-trail.js';
import { databaseOptionsFromEnv, openDatabase } from '../src/store/database.js';
import { auditHeadKeyFromEnv } from './audit-head-key.js';
import { arg, runMain } from './cli.js';

async function main(): Promise<number> {
  const dir = arg('--dir');
  if (!dir) {
    console.error('用法：npm run audit:head -- --dir 目录');
    return 2;
  }
  const key = auditHeadKeyFromEnv();
  mkdirSync(dir, { recursive: true });
  const database = await openDatabase(databaseOptionsFromEnv(process.env));
  try {
    const trail = new AuditTrail(systemClock);
    const check = await trail.verify(database.db);
    if (!check.ok) {
      console.log(`审计日志校验失败，不导出链头：第 ${check.firstBroken?.seq ?? '?'} 条 — ${check.firstBroken?.reason ?? ''}`);
      return 1;
    }
    const { file, head } = await exportAuditHead(database.db, trail, { dir, key, now: systemClock.now() });
    console.log(`已导出审计链头：${file}（第 ${head.seq} 条，SM3 ${head.hash}）`);
    return 0;
  } finally {
    await database.close();
  }
}

runMain(main, () => '审计链头导出失败');
