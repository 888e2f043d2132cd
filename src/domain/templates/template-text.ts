/**
 * Administrator-editable wordings with {name} placeholders — the SMS messages (src/notify/templates.ts)
 * and the documents (src/domain/documents/document-templates.ts) — parsed and checked by one set of
 * rules, so the two editors refuse the same mistakes with the same codes and messages. Pure.
 */
import { DomainError, must } from '../errors.js';

/** What a wording may and must contain. */
export interface TemplateDef {
  label: string;
  /** The placeholders this wording may use (for SMS: in the order cloud templates take them). */
  placeholders: readonly string[];
  /** Placeholders a wording must keep (the text is useless without them). */
  required: readonly string[];
  body: string;
}

/** How a family of templates is checked. */
export interface TemplateRules {
  /** The family's name in messages: 短信模板, 文书模板. */
  noun: string;
  maxLength: number;
  /** Several lines (a document, one paragraph a line); an SMS is one line. */
  multiline: boolean;
  /** Placeholders that expand into several paragraphs and so must stand alone on their line. */
  blocks?: readonly string[];
  /** The placeholders' Chinese names, for the messages. */
  labels: Readonly<Record<string, string>>;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The placeholder names a text uses, in order, repeats included. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => must(m[1], 'the name in a placeholder'));
}

/** Replaces each {name} by its value; a name without one becomes ''. */
export function fillPlaceholders(text: string, value: (name: string) => string | undefined): string {
  return text.replace(PLACEHOLDER, (_, name: string) => value(name) ?? '');
}

/** A multi-line wording as stored: line ends unified, each line trimmed, blank lines dropped. */
export function normaliseLines(body: string): string {
  return body.split(/\r\n|\r|\n/).map((l) => l.trim()).filter(Boolean).join('\n');
}

const named = (names: readonly string[], labels: Readonly<Record<string, string>>) => names.map((n) => `{${n}}（${labels[n] ?? n}）`).join('、');

/** Checks an administrator's wording and answers it as stored; throws a DomainError naming the problem in Chinese. */
export function validateTemplateText(def: TemplateDef, body: string, rules: TemplateRules): string {
  const text = rules.multiline ? normaliseLines(body) : body.trim();
  if (!text) throw new DomainError('TEMPLATE_INVALID', `${rules.noun}内容不能为空`, { field: 'body' });
  if (text.length > rules.maxLength) throw new DomainError('TEMPLATE_INVALID', `${rules.noun}不能超过${rules.maxLength}字`, { field: 'body' });
  if (!rules.multiline && /[\r\n]/.test(text)) throw new DomainError('TEMPLATE_INVALID', `${rules.noun}不能换行`, { field: 'body' });
  // Braces must pair up: a stray { or } would be printed as is.
  if (/[{}]/.exec(text.replace(PLACEHOLDER, ''))) throw new DomainError('TEMPLATE_INVALID', '模板中的花括号不成对，占位符应写作 {名称}', { field: 'body' });
  const used = placeholdersIn(text);
  const unknown = [...new Set(used.filter((u) => !def.placeholders.includes(u)))];
  if (unknown.length) {
    throw new DomainError('TEMPLATE_PLACEHOLDER_UNKNOWN', `模板含有不支持的占位符：${unknown.map((u) => `{${u}}`).join('、')}。本模板可用：${named(def.placeholders, rules.labels)}`,
      { field: 'body', unknown });
  }
  const missing = def.required.filter((r) => !used.includes(r));
  if (missing.length) throw new DomainError('TEMPLATE_PLACEHOLDER_MISSING', `模板必须包含：${named(missing, rules.labels)}`, { field: 'body', missing });
  // A list (the requests, the outcomes) is several paragraphs: it cannot sit inside a sentence.
  const inline = (rules.blocks ?? []).filter((b) => text.split('\n').some((line) => line.includes(`{${b}}`) && line !== `{${b}}`));
  if (inline.length) throw new DomainError('TEMPLATE_INVALID', `${named(inline, rules.labels)}须单独占一行`, { field: 'body', inline });
  return text;
}
