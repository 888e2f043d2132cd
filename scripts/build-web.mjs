// Builds the web apps (web/dist) when any source under web/ or src/domain (which the apps import)
// is newer than the last build, so `npm start` and `npm test` always serve what the code says.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compressAssets } from './compress-assets.mjs';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'web/dist/.build-stamp');
const force = process.argv.includes('--force');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(join(root, 'web')), newest(join(root, 'src/domain')), statSync(join(root, 'package-lock.json')).mtimeMs);
if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= sources) {
  console.log('web: build is up to date');
} else {
  // The stamp carries the build's start time: a source saved while vite runs is newer than it, so
  // the next call builds again instead of serving a build that missed the change.
  const started = new Date();
  console.log('web: building (vite)…');
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  const { before, br, gz } = compressAssets(join(root, 'web/dist'));
  console.log(`web: compressed ${(before / 1024).toFixed(0)} KB → brotli ${(br / 1024).toFixed(0)} KB, gzip ${(gz / 1024).toFixed(0)} KB`);
  writeFileSync(stamp, started.toISOString());
  utimesSync(stamp, started, started);
}
