/**
 * 工作日历: the working-day calendar of a year as 12 month grids, and — for the system administrator
 * — entry of a year's State Council holiday notice (国务院办公厅通知). Saving queues the
 * recomputation of every open deadline (it runs in the background; its progress is shown here), so
 * the administrator confirms first. A year not entered yet is shown as the provisional
 * calendar deadlines use meanwhile (预计: statutory holidays and weekends, no 调休), with the days
 * it rests on; from 1 November the system administrator is reminded here to enter next year.
 */
import { CalendarOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Progress, Row, Space, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import type { ApiAnswer } from '../../shared/api-contract';
import { chinaDate, yearOf } from '../../../src/domain/calendar/dates.js';
import { useAuth } from '../auth';
import { parseNotice } from '../components/admin/calendar-notice';
import { remindersQuery } from '../components/reminders';
import { CalendarLegend, YearCalendar, type CalendarDay } from '../components/admin/YearCalendar';
import '../components/admin/admin.css';

type YearView = ApiAnswer<'/api/calendar/years/{year}'>;
type RecomputeJob = ApiAnswer<'/api/calendar/recompute-jobs'>['items'][number];
const RECOMPUTE_JOBS_KEY = ['recompute-jobs'];

/**
 * The latest deadline recomputation (after a notice or a profile change): its progress while it
 * runs in the background (polled every 2 s), then what it changed.
 */
function RecomputeProgress() {
  const q = useQuery({
    queryKey: RECOMPUTE_JOBS_KEY,
    queryFn: () => api.get<ApiAnswer<'/api/calendar/recompute-jobs'>>('/api/calendar/recompute-jobs'),
    refetchInterval: (query) => (query.state.data?.items.some((j) => j.status !== 'done') ? 2000 : false),
  });
  const job = q.data?.items[0];
  if (!job) return null;
  const what = job.reason === 'calendar_notice' ? `按${job.year ?? ''}年节假日安排` : '按修改后的期限规则';
  const running = job.status !== 'done';
  const percent = job.total === 0 ? 100 : Math.min(100, Math.round((job.examined / job.total) * 100));
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="recompute-progress">
      <div role="status" aria-live="polite">
        {running
          ? `${what}重新计算在办期限：已核算 ${job.examined} / ${job.total} 件，其中期限有变动 ${job.changed} 件（后台进行，可继续工作）`
          : `${what}重新计算在办期限已完成：核算 ${job.examined} 件，期限有变动 ${job.changed} 件${job.finishedAt ? `（${formatDateTime(job.finishedAt)}）` : ''}`}
      </div>
      {running && <Progress percent={percent} size="small" aria-label="期限重算进度" />}
    </Card>
  );
}
const SOURCE_LABELS: Record<string, string> = {
  'library': '系统内置（据国务院办公厅历年通知）', 'official-notice': '管理员录入的国务院办公厅通知',
  'provisional': '预计（按法定节假日推算，未含调休）',
};

const weekend = (iso: string) => [0, 6].includes(new Date(`${iso}T00:00:00Z`).getUTCDay());

/** The year's days as they would be with these lists (for the preview before saving). */
function previewDays(year: number, holidays: string[], makeups: string[]): CalendarDay[] {
  const h = new Set(holidays), w = new Set(makeups);
  const out: CalendarDay[] = [];
  for (let t = Date.UTC(year, 0, 1); new Date(t).getUTCFullYear() === year; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    out.push({ date: d, working: w.has(d) || (!weekend(d) && !h.has(d)) });
  }
  return out;
}

function NoticeForm({ year, initial, onSaved }: { year: number; initial: YearView | null; onSaved: (job: RecomputeJob) => void }) {
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ noticeRef: string; holidays: string; makeups: string; paste: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Undefined until the form has mounted.
  const holidaysText = Form.useWatch<string | undefined>('holidays', form) ?? '';
  const makeupsText = Form.useWatch<string | undefined>('makeups', form) ?? '';
  const holidays = useMemo(() => parseNotice(holidaysText, year, 'holiday'), [holidaysText, year]);
  const makeups = useMemo(() => parseNotice(makeupsText, year, 'workday'), [makeupsText, year]);
  // Each box holds one kind: whatever the words say, its dates are of that box's kind.
  const hol = [...new Set([...holidays.holidays, ...holidays.makeupWorkdays])].sort();
  const mk = [...new Set([...makeups.holidays, ...makeups.makeupWorkdays])].sort();
  const problems: string[] = [];
  const outside = [...holidays.outsideYear, ...makeups.outsideYear];
  if (outside.length) problems.push(`以下日期不在${year}年，将被忽略：${outside.join('、')}`);
  const notWeekend = mk.filter((d) => !weekend(d));
  if (notWeekend.length) problems.push(`调休上班日应为周六或周日：${notWeekend.join('、')}`);
  const both = hol.filter((d) => mk.includes(d));
  if (both.length) problems.push(`同一天不能既放假又上班：${both.join('、')}`);

  const initialValues = useMemo(() => {
    if (!initial) return { noticeRef: '', holidays: '', makeups: '', paste: '' };
    return {
      noticeRef: '',
      holidays: initial.days.filter((d) => !d.working && !weekend(d.date)).map((d) => d.date).join('\n'),
      makeups: initial.days.filter((d) => d.working && weekend(d.date)).map((d) => d.date).join('\n'),
      paste: '',
    };
  }, [initial]);

  const fromPaste = () => {
    const pasted = form.getFieldValue('paste') as string | undefined;
    const p = parseNotice(pasted ?? '', year);
    form.setFieldsValue({ holidays: p.holidays.join('\n'), makeups: p.makeupWorkdays.join('\n') });
  };

  const save = async () => {
    setError(null);
    let v;
    try {
      v = await form.validateFields();
    } catch (e) {
      const first = (e as { errorFields?: { name: string[] }[] }).errorFields?.[0];
      if (first) form.focusField(first.name);
      return;
    }
    if (problems.length > 1 || (problems.length === 1 && !outside.length)) {
      setError(problems.join('；'));
      return;
    }
    modal.confirm({
      title: `保存${year}年节假日安排？`,
      content: `放假 ${hol.length} 天，调休上班 ${mk.length} 天。保存后，所有在办案件的期限将按新的工作日历重新计算。`,
      okText: '保存并重新计算期限', cancelText: '取消',
      onOk: async () => {
        setSaving(true);
        try {
          const r = await api.put<ApiAnswer<'/api/calendar/years/{year}', 'put'>>(`/api/calendar/years/${year}`, { noticeRef: v.noticeRef.trim(), holidays: hol, makeupWorkdays: mk });
          onSaved(r.job);
        } catch (e) {
          setError(e instanceof ApiError ? e.message : '保存失败');
        } finally {
          setSaving(false);
        }
      },
    });
  };

  return (
    <Card title={`录入${year}年节假日安排（国务院办公厅通知）`} size="small">
      <Form form={form} layout="vertical" name="notice" initialValues={initialValues} key={`${year}-${initial ? 'k' : 'u'}`}>
        {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
        <Form.Item name="noticeRef" label="通知文号或标题" rules={[{ required: true, whitespace: true, message: '请填写通知文号或标题' }]}>
          <Input maxLength={200} placeholder={`如：国办发明电〔${year - 1}〕7号`} />
        </Form.Item>
        <Form.Item name="paste" label="粘贴通知正文（可选）" extra="粘贴通知的节日安排部分后点“识别日期”：含“放假”的句子识别为放假日，含“上班”的句子识别为调休上班日，“至”表示连续日期。">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} />
        </Form.Item>
        <Button onClick={fromPaste} style={{ marginBottom: 16 }}>识别日期</Button>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="holidays" label={`放假日期（工作日放假的日期；已识别 ${hol.length} 天）`} extra="每行或用逗号分隔一个日期，如 2027-01-01；可写 10月1日至7日">
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="makeups" label={`调休上班日期（周末上班的日期；已识别 ${mk.length} 天）`} extra="必须是周六或周日">
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} />
            </Form.Item>
          </Col>
        </Row>
        {problems.length > 0 && <Alert type="warning" showIcon message={problems.join('；')} style={{ marginBottom: 12 }} />}
        <Typography.Title level={3} style={{ fontSize: 16 }}>预览</Typography.Title>
        <YearCalendar year={year} days={previewDays(year, hol, mk)} />
        <div style={{ marginTop: 16 }}>
          <Button type="primary" onClick={() => void save()} loading={saving}>保存</Button>
        </div>
      </Form>
    </Card>
  );
}

export default function CalendarAdmin() {
  const { has } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const thisYear = yearOf(chinaDate(new Date()));
  const year = Number(params.get('year')) || thisYear;
  const [editing, setEditing] = useState(false);
  const canEdit = has('system_admin');
  const q = useQuery({ queryKey: ['calendar-year', year], queryFn: () => api.get<YearView>(`/api/calendar/years/${year}`) });
  // The same query as the bell's: a year still to be entered (system administrator, from 1 November).
  const reminders = useQuery({ ...remindersQuery, enabled: canEdit });
  const pending = (reminders.data?.items ?? []).filter((r) => r.kind === 'calendar_year');
  const provisional = q.data?.source === 'provisional';
  const setYear = (y: number) => {
    setEditing(false);
    setParams({ year: String(y) });
  };
  const saved = (job: RecomputeJob) => {
    setEditing(false);
    void qc.invalidateQueries({ queryKey: ['calendar-year', year] });
    void qc.invalidateQueries({ queryKey: remindersQuery.queryKey });
    void qc.invalidateQueries({ queryKey: RECOMPUTE_JOBS_KEY });
    message.success(job.total === 0 ? `已保存${year}年节假日安排；目前没有在办案件需要重新计算期限`
      : `已保存${year}年节假日安排；${job.total} 件在办案件的期限正在后台重新计算，进度见页面上方`);
  };
  return (
    <div className="admin-page">
      <Typography.Title level={1} className="page-title"><CalendarOutlined aria-hidden /> 工作日历</Typography.Title>
      {canEdit && <RecomputeProgress />}
      {pending.map((r) => {
        const y = Number(r.key.split(':')[1]);
        return (
          <Alert key={r.key} type="warning" showIcon role="alert" style={{ marginBottom: 12 }} data-testid="calendar-pending"
            message={r.title}
            action={<Button size="small" onClick={() => { setParams({ year: String(y) }); setEditing(true); }}>录入{y}年安排</Button>} />
        );
      })}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size="middle">
          <label htmlFor="cal-year">年份</label>
          <DatePicker id="cal-year" picker="year" allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(d) => setYear(d.year())} />
          <Button onClick={() => setYear(year - 1)}>上一年</Button>
          <Button onClick={() => setYear(year + 1)}>下一年</Button>
          {q.data && <Tag color="blue">来源：{SOURCE_LABELS[q.data.source] ?? q.data.source}</Tag>}
          {q.data && <span>全年工作日 {q.data.days.filter((d) => d.working).length} 天</span>}
          {q.data && canEdit && !editing && <Button onClick={() => setEditing(true)}>{provisional ? `录入${year}年安排` : `修改${year}年安排`}</Button>}
        </Space>
      </Card>
      {q.isLoading && <Spin />}
      {q.error && <Alert type="error" showIcon message={q.error instanceof ApiError ? q.error.message : '加载失败'} />}
      {provisional && q.data && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="calendar-provisional"
          message={`${year}年节假日安排尚未录入：以下为预计，以国务院公布的节假日安排为准`}
          description={(
            <>
              <p style={{ margin: 0 }}>
                落在{year}年的期限暂按《全国年节及纪念日放假办法》规定的法定节假日和周末计算（不含调休上班日和补休），显示为“预计”；
                {canEdit ? '国务院办公厅通知发布后请录入，所有在办期限将重新计算，日期变动的案件会记入办理过程。' : '系统管理员录入国务院办公厅通知后，所有在办期限将重新计算。'}
              </p>
              <p style={{ margin: '6px 0 0' }}>
                法定节假日：{(q.data.statutoryHolidays ?? []).map((h) => `${h.name} ${h.date.slice(5)}（${h.basis}）`).join('；')}
              </p>
            </>
          )} />
      )}
      {q.data && editing && <NoticeForm year={year} initial={provisional ? null : q.data} onSaved={saved} />}
      {q.data && !editing && (
        <Card size="small" title={provisional ? `${year}年（预计）` : `${year}年`}>
          <CalendarLegend />
          <YearCalendar year={year} days={q.data.days} />
        </Card>
      )}
    </div>
  );
}
