/**
 * The import boundaries of eslint.config.js bite: each crossing the architecture forbids is
 * refused, and the imports it allows pass. The cases are written by hand from the README's
 * architecture sketch, not derived from the config; `npm run lint` checks the real tree.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
let eslint: ESLint;

beforeAll(async () => {
  // By URL, not by name: the config is JavaScript, which the type-checked tests do not compile.
  const { importBoundaries } = (await import(pathToFileURL(join(ROOT, 'eslint.config.js')).href)) as { importBoundaries: Linter.Config[] };
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...importBoundaries],
  });
});

/** The messages ESLint gives an import written in `file` (relative to the repository). */
async function verdict(file: string, from: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import * as m from '${from}';\nexport { m };\n`, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

const REFUSED: [file: string, from: string, why: RegExp][] = [
  ['src/domain/lifecycle/probe.ts', '../../app/case-service.js', /src\/domain 只能引用 src\/domain 内部/],
  ['src/domain/probe.ts', '../store/schema.js', /src\/domain 只能引用 src\/domain 内部/],
  ['src/domain/probe.ts', '../http/server.js', /src\/domain 只能引用 src\/domain 内部/],
  ['src/domain/probe.ts', '../compose.js', /src\/domain 只能引用 src\/domain 内部/],
  ['src/domain/probe.ts', '../../test/support/db.js', /src\/domain 不能引用测试代码/],
  ['src/domain/probe.ts', 'node:fs', /纯计算的包/],
  ['src/domain/probe.ts', 'pg', /纯计算的包/],
  ['src/domain/probe.ts', 'drizzle-orm', /纯计算的包/],
  ['src/app/probe.ts', '../http/server.js', /src\/app 不能引用 src\/http/],
  ['src/app/contracts/probe.ts', '../../http/serialization.js', /src\/app 不能引用 src\/http/],
  ['web/staff/probe.ts', '../../src/app/case-service.js', /web\/ 只能引用 src\/domain/],
  ['web/portal/pages/probe.ts', '../../../src/store/schema.js', /web\/ 只能引用 src\/domain/],
  ['src/http/probe.ts', '../../test/support/db.js', /产品代码不能引用测试代码/],
];

const ALLOWED: [file: string, from: string][] = [
  ['src/domain/probe.ts', './model/case.js'],
  ['src/domain/lifecycle/probe.ts', '../calendar/dates.js'],
  ['src/domain/probe.ts', 'typebox'],
  ['src/domain/calendar/probe.ts', 'tyme4ts'],
  ['src/app/probe.ts', '../store/schema.js'],
  ['src/app/probe.ts', '../domain/model/case.js'],
  ['src/http/probe.ts', '../app/case-service.js'],
  ['web/staff/probe.ts', '../../src/domain/labels.js'],
  ['test/api/probe.ts', '../../src/http/server.js'],
];

describe('import boundaries', () => {
  it.each(REFUSED)('%s may not import %s', async (file, from, why) => {
    const messages = await verdict(file, from);
    expect(messages.some((m) => why.test(m)), messages.join('\n') || '(no message)').toBe(true);
  });

  it.each(ALLOWED)('%s may import %s', async (file, from) => {
    expect(await verdict(file, from)).toEqual([]);
  });
});
