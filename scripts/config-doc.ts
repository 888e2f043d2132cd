/** `npm run config:doc`: writes the configuration table (src/config/config.ts VARIABLES) into README.md. */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderConfigTable } from '../src/config/config.js';

const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const re = /(<!-- config-table:begin[^>]*-->\n)[\s\S]*?(<!-- config-table:end -->)/;
if (!re.test(readme)) throw new Error('README.md has no <!-- config-table:begin --> … <!-- config-table:end --> markers');
writeFileSync(path, readme.replace(re, (_m, a: string, b: string) => `${a}${renderConfigTable()}\n${b}`));
console.log('README.md: configuration table written');
