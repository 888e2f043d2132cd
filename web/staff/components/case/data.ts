/**
 * The case screens' data: one query per API read, keyed by case id so an action refreshes them
 * together (invalidateCase). The staff directory and the action form schemas are fetched once per
 * session; organs and categories are the workbench's shared reference data (../reference).
 */
import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../../shared/api';
import type { ApiAnswer, Schema } from '../../../shared/api-contract';

/** The API's shapes the case screens read: aliases of the types generated from /api/openapi.json. */
export type CaseDetail = ApiAnswer<'/api/cases/{id}'>;
export type CaseRecord = Schema<'CaseRecord'>;
export type ClockView = Schema<'ClockView'>;
export type ActionAvailability = Schema<'ActionAvailability'>;
/** Events as stored: `at` comes from the database and may read "2025-09-22 02:00:00+00". */
export type EventRow = Schema<'CaseEvent'>;
export type DocumentRow = Schema<'CaseDocument'>;
export type WorkbenchContext = ApiAnswer<'/api/workbench/context'>;
export type DirectoryUser = Schema<'DirectoryUser'>;
export type ActionResult = Schema<'ActionResult'>;
export type ApprovalRequest = Schema<'ApprovalRequest'>;
export type Petitioner = Schema<'Petitioner'>;
export type RulesProfile = ApiAnswer<'/api/profiles'>[number];

/** A JSON schema node as the OpenAPI document gives it (the subset the forms read). */
export interface SchemaNode {
  type?: string; title?: string; description?: string; pattern?: string;
  minLength?: number; maxLength?: number; minimum?: number; maximum?: number; maxItems?: number;
  enum?: string[]; const?: unknown; anyOf?: SchemaNode[]; items?: SchemaNode; properties?: Record<string, SchemaNode>; required?: string[];
}

export const caseKeys = {
  all: (id: string) => ['case', id] as const,
  detail: (id: string) => ['case', id, 'detail'] as const,
  actions: (id: string) => ['case', id, 'actions'] as const,
  events: (id: string) => ['case', id, 'events'] as const,
  documents: (id: string) => ['case', id, 'documents'] as const,
};

/** A case with its clocks: the one definition of the read, for the view, linked cases, 审批待办 and a reread after a conflict. */
export const caseDetailQuery = (id: string) => queryOptions({
  queryKey: caseKeys.detail(id), queryFn: () => api.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`), staleTime: 0,
});
export const useCaseDetail = (id: string) => useQuery(caseDetailQuery(id));
export const useCaseActions = (id: string) => useQuery({ queryKey: caseKeys.actions(id), queryFn: () => api.get<ActionAvailability[]>(`/api/cases/${encodeURIComponent(id)}/actions`), staleTime: 0 });
export const useCaseEvents = (id: string) => useQuery({ queryKey: caseKeys.events(id), queryFn: () => api.get<EventRow[]>(`/api/cases/${encodeURIComponent(id)}/events`), staleTime: 0 });
export const useCaseDocuments = (id: string) => useQuery({ queryKey: caseKeys.documents(id), queryFn: () => api.get<DocumentRow[]>(`/api/cases/${encodeURIComponent(id)}/documents`), staleTime: 0 });

export function useWorkbenchContext() {
  const q = useQuery({ queryKey: ['workbench-context'], queryFn: () => api.get<WorkbenchContext>('/api/workbench/context'), staleTime: 60_000 });
  const byId = new Map((q.data?.users ?? []).map((u) => [u.id, u]));
  return { ...q, users: q.data?.users ?? [], today: q.data?.today, userName: (id: string | null | undefined) => (id ? byId.get(id)?.name ?? id : '') };
}

/** Each action's input schema, read from the server's OpenAPI document (the same TypeBox schemas that validate it). */
export function useActionSchemas() {
  return useQuery({
    queryKey: ['action-schemas'], staleTime: Infinity,
    queryFn: async () => {
      const spec = await api.get<{ paths: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: SchemaNode }> } } }> }>('/api/openapi.json');
      const out: Record<string, SchemaNode> = {};
      for (const [path, item] of Object.entries(spec.paths)) {
        const action = /^\/api\/cases\/\{id\}\/actions\/([a-z_]+)$/.exec(path)?.[1];
        const input = item.post?.requestBody?.content?.['application/json']?.schema?.properties?.input;
        if (action && input) out[action] = input;
      }
      return out;
    },
  });
}

/** The rules profiles (each with its 延期上限): read when an extension form opens. */
export const profilesQuery = queryOptions({ queryKey: ['profiles'], queryFn: () => api.get<RulesProfile[]>('/api/profiles'), staleTime: 600_000 });

export function invalidateCase(qc: QueryClient, id: string): Promise<void> {
  return qc.invalidateQueries({ queryKey: caseKeys.all(id) });
}

/** Reference data no action on a case changes: kept as it is after one. */
const REFERENCE_DATA: ReadonlySet<string> = new Set(['organs', 'categories', 'workbench-context', 'action-schemas', 'profiles']);

/**
 * After an action on a case (from its view or from 审批待办): the case itself, then everything else
 * that may show it — queues, ledgers, approvals, reminders, the dashboard — but not the reference
 * data. The one refresh: callers need not refetch their own lists as well.
 */
export async function refreshAfterAction(qc: QueryClient, caseId: string): Promise<void> {
  await invalidateCase(qc, caseId);
  await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'case' && !REFERENCE_DATA.has(String(q.queryKey[0])) });
}

export function useRefreshCase(id: string) {
  const qc = useQueryClient();
  return useCallback(() => invalidateCase(qc, id), [qc, id]);
}

/** Database timestamps ("2025-09-22 02:00:00.123+00") as ISO 8601, which every browser parses. */
export function isoInstant(at: string): string {
  return at.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
}
