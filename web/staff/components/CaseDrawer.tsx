/** Placeholder (scaffold): the case detail drawer. Contract: caseId (null = closed), onClose, onChanged after an action. */
import { Drawer } from 'antd';

export interface CaseDrawerProps { caseId: string | null; onClose: () => void; onChanged?: () => void }

export default function CaseDrawer({ caseId, onClose }: CaseDrawerProps) {
  return <Drawer open={caseId !== null} onClose={onClose} width={960} title="案件详情" />;
}
