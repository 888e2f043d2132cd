/**
 * `npm run rules:print` — writes docs/lifecycle-rules.md from the law's table, so a lawyer can read
 * every action, who may take it, when, what it needs and produces and where it leads, beside its article.
 */
import { writeFileSync } from 'node:fs';
import { ACTION_NAMES } from '../src/domain/lifecycle/action-rules.js';
import { renderRulesDocument } from '../src/domain/lifecycle/rules-document.js';

writeFileSync(new URL('../docs/lifecycle-rules.md', import.meta.url), renderRulesDocument());
console.log(`docs/lifecycle-rules.md: ${ACTION_NAMES.length} actions`);
