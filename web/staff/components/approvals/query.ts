/** GET /api/approvals under one query key: the inbox, the menu's count and the dashboard share it. */
import { api } from '../../../shared/api';
import type { ApprovalItem } from './approval';

export const approvalsQuery = { queryKey: ['approvals'], queryFn: () => api.get<{ items: ApprovalItem[] }>('/api/approvals') };
