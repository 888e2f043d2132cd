/**
 * 网上信访: five short steps (who you are, what you ask, where, materials, confirm), then the
 * receipt with the case number and query code. The idempotency key lives in component state, so a
 * double tap or a retry after a network error sends the same key and cannot create a second case.
 */
import { CopyOutlined, DeleteOutlined, FileOutlined, PlusOutlined, PrinterOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Cascader, Form, Input, Radio, Select, Steps, Upload, message } from 'antd';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, errorText, newIdempotencyKey } from '../../shared/api';
import { formatChineseDate } from '../../shared/format';
import { errorMessages, FormErrors } from '../components/FormErrors';
import { isValidIdNumber, isValidPhone } from '../lib/id-number';
import type { Attachment, Category, OrganOption, Receipt, RegionOption, Submission } from '../lib/types';

const MAX_BYTES = 10 * 1024 * 1024;
const MAX_FILES = 5;
const STEPS = [
  { short: '身份', title: '第 1 步：你是谁' },
  { short: '诉求', title: '第 2 步：你的诉求' },
  { short: '地区', title: '第 3 步：地区与事项' },
  { short: '材料', title: '第 4 步：上传材料' },
  { short: '确认', title: '第 5 步：核对并提交' },
];

interface Values {
  kind: 'person' | 'organisation';
  name: string; idNumber?: string; phone: string; address?: string;
  title: string; requests: string[]; facts: string; reasons: string;
  region?: string[]; organConcernedId?: string; categoryMode: 'unsure' | 'choose'; category?: string[];
}

interface CascaderNode { value: string; label: string; isLeaf?: boolean; children?: CascaderNode[] }

/** /api/public/regions gives the children of `parent` (flat, like /api/regions). Townships are the last level the portal asks for. */
const regionNode = (r: RegionOption): CascaderNode => ({ value: r.code, label: r.name, isLeaf: r.level === 'township' || r.level === 'village' });

function categoryTree(list: Category[]): CascaderNode[] {
  const byParent = new Map<string | null, Category[]>();
  for (const c of list) byParent.set(c.parentCode ?? null, [...(byParent.get(c.parentCode ?? null) ?? []), c]);
  const build = (parent: string | null): CascaderNode[] =>
    (byParent.get(parent) ?? []).map((c) => {
      const kids = build(c.code);
      return kids.length ? { value: c.code, label: c.name, children: kids } : { value: c.code, label: c.name, isLeaf: true };
    });
  return build(null);
}

function labelsOf(options: CascaderNode[], path: string[] | undefined): string {
  if (!path?.length) return '';
  const out: string[] = [];
  let level: CascaderNode[] | undefined = options;
  for (const v of path) {
    const n: CascaderNode | undefined = level?.find((o) => o.value === v);
    if (!n) break;
    out.push(n.label);
    level = n.children;
  }
  return out.join(' / ');
}

function sizeText(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

async function copy(text: string, what: string) {
  try {
    await navigator.clipboard.writeText(text);
    message.success(`${what}已复制`);
  } catch {
    message.info(`请长按${what}手动复制`);
  }
}

export default function Submit() {
  const [form] = Form.useForm<Values>();
  const [step, setStep] = useState(0);
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const attachmentsRef = useRef(0);
  attachmentsRef.current = attachments.length;
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [stepErrors, setStepErrors] = useState<string[]>([]);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  // One key per petition being written: a retry of the same submission is recognised by the server.
  const [idempotencyKey] = useState(() => newIdempotencyKey());
  const [regions, setRegions] = useState<CascaderNode[]>([]);
  const [categories, setCategories] = useState<CascaderNode[]>([]);
  const [organs, setOrgans] = useState<OrganOption[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  // Undefined until <Form> below has mounted with its initial values.
  const kind = Form.useWatch<Values['kind'] | undefined>('kind', { form, preserve: true }) ?? 'person';
  const region = Form.useWatch('region', { form, preserve: true });
  const categoryMode = Form.useWatch<Values['categoryMode'] | undefined>('categoryMode', { form, preserve: true }) ?? 'unsure';

  useEffect(() => {
    api.get<RegionOption[]>('/api/public/regions').then((r) => setRegions(r.map(regionNode))).catch((e: unknown) => setLoadError(errorText(e)));
    api.get<Category[]>('/api/public/categories').then((c) => setCategories(categoryTree(c))).catch((e: unknown) => setLoadError(errorText(e)));
  }, []);

  const regionCode = region?.[region.length - 1];
  useEffect(() => {
    if (!regionCode) {
      setOrgans([]);
      return;
    }
    api.get<OrganOption[]>('/api/public/organs', { query: { regionCode } }).then(setOrgans).catch(() => setOrgans([]));
  }, [regionCode]);

  async function loadRegion(path: CascaderNode[]) {
    const node = path[path.length - 1];
    if (!node || node.children) return;
    try {
      const kids = await api.get<RegionOption[]>('/api/public/regions', { query: { parent: node.value } });
      if (kids.length) node.children = kids.map(regionNode);
      else node.isLeaf = true;
    } catch (e) {
      node.isLeaf = true;
      setLoadError((e as ApiError).message);
    }
    setRegions((r) => [...r]);
  }

  function go(to: number) {
    setStepErrors([]);
    setStep(to);
    requestAnimationFrame(() => document.getElementById('step-heading')?.focus());
  }

  async function next() {
    try {
      await form.validateFields();
    } catch (e) {
      setStepErrors(errorMessages(e));
      return;
    }
    setStepErrors([]);
    go(step + 1);
  }

  async function upload(file: File) {
    setUploadError(null);
    if (attachmentsRef.current >= MAX_FILES) {
      setUploadError(`最多上传 ${MAX_FILES} 个文件；“${file.name}”没有上传`);
      return;
    }
    if (file.size > MAX_BYTES) {
      setUploadError(`“${file.name}”超过 10 MB，请压缩或分开拍照后再上传`);
      return;
    }
    const body = new FormData();
    body.append('file', file, file.name);
    setUploading(true);
    try {
      const a = await api.post<Attachment>('/api/public/attachments', body);
      setAttachments((xs) => (xs.some((x) => x.sha256 === a.sha256) ? xs : [...xs, a]));
    } catch (e) {
      setUploadError(`“${file.name}”未能上传：${(e as ApiError).message}`);
    } finally {
      setUploading(false);
    }
  }

  async function submit() {
    const v = form.getFieldsValue(true) as Values;
    setSubmitError(null);
    // Step 2 requires the region; the guard is for the type.
    const regionCode = v.region?.at(-1);
    if (!regionCode) {
      setSubmitError('请选择事情发生的地区');
      return;
    }
    setSubmitting(true);
    try {
      const submission: Submission = {
        petitioner: {
          kind: v.kind, name: v.name.trim(), phone: v.phone.replace(/[\s-]/g, ''),
          ...(v.kind === 'person' && v.idNumber ? { idNumber: v.idNumber.trim().toUpperCase() } : {}),
          ...(v.address?.trim() ? { address: v.address.trim() } : {}),
        },
        title: v.title.trim(),
        requests: v.requests.map((x) => x.trim()).filter(Boolean),
        facts: v.facts.trim(), reasons: v.reasons.trim(),
        regionCode,
        ...(v.organConcernedId ? { organConcernedId: v.organConcernedId } : {}),
        ...(v.categoryMode === 'choose' && v.category?.length ? { categoryCode: v.category[v.category.length - 1] } : {}),
        attachments,
      };
      const r = await api.post<Receipt>('/api/public/petitions', submission, { headers: { 'Idempotency-Key': idempotencyKey } });
      setReceipt(r);
      window.scrollTo(0, 0);
    } catch (e) {
      setSubmitError((e as ApiError).message);
    } finally {
      setSubmitting(false);
    }
  }

  const summary = useMemo(() => (step === 4 ? (form.getFieldsValue(true) as Values) : null), [step, form]);

  if (receipt) return <ReceiptView receipt={receipt} />;

  return (
    <>
      <h1 className="page-title">网上信访</h1>
      <div className="steps-wrap no-print">
        <Steps size="small" labelPlacement="vertical" responsive={false} current={step} items={STEPS.map((s) => ({ title: s.short }))} aria-label="填写步骤" />
      </div>
      {loadError && <Alert type="error" showIcon message={`部分选项加载失败：${loadError}`} style={{ marginBottom: 12 }} />}
      <Form form={form} name="petition" layout="vertical" requiredMark={false} preserve scrollToFirstError
        initialValues={{ kind: 'person', requests: [''], categoryMode: 'unsure' }}>
        <section className="panel" aria-labelledby="step-heading">
          <h2 id="step-heading" className="section-title" tabIndex={-1}>{STEPS[step]?.title}</h2>

          {step === 0 && (
            <>
              <Form.Item name="kind" label="以什么身份反映" extra="为自己或家人反映选“个人”；代表公司、村组、协会等反映选“单位”。">
                <Radio.Group optionType="button" buttonStyle="solid" options={[{ label: '个人', value: 'person' }, { label: '单位', value: 'organisation' }]} />
              </Form.Item>
              <Form.Item name="name" label={kind === 'person' ? '姓名' : '单位名称'} rules={[{ required: true, whitespace: true, message: kind === 'person' ? '请填写您的姓名' : '请填写单位名称' }, { max: 100, message: '不超过 100 个字' }]}
                extra={kind === 'person' ? '请填写身份证上的姓名。' : '请填写营业执照或登记证书上的全称。'}>
                <Input autoComplete={kind === 'person' ? 'name' : 'organization'} />
              </Form.Item>
              {kind === 'person' && (
                <Form.Item name="idNumber" label="身份证号" validateFirst
                  rules={[{ required: true, whitespace: true, message: '请填写 18 位身份证号' }, {
                    validator: (_, v: string | undefined) => (!v || isValidIdNumber(v) ? Promise.resolve() : Promise.reject(new Error('身份证号不正确，请逐位核对'))),
                  }]}
                  extra="用于核实身份、避免同一件事重复办理。依法保密，不会告诉被反映的人。">
                  <Input maxLength={18} inputMode="text" autoComplete="off" />
                </Form.Item>
              )}
              <Form.Item name="phone" label="手机号码" validateFirst
                rules={[{ required: true, whitespace: true, message: '请填写手机号码' }, {
                  validator: (_, v: string | undefined) => (!v || isValidPhone(v) ? Promise.resolve() : Promise.reject(new Error('请填写 11 位手机号，或带区号的固定电话'))),
                }]}
                extra="查询进度时要用这个号码接收验证码；工作人员也可能打电话了解情况。">
                <Input inputMode="tel" maxLength={20} autoComplete="tel" />
              </Form.Item>
              <Form.Item name="address" label={kind === 'person' ? '住址' : '单位地址'} rules={[{ required: true, whitespace: true, message: '请填写地址，书面答复会寄到这里' }, { max: 200, message: '不超过 200 个字' }]}
                extra="写到门牌号或村组，书面答复可能邮寄到这里。">
                <Input autoComplete="street-address" />
              </Form.Item>
            </>
          )}

          {step === 1 && (
            <>
              <Form.Item name="title" label="事项标题" rules={[{ required: true, whitespace: true, message: '请用一句话概括您反映的事' }, { max: 100, message: '不超过 100 个字' }]}
                extra="一句话说清是什么事，例如：“某公司拖欠三个月工资”。">
                <Input maxLength={100} showCount />
              </Form.Item>
              <Form.List name="requests">
                {(fields, { add, remove }) => (
                  <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
                    <legend className="requests-legend">您的请求</legend>
                    <p className="help" style={{ marginTop: 0 }}>希望政府做什么？每条写一件事，工作人员会逐条答复。</p>
                    {fields.map((f, i) => (
                      <div className="request-row" key={f.key}>
                        <Form.Item name={f.name} label={`请求 ${i + 1}`} rules={[{ required: true, whitespace: true, message: '请写下这条请求，或删除它' }, { max: 1000, message: '不超过 1000 个字' }]}>
                          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
                        </Form.Item>
                        {fields.length > 1 && (
                          <Button aria-label={`删除请求 ${i + 1}`} icon={<DeleteOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 34 }} />
                        )}
                      </div>
                    ))}
                    {fields.length < 10 && <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add('')} style={{ marginBottom: 16, height: 44 }}>再加一条请求</Button>}
                  </fieldset>
                )}
              </Form.List>
              <Form.Item name="facts" label="事实经过" rules={[{ required: true, whitespace: true, message: '请写下事情的经过' }, { max: 10000, message: '不超过 10000 个字' }]}
                extra="什么时间、在哪里、发生了什么、涉及谁。照实写，不需要专业用语。">
                <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={10000} />
              </Form.Item>
              <Form.Item name="reasons" label="理由" rules={[{ required: true, whitespace: true, message: '请写下您的理由' }, { max: 10000, message: '不超过 10000 个字' }]}
                extra="为什么认为应当这样处理？做过哪些努力（找过谁、结果如何）？">
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={10000} />
              </Form.Item>
            </>
          )}

          {step === 2 && (
            <>
              <Form.Item name="region" label="事情发生在哪里" rules={[{ required: true, message: '请选择地区，至少选到县（市、区）' }, {
                validator: (_, v: string[] | undefined) => (!v || v.length >= 3 ? Promise.resolve() : Promise.reject(new Error('请至少选到县（市、区）'))),
              }]} extra="选到县（市、区），知道的话再选乡镇（街道）。我们据此交给当地有权处理的机关。">
                <PlainCascader options={regions} loadData={(p) => void loadRegion(p as CascaderNode[])} changeOnSelect placeholder="省 / 市 / 县 / 乡镇" classNames={{ popup: { root: 'region-popup' } }} />
              </Form.Item>
              <Form.Item name="organConcernedId" label="涉及哪个部门（可不选）" extra="例如拖欠工资涉及人社局。不清楚就不选，由信访部门确定。">
                <Select allowClear placeholder={regionCode ? '不清楚可以不选' : '请先选择地区'} disabled={!regionCode}
                  options={organs.map((o) => ({ value: o.id, label: o.name }))} showSearch optionFilterProp="label" notFoundContent="该地区暂无可选部门" />
              </Form.Item>
              <Form.Item name="categoryMode" label="事项类别">
                <Radio.Group options={[{ label: '不确定，由工作人员分类', value: 'unsure' }, { label: '我来选择类别', value: 'choose' }]} />
              </Form.Item>
              {categoryMode === 'choose' && (
                <Form.Item name="category" label="选择类别" rules={[{ required: true, message: '请选择类别，或改选“不确定”' }]} extra="选错不影响办理，工作人员会重新分类。">
                  <PlainCascader options={categories} changeOnSelect placeholder="例如：劳动和社会保障 / 工资" classNames={{ popup: { root: 'region-popup' } }} />
                </Form.Item>
              )}
            </>
          )}

          {step === 3 && (
            <>
              <p className="help" style={{ marginTop: 0 }}>
                可以上传合同、欠条、照片、以前收到的答复等。支持 JPG、PNG、WebP 图片和 PDF，最多 5 个，每个不超过 10 MB。没有材料也可以直接下一步。
              </p>
              <Upload accept="image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf" multiple showUploadList={false}
                beforeUpload={(f) => { void upload(f); return false; }}>
                <Button icon={<UploadOutlined />} loading={uploading} className="full-btn">选择文件或拍照上传</Button>
              </Upload>
              {uploadError && <Alert type="error" showIcon message={uploadError} style={{ marginTop: 12 }} role="alert" />}
              {attachments.length > 0 && (
                <ul className="file-list" aria-label="已上传的材料">
                  {attachments.map((a) => (
                    <li key={a.sha256}>
                      <FileOutlined aria-hidden />
                      <span className="name">{a.name}<span className="muted">（{sizeText(a.size)}）</span></span>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={`移除 ${a.name}`} onClick={() => setAttachments((xs) => xs.filter((x) => x.sha256 !== a.sha256))} />
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}

          {step === 4 && summary && (
            <div className="summary">
              <p className="help" style={{ marginTop: 0 }}>请核对以下内容。需要修改的，点“修改”回到那一步。</p>
              <SummaryBlock title="你是谁" onEdit={() => go(0)}>
                <dt>身份</dt><dd>{summary.kind === 'person' ? '个人' : '单位'}</dd>
                <dt>{summary.kind === 'person' ? '姓名' : '单位名称'}</dt><dd>{summary.name}</dd>
                {summary.kind === 'person' && <><dt>身份证号</dt><dd>{summary.idNumber}</dd></>}
                <dt>手机号码</dt><dd>{summary.phone}</dd>
                <dt>地址</dt><dd>{summary.address}</dd>
              </SummaryBlock>
              <SummaryBlock title="你的诉求" onEdit={() => go(1)}>
                <dt>事项标题</dt><dd>{summary.title}</dd>
                {summary.requests.map((r, i) => <Fragment key={i}><dt>请求 {i + 1}</dt><dd>{r}</dd></Fragment>)}
                <dt>事实经过</dt><dd>{summary.facts}</dd>
                <dt>理由</dt><dd>{summary.reasons}</dd>
              </SummaryBlock>
              <SummaryBlock title="地区与事项" onEdit={() => go(2)}>
                <dt>地区</dt><dd>{labelsOf(regions, summary.region)}</dd>
                <dt>涉及部门</dt><dd>{organs.find((o) => o.id === summary.organConcernedId)?.name ?? '不清楚，由信访部门确定'}</dd>
                <dt>事项类别</dt><dd>{summary.categoryMode === 'choose' ? labelsOf(categories, summary.category) : '不确定，由工作人员分类'}</dd>
              </SummaryBlock>
              <SummaryBlock title="材料" onEdit={() => go(3)}>
                <dt>已上传</dt><dd>{attachments.length ? attachments.map((a) => a.name).join('、') : '无'}</dd>
              </SummaryBlock>
              <p className="help">提交即表示您所反映的情况属实。依《信访工作条例》第二十六条，请如实反映，不捏造、歪曲事实。</p>
              {submitError && <Alert type="error" showIcon message="提交没有成功" description={`${submitError}。您填写的内容都还在，可以直接再点一次“提交”。`} role="alert" style={{ marginBottom: 12 }} />}
            </div>
          )}

          <FormErrors errors={stepErrors} />
          <div className="step-nav no-print">
            {step > 0 && <Button onClick={() => go(step - 1)} disabled={submitting}>上一步</Button>}
            {step < 4 && <Button type="primary" onClick={() => void next()}>下一步</Button>}
            {step === 4 && <Button type="primary" loading={submitting} onClick={() => void submit()}>提交</Button>}
          </div>
        </section>
      </Form>
    </>
  );
}

/**
 * Form.Item hands aria-required / aria-invalid to its child; Cascader puts them on its wrapper div,
 * where ARIA does not allow them (axe: aria-allowed-attr). The label, help and error stay linked.
 */
function PlainCascader(props: React.ComponentProps<typeof Cascader>) {
  const { 'aria-required': _r, 'aria-invalid': _i, ...rest } = props as Record<string, unknown>;
  return <Cascader {...(rest as React.ComponentProps<typeof Cascader>)} />;
}

function SummaryBlock({ title, onEdit, children }: { title: string; onEdit: () => void; children: React.ReactNode }) {
  return (
    <div className="receipt-block" style={{ textAlign: 'left' }}>
      <div className="summary-head">
        <h3>{title}</h3>
        <Button type="link" onClick={onEdit} aria-label={`修改：${title}`}>修改</Button>
      </div>
      <dl>{children}</dl>
    </div>
  );
}

function ReceiptView({ receipt }: { receipt: Receipt }) {
  const office = receipt.office;
  const navigate = useNavigate();
  return (
    <section className="panel receipt" aria-labelledby="receipt-title">
      <h1 id="receipt-title" className="page-title" style={{ color: '#237804' }}>提交成功</h1>
      <p className="lead">
        {formatChineseDate(receipt.receivedOn)}已收到您的信访事项{office ? `，由${office}登记办理` : ''}。
        15 日内会转到有权处理的机关，并告知您。
      </p>
      <div className="receipt-block">
        <div className="label">信访事项编号</div>
        <div className="receipt-code" data-testid="case-number">{receipt.caseNumber}</div>
        <Button icon={<CopyOutlined />} onClick={() => void copy(receipt.caseNumber, '编号')} className="no-print">复制编号</Button>
      </div>
      <div className="receipt-block">
        <div className="label">查询码</div>
        <div className="receipt-code" data-testid="query-code">{receipt.queryCode}</div>
        <Button icon={<CopyOutlined />} onClick={() => void copy(receipt.queryCode, '查询码')} className="no-print">复制查询码</Button>
      </div>
      <Alert type="warning" showIcon style={{ textAlign: 'left', marginBottom: 16 }}
        message="请保存好查询码"
        description="查询码只显示这一次。请截图、抄写或打印本页。以后凭查询码和手机号码，就能查看办理进度和书面答复。" />
      <div className="actions-row no-print" style={{ justifyContent: 'center' }}>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>打印本页</Button>
        <Button type="primary" onClick={() => void navigate('/follow')}>去查询进度</Button>
      </div>
    </section>
  );
}
