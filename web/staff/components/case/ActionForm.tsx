/**
 * The form of one action, generated from its input schema (the server's TypeBox schema via the
 * OpenAPI document): strings → Input/TextArea, enums → Select with Chinese labels, dates →
 * DatePicker, organ ids → organ tree, staff ids → the relevant organ's staff, per-request opinions →
 * one block per request of the case, whole numbers → a text field checked as typed (never clamped,
 * rounded, or replaced by an earlier value), a confirmation the law requires → a checkbox. Who and
 * where it offers comes from the domain (lifecycle/choices.ts). An earlier petition it names is
 * shown side by side with this one. Irreversible acts ask for confirmation, saying what will happen.
 * Submits with the version the user saw.
 */
import { Alert, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, TreeSelect, Typography, App, type SelectProps, type TreeSelectProps } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { api, ApiError } from '../../../shared/api';
import { checked } from '../../../shared/rules';
import type { ActionName } from '../../../../src/domain/lifecycle/action-rules.js';
import { approverChoices, assigneeChoices, earlierCaseChoices, organChoices } from '../../../../src/domain/lifecycle/choices.js';
import type { LinkedCase } from '../../../../src/domain/lifecycle/context.js';
import { outcomesFor } from '../../../../src/domain/lifecycle/opinions.js';
import { openRecommendationsTo } from '../../../../src/domain/lifecycle/recommendations.js';
import { STATE_LABELS } from '../../../../src/domain/model/case-states.js';
import { labelOf as knownLabel, OUTCOME_LABELS, RECOMMENDATION_TYPE_LABELS } from '../../../../src/domain/labels.js';
import type { OrganTree } from '../../../../src/domain/model/organ.js';
import type { Organ } from '../reference';
import type { ActionAvailability, ClockView, DirectoryUser, SchemaNode, CaseRecord } from './data';
import { organTreeOptions, type TreeOption } from '../register/refdata';
import { useFormSubmit } from '../useFormSubmit';
import { CaseComparison } from './CaseComparison';
import { CONFIRMED_ACTIONS, consequence } from './confirmations';
import { ENUM_LABELS, FIELD_LABELS } from './labels';

/** A linked earlier petition: its record, or null when the user may not see it. */
export interface LinkedView { id: string; record: CaseRecord | null; loading: boolean }

export interface FormContext {
  c: CaseRecord;
  me: { id: string; organId: string };
  organs: Organ[];
  tree: OrganTree;
  users: DirectoryUser[];
  today: string;
  clocks: ClockView[];
  linked: LinkedView[];
  /** The case's rules profile's longest extension (延期上限), when known. */
  maxExtensionDays: number | null;
}

const ORGAN_FIELDS = new Set(['targetOrganId', 'leadOrganId']);
const CASE_FIELDS = new Set(['earlierCaseId']);
/** The form names an earlier case: it shows the two side by side, in a wider dialog. */
const CASE_FIELDS_IN = (schema: SchemaNode) => Object.keys(schema.properties ?? {}).some((n) => CASE_FIELDS.has(n));

const isDate = (s: SchemaNode) => s.type === 'string' && (s.pattern?.includes('\\d{4}-\\d{2}-\\d{2}') ?? false);
const enumValues = (s: SchemaNode): string[] | null => {
  if (s.enum) return s.enum;
  if (s.anyOf?.every((x) => x.enum?.length === 1 || 'const' in x)) return s.anyOf.map((x) => x.enum?.[0] ?? (x as { const?: string }).const ?? '');
  return null;
};
const labelOf = (name: string, s: SchemaNode) => s.title ?? FIELD_LABELS[name] ?? name;
const isWhole = (s: SchemaNode) => s.type === 'integer';
/** A checkbox the user must tick: the schema admits only `true` (e.g. 经比对事实和理由相同). */
const isAffirmation = (s: SchemaNode) => s.const === true || (s.type === 'boolean' && s.enum?.length === 1 && (s.enum[0] as unknown) === true);

/** The linked petitions the rules can judge (those the user may see). */
export function linkedCasesOf(linked: LinkedView[]): LinkedCase[] {
  return linked.flatMap(({ id, record: r }) => (r ? [{
    id, number: r.number, state: r.state, holderOrganId: r.holderOrganId, accepted: r.acceptedOn !== null,
  }] : []));
}

/** Full-width digits typed with a Chinese input method count as digits. */
const halfWidth = (v: string) => v.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).trim();
/** A whole-number field's value as text: what was typed (a string), or a number set by code. */
const typed = (raw: unknown): string => (typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : '');
/** The one choice there is, if there is exactly one (a default the user need not pick). */
function onlyChoice<T>(choices: T[]): T | undefined {
  return choices.length === 1 ? choices[0] : undefined;
}

/** The bounds of a whole-number field: the schema's, and for an extension the profile's 延期上限. */
function bounds(action: string, name: string, s: SchemaNode, ctx: FormContext): { min: number; max: number | null; unit: string } {
  const days = name === 'days';
  const max = action === 'request_extension' && days && ctx.maxExtensionDays !== null ? Math.min(ctx.maxExtensionDays, s.maximum ?? Infinity) : s.maximum ?? null;
  return { min: s.minimum ?? 0, max, unit: days ? '日' : '' };
}

/**
 * A whole number as typed: refused with a reason unless it is one (no rounding, no clamping, and a
 * non-number never falls back to an earlier value — the field holds exactly what was typed).
 */
function wholeNumberRule(label: string, required: boolean, b: { min: number; max: number | null; unit: string }) {
  return checked((raw: unknown) => {
    const v = halfWidth(typed(raw));
    if (v === '') return required && `请填写${label}`;
    if (!/^[0-9]+$/.test(v)) return `${label}应为整数，如“15”`;
    const n = Number(v);
    if (n < b.min) return `${label}不能少于${b.min}${b.unit}`;
    if (b.max !== null && n > b.max) return `${label}不能超过${b.max}${b.unit}`;
    return null;
  });
}

function defaults(action: ActionName, schema: SchemaNode, ctx: FormContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const today = dayjs(ctx.today);
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    if (isDate(s)) {
      // Report and feedback deadlines must lie ahead; the others record something done today.
      if (name === 'reportBackDue') out[name] = today.add(30, 'day');
      else if (name === 'dueOn') out[name] = today.add(7, 'day');
      else out[name] = today;
    } else if (name === 'outcomes') {
      out[name] = ctx.c.content.requests.map((r) => ({ requestNo: r.no, outcome: undefined, reasoning: '' }));
    } else if (name === 'approverId') {
      const approver = onlyChoice(approverChoices(ctx.c, ctx.users, ctx.me.organId));
      if (approver) out[name] = approver.id;
    } else if (ORGAN_FIELDS.has(name)) {
      // The case's own organ concerned, when it is a possible destination.
      const ok = organChoices(action, name, ctx.c, ctx.tree, ctx.me.organId).map((o) => o.id);
      const first = ctx.c.content.organsConcerned.find((id) => ok.includes(id));
      if (first) out[name] = first;
    } else if (CASE_FIELDS.has(name)) {
      const earlier = onlyChoice(earlierCaseChoices(action, ctx.c, linkedCasesOf(ctx.linked), ctx.tree));
      if (earlier) out[name] = earlier.id;
    } else if (name === 'no' && action === 'answer_recommendation') {
      const only = onlyChoice(openRecommendationsTo(ctx.c, ctx.me.organId));
      if (only) out[name] = only.no;
    } else if (name === 'method') out[name] = 'in_person';
    else if (name === 'form') out[name] = 'opinion';
    else if (isAffirmation(s)) out[name] = false;
  }
  return out;
}

/** Organs as a tree (parents kept, greyed out when they are not a choice themselves), in the organ list's order. */
function organTree(choices: Organ[], ctx: FormContext) {
  const keep = new Set(choices.flatMap((o) => ctx.tree.ancestorsOrSelf(o.id).map((a) => a.id)));
  const ok = new Set(choices.map((o) => o.id));
  type Node = TreeOption & { disabled: boolean };
  const mark = (n: TreeOption): Node => ({ ...n, disabled: !ok.has(n.value), children: n.children?.map(mark) });
  return organTreeOptions(ctx.organs.filter((o) => keep.has(o.id))).map(mark);
}

/*
 * Form.Item gives a required control aria-required; antd's Select puts it on its root div as well
 * as on the combobox input, and a div without a role may not carry it (axe: aria-allowed-attr).
 * The label's asterisk and the validation message say "required" already.
 */
function FormSelect(props: SelectProps & { 'aria-required'?: unknown }) {
  const { 'aria-required': _required, ...rest } = props;
  return <Select {...rest} />;
}
function FormTreeSelect(props: TreeSelectProps & { 'aria-required'?: unknown }) {
  const { 'aria-required': _required, ...rest } = props;
  return <TreeSelect {...rest} />;
}

/**
 * The answers a request may get, as radios (支持 / 解释说明 / 不予支持 for claims, 采纳 / 部分采纳 /
 * 不予采纳 for suggestions). Form.Item hands its control aria-required and an id: they belong on an
 * element with the radiogroup role, which antd's Radio.Group does not give its div.
 */
interface OutcomeRadiosProps {
  'label': string; 'options': readonly string[]; 'value'?: string; 'onChange'?: (v: string) => void; 'id'?: string;
  'aria-required'?: boolean | 'true' | 'false'; 'aria-invalid'?: boolean | 'true' | 'false'; 'aria-describedby'?: string;
}
function OutcomeRadios({ label, options, value, onChange, id, ...rest }: OutcomeRadiosProps) {
  return (
    <div role="radiogroup" id={id} aria-label={label} aria-required={rest['aria-required']} aria-invalid={rest['aria-invalid']} aria-describedby={rest['aria-describedby']}>
      <Radio.Group value={value} onChange={(e) => onChange?.(e.target.value as string)}
        options={options.map((v) => ({ value: v, label: knownLabel(OUTCOME_LABELS, v) ?? v }))} />
    </div>
  );
}

/** The earlier petition the form names, beside this one. */
function EarlierCase({ ctx }: { ctx: FormContext }) {
  const id = Form.useWatch('earlierCaseId') as string | undefined;
  const organName = (x: string) => ctx.organs.find((o) => o.id === x)?.name ?? x;
  return <CaseComparison current={ctx.c} earlier={ctx.linked.find((l) => l.id === id)} organName={organName} />;
}

function Field({ action, name, s, required, ctx }: { action: ActionName; name: string; s: SchemaNode; required: boolean; ctx: FormContext }) {
  const label = labelOf(name, s);
  const rules = [{ required, message: `请填写${label}` }];
  const values = enumValues(s);
  if (name === 'outcomes') {
    const options = outcomesFor(ctx.c.content.kind);
    return (
      <fieldset className="opinion-requests">
        <legend>{label}（对每一项诉求分别作出意见）</legend>
        <Form.List name="outcomes">
          {(fields) => fields.map((f, i) => {
            const r = ctx.c.content.requests[i];
            return (
              <div className="opinion-request" key={f.key} data-testid="opinion-request">
                <Typography.Paragraph strong style={{ marginBottom: 4 }}>诉求{r?.no}：{r?.text}</Typography.Paragraph>
                <Form.Item name={[f.name, 'requestNo']} hidden><Input /></Form.Item>
                <Form.Item name={[f.name, 'outcome']} label={`诉求${r?.no}处理结果`} rules={[{ required: true, message: '请选择处理结果' }]}>
                  <OutcomeRadios label={`诉求${r?.no}处理结果`} options={options} />
                </Form.Item>
                <Form.Item name={[f.name, 'reasoning']} label={`诉求${r?.no}理由`} rules={[{ required: true, whitespace: true, message: '请填写理由' }]}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
                </Form.Item>
              </div>
            );
          })}
        </Form.List>
      </fieldset>
    );
  }
  if (ORGAN_FIELDS.has(name)) {
    const choices = organChoices(action, name, ctx.c, ctx.tree, ctx.me.organId);
    return (
      <Form.Item name={name} label={label} rules={rules}>
        <FormTreeSelect showSearch treeDefaultExpandAll treeNodeFilterProp="title" placeholder="请选择机关" treeData={organTree(choices, ctx)} popupMatchSelectWidth={false}
          notFoundContent="没有可选的机关" />
      </Form.Item>
    );
  }
  if (name === 'agreedOrganIds') {
    return (
      <Form.Item name={name} label={label} rules={rules}>
        <FormSelect mode="multiple" options={ctx.c.content.organsConcerned.map((id) => ({ value: id, label: ctx.organs.find((o) => o.id === id)?.name ?? id }))} />
      </Form.Item>
    );
  }
  if (name === 'no' && action === 'answer_recommendation') {
    // Which recommendation addressed to my organ this answers: named by its type, date and text, never by a bare number.
    const open = openRecommendationsTo(ctx.c, ctx.me.organId);
    return (
      <Form.Item name={name} label={label} rules={[{ required: true, message: '请选择所反馈的建议书' }]}>
        <FormSelect placeholder="请选择" notFoundContent="本机关没有待反馈的建议" options={open.map((r) => ({
          value: r.no, label: `第${r.no}号 ${knownLabel(RECOMMENDATION_TYPE_LABELS, r.type) ?? r.type}（${r.issuedOn}提出，${r.dueOn}前反馈）：${r.content.slice(0, 40)}`,
        }))} />
      </Form.Item>
    );
  }
  if (name === 'approverId' || name === 'userId') {
    const people = name === 'approverId' ? approverChoices(ctx.c, ctx.users, ctx.me.organId) : assigneeChoices(ctx.c, ctx.users);
    return (
      <Form.Item name={name} label={name === 'approverId' ? `${label}（本机关负责人）` : label} rules={rules}>
        <FormSelect placeholder="请选择" options={people.map((u) => ({ value: u.id, label: u.name }))} notFoundContent="本机关没有可选人员" />
      </Form.Item>
    );
  }
  if (CASE_FIELDS.has(name)) {
    const choices = earlierCaseChoices(action, ctx.c, linkedCasesOf(ctx.linked), ctx.tree);
    const hidden = ctx.linked.filter((l) => !l.record && !l.loading).length;
    return (
      <>
        <Form.Item name={name} label={label} rules={rules}
          extra={hidden > 0 ? `另有${hidden}件关联事项您无权查看，不能在此选择。` : undefined}>
          <FormSelect placeholder="请选择关联的信访事项" notFoundContent="没有符合条件的关联信访事项"
            options={choices.map((l) => ({ value: l.id, label: `${l.number} ${ctx.linked.find((x) => x.id === l.id)?.record?.content.title ?? ''}（${STATE_LABELS[l.state]}）` }))} />
        </Form.Item>
        <EarlierCase ctx={ctx} />
      </>
    );
  }
  if (isAffirmation(s)) {
    return (
      <Form.Item name={name} valuePropName="checked"
        rules={[checked((v: unknown) => v !== true && '请比对两件信访事项后勾选确认')]}>
        <Checkbox>{label}</Checkbox>
      </Form.Item>
    );
  }
  if (values) {
    const labels = ENUM_LABELS[name] ?? {};
    return (
      <Form.Item name={name} label={label} rules={rules}>
        <FormSelect placeholder="请选择" options={values.map((v) => ({ value: v, label: labels[v] ?? v }))} />
      </Form.Item>
    );
  }
  if (isDate(s)) {
    return (
      <Form.Item name={name} label={label} rules={rules}>
        <DatePicker style={{ width: 200 }} placeholder="选择日期" />
      </Form.Item>
    );
  }
  if (isWhole(s)) {
    const b = bounds(action, name, s, ctx);
    const range = b.max !== null ? `${b.min}–${b.max}${b.unit}的整数` : `不少于${b.min}${b.unit}的整数`;
    return (
      <Form.Item name={name} label={label} rules={[wholeNumberRule(label, required, b)]} validateFirst
        extra={name === 'days' && action === 'request_extension' ? `延期不超过${b.max ?? 30}日，只能延期一次` : `填写${range}`}>
        <Input inputMode="numeric" autoComplete="off" style={{ width: 200 }} suffix={b.unit || undefined} />
      </Form.Item>
    );
  }
  if (s.type === 'boolean') {
    return <Form.Item name={name} valuePropName="checked"><Checkbox>{label}</Checkbox></Form.Item>;
  }
  const long = (s.maxLength ?? 5000) > 500;
  return (
    <Form.Item name={name} label={label} rules={[{ required, whitespace: required, message: `请填写${label}` }]}>
      {long ? <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={s.maxLength} /> : <Input maxLength={s.maxLength} />}
    </Form.Item>
  );
}

/** Form values → the action's input: dates as YYYY-MM-DD, whole numbers as numbers, empty optional text left out. */
function toInput(values: Record<string, unknown>, schema: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    let v = values[name];
    if (dayjs.isDayjs(v)) v = (v).format('YYYY-MM-DD');
    if (isWhole(s) && v !== undefined && v !== null && v !== '') v = Number(halfWidth(typed(v)));
    if (name === 'outcomes' && Array.isArray(v)) v = v.map((o: { requestNo: number | string; outcome: string; reasoning: string }) => ({ requestNo: Number(o.requestNo), outcome: o.outcome, reasoning: o.reasoning }));
    if ((v === undefined || v === null || v === '') && !required.has(name)) continue;
    if (Array.isArray(v) && v.length === 0 && !required.has(name) && s.type === 'array') continue;
    out[name] = v;
  }
  return out;
}

export function ActionForm({ action, schema, ctx, version, onClose, onDone, onConflict }: {
  action: ActionAvailability; schema: SchemaNode; ctx: FormContext; version: number;
  onClose: () => void; onDone: () => void; onConflict: () => void;
}) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const { message, modal } = App.useApp();
  const initial = useMemo(() => defaults(action.action, schema, ctx), [action.action, schema, ctx]);
  const required = new Set(schema.required ?? []);

  /** The confirmation an irreversible act needs: resolves true when the user confirms. */
  const confirmed = (input: Record<string, unknown>) => new Promise<boolean>((resolve) => {
    modal.confirm({
      title: `请确认：${action.label}`,
      content: <p data-testid="action-consequence" style={{ margin: 0 }}>{consequence(action.action, input, ctx)}</p>,
      okText: '确认提交', cancelText: '返回修改', width: 520, autoFocusButton: 'cancel',
      className: 'action-confirm',
      onOk: () => resolve(true), onCancel: () => resolve(false),
    });
  });

  const { busy, error, submit } = useFormSubmit(form, async (values: Record<string, unknown>) => {
    const input = toInput(values, schema);
    if (CONFIRMED_ACTIONS.has(action.action) && !(await confirmed(input))) return;
    try {
      await api.post(`/api/cases/${encodeURIComponent(ctx.c.id)}/actions/${action.action}`, { input, expectedVersion: version });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'VERSION_CONFLICT')) throw e;
      onConflict();
      throw new ApiError(e.status, e.code, '案件已被他人更新，已重新载入最新情况，请核对后再提交。', e.details);
    }
    message.success(`${action.label}：已完成`);
    onDone();
  });
  return (
    <Modal open title={`${action.label}（${action.basis}）`} okText="提交" cancelText="取消" onOk={() => { void submit(); }} onCancel={onClose}
      confirmLoading={busy} width={CASE_FIELDS_IN(schema) ? 960 : 720} destroyOnHidden maskClosable={false}>
      {action.requires.length > 0 && <Typography.Paragraph type="secondary">办理要求：{action.requires.join('；')}</Typography.Paragraph>}
      <Form form={form} layout="vertical" initialValues={initial} name={`action-${action.action}`} onFinish={() => { void submit(); }}>
        {Object.entries(schema.properties ?? {}).map(([name, s]) => (
          <Field key={name} action={action.action} name={name} s={s} required={required.has(name)} ctx={ctx} />
        ))}
        {Object.keys(schema.properties ?? {}).length === 0 && <Typography.Paragraph>确认{action.label}？</Typography.Paragraph>}
      </Form>
      {error && <Alert type="error" showIcon role="alert" message={error} data-testid="action-error" />}
    </Modal>
  );
}
