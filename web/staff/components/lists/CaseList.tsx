/**
 * A list of cases as the queue and the ledger show it: one page of a filter (page and page size sit
 * in the URL beside the filters), the case table, and the case drawer a row opens; an action taken
 * in the drawer refreshes the page.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import CaseTable from '../CaseTable';
import { useOrgans } from '../reference';
import CaseDrawer from './LazyCaseDrawer';
import { objectToParams, type CaseRow } from './ref';

const PAGE_SIZES = [20, 50, 100];
const DEFAULT_PAGE_SIZE = 50;

export interface CaseListProps {
  /** The head of the query key ('queue', 'ledger'): the page is cached under [name, filters, page, pageSize]. */
  name: string;
  filters: Record<string, string | undefined>;
  /** Fetches one page of the filter. */
  load: (page: { page: number; pageSize: number }, signal: AbortSignal) => Promise<{ items: CaseRow[]; total: number; totalCapped: boolean }>;
  /** Runs once a fetched page is on screen (not while the previous page stands in); may return a cleanup. */
  onShown?: () => (() => void) | undefined;
  caption: string;
  variant?: 'queue' | 'ledger';
}

export function CaseList({ name, filters, load, onShown, caption, variant }: CaseListProps) {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const pageSize = PAGE_SIZES.includes(Number(params.get('pageSize'))) ? Number(params.get('pageSize')) : DEFAULT_PAGE_SIZE;
  const [openId, setOpenId] = useState<string | null>(null);
  const { name: organName } = useOrgans();

  const q = useQuery({
    queryKey: [name, filters, page, pageSize],
    queryFn: ({ signal }) => load({ page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

  useEffect(() => {
    if (!q.data || q.isPlaceholderData) return;
    return onShown?.();
  }, [q.data, q.isPlaceholderData, onShown]);

  return (
    <>
      {q.error && <Typography.Text type="danger" role="alert">{q.error.message}</Typography.Text>}
      <CaseTable
        variant={variant}
        caption={caption}
        rows={q.data?.items ?? []}
        total={q.data?.total ?? 0}
        totalCapped={q.data?.totalCapped ?? false}
        loading={q.isFetching && !q.data}
        page={page}
        pageSize={pageSize}
        onPage={(p, s) => setParams(objectToParams({ ...filters, page: String(p), pageSize: s === DEFAULT_PAGE_SIZE ? undefined : String(s) }))}
        onOpen={setOpenId}
        organName={organName}
      />
      <CaseDrawer caseId={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
