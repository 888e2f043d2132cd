// Pre-compresses the built web apps once (brotli at its best quality, and gzip for clients
// without brotli), so the server sends each asset compressed without spending CPU per request:
// @fastify/static's preCompressed serves the .br / .gz sibling the client accepts. A variant not
// smaller than the original is not kept.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

function* files(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (COMPRESSIBLE.test(e.name)) yield p;
  }
}

export function compressAssets(dist) {
  let before = 0, br = 0, gz = 0;
  for (const f of files(dist)) {
    const raw = readFileSync(f);
    if (raw.length < 1024) continue; // a header's worth: not worth a variant
    const variants = [
      ['.br', brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })],
      ['.gz', gzipSync(raw, { level: 9 })],
    ];
    before += raw.length;
    for (const [ext, bytes] of variants) {
      if (bytes.length < raw.length) {
        writeFileSync(f + ext, bytes);
        if (ext === '.br') br += bytes.length; else gz += bytes.length;
      } else if (statSync(f + ext, { throwIfNoEntry: false })) unlinkSync(f + ext);
    }
  }
  return { before, br, gz };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] ?? new URL('../web/dist', import.meta.url).pathname;
  const { before, br, gz } = compressAssets(dist);
  console.log(`web: compressed ${(before / 1024).toFixed(0)} KB → brotli ${(br / 1024).toFixed(0)} KB, gzip ${(gz / 1024).toFixed(0)} KB`);
}
