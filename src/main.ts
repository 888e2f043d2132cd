/**
 * `npm start` (demo, PGlite) and `node dist/main.js` (production): the one place that reads the
 * environment. The configuration is checked first; every problem is printed, in Chinese and
 * English, and the process exits with status 2 before anything is opened.
 */
import { ConfigError, loadConfig, formatProblems } from './config/config.js';
import { run } from './run.js';

const loaded = loadConfig(process.env);
if (!loaded.ok) {
  process.stderr.write(`${formatProblems(loaded.problems)}\n`);
  process.exit(2);
}
const { config } = loaded;

try {
  const running = await run(config);
  const { log } = running;
  const port = running.app.server.address();
  const where = typeof port === 'object' && port ? `http://${config.http.host}:${port.port}/` : '';
  log.info({ mode: config.mode, database: running.database.kind, url: where }, '民声 Minsheng 已启动');
  if (config.mode === 'demo') {
    // The demo's banner is for the person at the terminal, not for a log collector. (Production
    // never loads the demo modules.)
    const { DEMO_PASSWORD, DEMO_USERS } = await import('./demo/organ-tree.js');
    const { ROLE_LABELS } = await import('./domain/model/user.js');
    if (running.demoCases > 0) console.log(`演示数据已生成：${running.demoCases} 件信访事项`);
    console.log(`\n民声 Minsheng（演示）已启动：${where}  （数据库：${running.database.kind === 'pglite' ? `PGlite ${config.database.dataDir}` : 'PostgreSQL'}）`);
    console.log(`演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(16)} ${u.name}\t${u.roles.map((r) => ROLE_LABELS[r]).join('、')}\t${u.organId}`);
  }
  const shutdown = async () => {
    log.info('shutting down');
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
} catch (e) {
  process.stderr.write(`${e instanceof ConfigError ? e.message : `启动失败 / failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}`}\n`);
  process.exit(1);
}
