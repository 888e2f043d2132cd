// `npm run build`: the compiled server (tsc → dist/, with the JSON data files it reads beside the
// code) and the web apps (web/dist, rebuilt when their sources changed). Needs the dev dependencies;
// running the result needs only `npm ci --omit=dev` and `node dist/main.js`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
console.log('server: compiling (tsc -p tsconfig.build.json)…');
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
for (const dir of ['reference-data', 'demo/data']) {
  mkdirSync(join(root, 'dist', dir), { recursive: true });
  for (const f of readdirSync(join(root, 'src', dir)).filter((n) => n.endsWith('.json'))) cpSync(join(root, 'src', dir, f), join(root, 'dist', dir, f));
}
writeFileSync(join(root, 'dist/.build-stamp'), new Date().toISOString());
execFileSync(process.execPath, [join(root, 'scripts/build-web.mjs')], { cwd: root, stdio: 'inherit' });
console.log('built: node dist/main.js');
