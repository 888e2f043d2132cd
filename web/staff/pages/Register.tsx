/**
 * 登记: one form for every channel (来信、来访、来电、网上信访代录、传真、视频、上级转交). Built for clerks
 * who type all day: a logical tab order, Enter never submits a half-filled form, Alt+S / Ctrl+Enter
 * submit, focus goes to the first error (the client's checks and the engine's refusals alike).
 * Earlier petitions by the same ID number or phone appear beside the form and link in one click.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Alert, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { api, ApiError, newIdempotencyKey } from '../../shared/api';
import { filled } from '../../shared/format';
import { checked } from '../../shared/rules';
import type { ApiBody } from '../../shared/api-contract';
import { useAuth } from '../auth';
import { chinaDate } from '../../../src/domain/calendar/dates.js';
import { isValidIdNumber, isValidPhone } from '../../../src/domain/identity/id-number.js';
import { CHANNEL_LABELS, MAX_REPRESENTATIVES, PETITION_KIND_LABELS, type Channel, type PetitionKind } from '../../../src/domain/model/petition.js';
import CaseDrawer from '../components/CaseDrawer';
import { Attachments, type AttachmentItem } from '../components/register/Attachments';
import { lookupKeys, PriorPetitions } from '../components/register/PriorPetitions';
import { useOrgans, type Organ } from '../components/reference';
import { CategoryPicker, OrganSelect, RegionPicker, regionPath } from '../components/register/refdata';
import { RegisterDone, type Registered } from '../components/register/RegisterDone';
import '../components/register/register.css';

interface PetitionerValues { kind: 'person' | 'organisation'; name?: string; idNumber?: string; phone?: string; address?: string }
interface Values {
  channel: Channel;
  receivedOn: Dayjs;
  kind: PetitionKind;
  title?: string;
  petitioners: PetitionerValues[];
  anonymous: boolean;
  headcount: number;
  representatives?: number[];
  requests: { text?: string }[];
  facts?: string;
  reasons?: string;
  categoryCode?: string | null;
  regionCode?: string | null;
  organsConcerned?: string[];
  accusedOrganIds?: string[];
  simplified: boolean;
}

// Clerk-entered channels first; 上级转交 last (usually arrives by routing, but may be keyed in).
const CHANNELS: Channel[] = ['letter', 'visit', 'phone', 'online', 'fax', 'video', 'higher_office'];
const KINDS: PetitionKind[] = ['claim', 'suggestion', 'accusation'];
const beijingToday = () => dayjs(chinaDate(new Date()));

function initialValues(regionCode: string | null): Partial<Values> {
  return {
    channel: 'letter', receivedOn: beijingToday(), kind: 'claim', petitioners: [{ kind: 'person' }], anonymous: false, headcount: 1,
    requests: [{}], organsConcerned: [], accusedOrganIds: [], simplified: false, regionCode,
  };
}

/** The registering organ's territory: its own region code or its nearest territorial ancestor's. */
function territoryRegion(organs: Organ[], organId: string | undefined): string | null {
  const byId = new Map(organs.map((o) => [o.id, o]));
  for (let o = organId ? byId.get(organId) : undefined; o; o = o.parentId ? byId.get(o.parentId) : undefined) if (o.regionCode) return o.regionCode;
  return null;
}

/** A server field path (petitioners.0.idNumber) as a form name path. */
function fieldPath(field: unknown): (string | number)[] | null {
  if (typeof field !== 'string' || !field) return null;
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export default function Register() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const organs = useOrgans();
  const myOrganId = useAuth().me?.user.organId;
  const [idemKey, setIdemKey] = useState(newIdempotencyKey);
  const [submitting, setSubmitting] = useState(false);
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [linked, setLinked] = useState<{ id: string; number: string }[]>([]);
  const [attachments, setAttachments] = useState<AttachmentItem[]>([]);
  const [done, setDone] = useState<Registered | null>(null);
  const [openCase, setOpenCase] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const errorRef = useRef<HTMLDivElement>(null);
  const firstField = useRef<HTMLDivElement>(null);

  const channel = Form.useWatch('channel', form);
  const kind = Form.useWatch('kind', form);
  const anonymous = Form.useWatch('anonymous', form);
  // Watched values are undefined until the form has mounted, and a petitioner row just added is undefined.
  const headcount = Form.useWatch<number | undefined>('headcount', form) ?? 1;
  const petitioners = Form.useWatch<(PetitionerValues | undefined)[] | undefined>('petitioners', form);
  const keys = useMemo(() => lookupKeys(petitioners), [petitioners]);
  const organName = organs.name;

  const defaultRegion = useMemo(() => territoryRegion(organs.organs, myOrganId), [organs.organs, myOrganId]);
  useEffect(() => {
    if (defaultRegion && !form.isFieldTouched('regionCode') && !form.getFieldValue('regionCode')) form.setFieldValue('regionCode', regionPath(defaultRegion).at(-1) ?? null);
  }, [defaultRegion, form, formKey]);

  // The clerk starts typing at once: focus the first field on arrival and after 继续登记.
  useEffect(() => {
    const t = setTimeout(() => firstField.current?.querySelector<HTMLElement>('input:checked, input')?.focus(), 0);
    return () => clearTimeout(t);
  }, [formKey, done]);

  const submit = async () => {
    if (submitting) return;
    setServerError(null);
    let v: Values;
    try {
      v = await form.validateFields();
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.focusField(first.name);
      return;
    }
    if (attachments.some((a) => a.status === 'uploading')) {
      message.warning('附件仍在上传，请稍候再提交');
      return;
    }
    const reps = new Set(v.representatives ?? []);
    const people = v.anonymous ? [] : v.petitioners.map((p, i) => ({
      kind: p.kind, name: (p.name ?? '').trim(),
      idNumber: filled(p.idNumber?.trim().toUpperCase()) ?? null, phone: filled(p.phone?.replace(/[\s-]/g, '')) ?? null, address: filled(p.address?.trim()) ?? null,
      ...(v.channel === 'visit' && reps.has(i) ? { representative: true } : {}),
    }));
    const petition: ApiBody<'/api/cases'>['petition'] = {
      channel: v.channel, kind: v.kind, title: (v.title ?? '').trim(), petitioners: people,
      headcount: v.channel === 'visit' ? v.headcount : Math.max(1, people.length), anonymous: v.anonymous,
      requests: v.requests.map((r, i) => ({ no: i + 1, text: (r.text ?? '').trim() })),
      facts: (v.facts ?? '').trim(), reasons: (v.reasons ?? '').trim(),
      categoryCode: v.categoryCode ?? null, regionCode: v.regionCode ?? null,
      organsConcerned: v.organsConcerned ?? [], accusedOrganIds: v.kind === 'accusation' ? v.accusedOrganIds ?? [] : [],
      involvedUserIds: [], linkedCaseIds: linked.map((l) => l.id),
      attachments: attachments.flatMap((a) => (a.status === 'done' && a.stored ? [a.stored] : [])),
      receivedOn: v.receivedOn.format('YYYY-MM-DD'),
    };
    setSubmitting(true);
    try {
      const r = await api.post<Registered>('/api/cases', { petition, ...(v.simplified ? { simplified: true } : {}) }, { headers: { 'idempotency-key': idemKey } });
      setDone(r);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', '登记失败，请重试');
      setServerError(err);
      const details = (err.details ?? {}) as { field?: unknown };
      const path = ['REPRESENTATIVES_REQUIRED', 'TOO_MANY_REPRESENTATIVES'].includes(err.code) ? ['representatives'] : fieldPath(details.field);
      if (path && form.getFieldInstance(path) !== undefined) {
        form.setFields([{ name: path as never, errors: [err.message] }]);
        form.focusField(path);
      } else {
        setTimeout(() => errorRef.current?.focus(), 0);
      }
    } finally {
      setSubmitting(false);
    }
  };

  const next = () => {
    setDone(null);
    setLinked([]);
    setAttachments([]);
    setServerError(null);
    setIdemKey(newIdempotencyKey());
    form.resetFields();
    setFormKey((k) => k + 1);
  };

  // Enter in a one-line field must not submit a half-filled form (pickers still use Enter to choose);
  // Alt+S or Ctrl+Enter submit on purpose.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    const t = e.target as HTMLElement;
    if ((e.altKey && (e.key === 's' || e.key === 'S' || e.code === 'KeyS')) || (e.ctrlKey && e.key === 'Enter')) {
      e.preventDefault();
      void submit();
      return;
    }
    if (e.key === 'Enter' && t.tagName === 'INPUT') e.preventDefault();
  };
  // Alt+S also from outside the form (e.g. the side panel).
  useEffect(() => {
    const h = (e: globalThis.KeyboardEvent) => {
      if (!done && e.altKey && e.code === 'KeyS' && !(e.target instanceof Element && e.target.closest('form'))) {
        e.preventDefault();
        void submit();
      }
    };
    window.addEventListener('keydown', h);
    return () => window.removeEventListener('keydown', h);
  });

  if (done) {
    return (
      <>
        <Card><RegisterDone r={done} onOpen={() => setOpenCase(done.case.id)} onNext={next} /></Card>
        <CaseDrawer caseId={openCase} onClose={() => setOpenCase(null)} />
      </>
    );
  }

  const isVisit = channel === 'visit';
  const repOptions = (petitioners ?? []).map((p, i) => ({ value: i, label: p?.name?.trim() ? p.name.trim() : `第${i + 1}位信访人` }));

  return (
    <div className="register-page">
      <Typography.Title level={1} className="page-title">登记信访事项</Typography.Title>
      <Row gutter={16} wrap={false} className="register-row">
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Form key={formKey} form={form} name="register" layout="vertical" initialValues={initialValues(null)} onKeyDown={onKeyDown}
            onFinish={() => void submit()} requiredMark validateTrigger={['onBlur', 'onChange']} scrollToFirstError={{ focus: true }}>
            {serverError && (
              <div ref={errorRef} tabIndex={-1} className="register-error">
                <Alert type="error" showIcon role="alert" message={`未能登记：${serverError.message}`} description={serverError.code !== 'UNKNOWN' ? `错误代码 ${serverError.code}` : undefined} />
              </div>
            )}
            <Card size="small" title="来源" className="register-card">
              <Row gutter={16}>
                <Col xs={24} xl={14}>
                  <div ref={firstField}>
                    <Form.Item name="channel" label="信访形式">
                      <Radio.Group name="channel" optionType="button" buttonStyle="solid" options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))} />
                    </Form.Item>
                  </div>
                </Col>
                <Col xs={12} xl={5}>
                  {/* A future date is refused with a message, not greyed out: a typed disabled date used to revert to today silently. */}
                  <Form.Item name="receivedOn" label="收到日期" validateTrigger={['onChange', 'onBlur']} rules={[
                    { required: true, message: '请填写收到日期' },
                    { validator: (_, d?: Dayjs) => (d?.isAfter(beijingToday(), 'day') ? Promise.reject(new Error(`收到日期不能晚于今天（${beijingToday().format('YYYY-MM-DD')}）`)) : Promise.resolve()) },
                  ]}>
                    <DatePicker style={{ width: '100%' }} allowClear={false} format="YYYY-MM-DD" />
                  </Form.Item>
                </Col>
                <Col xs={12} xl={5}>
                  <Form.Item name="simplified" valuePropName="checked" label="办理程序">
                    <Checkbox>适用简易办理</Checkbox>
                  </Form.Item>
                </Col>
              </Row>
            </Card>

            <Card size="small" title="信访人" className="register-card">
              <Form.Item name="anonymous" valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox>匿名（未留姓名）</Checkbox>
              </Form.Item>
              {!anonymous && (
                <Form.List name="petitioners" rules={[checked((v: unknown[] | undefined) => !v?.length && '请至少填写一位信访人')]}>
                  {(fields, { add, remove }, { errors }) => (
                    <>
                      {fields.map((f, i) => (
                        <fieldset key={f.key} className="petitioner-row">
                          <legend>信访人 {i + 1}</legend>
                          <Row gutter={12}>
                            <Col xs={24} lg={5}>
                              <Form.Item name={[f.name, 'kind']} label="类型">
                                <Radio.Group name={`petitioner-kind-${f.key}`} options={[{ value: 'person', label: '个人' }, { value: 'organisation', label: '单位' }]} />
                              </Form.Item>
                            </Col>
                            <Col xs={24} lg={5}>
                              <Form.Item name={[f.name, 'name']} label={petitioners?.[i]?.kind === 'organisation' ? '单位名称' : '姓名'} rules={[{ required: true, whitespace: true, message: `请填写第${i + 1}位信访人的姓名或名称` }]}>
                                <Input maxLength={100} autoComplete="off" />
                              </Form.Item>
                            </Col>
                            <Col xs={24} lg={7}>
                              <Form.Item name={[f.name, 'idNumber']} label={petitioners?.[i]?.kind === 'organisation' ? '统一社会信用代码/负责人身份证' : '身份证号码'}
                                normalize={(v: string | undefined) => v?.toUpperCase().replace(/\s/g, '')}
                                rules={[checked((v: string | undefined) => {
                                  if (!v || petitioners?.[i]?.kind === 'organisation') return null;
                                  if (!/^\d{17}[\dX]$/.test(v)) return '身份证号码应为18位（最后一位可为X）';
                                  return !isValidIdNumber(v) && '身份证号码校验不通过（GB 11643 校验位或出生日期有误）';
                                })]}>
                                <Input maxLength={18} autoComplete="off" inputMode="text" />
                              </Form.Item>
                            </Col>
                            <Col xs={24} lg={7}>
                              <Form.Item name={[f.name, 'phone']} label="联系电话" rules={[checked((v: string | undefined) => v && !isValidPhone(v) && '联系电话格式不正确（手机11位，或区号+座机号码）')]}>
                                <Input maxLength={20} autoComplete="off" inputMode="tel" />
                              </Form.Item>
                            </Col>
                            <Col xs={24} lg={fields.length > 1 ? 21 : 24}>
                              <Form.Item name={[f.name, 'address']} label="住址/通信地址">
                                <Input maxLength={200} autoComplete="off" />
                              </Form.Item>
                            </Col>
                            {fields.length > 1 && (
                              <Col xs={24} lg={3} className="row-remove">
                                <Button danger icon={<DeleteOutlined />} onClick={() => { remove(f.name); form.setFieldValue('representatives', []); }} aria-label={`删除信访人 ${i + 1}`}>删除</Button>
                              </Col>
                            )}
                          </Row>
                        </fieldset>
                      ))}
                      <Form.ErrorList errors={errors} />
                      <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'person' })} disabled={fields.length >= 50}>添加信访人</Button>
                    </>
                  )}
                </Form.List>
              )}
              {isVisit && (
                <Row gutter={16} className="visit-group">
                  <Col xs={24} lg={6}>
                    <Form.Item name="headcount" label="来访人数" rules={[{ required: true, message: '请填写来访人数' }]}
                      extra={headcount > MAX_REPRESENTATIVES ? `多人走访须推选不超过${MAX_REPRESENTATIVES}名代表（第20条）` : undefined}>
                      <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} lg={18}>
                    <Form.Item name="representatives" label={`推选代表（不超过${MAX_REPRESENTATIVES}人，从上列信访人中选择）`}
                      rules={[checked((v: number[] | undefined) => (v?.length ?? 0) > MAX_REPRESENTATIVES && `代表不得超过${MAX_REPRESENTATIVES}人`)]}>
                      <Select mode="multiple" allowClear optionFilterProp="label" options={repOptions} maxCount={MAX_REPRESENTATIVES} placeholder="选择代表" disabled={anonymous} />
                    </Form.Item>
                  </Col>
                </Row>
              )}
            </Card>

            <Card size="small" title="信访事项" className="register-card">
              <Form.Item name="kind" label="事项类别">
                <Radio.Group name="kind" optionType="button" buttonStyle="solid" options={KINDS.map((k) => ({ value: k, label: PETITION_KIND_LABELS[k] }))} />
              </Form.Item>
              <Form.Item name="title" label="标题（事项摘要）" rules={[{ required: true, whitespace: true, message: '请填写标题' }]}>
                <Input maxLength={200} showCount />
              </Form.Item>
              <Form.List name="requests" rules={[checked((v: unknown[] | undefined) => !v?.length && '请至少填写一项诉求')]}>
                {(fields, { add, remove }, { errors }) => (
                  <div className="requests">
                    {fields.map((f, i) => (
                      <Row key={f.key} gutter={8} align="top">
                        <Col flex="auto">
                          <Form.Item name={[f.name, 'text']} label={`诉求 ${i + 1}`} rules={[{ required: true, whitespace: true, message: `请填写诉求 ${i + 1}` }]}>
                            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
                          </Form.Item>
                        </Col>
                        {fields.length > 1 && (
                          <Col flex="none" className="row-remove">
                            <Button danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={`删除诉求 ${i + 1}`} />
                          </Col>
                        )}
                      </Row>
                    ))}
                    <Form.ErrorList errors={errors} />
                    <Button icon={<PlusOutlined />} onClick={() => add({})} disabled={fields.length >= 50} style={{ marginBottom: 16 }}>添加诉求</Button>
                  </div>
                )}
              </Form.List>
              <Form.Item name="facts" label="事实" rules={[{ required: true, whitespace: true, message: '请填写事实' }]}>
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={20000} />
              </Form.Item>
              <Form.Item name="reasons" label="理由">
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} />
              </Form.Item>
              <Row gutter={16}>
                <Col xs={24} lg={12}>
                  <Form.Item name="categoryCode" label="内容分类">
                    <CategoryPicker />
                  </Form.Item>
                </Col>
                <Col xs={24} lg={12}>
                  <Form.Item name="regionCode" label="问题属地（行政区划）">
                    <RegionPicker />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="organsConcerned" label="涉及机关" extra="涉及多个机关的，依第24条确定主办机关">
                <OrganSelect />
              </Form.Item>
              {kind === 'accusation' && (
                <Form.Item name="accusedOrganIds" label="被检举控告机关" extra="依第30条，本件及检举人信息不会转送给被检举控告的机关">
                  <OrganSelect />
                </Form.Item>
              )}
              {linked.length > 0 && (
                <Form.Item label="关联原信访事项（重复信访）">
                  <Space wrap>{linked.map((c) => <Tag key={c.id} closable closeIcon={<span aria-label={`取消关联 ${c.number}`}>×</span>} onClose={() => setLinked((l) => l.filter((x) => x.id !== c.id))}>{c.number}</Tag>)}</Space>
                </Form.Item>
              )}
            </Card>

            <Card size="small" title="附件" className="register-card">
              <Attachments items={attachments} onChange={setAttachments} />
            </Card>

            <div className="register-actions">
              <Space>
                <Button type="primary" htmlType="submit" loading={submitting} size="large">提交登记（Alt+S）</Button>
                <Button size="large" onClick={next}>清空重填</Button>
              </Space>
            </div>
          </Form>
        </Col>
        <Col flex="340px" className="register-side">
          <div className="register-side-inner">
            <PriorPetitions keys={keys} linked={linked.map((l) => l.id)} organName={organName}
              onToggle={(c) => setLinked((l) => (l.some((x) => x.id === c.id) ? l.filter((x) => x.id !== c.id) : [...l, { id: c.id, number: c.number }]))} />
            <Card size="small" title="键盘操作" className="register-keys">
              <ul>
                <li><kbd>Tab</kbd> / <kbd>Shift</kbd>+<kbd>Tab</kbd>：下一项 / 上一项</li>
                <li>方向键：在信访形式、事项类别等选项间切换</li>
                <li><kbd>Enter</kbd>：在下拉框中选定；在输入框中不会提交表单</li>
                <li><kbd>Alt</kbd>+<kbd>S</kbd> 或 <kbd>Ctrl</kbd>+<kbd>Enter</kbd>：提交登记</li>
                <li>提交不成功时，光标自动跳到第一处错误</li>
              </ul>
            </Card>
          </div>
        </Col>
      </Row>
    </div>
  );
}
