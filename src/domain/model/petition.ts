import type { IsoDate } from '../calendar/dates.js';

/** Channel (Art 17). */
export type Channel = 'online' | 'letter' | 'phone' | 'fax' | 'visit' | 'video' | 'higher_office';
export const CHANNEL_LABELS: Record<Channel, string> = {
  online: '网上信访',
  letter: '来信',
  phone: '来电',
  fax: '传真',
  visit: '来访',
  video: '视频',
  higher_office: '上级转交',
};

/** The three kinds of petitions (Arts 29–31). */
export type PetitionKind = 'suggestion' | 'accusation' | 'claim';
export const PETITION_KIND_LABELS: Record<PetitionKind, string> = {
  suggestion: '建议意见类',
  accusation: '检举控告类',
  claim: '申诉求决类',
};

export interface Petitioner {
  kind: 'person' | 'organisation';
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
  /** For a group visit: one of the ≤5 representatives (Art 20). */
  representative?: boolean;
}

export interface PetitionRequest {
  /** Stable within the case: 1, 2, … — the opinion answers each by its number. */
  no: number;
  text: string;
}

export interface Attachment {
  name: string;
  mimeType: string;
  size: number;
  sha256: string;
}

/** What the petitioner said, as registered (Art 19). Content does not change after registration. */
export interface PetitionContent {
  channel: Channel;
  kind: PetitionKind;
  title: string;
  petitioners: Petitioner[];
  /** Number of people in a visit; a visit of more than 5 must elect at most 5 representatives (Art 20). */
  headcount: number;
  anonymous: boolean;
  requests: PetitionRequest[];
  facts: string;
  reasons: string;
  /** Code in the 3-level category dictionary. */
  categoryCode: string | null;
  regionCode: string | null;
  /** Organs the matter concerns; several means Art 24 applies. */
  organsConcerned: string[];
  /** For accusations (检举控告): organs accused; the case must never reach them (Art 30). */
  accusedOrganIds: string[];
  /** Staff named in the matter: they may not act on it (回避, Art 28). */
  involvedUserIds: string[];
  /** Earlier petitions on the same matter (重复信访). */
  linkedCaseIds: string[];
  attachments: Attachment[];
  /** Date received, in China. */
  receivedOn: IsoDate;
}

export const MAX_REPRESENTATIVES = 5;
