/**
 * The case list of the queue and the ledger: deadline first (the countdown tag), then number,
 * title, state, channel, holder organ and date received. A row opens the case on click or on
 * Enter/Space when focused (rows are in the tab order, so the list works without a mouse).
 */
import { Table, Typography } from 'antd';
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table';
import type { KeyboardEvent } from 'react';
import { STATE_LABELS, TERMINAL_STATES } from '../../../src/domain/model/case-states.js';
import { PROVISIONAL_SUFFIX } from '../../../src/domain/calendar/provisional-note.js';
import { CountdownTag } from './CountdownTag';
import { channelLabel, type CaseRow } from './lists/ref';
import './lists/lists.css';

export interface CaseTableProps {
  rows: CaseRow[];
  loading?: boolean;
  total: number;
  /** The total stops at the lists' cap (10,000): there are more. */
  totalCapped?: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  onOpen: (id: string) => void;
  organName: (id: string) => string;
  /** The ledger also shows closed cases: their deadline column says so. */
  variant?: 'queue' | 'ledger';
  caption: string;
}

export default function CaseTable({ rows, loading, total, totalCapped = false, page, pageSize, onPage, onOpen, organName, variant = 'queue', caption }: CaseTableProps) {
  const columns: ColumnsType<CaseRow> = [
    {
      title: '期限', key: 'due', width: 112,
      render: (_, r) => (TERMINAL_STATES.has(r.state) ? <span className="countdown-tag">已结</span> : <CountdownTag due={r.nextDue} daysLeft={r.daysLeft} overdue={r.overdue} provisional={r.nextDueProvisional} />),
    },
    { title: '编号', dataIndex: 'number', width: 170, render: (v: string) => <span className="case-number">{v}</span> },
    { title: '标题', dataIndex: 'title', ellipsis: true, render: (v: string, r) => <>{r.simplified && <span className="countdown-tag cd-running" title="适用简易程序">简易</span>}{v}</> },
    { title: '状态', dataIndex: 'state', width: 130, render: (v: CaseRow['state']) => STATE_LABELS[v] },
    { title: '渠道', dataIndex: 'channel', width: 80, render: channelLabel },
    { title: '承办机关', dataIndex: 'holderOrganId', width: 190, ellipsis: true, render: (v: string) => organName(v) },
    { title: variant === 'ledger' ? '登记日期' : '收到日期', dataIndex: 'receivedOn', width: 108 },
    ...(variant === 'ledger' ? [{
      title: '届满日期', dataIndex: 'nextDue', width: 150,
      render: (v: string | null, r: CaseRow) => (TERMINAL_STATES.has(r.state) || !v ? '—' : r.nextDueProvisional
        ? <span title={`${v}${PROVISIONAL_SUFFIX}`}>{v}<span className="due-provisional">（预计）</span></span> : v),
    }] : []),
  ];
  const pagination: TablePaginationConfig = {
    current: page, pageSize, total, showSizeChanger: true, pageSizeOptions: [20, 50, 100],
    showTotal: (t) => (totalCapped ? `${t} 件以上（请用筛选条件缩小范围）` : `共 ${t} 件`), onChange: onPage, size: 'small',
  };
  return (
    <Table<CaseRow>
      className="case-table"
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={pagination}
      title={() => <Typography.Text strong>{caption}</Typography.Text>}
      rowClassName={(r) => (r.overdue && !TERMINAL_STATES.has(r.state) ? 'row-overdue' : '')}
      onRow={(r) => ({
        tabIndex: 0,
        onClick: () => onOpen(r.id),
        onKeyDown: (e: KeyboardEvent) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onOpen(r.id);
          }
        },
      }) as never}
      locale={{ emptyText: '暂无符合条件的案件' }}
    />
  );
}
