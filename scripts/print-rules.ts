/**
 * `npm run rules:print` — writes docs/lifecycle-rules.md from the transitions table, so a lawyer can
 * read every action, who may take it, when, what it needs and produces, beside its article.
 */
import { writeFileSync } from 'node:fs';
import { RELATION_LABELS } from '../src/domain/lifecycle/relations.js';
import { ACTION_NAMES, TRANSITIONS } from '../src/domain/lifecycle/transitions.js';
import { DOCUMENT_LABELS, STATE_LABELS } from '../src/domain/model/case.js';
import { ROLE_LABELS } from '../src/domain/model/user.js';
import { CLOCK_LABELS, NATIONAL_PROFILE, PROVINCIAL_EXAMPLE_PROFILE, type RulesProfile } from '../src/domain/rules/profiles.js';

const lines: string[] = [
  '# 办理流程规则表（由 src/domain/lifecycle/transitions.ts 生成，请勿手改）',
  '',
  '| 操作 | 依据 | 适用状态 | 办理人 | 机关关系 | 需要 | 产生文书 |',
  '|---|---|---|---|---|---|---|',
];
for (const a of ACTION_NAMES) {
  const t = TRANSITIONS[a];
  lines.push(`| ${t.label} \`${a}\` | ${t.basis} | ${t.from.map((s) => STATE_LABELS[s]).join('、')} | ${[...t.roles.map((r) => ROLE_LABELS[r]), ...(t.petitioner ? ['信访人'] : [])].join('、')} | ${t.organ.map((r) => RELATION_LABELS[r]).join('、')} | ${t.requires.join('；') || '—'} | ${t.issues.map((d) => DOCUMENT_LABELS[d]).join('、') || '—'} |`);
}
const profile = (p: RulesProfile) => [
  '', `## 期限规则：${p.name}（\`${p.id}\`）`, '', '| 期限 | 天数 | 单位 | 届满逢休息日顺延 |', '|---|---|---|---|',
  ...Object.entries(p.limits).map(([k, r]) => `| ${CLOCK_LABELS[k as keyof typeof CLOCK_LABELS]} | ${r.days} | ${r.unit === 'calendar' ? '日' : '工作日'} | ${r.rollForward ? '是' : '否'} |`),
  ...Object.entries(p.simplified).map(([k, r]) => `| 简易办理·${CLOCK_LABELS[k as keyof typeof CLOCK_LABELS]} | ${r.days} | ${r.unit === 'calendar' ? '日' : '工作日'} | ${r.rollForward ? '是' : '否'} |`),
  `| 延期上限 | ${p.maxExtensionDays} | 日 | — |`,
];
lines.push(...profile(NATIONAL_PROFILE), ...profile(PROVINCIAL_EXAMPLE_PROFILE), '');
writeFileSync(new URL('../docs/lifecycle-rules.md', import.meta.url), lines.join('\n'));
console.log(`docs/lifecycle-rules.md: ${ACTION_NAMES.length} actions`);
