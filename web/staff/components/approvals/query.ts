/** GET /api/approvals under one query key: the inbox, the menu's count and the dashboard share it. */
import { api } from '../../../shared/api';
import type { ApiAnswer } from '../../../shared/api-contract';

export const approvalsQuery = { queryKey: ['approvals'], queryFn: () => api.get<ApiAnswer<'/api/approvals'>>('/api/approvals') };
