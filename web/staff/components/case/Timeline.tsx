/** Every event of the case, oldest first: what was done, by whom, for which organ, when, and its key data. */
import { Timeline as AntTimeline, Typography } from 'antd';
import { actionLabel } from '../../../../src/domain/lifecycle/action-rules.js';
import { STATE_LABELS } from '../../../../src/domain/model/case-states.js';
import { CHANNEL_LABELS } from '../../../../src/domain/model/petition.js';
import { OUTCOME_LABELS } from '../../../../src/domain/labels.js';
import { isProvisionalField, PROVISIONAL_SUFFIX } from '../../../../src/domain/calendar/provisional-note.js';
import { formatDateTime, labelOf, scalarText } from '../../../shared/format';
import { isoInstant, type EventRow } from './data';
import { ENUM_LABELS, FIELD_LABELS, ORGAN_KEYS, USER_KEYS } from './labels';

const RECOMPUTE_REASONS: Record<string, string> = {
  calendar_notice: '录入国务院办公厅节假日安排', profile: '期限规则调整', provisional_calendar: '按法定节假日预计（系统升级）',
};
interface DueMove { label?: string; from?: string | null; fromProvisional?: boolean; to?: string | null; toProvisional?: boolean }
const moveDate = (d: string | null | undefined, provisional: boolean | undefined) => (d ? `${d}${provisional ? '（预计）' : ''}` : '未定');

/** The event data worth reading, as label–value pairs. */
export function eventFacts(e: EventRow, organName: (id: string) => string, userName: (id: string) => string): [string, string][] {
  const out: [string, string][] = [];
  const d = e.data;
  if (e.action === 'deadline_recomputed') {
    out.push(['原因', labelOf(RECOMPUTE_REASONS, scalarText(d.reason))]);
    if (typeof d.noticeRef === 'string') out.push(['依据', d.noticeRef]);
    for (const m of (Array.isArray(d.clocks) ? d.clocks : []) as DueMove[]) {
      out.push([`${m.label ?? ''}期限`, `${moveDate(m.from, m.fromProvisional)} → ${moveDate(m.to, m.toProvisional)}`]);
    }
    return out;
  }
  if (e.action === 'register') {
    out.push(['信访形式', labelOf(CHANNEL_LABELS, scalarText(d.channel))]);
    if (d.receivedOn) out.push(['收到日期', scalarText(d.receivedOn)]);
    if (d.simplified) out.push(['程序', '简易办理']);
    return out;
  }
  for (const [k, v] of Object.entries(d)) {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (['toName', 'route', 'earlierCaseId', 'terminatedCaseId', 'opinionIndex', 'no', 'issuedOn', 'answeredOn', 'approvalId'].includes(k)) continue;
    if (e.action === 'serve' && k === 'stage') continue;
    const label = k === 'earlierNumber' && e.action !== 'merge_as_repeat' ? '原信访事项'
      : k === 'requestedOn' && e.action === 'approve_extension' ? '报请日期' : FIELD_LABELS[k] ?? k;
    let value: string;
    if (ORGAN_KEYS.has(k)) value = organName(scalarText(v));
    else if (USER_KEYS.has(k)) value = userName(scalarText(v));
    else if (k === 'outcomes' && Array.isArray(v)) {
      value = (v as { requestNo: number; outcome: string }[]).map((o) => `第${o.requestNo}项${labelOf(OUTCOME_LABELS, o.outcome)}`).join('；');
      out.push(['逐项意见', value]);
      continue;
    } else if (k === 'agreedOrganIds' && Array.isArray(v)) value = v.map((x) => organName(scalarText(x))).join('、');
    else if (ENUM_LABELS[k] && typeof v === 'string') value = ENUM_LABELS[k][v] ?? v;
    else if (k === 'days') value = `${scalarText(v)}日`;
    else if (typeof v === 'string' && isProvisionalField(d, k)) value = `${v}${PROVISIONAL_SUFFIX}`;
    else if (typeof v === 'object') continue;
    else value = scalarText(v);
    out.push([label, value]);
  }
  return out;
}

export function CaseTimeline({ events, organName, userName }: { events: EventRow[]; organName: (id: string) => string; userName: (id: string) => string }) {
  return (
    <section aria-labelledby="case-timeline">
      <Typography.Title level={5} id="case-timeline">办理过程（{events.length}）</Typography.Title>
      <AntTimeline className="case-timeline" data-testid="case-timeline"
        items={events.map((e) => ({
          key: e.seq,
          color: e.seq === events.length ? 'blue' : 'gray',
          children: (
            <div className="case-event" data-testid="case-event">
              <div className="case-event-head">
                <strong>{actionLabel(e.action)}</strong>
                {e.fromState !== e.toState && <span className="case-event-state">→ {STATE_LABELS[e.toState]}</span>}
                <time dateTime={isoInstant(e.at)}>{formatDateTime(isoInstant(e.at))}</time>
              </div>
              <div className="case-event-who">
                {e.actorKind === 'petitioner' ? '信访人' : e.actorKind === 'system' ? '系统' : userName(e.actorId ?? '')}
                {e.actorOrganId && <>（{organName(e.actorOrganId)}）</>}
              </div>
              {eventFacts(e, organName, userName).map(([k, v]) => (
                <div className="case-event-fact" key={k}><span className="case-event-key">{k}：</span>{v}</div>
              ))}
            </div>
          ),
        }))} />
    </section>
  );
}
