import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const BROWSER_TESTS = 'test/e2e/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Every JSON answer is compared with what its handler returned: a property a response schema
    // does not declare, or a value it coerces, fails the request (src/http/serialization.ts).
    env: { MINSHENG_CHECK_RESPONSES: '1' },
    setupFiles: ['test/support/setup.ts'],
    // Vitest's default (cores − 1) runs one file at a time on a 2-core machine; the files spend much
    // of their time waiting (Argon2 log-ins, the browser, PGlite start-up), so two in parallel
    // halve CI's wall time (≈600 s → ≈330 s here).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      // web/**: the notices rendered to text (react-dom/server), next to the components they check.
      { extends: true, test: { name: 'core', include: ['test/**/*.test.ts', 'web/**/*.test.tsx'], exclude: [BROWSER_TESTS] } },
      // A real browser on a loaded 2-core CI machine now and then misses a frame the test waited
      // for. One retry keeps such a miss from failing CI; a real fault fails both tries, and every
      // test that needed the retry is named in the summary line (scripts/test.sh) — decision 008.
      { extends: true, test: { name: 'browser', include: [BROWSER_TESTS], retry: 1 } },
    ],
  },
});
