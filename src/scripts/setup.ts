/**
 * First run of an empty production database:
 *
 *   npm run setup -- --organs /etc/minsheng/organs.json      (node dist/scripts/setup.js --organs …)
 *
 * Loads the organ tree (and the category dictionary, when the file has one) and creates the three
 * administrators — sysadmin, secadmin, auditadmin — printing their one-time passwords here, once.
 * The database is the one DATABASE_URL names (else PGlite in MINSHENG_DATA_DIR), migrated first.
 * Refuses a database that already has users. Format: README "Running in production", example:
 * docs/organs.example.json.
 */
import { readFileSync } from 'node:fs';
import { systemClock } from '../app/clock.js';
import { firstRun, SetupRefused } from '../app/first-run.js';
import { readDemoData } from '../demo/data-files.js';
import { ROLE_LABELS } from '../domain/model/user.js';
import { AuditTrail } from '../security/audit-trail.js';
import { databaseOptionsFromEnv, openDatabase } from '../store/database.js';

const args = process.argv.slice(2);
const at = args.indexOf('--organs');
const path = at >= 0 ? args[at + 1] : undefined;
if (!path) {
  process.stderr.write('用法 / usage: npm run setup -- --organs <organs.json>   (node dist/scripts/setup.js --organs <organs.json>)\n');
  process.exit(2);
}

let file: unknown;
try {
  file = JSON.parse(readFileSync(path, 'utf8'));
} catch (e) {
  process.stderr.write(`无法读取机关文件 / cannot read the organ file ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}

const database = await openDatabase(databaseOptionsFromEnv(process.env));
let status = 0;
try {
  const r = await firstRun(database.db, new AuditTrail(systemClock), file, readDemoData('categories.json') as never);
  process.stdout.write(`已导入 ${r.organs} 个机关、${r.categories} 个信访事项分类 / loaded ${r.organs} organs and ${r.categories} categories.\n\n`);
  process.stdout.write('三员账号的一次性密码（只显示这一次，请当面交给本人，首次登录后立即修改）\n');
  process.stdout.write('One-time passwords of the three administrators (shown this once; hand each to its holder, to be changed at first log-in):\n\n');
  for (const a of r.administrators) process.stdout.write(`  ${a.username.padEnd(12)} ${a.password}   ${ROLE_LABELS[a.role]} (${a.role})\n`);
  process.stdout.write('\n');
} catch (e) {
  status = e instanceof SetupRefused ? 3 : 1;
  process.stderr.write(`首次运行被拒绝 / setup refused:\n${e instanceof Error ? e.message : String(e)}\n`);
} finally {
  await database.close();
}
process.exit(status);
