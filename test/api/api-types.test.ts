/**
 * The web apps' client types cannot drift from the API: web/shared/api-types.ts must be exactly what
 * `npm run api:types` generates from the server's OpenAPI document (no browser, a few seconds).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesSource, openApiDocument } from '../../scripts/api-types.js';

describe('the generated client types', () => {
  it('web/shared/api-types.ts is what `npm run api:types` generates from the routes (run it and commit the file when this fails)', async () => {
    const generated = await apiTypesSource(await openApiDocument());
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    if (generated === committed) return;
    // Not toBe: a 7,000-line diff helps nobody; say where the first difference is.
    const [g, c] = [generated.split('\n'), committed.split('\n')];
    const line = g.findIndex((l, i) => l !== c[i]) + 1;
    expect.fail(`web/shared/api-types.ts differs from the API from line ${line || Math.min(g.length, c.length) + 1}: run \`npm run api:types\` and commit it`);
  });
});
