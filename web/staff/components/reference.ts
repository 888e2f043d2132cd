/**
 * The reference data the workbench screens share — the organs and the category dictionary — one
 * query each: the lists, the case screens, registration and administration read the same cache, and
 * an edit (AdminOrgans invalidates ['organs']) reaches them all.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { api } from '../../shared/api';
import type { Schema } from '../../shared/api-contract';

export type Organ = Schema<'Organ'>;
export type Category = Schema<'Category'>;

// The same empty list on every render while loading, so memos over it hold.
const NO_ORGANS: Organ[] = [];
const NO_CATEGORIES: Category[] = [];

/** The organs, by id, and an organ's name (its id while the list loads or when it is unknown). */
export function useOrgans() {
  const q = useQuery({ queryKey: ['organs'], queryFn: () => api.get<Organ[]>('/api/organs'), staleTime: 5 * 60_000 });
  const organs = q.data ?? NO_ORGANS;
  const byId = useMemo(() => new Map(organs.map((o) => [o.id, o])), [organs]);
  const name = useCallback((id: string | null | undefined) => (id ? byId.get(id)?.name ?? id : ''), [byId]);
  return { ...q, organs, byId, name };
}

/** The 3-level category dictionary (内容分类). */
export function useCategories() {
  const q = useQuery({ queryKey: ['categories'], queryFn: () => api.get<Category[]>('/api/categories'), staleTime: 10 * 60_000 });
  return { ...q, categories: q.data ?? NO_CATEGORIES };
}
