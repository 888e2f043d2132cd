/** GET /api/reminders under one query key: the bell and the calendar page's 待录入 notice share it. */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../shared/api';
import type { ApiAnswer } from '../../shared/api-contract';

export const remindersQuery = queryOptions({
  queryKey: ['reminders'],
  queryFn: ({ signal }) => api.get<ApiAnswer<'/api/reminders'>>('/api/reminders', { signal }),
});
