/** The filter vocabulary and row types shared by the dashboard, queue and ledger. */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ApiAnswer, Schema } from '../../../shared/api-contract';
import { CASE_STATES, OPEN_PHASES, OPEN_STATES, STATE_LABELS } from '../../../../src/domain/model/case-states.js';
import { CHANNEL_LABELS, PETITION_KIND_LABELS } from '../../../../src/domain/model/petition.js';

/** A row of the ledger (GET /api/cases/ledger); the queue's rows (GET /api/cases, QueueRow) have a few more columns. */
export type CaseRow = Schema<'CaseRow'>;
export type QueueRow = Schema<'QueueRow'>;
export type QueuePage = ApiAnswer<'/api/cases'>;
export type LedgerPage = ApiAnswer<'/api/cases/ledger'>;

/** The stages of GET /api/cases?stage=: the phases of open cases, as the server groups them. */
export const STAGE_OPTIONS = OPEN_PHASES.map((p) => ({ value: p.key, label: p.label }));
export const OPEN_STATE_OPTIONS = OPEN_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }));
export const STATE_OPTIONS = CASE_STATES.map((s) => ({ value: s, label: STATE_LABELS[s] }));
export const CHANNEL_OPTIONS = Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }));
export const KIND_OPTIONS = Object.entries(PETITION_KIND_LABELS).map(([value, label]) => ({ value, label }));
export const channelLabel = (c: string) => (CHANNEL_LABELS as Record<string, string>)[c] ?? c;

/** URLSearchParams ⇄ a plain filter object (empty values dropped), so every filter is a shareable link. */
export function paramsToObject(p: URLSearchParams, keys: readonly string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (const k of keys) {
    const v = p.get(k);
    if (v !== null && v !== '') o[k] = v;
  }
  return o;
}
export function objectToParams(o: Record<string, string | undefined | null>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  return p;
}

/**
 * The filters a list keeps in the URL, and the URL's setter: the same object for as long as the
 * URL's query is the same, so effects and memos over it run when the filter changes, not every render.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const filters = useMemo(() => paramsToObject(new URLSearchParams(query), keys) as Partial<Record<K, string>>, [query, keys]);
  return { params, setParams, filters };
}
