/**
 * The form of one action, generated from its input schema (the server's TypeBox schema via the
 * OpenAPI document): strings → Input/TextArea, enums → Select with Chinese labels, dates →
 * DatePicker, organ ids → organ tree, staff ids → the relevant organ's staff, per-request opinions →
 * one block per request of the case, booleans → Switch. Submits with the version the user saw.
 */
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Switch, TreeSelect, Typography, App, type SelectProps, type TreeSelectProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { api, ApiError } from '../../../shared/api';
import type { CaseRecord } from '../../../../src/domain/model/case.js';
import type { Organ } from '../../../../src/domain/model/organ.js';
import type { ActionAvailability, DirectoryUser, SchemaNode } from './data';
import { useFormSubmit } from '../useFormSubmit';
import { ENUM_LABELS, FIELD_LABELS } from './labels';

export interface FormContext {
  c: CaseRecord;
  me: { id: string; organId: string };
  organs: Organ[];
  users: DirectoryUser[];
  today: string;
  linked: { id: string; number: string; title: string; state: string }[];
}

const ORGAN_FIELDS = new Set(['targetOrganId', 'leadOrganId']);
const CASE_FIELDS = new Set(['earlierCaseId', 'terminatedCaseId']);
const ASSIGNABLE = ['handler', 'petition_officer', 'discipline_officer', 'leader'];

const isDate = (s: SchemaNode) => s.type === 'string' && (s.pattern?.includes('\\d{4}-\\d{2}-\\d{2}') ?? false);
const enumValues = (s: SchemaNode): string[] | null => {
  if (s.enum) return s.enum;
  if (s.anyOf && s.anyOf.every((x) => x.enum?.length === 1 || 'const' in x)) return s.anyOf.map((x) => x.enum?.[0] ?? (x as { const?: string }).const ?? '');
  return null;
};
const labelOf = (name: string, s: SchemaNode) => s.title ?? FIELD_LABELS[name] ?? name;

/** Which organs an action may send the case to (the server checks again; this keeps the list short). */
function organChoices(action: string, field: string, ctx: FormContext): Organ[] {
  const open = ctx.organs.filter((o) => !o.successorId && o.level !== 'village' && o.id !== ctx.c.holderOrganId);
  if (field === 'leadOrganId') return ctx.organs.filter((o) => ctx.c.content.organsConcerned.includes(o.id));
  if (action === 'forward' || action === 'assign') return open.filter((o) => o.kind === 'handling_organ');
  if (action === 'forward_political_legal') return open.filter((o) => o.kind === 'political_legal');
  if (action === 'forward_discipline') return open.filter((o) => o.kind === 'discipline_inspection');
  if (action === 'forward_to_subordinate') {
    const under = (id: string): boolean => id === ctx.c.holderOrganId || (ctx.organs.find((o) => o.id === id)?.parentId ? under(ctx.organs.find((o) => o.id === id)!.parentId!) : false);
    return open.filter((o) => o.kind !== 'petition_office' && under(o.id));
  }
  return open;
}

/** Organs as a tree (parents kept, greyed out when they are not a choice themselves). */
function organTree(choices: Organ[], all: Organ[]) {
  const keep = new Set<string>();
  const byId = new Map(all.map((o) => [o.id, o]));
  for (const o of choices) for (let x: Organ | undefined = o; x; x = x.parentId ? byId.get(x.parentId) : undefined) keep.add(x.id);
  const ok = new Set(choices.map((o) => o.id));
  type Node = { value: string; title: string; disabled: boolean; children: Node[] };
  const node = (o: Organ): Node => ({ value: o.id, title: o.name, disabled: !ok.has(o.id), children: all.filter((c) => c.parentId === o.id && keep.has(c.id)).map(node) });
  return all.filter((o) => keep.has(o.id) && (!o.parentId || !keep.has(o.parentId))).map(node);
}

function approvers(ctx: FormContext): DirectoryUser[] {
  return ctx.users.filter((u) => u.active && u.organId === ctx.me.organId && u.roles.includes('leader') && !ctx.c.recusedUserIds.includes(u.id) && !ctx.c.content.involvedUserIds.includes(u.id));
}

function defaults(action: string, schema: SchemaNode, ctx: FormContext): Record<string, unknown> {
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
      const a = approvers(ctx);
      if (a.length === 1) out[name] = a[0]!.id;
    } else if (ORGAN_FIELDS.has(name)) {
      // The case's own organ concerned, when it is a possible destination.
      const ok = organChoices(action, name, ctx).map((o) => o.id);
      const first = ctx.c.content.organsConcerned.find((id) => ok.includes(id));
      if (first) out[name] = first;
    } else if (CASE_FIELDS.has(name) && ctx.linked.length === 1) out[name] = ctx.linked[0]!.id;
    else if (name === 'method') out[name] = 'in_person';
    else if (name === 'form') out[name] = 'opinion';
    else if (s.type === 'boolean') out[name] = false;
  }
  return out;
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
 * 支持 / 解释说明 / 不予支持 as radios. Form.Item hands its control aria-required and an id: they
 * belong on an element with the radiogroup role, which antd's Radio.Group does not give its div.
 */
function OutcomeRadios({ label, value, onChange, id, ...rest }: { label: string; value?: string; onChange?: (v: string) => void; id?: string; 'aria-required'?: boolean | 'true' | 'false'; 'aria-invalid'?: boolean | 'true' | 'false'; 'aria-describedby'?: string }) {
  return (
    <div role="radiogroup" id={id} aria-label={label} aria-required={rest['aria-required']} aria-invalid={rest['aria-invalid']} aria-describedby={rest['aria-describedby']}>
      <Radio.Group value={value} onChange={(e) => onChange?.(e.target.value as string)} options={Object.entries(ENUM_LABELS.outcome!).map(([v, l]) => ({ value: v, label: l }))} />
    </div>
  );
}

function Field({ action, name, s, required, ctx }: { action: string; name: string; s: SchemaNode; required: boolean; ctx: FormContext }) {
  const label = labelOf(name, s);
  const rules = [{ required, message: `请填写${label}` }];
  const values = enumValues(s);
  if (name === 'outcomes') {
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
                  <OutcomeRadios label={`诉求${r?.no}处理结果`} />
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
    const choices = organChoices(action, name, ctx);
    return (
      <Form.Item name={name} label={label} rules={rules}>
        <FormTreeSelect showSearch treeDefaultExpandAll treeNodeFilterProp="title" placeholder="请选择机关" treeData={organTree(choices, ctx.organs)} popupMatchSelectWidth={false} />
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
  if (name === 'approverId' || name === 'userId') {
    const people = name === 'approverId' ? approvers(ctx)
      : ctx.users.filter((u) => u.active && u.organId === ctx.c.holderOrganId && u.roles.some((r) => ASSIGNABLE.includes(r)));
    return (
      <Form.Item name={name} label={name === 'approverId' ? `${label}（本机关负责人）` : label} rules={rules}>
        <FormSelect placeholder="请选择" options={people.map((u) => ({ value: u.id, label: u.name }))} notFoundContent="本机关没有可选人员" />
      </Form.Item>
    );
  }
  if (CASE_FIELDS.has(name)) {
    return (
      <Form.Item name={name} label={label} rules={rules}>
        <FormSelect placeholder="请选择关联的信访事项" options={ctx.linked.map((l) => ({ value: l.id, label: `${l.number} ${l.title}` }))} notFoundContent="没有关联的信访事项" />
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
  if (s.type === 'integer' || s.type === 'number') {
    return (
      <Form.Item name={name} label={label} rules={rules} extra={name === 'days' ? '延期不超过30日' : undefined}>
        <InputNumber min={s.minimum} max={s.maximum} precision={s.type === 'integer' ? 0 : undefined} style={{ width: 200 }} addonAfter={name === 'days' ? '日' : undefined} />
      </Form.Item>
    );
  }
  if (s.type === 'boolean') {
    return <Form.Item name={name} label={label} valuePropName="checked"><Switch /></Form.Item>;
  }
  const long = (s.maxLength ?? 5000) > 500;
  return (
    <Form.Item name={name} label={label} rules={[{ required, whitespace: required, message: `请填写${label}` }]}>
      {long ? <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={s.maxLength} /> : <Input maxLength={s.maxLength} />}
    </Form.Item>
  );
}

/** Form values → the action's input: dates as YYYY-MM-DD, empty optional text left out. */
function toInput(values: Record<string, unknown>, schema: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    let v = values[name];
    if (dayjs.isDayjs(v)) v = (v as Dayjs).format('YYYY-MM-DD');
    if (name === 'outcomes' && Array.isArray(v)) v = v.map((o: { requestNo: number | string; outcome: string; reasoning: string }) => ({ requestNo: Number(o.requestNo), outcome: o.outcome, reasoning: o.reasoning }));
    if ((v === undefined || v === null || v === '') && !required.has(name)) continue;
    if (Array.isArray(v) && v.length === 0 && !required.has(name) && s.type === 'array') continue;
    out[name] = v;
  }
  return out;
}

export function ActionForm({ action, schema, ctx, version, onClose, onDone, onConflict }: {
  action: ActionAvailability; schema: SchemaNode; ctx: FormContext; version: number;
  onClose(): void; onDone(): void; onConflict(): void;
}) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const initial = useMemo(() => defaults(action.action, schema, ctx), [action.action, schema, ctx]);
  const required = new Set(schema.required ?? []);
  const { busy, error, submit } = useFormSubmit(form, async (values: Record<string, unknown>) => {
    try {
      await api.post(`/api/cases/${encodeURIComponent(ctx.c.id)}/actions/${action.action}`, { input: toInput(values, schema), expectedVersion: version });
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
      confirmLoading={busy} width={720} destroyOnHidden maskClosable={false}>
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
