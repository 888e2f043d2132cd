/**
 * `npm run restore -- --in FILE` — restores a backup made by `npm run backup` into the EMPTY
 * database named by the environment (DATABASE_URL, else PGlite in MINSHENG_DATA_DIR). The file is
 * checked first (SHA-256 and row counts against its manifest); a non-empty database is refused
 * before anything is written; the schema is created at the backup's migration level, the rows
 * loaded in one transaction, then the remaining migrations of this version applied. Start the
 * server with the same keys the backup was made under. Exit code 0 on success, 1 when refused, 2 on failure.
 */
import { assertEmpty, BackupError, checkBackup, restoreDatabase } from '../src/store/backup.js';
import { databaseOptionsFromEnv, openDatabase } from '../src/store/database.js';
import { arg, runMain } from './cli.js';

async function main(): Promise<number> {
  const file = arg('--in');
  if (!file) {
    console.error('用法：npm run restore -- --in 备份文件');
    return 2;
  }
  const checked = await checkBackup(file);
  console.log(`备份文件校验通过：${checked.manifest.createdAt}，迁移级别 ${checked.manifest.migrationLevel}`);
  const options = databaseOptionsFromEnv(process.env);
  // Refuse a database that holds anything before creating or migrating a table in it.
  const probe = await openDatabase({ ...options, migrate: false });
  try {
    await assertEmpty(probe.db);
  } finally {
    await probe.close();
  }
  const target = await openDatabase({ ...options, migrateThrough: checked.manifest.migrationLevel });
  try {
    const m = await restoreDatabase(target, file, checked);
    const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
    console.log(`恢复完成：${Object.keys(m.tables).length} 张表，${rows} 行`);
  } finally {
    await target.close();
  }
  const upgraded = await openDatabase(options); // this version's later migrations, if any
  await upgraded.close();
  console.log('请用备份时的同一组密钥（MINSHENG_KEYS、MINSHENG_INDEX_KEY）启动服务，并运行 npm run audit:verify 校验审计链。');
  return 0;
}

runMain(main, (e) => (e instanceof BackupError ? '拒绝恢复' : '恢复失败'), (e) => (e instanceof BackupError ? 1 : 2));
