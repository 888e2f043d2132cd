import { readFileSync } from 'node:fs';

/**
 * A JSON file of src/demo/data/, found beside this module: the demo's data travels with the code and
 * nothing is read from outside the repository, so the demo is the same on every machine.
 */
export function readDemoData(file: string): unknown {
  return JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8'));
}
