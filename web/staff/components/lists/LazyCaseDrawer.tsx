/**
 * <CaseDrawer> loaded on first use: the case screens (timeline, action forms) are a chunk of their
 * own that the lists and the dashboard do not need to show their first rows.
 */
import { lazy, Suspense, useEffect, useState } from 'react';
import type { CaseDrawerProps } from '../CaseDrawer';

const CaseDrawer = lazy(() => import('../CaseDrawer'));

export default function LazyCaseDrawer(props: CaseDrawerProps) {
  const [used, setUsed] = useState(false);
  useEffect(() => {
    if (props.caseId) setUsed(true);
  }, [props.caseId]);
  if (!used && !props.caseId) return null;
  return <Suspense fallback={null}><CaseDrawer {...props} /></Suspense>;
}
