/**
 * The demo's only source of chance: a seeded PRNG, so one seed gives the same demo on every machine.
 * Integer arithmetic, and the demo uses its numbers only with exactly rounded operations (+ − × ÷,
 * floor, sqrt; never sin, exp or log, which engines may approximate differently).
 */
import { must } from '../domain/errors.js';

export interface Rng {
  /** In [0, 1). */
  next(): number;
  /** Integer in [a, b]. */
  int(a: number, b: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
  weighted<T>(xs: readonly (readonly [T, number])[]): T;
}

/** mulberry32: small, fast, good enough for demo data. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => must(xs[Math.floor(next() * xs.length)], 'an element to pick (the list is empty)'),
    chance: (p) => next() < p,
    weighted: (xs) => {
      const total = xs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [x, w] of xs) if ((r -= w) < 0) return x;
      return must(xs.at(-1), 'a weighted choice (the list is empty)')[0];
    },
  };
}
