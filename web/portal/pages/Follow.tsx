/**
 * 查询进度: query code + phone → a one-time code (shown on screen in the demo) → the case: status,
 * the public timeline, the documents themselves, evaluation, review / re-review requests, the
 * re-review's finality, the rights card. The session is an HttpOnly cookie bound to this one case.
 */
import { FileTextOutlined, IdcardOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Spin, Timeline } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, errorText, type ApiError } from '../../shared/api';
import { formatChineseDate } from '../../shared/format';
import { dueText } from '../../../src/domain/calendar/provisional-note.js';
import { DocumentView } from '../components/DocumentView';
import { RadioGroupField } from '../components/RadioGroupField';
import { RightsCardView } from '../components/RightsCardView';
import { errorMessages, FormErrors } from '../components/FormErrors';
import { isValidPhone } from '../lib/id-number';
import { RATING_LABELS, type Challenge, type PublicCase, type Rating } from '../lib/types';

/**
 * One request a form sends: `busy` while it runs, and the server's refusal as `error` (cleared when
 * the next one starts). `setError` also shows the form's own validation message.
 */
function useSend() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (request: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await request();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, send };
}

type Phase = { kind: 'loading' } | { kind: 'ask' } | { kind: 'verify'; challenge: Challenge } | { kind: 'case'; data: PublicCase };

export default function Follow() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [notice, setNotice] = useState<string | null>(null);

  const loadCase = useCallback(async () => {
    try {
      setPhase({ kind: 'case', data: await api.get<PublicCase>('/api/public/case') });
    } catch (e) {
      if ((e as ApiError).status !== 401) setNotice((e as ApiError).message);
      setPhase({ kind: 'ask' });
    }
  }, []);
  useEffect(() => {
    void loadCase();
  }, [loadCase]);

  async function logout() {
    try {
      await api.post('/api/public/follow/logout');
    } catch {
      /* the cookie expires anyway */
    }
    setNotice('已退出。下次查询需要重新输入查询码和验证码。');
    setPhase({ kind: 'ask' });
  }

  if (phase.kind === 'loading') return <Spin size="large" className="page-spin" />;
  if (phase.kind === 'case') return <CaseScreen data={phase.data} onChange={(data) => setPhase({ kind: 'case', data })} onLogout={() => void logout()} />;
  return (
    <>
      <h1 className="page-title">查询进度</h1>
      {notice && <Alert type="info" showIcon message={notice} style={{ marginBottom: 12 }} />}
      {phase.kind === 'ask'
        ? <AskForm onChallenge={(challenge) => { setNotice(null); setPhase({ kind: 'verify', challenge }); }} />
        : <VerifyForm challenge={phase.challenge} onVerified={() => void loadCase()} onRestart={() => setPhase({ kind: 'ask' })} />}
    </>
  );
}

function AskForm({ onChallenge }: { onChallenge: (c: Challenge) => void }) {
  const { busy, error, send } = useSend();
  const [invalid, setInvalid] = useState<string[]>([]);
  async function finish(v: { queryCode: string; phone: string }) {
    setInvalid([]);
    await send(async () => {
      onChallenge(await api.post<Challenge>('/api/public/follow/challenge', { queryCode: v.queryCode.trim().toUpperCase(), phone: v.phone.replace(/[\s-]/g, '') }));
    });
  }
  return (
    <section className="panel" aria-labelledby="ask-title">
      <h2 id="ask-title" className="section-title">输入查询码和手机号</h2>
      <p className="help" style={{ marginTop: 0 }}>查询码在提交成功的页面上，也会通过短信发给您。我们会向登记的手机号发送验证码，确认是您本人。</p>
      <Form<{ queryCode: string; phone: string }> name="follow" layout="vertical" onFinish={(v) => void finish(v)} onFinishFailed={(e) => setInvalid(errorMessages(e))} requiredMark={false}>
        <Form.Item name="queryCode" label="查询码" rules={[{ required: true, whitespace: true, message: '请输入查询码' }, { max: 40, message: '查询码不超过 40 个字符' }]}>
          <Input autoComplete="off" autoCapitalize="characters" spellCheck={false} />
        </Form.Item>
        <Form.Item name="phone" label="手机号码" validateFirst extra="提交信访时填写的号码。"
          rules={[{ required: true, whitespace: true, message: '请输入手机号码' }, { validator: (_, v?: string) => (!v || isValidPhone(v) ? Promise.resolve() : Promise.reject(new Error('请输入 11 位手机号，或带区号的固定电话'))) }]}>
          <Input inputMode="tel" autoComplete="tel" maxLength={20} />
        </Form.Item>
        <FormErrors errors={invalid} />
        {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={busy} className="full-btn">获取验证码</Button>
      </Form>
    </section>
  );
}

function VerifyForm({ challenge, onVerified, onRestart }: { challenge: Challenge; onVerified: () => void; onRestart: () => void }) {
  const { busy, error, send } = useSend();
  const [invalid, setInvalid] = useState<string[]>([]);
  async function finish(v: { code: string }) {
    setInvalid([]);
    await send(async () => {
      await api.post('/api/public/follow/verify', { challengeId: challenge.challengeId, code: v.code.trim() });
      onVerified();
    });
  }
  return (
    <section className="panel" aria-labelledby="verify-title">
      <h2 id="verify-title" className="section-title">输入短信验证码</h2>
      <p className="help" style={{ marginTop: 0 }}>如果查询码和手机号正确，验证码已发到这个手机，10 分钟内有效。</p>
      {challenge.demoCode && <div className="demo-code" role="status">演示环境：验证码为 <strong>{challenge.demoCode}</strong></div>}
      <Form<{ code: string }> name="verify" layout="vertical" onFinish={(v) => void finish(v)} onFinishFailed={(e) => setInvalid(errorMessages(e))} requiredMark={false}>
        <Form.Item name="code" label="验证码" rules={[{ required: true, message: '请输入 6 位验证码' }, { pattern: /^\d{6}$/, message: '验证码是 6 位数字' }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
        </Form.Item>
        <FormErrors errors={invalid} />
        {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={busy} className="full-btn">查看办理情况</Button>
        <Button type="link" onClick={onRestart} style={{ marginTop: 8 }}>没收到？重新输入查询码</Button>
      </Form>
    </section>
  );
}

type View = { kind: 'main' } | { kind: 'doc'; id: string } | { kind: 'card' };

function CaseScreen({ data, onChange, onLogout }: { data: PublicCase; onChange: (c: PublicCase) => void; onLogout: () => void }) {
  const [view, setView] = useState<View>({ kind: 'main' });
  const back = () => setView({ kind: 'main' });
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [view]);
  if (view.kind === 'doc') {
    const doc = data.documents.find((d) => d.id === view.id);
    if (doc) return <DocumentView doc={doc} onBack={back} />;
  }
  if (view.kind === 'card') return <RightsCardView onBack={back} />;

  const last = data.steps[data.steps.length - 1];
  const docTitle = (id?: string | null) => data.documents.find((d) => d.id === id)?.title;
  return (
    <>
      <div className="summary-head no-print" style={{ marginBottom: 8 }}>
        <h1 className="page-title" style={{ margin: 0 }}>我的信访事项</h1>
        <Button icon={<LogoutOutlined />} onClick={onLogout}>退出</Button>
      </div>

      <section className={`panel status-card${data.final ? ' done' : ''}`} aria-labelledby="status-title">
        <h2 id="status-title" className="section-title" style={{ marginBottom: 0 }}>{data.title}</h2>
        <div className="state">{data.stateLabel}</div>
        <dl className="kv">
          <dt>事项编号</dt><dd>{data.number}</dd>
          <dt>登记日期</dt><dd>{formatChineseDate(data.receivedOn)}（{data.channel}）</dd>
          {last && <><dt>最新进展</dt><dd>{formatChineseDate(last.on)} {last.organ} {last.label}</dd></>}
          {data.evaluation.open && data.evaluation.daysLeft != null && <><dt>评价期限</dt><dd>还剩 <span className="days-left">{data.evaluation.daysLeft}</span> 天</dd></>}
          {data.appeal.open && data.appeal.daysLeft != null && <><dt>{data.appeal.kind === 'rereview' ? '复核期限' : '复查期限'}</dt><dd>还剩 <span className="days-left">{data.appeal.daysLeft}</span> 天{data.appeal.due ? `（至${dueText(data.appeal.due, data.appeal.provisional === true, { chinese: true, none: '' })}）` : ''}</dd></>}
        </dl>
      </section>

      {data.final && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} message="复核意见为最终意见"
          description={(
            <>
              <p style={{ margin: 0 }}>这件事已经经过处理、复查和复核。{data.finalityNote ?? ''}</p>
            </>
          )} />
      )}

      <EvaluationPanel data={data} onChange={onChange} openDoc={(id) => setView({ kind: 'doc', id })} />
      <AppealPanel data={data} onChange={onChange} />

      <section className="panel" aria-labelledby="steps-title">
        <h2 id="steps-title" className="section-title">办理过程</h2>
        <Timeline items={data.steps.map((s) => {
          const docId = s.documentId;
          const title = docTitle(docId);
          return {
            color: docId ? 'blue' : 'gray',
            children: (
              <div>
                <div className="timeline-date">{formatChineseDate(s.on)} · {s.organ}</div>
                <div className="timeline-label">{s.label}</div>
                {s.text && <div className="help">{s.text}</div>}
                {docId && title && (
                  <Button type="link" icon={<FileTextOutlined />} style={{ paddingLeft: 0 }} onClick={() => setView({ kind: 'doc', id: docId })}>
                    查看《{title}》
                  </Button>
                )}
              </div>
            ),
          };
        })} />
      </section>

      {data.documents.length > 0 && (
        <section className="panel" aria-labelledby="docs-title">
          <h2 id="docs-title" className="section-title">书面文书</h2>
          <ul className="file-list" style={{ marginTop: 0 }}>
            {data.documents.map((d) => (
              <li key={d.id}>
                <FileTextOutlined aria-hidden />
                <span className="name">{d.title}<br /><span className="muted" style={{ fontSize: 14 }}>{d.organ} · {formatChineseDate(d.issuedOn)}</span></span>
                <Button onClick={() => setView({ kind: 'doc', id: d.id })} aria-label={`查看 ${d.title}`}>查看</Button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="panel" aria-labelledby="card-h">
        <h2 id="card-h" className="section-title">权益保障卡</h2>
        <p className="help" style={{ marginTop: 0 }}>一页纸记录本事项每一步的日期和机关。到任何信访接待场所都可以出示。</p>
        <Button icon={<IdcardOutlined />} onClick={() => setView({ kind: 'card' })} className="full-btn">查看并打印权益保障卡</Button>
      </section>
    </>
  );
}

function EvaluationPanel({ data, onChange, openDoc }: { data: PublicCase; onChange: (c: PublicCase) => void; openDoc: (id: string) => void }) {
  const ev = data.evaluation;
  const { busy, error, setError, send } = useSend();
  const [evaluating, setEvaluating] = useState<string | null>(null);
  if (!ev.pending.length && !ev.done.length) return null;
  const title = (id: string) => data.documents.find((d) => d.id === id)?.title ?? '处理意见';
  async function evaluate(documentId: string, v: { rating: Rating; comment?: string }) {
    setEvaluating(documentId);
    await send(async () => {
      onChange(await api.post<PublicCase>('/api/public/case/evaluations', { documentId, rating: v.rating, ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) }));
    });
  }
  return (
    <section className="panel" aria-labelledby="eval-title">
      <h2 id="eval-title" className="section-title">评价办理结果</h2>
      {ev.done.map((d) => (
        <p key={d.documentId} style={{ margin: '0 0 8px' }}>您对《{title(d.documentId)}》的评价：<span className={`rating-tag ${d.rating === 'dissatisfied' ? 'bad' : 'good'}`}>{RATING_LABELS[d.rating]}</span></p>
      ))}
      {ev.pending.length > 0 && !ev.open && <p className="help">评价期限已过。</p>}
      {ev.open && ev.pending.map((p) => (
        <Form<{ rating: Rating; comment?: string }> key={p.documentId} name={`evaluate-${p.documentId}`} layout="vertical" requiredMark={false} onFinish={(v) => void evaluate(p.documentId, v)} onFinishFailed={(e) => setError(errorMessages(e).join('；'))}>
          <p className="help" style={{ marginTop: 0 }}>
            请对《{p.title}》评价。{ev.daysLeft != null && <>还剩 <span className="days-left">{ev.daysLeft}</span> 天{ev.due ? `（至${formatChineseDate(ev.due)}）` : ''}。</>}
            评价不影响您申请复查的权利。
            <Button type="link" size="small" onClick={() => openDoc(p.documentId)}>先看文书</Button>
          </p>
          <Form.Item name="rating" label="您对处理结果是否满意" rules={[{ required: true, message: '请选择一项' }]}>
            <RadioGroupField groupLabel="您对处理结果是否满意" optionType="button" buttonStyle="solid" options={[
              { label: '满意', value: 'satisfied' }, { label: '基本满意', value: 'basically_satisfied' }, { label: '不满意', value: 'dissatisfied' },
            ]} />
          </Form.Item>
          <Form.Item name="comment" label="想说的话（可不填）" rules={[{ max: 2000, message: '不超过 2000 个字' }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" loading={busy && evaluating === p.documentId} className="full-btn">提交评价</Button>
        </Form>
      ))}
    </section>
  );
}

function AppealPanel({ data, onChange }: { data: PublicCase; onChange: (c: PublicCase) => void }) {
  const a = data.appeal;
  const { busy, error, setError, send } = useSend();
  const [sent, setSent] = useState(false);
  if (!a.kind) return null;
  const what = a.kind === 'review' ? '复查' : '复核';
  const article = a.kind === 'review' ? '第三十五条' : '第三十六条';
  async function appeal(v: { reasons: string }) {
    await send(async () => {
      onChange(await api.post<PublicCase>('/api/public/case/appeals', { kind: a.kind, reasons: v.reasons.trim() }));
      setSent(true);
    });
  }
  return (
    <section className="panel" aria-labelledby="appeal-title">
      <h2 id="appeal-title" className="section-title">申请{what}</h2>
      {sent && <Alert type="success" showIcon message={`${what}申请已提交，请留意办理过程中的受理告知。`} style={{ marginBottom: 12 }} role="status" />}
      <p className="help" style={{ marginTop: 0 }}>
        {a.kind === 'review'
          ? '对处理意见不服，可以自收到书面答复之日起 30 日内，请求原办理机关的上一级机关复查。'
          : '对复查意见不服，可以自收到书面答复之日起 30 日内，请求复查机关的上一级机关复核。'}
        （《信访工作条例》{article}）
        {a.open && a.daysLeft != null && <> 还剩 <span className="days-left">{a.daysLeft}</span> 天{a.due ? `（至${dueText(a.due, a.provisional === true, { chinese: true, none: '' })}）` : ''}。</>}
      </p>
      {a.open ? (
        <Form<{ reasons: string }> name="appeal" layout="vertical" requiredMark={false} onFinish={(v) => void appeal(v)} onFinishFailed={(e) => setError(errorMessages(e).join('；'))}>
          <Form.Item name="reasons" label={`请求${what}的理由`} extra="说明您对哪一项意见不服、为什么，有新情况也请写上。"
            rules={[{ required: true, whitespace: true, message: '请写下理由' }, { max: 5000, message: '不超过 5000 个字' }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" loading={busy} className="full-btn">申请{what}</Button>
        </Form>
      ) : (
        <>
          <Button disabled className="full-btn" aria-describedby="appeal-closed">申请{what}</Button>
          <p id="appeal-closed" className="help" style={{ marginBottom: 0 }}>{a.reason ?? `目前不能申请${what}。`}</p>
        </>
      )}
    </section>
  );
}
