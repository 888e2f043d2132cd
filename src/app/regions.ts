/** GB/T 2260 region codes (province → township) from the trimmed data set in src/reference-data. */
import { readFileSync } from 'node:fs';
import type { Region } from './contracts/admin.js';

interface Node { code: string; name: string; children?: Node[] }
export type { Region } from './contracts/admin.js';

const LEVELS = ['province', 'city', 'county', 'township'] as const;
let index: Map<string, Region> | null = null;
let childrenOf: Map<string | null, Region[]> | null = null;

function load(): void {
  if (index) return;
  const tree = JSON.parse(readFileSync(new URL('../reference-data/regions-pcas.json', import.meta.url), 'utf8')) as Node[];
  index = new Map();
  childrenOf = new Map();
  const walk = (nodes: Node[], parent: string | null, depth: number) => {
    for (const n of nodes) {
      const r: Region = { code: n.code, name: n.name, parentCode: parent, level: LEVELS[depth]! };
      index!.set(n.code, r);
      const list = childrenOf!.get(parent) ?? [];
      list.push(r);
      childrenOf!.set(parent, list);
      if (n.children) walk(n.children, n.code, depth + 1);
    }
  };
  walk(tree, null, 0);
}

/** Codes as organs carry them: 6 digits for province/city/county (360000, 360700, 360731), 9 for townships, 12 for villages. */
export function normaliseRegionCode(code: string): string {
  if (/^\d{6}$/.test(code)) {
    if (code.endsWith('0000')) return code.slice(0, 2);
    if (code.endsWith('00')) return code.slice(0, 4);
  }
  return code;
}

export function findRegion(code: string): Region | undefined {
  load();
  const c = normaliseRegionCode(code);
  if (/^\d{12}$/.test(c)) {
    const town = index!.get(c.slice(0, 9));
    return town ? { code: c, name: '', parentCode: town.code, level: 'village' } : undefined;
  }
  return index!.get(c);
}

export function regionChildren(parentCode: string | null): Region[] {
  load();
  return childrenOf!.get(parentCode === null ? null : normaliseRegionCode(parentCode)) ?? [];
}

/** Whether region `code` lies within region `ancestor` (prefix rule of GB/T 2260). */
export function regionWithin(code: string, ancestor: string): boolean {
  return normaliseRegionCode(code).startsWith(normaliseRegionCode(ancestor));
}
