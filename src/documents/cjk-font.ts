/**
 * The open CJK serif the PDFs embed: Noto Serif CJK SC from Debian's fonts-noto-cjk (installed by
 * scripts/ensure-browser.sh, like the browser tests' fonts). No free 仿宋 / 小标宋 exists; Noto Serif
 * is the closest open 宋体-style face. OpenType collections (.ttc) are used by their PostScript name;
 * WOFF is avoided (correct, but ~5 s a document here).
 */
import { existsSync, readFileSync } from 'node:fs';

export interface CjkFont { path: string; postscriptName: string; /** The collection's bytes, read once (≈ 25 MB, shared by every render). */ bytes: Buffer }
export interface CjkFonts { regular: CjkFont; bold: CjkFont }

const DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/share/fonts/google-noto-cjk', '/usr/share/fonts/truetype/noto'];

function find(weight: 'Regular' | 'Bold'): CjkFont | undefined {
  for (const dir of DIRS) {
    const path = `${dir}/NotoSerifCJK-${weight}.ttc`;
    if (existsSync(path)) return { path, postscriptName: `NotoSerifCJKsc-${weight}`, bytes: readFileSync(path) };
  }
  return undefined;
}

let cached: CjkFonts | undefined;

/** The fonts, or an error saying what to install. */
export function cjkFonts(): CjkFonts {
  if (cached) return cached;
  const regular = find('Regular');
  if (!regular) throw new Error(`Noto Serif CJK SC 字体缺失（${DIRS.join('、')}）：请安装 Debian 软件包 fonts-noto-cjk`);
  cached = { regular, bold: find('Bold') ?? regular };
  return cached;
}
