/**
 * The document templates (src/domain/documents/document-templates.ts): the default wordings give,
 * kind by kind and variant by variant, exactly what the composer gave before templates existed
 * (test/fixtures/document-wording.json, recorded from that composer); an explicit template in the
 * document's data is the wording used; lists expand; optional lines drop; and one validation
 * (src/domain/templates/template-text.ts) checks SMS and document wordings alike.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeDocument, type DocumentContent } from '../../src/domain/documents/document-content.js';
import {
  DOCUMENT_PLACEHOLDER_LABELS, DOCUMENT_TEMPLATES, renderDocumentTemplate, validateDocumentTemplate, type TemplatedKind,
} from '../../src/domain/documents/document-templates.js';
import { DomainError } from '../../src/domain/errors.js';
import { validateTemplate } from '../../src/notify/templates.js';
import { CURRENT_KINDS } from '../support/issued-documents.js';
import { wordingCases } from '../support/wording-variants.js';

const recorded = JSON.parse(readFileSync(new URL('../fixtures/document-wording.json', import.meta.url), 'utf8')) as Record<string, DocumentContent>;
const cases = wordingCases();

describe('the default templates reproduce the wording documents have always had', () => {
  it('covers every recorded case (128: each kind issued, its variants, each for the workbench and the portal)', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(recorded).sort());
    expect(cases).toHaveLength(128);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: the same content, without and with the default frozen in', (name, w) => {
    expect(composeDocument(w.doc, w.case, w.names)).toEqual(recorded[name]);
    if (w.doc.kind === 'service_receipt') return;
    const frozen = { ...w.doc, data: { ...w.doc.data, template: DOCUMENT_TEMPLATES[w.doc.kind].body } };
    expect(composeDocument(frozen, w.case, w.names)).toEqual(recorded[name]);
  });

  it('names every placeholder of every template in Chinese, and every name used is allowed', () => {
    for (const [kind, def] of Object.entries(DOCUMENT_TEMPLATES)) {
      for (const p of def.placeholders) expect(DOCUMENT_PLACEHOLDER_LABELS[p], `${kind}: {${p}}`).toMatch(/\p{Script=Han}/u);
      expect(validateDocumentTemplate(kind as TemplatedKind, def.body), kind).toBe(def.body);
    }
  });
});

describe('the recommendation (建议书) and its feedback, by hand', () => {
  // Data as the engine freezes it (src/domain/lifecycle/recommendations.ts), written out here.
  const w = cases.find((c) => c.name === 'opinion')!;
  const text = (kind: 'recommendation' | 'recommendation_feedback', data: Record<string, unknown>) =>
    ({ number: w.case.number, paragraphs: composeDocument({ ...w.doc, kind, data }, w.case, w.names).paragraphs.map((p) => p.text) });
  it('reads as written by hand', () => {
    const r = text('recommendation', { type: 'improve_work', content: '建议规范受理告知程序', dueOn: '2025-10-05' });
    expect(r.paragraphs).toEqual([
      `本机关在办理“某建筑公司拖欠农民工工资”信访事项（编号${r.number}）中发现有关问题，根据《信访工作条例》第四十条的规定，提出改进工作建议如下：`,
      '建议规范受理告知程序', '请于2025年10月5日前将采纳情况书面反馈本机关。',
    ]);
    const f = text('recommendation_feedback', { type: 'improve_work', issuedOn: '2025-09-26', adoption: 'adopted', feedback: '已研究，整改措施如下' });
    expect(f.paragraphs).toEqual([
      `你单位2025年9月26日就“某建筑公司拖欠农民工工资”信访事项（编号${f.number}）提出的改进工作建议收悉，现将采纳情况书面反馈如下：`,
      '采纳情况：采纳。', '已研究，整改措施如下',
    ]);
  });
});

describe('print wording found wrong in use (issue 12), by hand', () => {
  const w = cases.find((c) => c.name === 'opinion')!;
  const compose = (kind: 'service_receipt' | 'extension_notice', data: Record<string, unknown>) => composeDocument({ ...w.doc, kind, data }, w.case, w.names);
  it('the service receipt names the document served by its own title', () => {
    const served = (data: Record<string, unknown>) => compose('service_receipt', { method: 'direct', servedOn: '2025-11-10', ...data }).table?.[0]?.value;
    expect(served({ stage: 'handling', form: 'mediation_agreement' })).toBe(`调解协议书（${w.case.number}）`);
    expect(served({ stage: 'handling', form: 'opinion' })).toBe(`信访处理意见书（${w.case.number}）`);
    expect(served({ stage: 'handling' })).toBe(`信访处理意见书（${w.case.number}）`); // a receipt frozen before the form was kept
    expect(served({ stage: 'review', form: 'opinion' })).toBe(`复查意见书（${w.case.number}）`);
    expect(served({ stage: 'rereview', form: 'opinion' })).toBe(`复核意见书（${w.case.number}）`);
  });
  it('the extension notice: a reason typed with its own full stop reads as one sentence, and the new due date is given', () => {
    const text = compose('extension_notice', { days: 30, reason: '案情复杂，需多部门会商。', newDue: '2026-02-27' }).paragraphs[0]!.text;
    expect(text).toContain('因案情复杂，需多部门会商，不能在规定期限内办结。');
    expect(text).not.toContain('。，');
    expect(text).toContain('办理期限延长30日，至2026年2月27日。');
  });
});

describe('a template frozen in the document', () => {
  const s = cases.find((c) => c.name === 'acceptance_notice')!;
  const compose = (template: string) => composeDocument({ ...s.doc, data: { ...s.doc.data, template } }, s.case, s.names).paragraphs.map((p) => p.text);

  it('is the wording: placeholders filled, the requests one paragraph each, the title and masthead unchanged', () => {
    const content = composeDocument({ ...s.doc, data: { ...s.doc.data, template: '{organ}已受理编号{number}，{forwardedBy}期限{due}。\n请求：\n{requests}\n此复。' } }, s.case, s.names);
    expect(content.paragraphs.map((p) => p.text)).toEqual([
      `于都县人力资源和社会保障局已受理编号${s.case.number}，经于都县信访局转来，期限于2025年11月21日前。`,
      '请求：', '1. 支付拖欠的工资三万元', '2. 补缴社会保险', '此复。',
    ]);
    expect(content.title).toBe('受理告知书');
    expect(content.organName).toBe('于都县人力资源和社会保障局');
  });

  it('an empty or missing template is the default', () => {
    expect(compose('')).toEqual(recorded.acceptance_notice?.paragraphs.map((p) => p.text));
  });

  it('leaves out a line whose optional placeholder has no value, and keeps one whose value is empty text', () => {
    const values = { note: null, remedy: '', number: 'N1', requests: [{ text: 'a' }, { text: 'b' }] };
    expect(renderDocumentTemplate('编号{number}\n附言：{note}\n{remedy}\n{requests}\n其他{unknown}', values)).toEqual([
      { text: '编号N1' }, { text: '' }, { text: 'a' }, { text: 'b' }, { text: '其他' },
    ]);
  });
});

describe('one validation for SMS and document templates', () => {
  const refused = (f: () => unknown): { code: string; message: string } => {
    try {
      f();
    } catch (e) {
      if (e instanceof DomainError) return { code: e.code, message: e.message };
      throw e;
    }
    throw new Error('accepted');
  };
  const long = (n: number) => `{number}${'字'.repeat(n - 8)}`;
  // [what, check, code, part of the message]
  const table: [string, () => unknown, string, string][] = [
    ['SMS empty', () => validateTemplate('accepted', '  '), 'TEMPLATE_INVALID', '短信模板内容不能为空'],
    ['SMS over 300', () => validateTemplate('accepted', long(301)), 'TEMPLATE_INVALID', '短信模板不能超过300字'],
    ['SMS on two lines', () => validateTemplate('accepted', '编号{number}\n已受理'), 'TEMPLATE_INVALID', '短信模板不能换行'],
    ['SMS stray brace', () => validateTemplate('accepted', '编号{number}}'), 'TEMPLATE_INVALID', '花括号不成对'],
    ['SMS unknown', () => validateTemplate('accepted', '{name}编号{number}'), 'TEMPLATE_PLACEHOLDER_UNKNOWN', '不支持的占位符：{name}'],
    ['SMS missing', () => validateTemplate('registered', '编号{number}'), 'TEMPLATE_PLACEHOLDER_MISSING', '{queryCode}（查询码）'],
    ['document empty', () => validateDocumentTemplate('opinion', '\n \n'), 'TEMPLATE_INVALID', '文书模板内容不能为空'],
    ['document over 5000', () => validateDocumentTemplate('opinion', `{outcomes}\n${long(4993)}`), 'TEMPLATE_INVALID', '文书模板不能超过5000字'],
    ['document stray brace', () => validateDocumentTemplate('opinion', '{outcomes}\n编号{number'), 'TEMPLATE_INVALID', '花括号不成对'],
    ['document unknown', () => validateDocumentTemplate('opinion', '{outcomes}\n编号{number}{queryCode}'), 'TEMPLATE_PLACEHOLDER_UNKNOWN', '不支持的占位符：{queryCode}'],
    ['document missing', () => validateDocumentTemplate('opinion', '编号{number}'), 'TEMPLATE_PLACEHOLDER_MISSING', '{outcomes}（处理意见'],
    ['document list in a sentence', () => validateDocumentTemplate('opinion', '编号{number}：{outcomes}'), 'TEMPLATE_INVALID', '须单独占一行'],
  ];
  it.each(table)('%s', (_, check, code, message) => {
    const e = refused(check);
    expect(e.code).toBe(code);
    expect(e.message).toContain(message);
  });

  it('accepts 300 characters for an SMS and 5000 for a document, which is stored with its lines trimmed and blank lines dropped', () => {
    expect(validateTemplate('accepted', long(300))).toHaveLength(300);
    expect(validateDocumentTemplate('opinion', `{outcomes}\n${long(4989)}`)).toHaveLength(5000);
    expect(validateDocumentTemplate('opinion', '  编号{number}  \r\n\r\n {outcomes} \n')).toBe('编号{number}\n{outcomes}');
  });

  it('has a template for every kind the engine issues but the service receipt (a form)', () => {
    expect(CURRENT_KINDS.filter((k) => !(k in DOCUMENT_TEMPLATES))).toEqual(['service_receipt']);
  });
});
