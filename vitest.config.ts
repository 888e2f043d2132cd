import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // web/**: the notices rendered to text (react-dom/server), next to the components they check.
    include: ['test/**/*.test.ts', 'web/**/*.test.tsx'],
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
  },
});
