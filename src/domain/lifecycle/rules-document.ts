/**
 * docs/lifecycle-rules.md, generated from the law's table (action-rules.ts), the states
 * (case-states.ts) and the rules profiles: what a lawyer reviews. `npm run rules:print` writes it;
 * a test fails when the committed file differs from what this renders.
 */
import { CASE_STATES, PHASES, STATES } from '../model/case-states.js';
import { DOCUMENT_LABELS } from '../model/documents.js';
import { ROLE_LABELS } from '../model/user.js';
import { CLOCK_LABELS, NATIONAL_PROFILE, PROVINCIAL_EXAMPLE_PROFILE, type RulesProfile } from '../rules/profiles.js';
import { ACTION_NAMES, ACTION_RULES, targetText, type ActionRule } from './action-rules.js';
import { RELATION_LABELS } from './relations.js';

const label = (s: keyof typeof STATES) => STATES[s].label;
const cell = (xs: readonly string[]) => xs.join('、') || '—';

function profileSection(p: RulesProfile): string[] {
  const unit = (u: string) => (u === 'calendar' ? '日' : '工作日');
  return [
    '', `## 期限规则：${p.name}（\`${p.id}\`）`, '', '| 期限 | 天数 | 单位 | 届满逢休息日顺延 |', '|---|---|---|---|',
    ...Object.entries(p.limits).map(([k, r]) => `| ${CLOCK_LABELS[k as keyof typeof CLOCK_LABELS]} | ${r.days} | ${unit(r.unit)} | ${r.rollForward ? '是' : '否'} |`),
    ...Object.entries(p.simplified).map(([k, r]) => `| 简易办理·${CLOCK_LABELS[k as keyof typeof CLOCK_LABELS]} | ${r.days} | ${unit(r.unit)} | ${r.rollForward ? '是' : '否'} |`),
    `| 延期上限 | ${p.maxExtensionDays} | 日 | — |`,
    `| 评价期（送达之日起） | ${p.evaluationDays} | 日 | — |`,
    `| 期限届满后批准届满前提出的延期申请 | ${p.lateApprovalOfTimelyRequest ? '有效' : '无效'} | — | — |`,
  ];
}

export function renderRulesDocument(): string {
  const lines: string[] = [
    '# 办理流程规则表',
    '',
    '由 `src/domain/lifecycle/action-rules.ts`、`src/domain/model/case-states.ts` 和规则配置生成（`npm run rules:print`），请勿手改；测试核对本文件与代码一致。',
    '',
    '## 状态',
    '',
    '| 状态 | 阶段 | 是否结束 | 含义 |',
    '|---|---|---|---|',
    ...CASE_STATES.map((s) => `| ${STATES[s].label} \`${s}\` | ${PHASES[STATES[s].phase]} | ${STATES[s].terminal ? '是' : '否'} | ${STATES[s].description} |`),
    '',
    `## 操作（${ACTION_NAMES.length}项）`,
    '',
    '| 操作 | 依据 | 适用状态 | 结果状态 | 办理人 | 机关关系 | 需要 | 产生文书 |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const a of ACTION_NAMES) {
    const t: ActionRule = ACTION_RULES[a];
    const who = [...t.roles.map((r) => ROLE_LABELS[r]), ...(t.petitioner ? ['信访人'] : [])];
    const from = t.from.length === CASE_STATES.length ? '任何状态' : cell(t.from.map(label));
    lines.push(`| ${t.label} \`${a}\` | ${t.basis} | ${from} | ${targetText(t, label)} | ${cell(who)} | ${cell(t.organ.map((r) => RELATION_LABELS[r]))} | ${t.requires.join('；') || '—'} | ${cell(t.issues.map((d) => DOCUMENT_LABELS[d]))} |`);
  }
  lines.push(...profileSection(NATIONAL_PROFILE), ...profileSection(PROVINCIAL_EXAMPLE_PROFILE), '');
  return lines.join('\n');
}
