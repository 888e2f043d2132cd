/** Case number, title, classification, state and every running clock (due date, days left). */
import { Descriptions, Space, Tag, Typography } from 'antd';
import { STATE_LABELS, TERMINAL_STATES } from '../../../../src/domain/model/case-states.js';
import { CHANNEL_LABELS, PETITION_KIND_LABELS } from '../../../../src/domain/model/petition.js';
import { PROVISIONAL_NOTE } from '../../../../src/domain/calendar/provisional-note.js';
import { CountdownTag } from '../CountdownTag';
import type { CaseDetail } from './data';

export function CaseHeader({ detail, organName, categoryName }: { detail: CaseDetail; organName: (id: string) => string; categoryName?: string }) {
  const c = detail.case;
  const terminal = TERMINAL_STATES.has(c.state);
  return (
    <div className="case-header">
      <Space wrap align="center" size={[8, 4]}>
        <Typography.Title level={4} style={{ margin: 0 }}>{c.content.title}</Typography.Title>
        <Tag color={terminal ? 'default' : '#0958d9'} data-testid="case-state">{STATE_LABELS[c.state]}</Tag>
        {c.simplified && <Tag color="#237804">简易办理</Tag>}
        {c.assignment && <Tag color="#531dab">交办件</Tag>}
      </Space>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 8 }}
        items={[
          { key: 'no', label: '案件编号', children: <span className="case-number">{c.number}</span> },
          { key: 'ch', label: '信访形式', children: CHANNEL_LABELS[c.content.channel] },
          { key: 'kind', label: '类别', children: PETITION_KIND_LABELS[c.content.kind] },
          { key: 'cat', label: '内容分类', children: categoryName ?? c.content.categoryCode ?? '未分类' },
          { key: 'recv', label: '收到日期', children: c.content.receivedOn },
          { key: 'holder', label: '承办机关', children: organName(c.holderOrganId) },
        ]} />
      <div className="case-clocks" aria-label="办理期限">
        {detail.clocks.length === 0 && <Typography.Text type="secondary">{terminal ? `已于${c.closedOn ?? ''}结束，无在办期限` : '无在办期限'}</Typography.Text>}
        {detail.clocks.map((k) => (
          <span className="case-clock" key={`${k.kind}-${k.start}`} data-testid={`clock-${k.kind}`}>
            <strong>{k.label}期限</strong>
            <span>{k.paused ? '（听证中止计算）' : k.due ? `届满日 ${k.due}` : '无'}</span>
            {k.due && k.provisional && (
              <span className="case-clock-provisional" data-testid={`clock-${k.kind}-provisional`}>
                <Tag color="#874d00" style={{ marginInlineEnd: 4 }}>预计</Tag>{PROVISIONAL_NOTE}
              </span>
            )}
            <CountdownTag due={k.due} daysLeft={k.daysLeft} overdue={k.overdue} provisional={k.provisional} />
            <span className="case-clock-organ">{organName(k.organId)}</span>
          </span>
        ))}
      </div>
    </div>
  );
}
