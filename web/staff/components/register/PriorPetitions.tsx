/**
 * 既往信访: while the clerk types a petitioner's ID number or phone, once it is complete and valid,
 * POST /api/cases/lookup (never in a URL) and list their earlier petitions; one click links one, so a
 * repeat petition is linked to the earlier case rather than registered as new.
 */
import { useQueries } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../../shared/api';
import type { ApiAnswer } from '../../../shared/api-contract';
import { STATE_LABELS } from '../../../../src/domain/model/case-states.js';
import { CHANNEL_LABELS } from '../../../../src/domain/model/petition.js';
import { isValidIdNumber, isValidPhone, maskIdNumber, maskPhone } from '../../../../src/domain/identity/id-number.js';
import { CountdownTag } from '../CountdownTag';

/** An earlier petition found by POST /api/cases/lookup. */
export type PriorCase = ApiAnswer<'/api/cases/lookup', 'post'>['items'][number];

export interface LookupKey { kind: 'idNumber' | 'phone'; value: string }

/** The complete, valid identifiers typed so far (deduplicated). */
export function lookupKeys(petitioners: ({ idNumber?: string | null; phone?: string | null } | undefined)[] | undefined): LookupKey[] {
  // A row just added to the form list has no value yet (undefined).
  const keys = new Map<string, LookupKey>();
  for (const p of petitioners ?? []) {
    const id = p?.idNumber?.trim().toUpperCase();
    if (id && isValidIdNumber(id)) keys.set(`i${id}`, { kind: 'idNumber', value: id });
    const phone = p?.phone?.replace(/[\s-]/g, '');
    if (phone && isValidPhone(phone)) keys.set(`p${phone}`, { kind: 'phone', value: phone });
  }
  return [...keys.values()];
}

interface PriorPetitionsProps { keys: LookupKey[]; linked: string[]; onToggle: (c: PriorCase) => void; organName: (id: string) => string }

export function PriorPetitions({ keys, linked, onToggle, organName }: PriorPetitionsProps) {
  const results = useQueries({
    queries: keys.map((k) => ({
      queryKey: ['lookup', k.kind, k.value],
      queryFn: () => api.post<ApiAnswer<'/api/cases/lookup', 'post'>>('/api/cases/lookup', { [k.kind]: k.value }),
      staleTime: 30_000,
    })),
  });
  const byId = new Map<string, { c: PriorCase; via: string[] }>();
  keys.forEach((k, i) => {
    const label = k.kind === 'idNumber' ? `身份证 ${maskIdNumber(k.value)}` : `电话 ${maskPhone(k.value)}`;
    for (const c of results[i]?.data?.items ?? []) {
      const e = byId.get(c.id) ?? { c, via: [] };
      e.via.push(label);
      byId.set(c.id, e);
    }
  });
  const items = [...byId.values()].sort((a, b) => b.c.receivedOn.localeCompare(a.c.receivedOn));
  const loading = results.some((r) => r.isFetching);
  const error = results.find((r) => r.error)?.error;
  return (
    <Card size="small" title={<span id="prior-title">既往信访 {items.length > 0 && <Tag color="#ad4e00">{items.length} 件</Tag>}</span>} className="prior-panel">
      <section aria-labelledby="prior-title" aria-live="polite">
        {keys.length === 0 && <Typography.Paragraph type="secondary" style={{ margin: 0 }}>输入完整有效的身份证号码或手机号码后，自动查找此人的既往信访事项，避免重复登记。</Typography.Paragraph>}
        {error && <Alert type="error" showIcon message={error instanceof ApiError ? error.message : '查询失败'} />}
        {keys.length > 0 && loading && items.length === 0 && <Spin size="small" />}
        {keys.length > 0 && !loading && !error && items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未找到既往信访（初信初访）" />}
        {items.length > 0 && (
          <List size="small" dataSource={items} renderItem={({ c, via }) => {
            const isLinked = linked.includes(c.id);
            return (
              <List.Item className="prior-item">
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={4}>
                    <Typography.Text strong>{c.number}</Typography.Text>
                    <Tag>{STATE_LABELS[c.state]}</Tag>
                    {c.nextDue && <CountdownTag due={c.nextDue} daysLeft={c.daysLeft} overdue={c.overdue} />}
                  </Space>
                  <Typography.Text>{c.title}</Typography.Text>
                  <Typography.Text type="secondary">{c.receivedOn} · {CHANNEL_LABELS[c.channel]} · {organName(c.holderOrganId)}</Typography.Text>
                  <Typography.Text type="secondary">匹配：{via.join('，')}</Typography.Text>
                  <Space size={4}>
                    {isLinked && <Tag color="#237804">已关联</Tag>}
                    <Button size="small" type={isLinked ? 'default' : 'primary'} icon={<LinkOutlined />}
                      aria-label={`${isLinked ? '取消关联' : '关联为重复信访'} ${c.number}`} onClick={() => onToggle(c)}>
                      {isLinked ? '取消关联' : '关联为重复信访'}
                    </Button>
                  </Space>
                </Space>
              </List.Item>
            );
          }} />
        )}
      </section>
    </Card>
  );
}
