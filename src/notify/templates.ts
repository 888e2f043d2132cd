/**
 * The petitioner's SMS messages: defaults in code, an administrator's override per key in the
 * database. Messages are rendered when they are sent, so a changed template applies to every
 * message rendered after the change. Placeholders are {name}; each key allows a fixed set.
 */
import { fillPlaceholders, validateTemplateText, type TemplateDef, type TemplateRules } from '../domain/templates/template-text.js';

export const PLACEHOLDER_LABELS: Record<string, string> = {
  number: '信访事项编号', queryCode: '查询码', organ: '办理机关', due: '期限', days: '延长天数', route: '法定途径',
  code: '验证码', minutes: '有效分钟数', target: '接收机关',
};

export const TEMPLATES = {
  registered: {
    label: '登记告知（含查询码）', placeholders: ['number', 'queryCode'], required: ['number', 'queryCode'],
    body: '【民声】您的信访事项已登记，编号{number}，查询码{queryCode}，可登录网上信访平台查询办理进度。',
  },
  accepted: {
    label: '受理告知', placeholders: ['number', 'organ', 'due'], required: ['number'],
    body: '【民声】您的信访事项（编号{number}）已由{organ}受理，将于{due}前出具处理意见，请留意查收。',
  },
  not_accepted: {
    label: '不予受理告知', placeholders: ['number', 'organ'], required: ['number'],
    body: '【民声】您的信访事项（编号{number}），{organ}决定不予受理，已出具书面告知书，请登录网上信访平台查看理由及救济途径。',
  },
  not_reaccepted: {
    label: '不再受理告知', placeholders: ['number', 'organ'], required: ['number'],
    body: '【民声】您的信访事项（编号{number}）与已经复核的信访事项事实和理由相同，{organ}依法不再受理，已出具书面告知书。如有新的事实或理由，可以重新提出。',
  },
  referred: {
    label: '转政法部门、纪检监察机关依法处理告知', placeholders: ['number', 'target'], required: ['number'],
    body: '【民声】您的信访事项（编号{number}）已转送{target}依照法定程序处理，不适用信访复查、复核程序，请登录网上信访平台查看告知书。',
  },
  diverted: {
    label: '导入法定途径告知', placeholders: ['number', 'organ', 'route'], required: ['number'],
    body: '【民声】您的信访事项（编号{number}）依法应当通过{route}途径解决，{organ}已出具书面引导意见，请登录网上信访平台查看。',
  },
  redirected: {
    label: '告知向有权机关提出', placeholders: ['number', 'organ'], required: ['number'],
    body: '【民声】您的信访事项（编号{number}）不属于信访部门受理范围，{organ}已书面告知应当受理的机关，请登录网上信访平台查看。',
  },
  extended: {
    label: '延期办理告知', placeholders: ['number', 'organ', 'days', 'due'], required: ['number'],
    body: '【民声】您的信访事项（编号{number}）因情况复杂，经批准延长办理期限{days}日，{organ}将于{due}前出具处理意见。',
  },
  opinion_served: {
    label: '处理意见送达及评价邀请', placeholders: ['number', 'organ'], required: ['number'],
    body: '【民声】您的信访事项（编号{number}）处理意见已由{organ}送达。欢迎登录网上信访平台对办理情况作出评价；如不服，可自收到之日起30日内请求复查。',
  },
  review_served: {
    label: '复查意见送达', placeholders: ['number', 'organ'], required: ['number'],
    body: '【民声】您的信访事项（编号{number}）复查意见已由{organ}送达，可登录网上信访平台查看；如不服，可自收到之日起30日内请求复核。',
  },
  rereview_served: {
    label: '复核意见送达（最终意见）', placeholders: ['number', 'organ'], required: ['number'],
    body: '【民声】您的信访事项（编号{number}）复核意见已由{organ}送达，可登录网上信访平台查看。复核意见为最终意见，以同一事实和理由再次提出的，不再受理。',
  },
  // Sent directly by the portal (src/notify/verification-sender.ts), never through the outbox.
  verification_code: {
    label: '查询验证码', placeholders: ['code', 'number', 'minutes'], required: ['code'],
    body: '【民声】您正在查询信访事项{number}的办理情况，验证码{code}，{minutes}分钟内有效。如非本人操作，请勿告知他人。',
  },
} as const satisfies Record<string, TemplateDef>;

export type TemplateKey = keyof typeof TEMPLATES;
export const TEMPLATE_KEYS = Object.keys(TEMPLATES) as TemplateKey[];
export const isTemplateKey = (k: string): k is TemplateKey => Object.hasOwn(TEMPLATES, k);

/** An SMS: one line of at most 300 characters (a long message is billed as several). */
const SMS_RULES: TemplateRules = { noun: '短信模板', maxLength: 300, multiline: false, labels: PLACEHOLDER_LABELS };

export function render(body: string, params: Record<string, string>): string {
  return fillPlaceholders(body, (name) => params[name]);
}

/** Checks an administrator's wording; throws a DomainError naming the problem in Chinese. */
export function validateTemplate(key: TemplateKey, body: string): string {
  return validateTemplateText(TEMPLATES[key], body, SMS_RULES);
}
