/**
 * `npm run backup -- --out FILE` — a logical backup of the database named by the environment
 * (DATABASE_URL, else PGlite in MINSHENG_DATA_DIR): every table of the application's schema and
 * the migrations journal, gzip-compressed, with a manifest (row counts, migration level, SHA-256).
 * Encrypted values stay encrypted; the keys (MINSHENG_KEYS, MINSHENG_INDEX_KEY) are NOT in it.
 * PGlite: stop the server first (one process owns the data directory). PostgreSQL: runs on a live
 * server, in one consistent snapshot. Exit code 0 on success, 2 on failure.
 */
import { backupDatabase } from '../src/store/backup.js';
import { databaseOptionsFromEnv, openDatabase } from '../src/store/database.js';
import { arg, runMain } from './cli.js';

async function main(): Promise<number> {
  const out = arg('--out');
  if (!out) {
    console.error('用法：npm run backup -- --out 文件名（如 minsheng-2026-12-07.backup.gz）');
    return 2;
  }
  // As it is: the backup records the migration level it found.
  const database = await openDatabase({ ...databaseOptionsFromEnv(process.env), migrate: false });
  try {
    const started = Date.now();
    const m = await backupDatabase(database, out);
    const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
    console.log(`备份完成：${out}`);
    console.log(`迁移级别 ${m.migrationLevel}，${Object.keys(m.tables).length} 张表，${rows} 行，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
    console.log(`SHA-256 ${m.sha256}`);
    console.log('注意：加密字段在备份中仍为密文，密钥不在备份中，请另行妥善保管 MINSHENG_KEYS 与 MINSHENG_INDEX_KEY。');
    return 0;
  } finally {
    await database.close();
  }
}

runMain(main, () => '备份失败');
