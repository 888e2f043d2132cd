import type { IsoDate } from '../calendar/dates.js';
import type { HolidayCalendar } from '../calendar/holiday-calendar.js';
import type { CaseRecord } from '../model/case.js';
import type { CaseState } from '../model/case-states.js';
import type { DocumentDraft } from '../model/documents.js';
import type { OrganTree } from '../model/organ.js';
import type { Actor, StaffUser } from '../model/user.js';
import type { RulesProfile } from '../rules/profiles.js';

/** Everything a rule may look at, passed in: the domain never reads the clock or the database. */
export interface DomainContext {
  today: IsoDate;
  /** The instant, ISO 8601, for the event record. */
  now: string;
  actor: Actor;
  organs: OrganTree;
  user(id: string): StaffUser | undefined;
  calendar: HolidayCalendar;
  profile: RulesProfile;
  /**
   * The key of a person's ID number, comparable with StaffUser.conflictKeys (the app passes the keyed
   * SM3 blind index; without it the normalised number itself).
   */
  personKey?: (idNumber: string) => string;
  /** The earlier petitions this one is linked to (重复信访, 不予受理 under Art 19 ¶3, 不再受理 under Art 36 ¶3). */
  linkedCases: LinkedCase[];
}

/** An earlier petition this one is linked to, as the rules need to see it. */
export interface LinkedCase {
  id: string;
  number: string;
  state: CaseState;
  holderOrganId: string;
  /** It was accepted (受理) at some point: it is being handled or was handled. */
  accepted: boolean;
}

export interface Outcome {
  case: CaseRecord;
  documents: DocumentDraft[];
  /** What the event records beyond the action name: the input as it matters. */
  data: Record<string, unknown>;
}

/** Why an action is not possible now: a stable code and a sentence for people. */
export interface Refusal {
  code: string;
  message: string;
}
