/**
 * The case detail drawer the queue, ledger and dashboard open. Contract: caseId (null = closed),
 * onClose. After an action the case view refreshes the lists that show the case (refreshAfterAction).
 */
import { ExpandOutlined } from '@ant-design/icons';
import { Button, Drawer } from 'antd';
import { useEffect, useState } from 'react';
import { CaseView } from './case/CaseView';

export interface CaseDrawerProps { caseId: string | null; onClose: () => void }

export default function CaseDrawer({ caseId, onClose }: CaseDrawerProps) {
  // A linked case opens in the same drawer; closing returns to the caller.
  const [shown, setShown] = useState<string | null>(caseId);
  useEffect(() => setShown(caseId), [caseId]);
  return (
    <Drawer open={caseId !== null} onClose={onClose} width="min(1180px, 96vw)" title="案件详情" destroyOnHidden
      extra={shown && <Button icon={<ExpandOutlined />} href={`/staff/cases/${encodeURIComponent(shown)}`} target="_blank" rel="noopener">新窗口打开</Button>}>
      {shown && <CaseView key={shown} caseId={shown} onOpenCase={setShown} />}
    </Drawer>
  );
}
