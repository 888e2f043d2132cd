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

/**
 * What the petitioner said, as registered (Art 19), and its parts: defined once as TypeBox schemas
 * in ../schemas.ts (the body of POST /api/cases is validated with them). Content does not change
 * after registration. A petitioner may be one of the ≤5 representatives of a group visit (Art 20);
 * requests are numbered 1, 2, … within the case and the opinion answers each by its number;
 * `organsConcerned` (several: Art 24), `accusedOrganIds` (accusations: never routed to them,
 * Art 30), `involvedUserIds` (recusal, Art 28), `linkedCaseIds` (重复信访); `receivedOn` in China.
 */
export type { Attachment, PetitionContent, Petitioner, PetitionRequest } from '../schemas.js';

export const MAX_REPRESENTATIVES = 5;
