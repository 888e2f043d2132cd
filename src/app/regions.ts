/** GB/T 2260 region codes (province → township) from the trimmed data set in src/reference-data. */
import { readFileSync } from 'node:fs';
import { must } from '../domain/errors.js';
import type { Region } from './contracts/admin.js';

interface Node { code: string; name: string; children?: Node[] }

const LEVELS = ['province', 'city', 'county', 'township'] as const;
interface Regions { index: Map<string, Region>; childrenOf: Map<string | null, Region[]> }
let loaded: Regions | null = null;

/** The data set, read on first use. */
function load(): Regions {
  if (loaded) return loaded;
  const tree = JSON.parse(readFileSync(new URL('../reference-data/regions-pcas.json', import.meta.url), 'utf8')) as Node[];
  const index = new Map<string, Region>();
  const childrenOf = new Map<string | null, Region[]>();
  const walk = (nodes: Node[], parent: string | null, depth: number) => {
    for (const n of nodes) {
      const r: Region = { code: n.code, name: n.name, parentCode: parent, level: must(LEVELS[depth], `a region level at depth ${depth}`) };
      index.set(n.code, r);
      const list = childrenOf.get(parent) ?? [];
      list.push(r);
      childrenOf.set(parent, list);
      if (n.children) walk(n.children, n.code, depth + 1);
    }
  };
  walk(tree, null, 0);
  loaded = { index, childrenOf };
  return loaded;
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
  const { index } = load();
  const c = normaliseRegionCode(code);
  if (/^\d{12}$/.test(c)) {
    const town = index.get(c.slice(0, 9));
    return town ? { code: c, name: '', parentCode: town.code, level: 'village' } : undefined;
  }
  return index.get(c);
}

export function regionChildren(parentCode: string | null): Region[] {
  return load().childrenOf.get(parentCode === null ? null : normaliseRegionCode(parentCode)) ?? [];
}

/** Whether region `code` lies within region `ancestor` (prefix rule of GB/T 2260). */
export function regionWithin(code: string, ancestor: string): boolean {
  return normaliseRegionCode(code).startsWith(normaliseRegionCode(ancestor));
}
