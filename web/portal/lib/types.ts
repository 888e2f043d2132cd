/** Shapes of the public API (docs/portal-api.md) as the portal uses them. */
export interface Office { id: string; name: string; level: string; duties: string }
export interface RotaEntry { organ: string; weekday: string; time: string; leader?: string; place?: string }
export interface Guide { offices: Office[]; rota: RotaEntry[]; timeLimits: { title: string; text: string }[] }
export interface RegionOption { code: string; name: string; level?: string | number; children?: RegionOption[] }
export interface Category { code: string; name: string; parentCode: string | null; level: number }
export interface OrganOption { id: string; name: string }
export interface Attachment { name: string; mimeType: string; size: number; sha256: string }
export interface Receipt { caseNumber: string; queryCode: string; receivedOn: string; office: string | { id?: string; name: string } | null }
export interface Challenge { challengeId: string; expiresAt: string; demoCode?: string }
export interface PublicStep { on: string; at?: string; label: string; organ: string; text?: string | null; documentId?: string | null }
export interface PublicDocument { id: string; kind: string; title: string; docNumber: string; organ: string; issuedOn: string; data: Record<string, unknown> }
export type Rating = 'satisfied' | 'basically_satisfied' | 'dissatisfied';
export interface PublicCase {
  number: string; title: string; channel: string; receivedOn: string; state: string; stateLabel: string;
  final: boolean; finalityNote?: string | null;
  steps: PublicStep[];
  documents: PublicDocument[];
  evaluation: { open: boolean; due?: string | null; daysLeft?: number | null; pending: { documentId: string; title: string }[]; done: { documentId: string; rating: Rating | string }[] };
  /** provisional: the last day rests on a year whose holiday notice is not entered yet (预计). */
  appeal: { kind: 'review' | 'rereview' | null; open: boolean; due?: string | null; provisional?: boolean; daysLeft?: number | null; reason?: string | null };
}
export interface RightsCard { number: string; title: string; petitionerName: string; receivedOn: string; steps: PublicStep[]; office: string | { name: string } | null; queryHint: string }

export const RATING_LABELS: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };

export function officeName(o: Receipt['office'] | RightsCard['office']): string {
  if (!o) return '';
  return typeof o === 'string' ? o : o.name;
}
