/** /staff/cases/:id — the case detail as a full page (the same content as the drawer). */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { CaseView } from '../components/case/CaseView';

export default function CasePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  return (
    <Card>
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => { void navigate(-1); }}>返回</Button>
        <Typography.Title level={3} style={{ margin: 0 }}>案件详情</Typography.Title>
      </Space>
      <CaseView key={id} caseId={id} onOpenCase={(other) => { void navigate(`/cases/${encodeURIComponent(other)}`); }} />
    </Card>
  );
}
