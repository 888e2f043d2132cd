/** After registration: the case number and the query code (查询码) to hand to the petitioner. */
import { Button, Descriptions, Result, Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import type { ApiAnswer } from '../../../shared/api-contract';

/** The answer to POST /api/cases. */
export type Registered = ApiAnswer<'/api/cases', 'post'>;

export function RegisterDone({ r, onOpen, onNext }: { r: Registered; onOpen: () => void; onNext: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const due = r.case.clocks.find((c) => c.due)?.due;
  return (
    <Result status="success"
      title={<h2 ref={heading} tabIndex={-1} className="register-done-title">{r.replayed ? '该表单已登记（重复提交，未另建案件）' : '登记成功'}</h2>}
      subTitle={r.case.content.title}
      extra={(
        <Space direction="vertical" size="large" style={{ width: '100%', alignItems: 'center' }}>
          <Descriptions bordered column={1} size="middle" style={{ minWidth: 420 }} items={[
            { key: 'n', label: '案件编号', children: <Typography.Text strong copyable data-testid="case-number">{r.case.number}</Typography.Text> },
            { key: 'q', label: '查询码', children: r.queryCode
              ? <Typography.Text strong copyable className="query-code" data-testid="query-code">{r.queryCode}</Typography.Text>
              : <Typography.Text type="secondary">无</Typography.Text> },
            ...(due ? [{ key: 'd', label: '首个办理期限', children: due }] : []),
            ...(r.case.content.linkedCaseIds.length ? [{ key: 'l', label: '关联原信访事项', children: `${r.case.content.linkedCaseIds.length} 件` }] : []),
          ]} />
          <Typography.Paragraph style={{ maxWidth: 560 }}>
            请将案件编号和查询码告知信访人：凭二者可在“民声”网上信访页面查询办理进度、评价办理结果。
          </Typography.Paragraph>
          <Space>
            <Button type="primary" onClick={onOpen}>打开案件</Button>
            <Button onClick={onNext}>继续登记</Button>
          </Space>
        </Space>
      )} />
  );
}
