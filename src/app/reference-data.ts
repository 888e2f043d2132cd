/**
 * The slow-changing data every rule needs — organ tree, staff, rules profiles, the holiday
 * calendar — loaded once and reloaded after an administrator changes it; the other server
 * processes on the database are told through its change feed (docs/decisions/002 and 015).
 */
import { DomainError } from '../domain/errors.js';
import { defaultCalendar } from '../domain/calendar/library-years.js';
import type { HolidayCalendar, YearCalendar } from '../domain/calendar/holiday-calendar.js';
import { OrganTree, type Organ } from '../domain/model/organ.js';
import type { DataScope, Role, StaffUser } from '../domain/model/user.js';
import { BUILT_IN_PROFILES, NATIONAL_PROFILE, withProfileDefaults, type RulesProfile } from '../domain/rules/profiles.js';
import { asc } from 'drizzle-orm';
import type { ChangeFeed, ChangeSubscription } from '../store/change-feed.js';
import type { Db, Tx } from '../store/database.js';
import * as s from '../store/schema.js';

export interface ReferenceSnapshot {
  organs: OrganTree;
  users: Map<string, StaffUser>;
  profiles: Map<string, RulesProfile>;
  calendar: HolidayCalendar;
  /** Profile of each organ: its own, or the nearest ancestor's, else national. */
  profileOfOrgan(organId: string): RulesProfile;
}

export async function loadReference(db: Db | Tx): Promise<ReferenceSnapshot> {
  // One after another: inside a transaction they share one connection, which takes one query at a time.
  const organRows = await db.select().from(s.organs);
  const [userRows, profileRows, yearRows] = [
    await db.select({
      id: s.users.id, username: s.users.username, name: s.users.name, organId: s.users.organId, roles: s.users.roles, dataScope: s.users.dataScope,
      idNumberIndex: s.users.idNumberIndex, relativeIndexes: s.users.relativeIndexes,
    }).from(s.users),
    await db.select().from(s.rulesProfiles),
    await db.select().from(s.calendarYears),
  ];
  const organs = new OrganTree(organRows.map((o): Organ => ({
    id: o.id, name: o.name, parentId: o.parentId, level: o.level, kind: o.kind,
    regionCode: o.regionCode, successorId: o.successorId, system: o.system,
  })));
  const organProfile = new Map(organRows.map((o) => [o.id, o.profileId]));
  const users = new Map(userRows.map((u) => [u.id, toStaffUser(u)]));
  const profiles = new Map<string, RulesProfile>(BUILT_IN_PROFILES.map((p) => [p.id, p]));
  for (const p of profileRows) profiles.set(p.id, withProfileDefaults(p.data));
  const overrides: YearCalendar[] = yearRows.map((y) => ({ year: y.year, holidays: y.holidays, makeupWorkdays: y.makeupWorkdays, source: 'official-notice' }));
  const calendar = defaultCalendar(overrides);
  return {
    organs, users, profiles, calendar,
    profileOfOrgan(organId) {
      for (const o of organs.ancestorsOrSelf(organId)) {
        const id = organProfile.get(o.id);
        if (id) {
          const p = profiles.get(id);
          if (!p) throw new DomainError('PROFILE_NOT_FOUND', `规则配置${id}不存在`);
          return p;
        }
      }
      return profiles.get('national') ?? NATIONAL_PROFILE; // a stored national profile overrides the built-in one
    },
  };
}

/** The topic the reference-data cache publishes on the database's change feed. */
export const REFERENCE_TOPIC = 'reference';

/**
 * Holds the current snapshot; `refresh` after a write to organs, users, profiles or calendar. With a
 * change feed (compose() passes the database's), a refresh is announced to every other process on
 * the database, whose caches drop their snapshot and load the new one at their next read.
 */
export class ReferenceData {
  private current: Promise<ReferenceSnapshot> | null = null;
  private readonly feed: ChangeSubscription | null;

  constructor(private readonly db: Db, changes?: ChangeFeed) {
    this.feed = changes?.subscribe({
      changed: (topic) => { if (topic === REFERENCE_TOPIC) this.invalidate(); },
      resync: () => { this.invalidate(); },
    }) ?? null;
  }

  get(): Promise<ReferenceSnapshot> {
    return (this.current ??= this.load());
  }

  /** Reload now (this process) and tell the others. Call after the write has committed. */
  async refresh(): Promise<ReferenceSnapshot> {
    const loading = this.load();
    this.current = loading;
    const snap = await loading;
    // The write has committed: a failed notification must not turn it into an error answer. The
    // other processes then catch up at their next resync (reconnection) or the next change.
    await this.feed?.publish(REFERENCE_TOPIC).catch(() => undefined);
    return snap;
  }

  /**
   * Drop the snapshot: the next read loads afresh. A load already under way still answers the reads
   * that started before the change; it is not kept.
   */
  invalidate(): void {
    this.current = null;
  }

  /** Stop listening to the change feed (the database outlives this cache). */
  close(): void {
    this.feed?.unsubscribe();
  }

  private load(): Promise<ReferenceSnapshot> {
    const loading = loadReference(this.db);
    // A failed load is not cached: the next read tries again.
    loading.catch(() => { if (this.current === loading) this.current = null; });
    return loading;
  }

  /** The content category dictionary (内容分类, three levels), by code. Read each time (seeded, never cached). */
  async categories() {
    return this.db.select().from(s.categories).orderBy(asc(s.categories.code));
  }

  /** Category code → name (the ledger export's 内容分类 column). */
  async categoryNames(): Promise<Map<string, string>> {
    const rows = await this.db.select({ code: s.categories.code, name: s.categories.name }).from(s.categories);
    return new Map(rows.map((c) => [c.code, c.name]));
  }

  /** The staff directory the workbench's forms need: names, organs, roles, whether active (nothing personal). */
  async staffDirectory() {
    return this.db.select({ id: s.users.id, name: s.users.name, organId: s.users.organId, roles: s.users.roles, active: s.users.active })
      .from(s.users).orderBy(asc(s.users.organId), asc(s.users.username));
  }
}

/** A staff row as the domain sees it: conflict keys are the blind indexes of own and relatives' IDs. */
export function toStaffUser(u: {
  id: string; username: string; name: string; organId: string; roles: string[]; dataScope: string; idNumberIndex: string | null; relativeIndexes: string[];
}): StaffUser {
  return {
    id: u.id, username: u.username, name: u.name, organId: u.organId, roles: u.roles as Role[], dataScope: u.dataScope as DataScope,
    conflictKeys: [...(u.idNumberIndex ? [u.idNumberIndex] : []), ...u.relativeIndexes],
  };
}
