/**
 * The petitioners as the API shows them (masked), and 查看完整信息 for those who may unmask:
 * the server decides and audits every request; a refusal is shown as the server words it.
 */
import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../../shared/api';
import type { ApiAnswer } from '../../../shared/api-contract';
import type { CaseRecord, Petitioner } from './data';

/** Roles that may ask to unmask (the server decides per case: registrar or holder organ, Art 30). */
const UNMASK_ROLES = ['intake_clerk', 'petition_officer', 'handler', 'leader', 'discipline_officer'];

export function PersonalData({ c, roles, organId }: { c: CaseRecord; roles: string[]; organId: string }) {
  const [full, setFull] = useState<Petitioner[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const mayAsk = roles.some((r) => UNMASK_ROLES.includes(r)) && (organId === c.holderOrganId || organId === c.registrarOrganId || c.content.kind === 'accusation');
  const shown = full ?? c.content.petitioners;
  const unmask = async () => {
    setLoading(true);
    setError(null);
    try {
      setFull((await api.get<ApiAnswer<'/api/cases/{id}/personal-data'>>(`/api/cases/${encodeURIComponent(c.id)}/personal-data`)).petitioners);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '查询失败');
    } finally {
      setLoading(false);
    }
  };
  return (
    <section aria-labelledby="case-petitioners">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={5} id="case-petitioners" style={{ margin: 0 }}>
          信访人{c.content.anonymous ? '（匿名）' : ''}{c.content.headcount > 1 ? `（共${c.content.headcount}人）` : ''}
        </Typography.Title>
        {mayAsk && !full && <Button size="small" icon={<EyeOutlined />} loading={loading} onClick={() => { void unmask(); }}>查看完整信息</Button>}
        {full && <Button size="small" onClick={() => setFull(null)}>隐藏完整信息</Button>}
      </Space>
      {full && <Alert type="warning" showIcon style={{ margin: '8px 0' }} message="完整个人信息仅用于办理本件，查看已记入审计日志。" />}
      {error && <Alert type="error" showIcon role="alert" style={{ margin: '8px 0' }} message={error} />}
      {shown.length === 0 && <Typography.Paragraph type="secondary">无信访人信息</Typography.Paragraph>}
      {shown.map((p, i) => (
        <Descriptions key={i} size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginTop: 8 }} data-testid="petitioner"
          items={[
            { key: 'n', label: '姓名', children: <>{p.name}{p.representative && <Tag style={{ marginLeft: 4 }}>代表</Tag>}{p.kind === 'organisation' && <Tag style={{ marginLeft: 4 }}>单位</Tag>}</> },
            { key: 'id', label: '身份证号', children: p.idNumber ?? '—' },
            { key: 'ph', label: '联系电话', children: p.phone ?? '—' },
            { key: 'ad', label: '住址', children: p.address ?? '—' },
          ]} />
      ))}
    </section>
  );
}
