/**
 * The demo's text data (src/demo/data/) fits the code that uses it: every {placeholder} of a matter's
 * templates is a value the petition writer provides (an unknown one would silently vanish), and
 * every category code is in the category dictionary.
 */
import { describe, expect, it } from 'vitest';
import { MATTERS } from '../../src/demo/petition-texts.js';
import { demoPetition } from '../../src/demo/petition-writer.js';
import { createRng } from '../../src/demo/random.js';
import { categoryRows } from '../../src/demo/seed-reference.js';

const placeholders = (s: string) => [...s.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);

describe('the demo texts', () => {
  it('use only placeholders the petition writer fills', () => {
    const known = new Set(Object.keys(demoPetition(createRng(1), { receivedOn: '2026-06-01' }).vars));
    for (const m of MATTERS) {
      const templates = [
        ...m.items.flatMap((i) => [i.title, i.facts, i.reasons, ...i.requests]),
        ...Object.values(m.opinion).flat(),
      ];
      for (const t of templates) expect(placeholders(t).filter((p) => !known.has(p)), `${m.key}: ${t}`).toEqual([]);
    }
  });

  it('name categories of the dictionary', () => {
    const codes = new Set(categoryRows().map((r) => r.code));
    for (const m of MATTERS) for (const i of m.items) expect(codes.has(i.category), `${m.key}: ${i.title} → ${i.category}`).toBe(true);
  });
});
