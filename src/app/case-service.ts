/**
 * Use cases on cases: load → ask the domain → write the case, its event and documents, all in one
 * transaction. A refused command throws before anything is written.
 */
import { randomUUID } from 'node:crypto';
import type { FieldCrypto } from '../security/field-crypto.js';
import { accusationMaterialHidden, caseView, openContent, opinionTextWithheld, partyIndexes, unreadableEntry, type Opened } from './personal-data.js';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { mayUnmask } from '../domain/access/personal-data-access.js';
import type { AuditEntryInput, AuditSink } from './audit-sink.js';
import type { CaseEventListener } from './case-events.js';
import { newQueryCode, queryCodeHash } from './query-code.js';
import { visibleCasesWhere } from './case-scope-sql.js';
import { canSeeCase } from '../domain/access/case-visibility.js';
import { chinaDate, daysBetween, yearOf } from '../domain/calendar/dates.js';
import { DomainError, must } from '../domain/errors.js';
import { clockViews, nextDueDetail, recomputeClocks } from '../domain/lifecycle/clocks.js';
import { CLOCK_LABELS, type RulesProfile } from '../domain/rules/profiles.js';
import type { DomainContext } from '../domain/lifecycle/context.js';
import { applyAction, availableActions, type Applied } from '../domain/lifecycle/engine.js';
import { registerPetition } from '../domain/lifecycle/registration.js';
import { actingOrganId } from '../domain/lifecycle/relations.js';
import type { ActionInputs } from '../domain/lifecycle/action-inputs.js';
import type { ActionName } from '../domain/lifecycle/action-rules.js';
import type { CaseRecord } from '../domain/model/case.js';
import { DOCUMENTS } from '../domain/model/documents.js';
import type { CaseEvent, Clock as CaseClock } from '../domain/model/case.js';
import type { PetitionContent } from '../domain/model/petition.js';
import type { Actor, StaffUser } from '../domain/model/user.js';
import type { Db, Tx } from '../store/database.js';
import * as s from '../store/schema.js';
import { WriteBatch } from '../store/write-batch.js';
import type { DocumentTemplateSource } from './document-templates.js';
import type { ReferenceData, ReferenceSnapshot } from './reference-data.js';
import type { Clock } from './clock.js';
import type { Acted, CaseListFilter, CaseRow, LookupBy } from './contracts/cases.js';
import { ledgerWhere } from './ledger-filter.js';
import { cappedCaseCount } from './capped-count.js';
import { assertAllLinked, checkUploads, linkUploadsQuery, staffUploader } from './attachments.js';
import { accessCodePlace, caseColumns, FACTS_VERSION, indicatorFactRows, documentCounterScope, documentNumber, frozenOutput } from './case-rows.js';

const LIST_COLUMNS = {
  id: s.cases.id, number: s.cases.number, title: s.cases.title, state: s.cases.state, channel: s.cases.channel, kind: s.cases.kind,
  holderOrganId: s.cases.holderOrganId, receivedOn: s.cases.receivedOn, nextDue: s.cases.nextDue, nextDueProvisional: s.cases.nextDueProvisional,
  simplified: s.cases.simplified,
};

function withCountdown<R extends { nextDue: string | null }>(r: R, today: string) {
  return { ...r, daysLeft: r.nextDue ? daysBetween(today, r.nextDue) : null, overdue: r.nextDue !== null && r.nextDue < today };
}

/** The petitioner submitting online (网上信访): the case lands at `officeId`, a petition office. */
export interface OnlineRegistrant {
  kind: 'online'; officeId: string;
  /** The browser's uploader key (attachments.ts portalUploader): its uploads are the ones the petition may attach. */
  uploader?: string | null;
}
/** The petitioner acting on their own case through the portal (evaluation, review requests). */
export type PetitionerActor = Extract<Actor, { kind: 'petitioner' }>;
/** Idempotency keys of online submissions share one namespace (there is no account). */
const PORTAL_KEY_OWNER = 'portal';
const isStaff = (u: StaffUser | OnlineRegistrant | PetitionerActor): u is StaffUser => !('kind' in u);
/** The query code drawn for a registration is already in use: the attempt is rolled back and made again. */
class QueryCodeTaken extends Error {}

export class CaseService {
  /**
   * @param audit every write and every read of personal data is recorded there (required: a
   *   CaseService without an audit trail cannot be built).
   * @param listeners run inside the transaction of every case event, registration included (the
   *   notification outbox): their rows commit or roll back with the event.
   */
  constructor(
    private readonly db: Db,
    private readonly ref: ReferenceData,
    private readonly crypto: FieldCrypto,
    private readonly clock: Clock,
    private readonly audit: AuditSink,
    private readonly listeners: readonly CaseEventListener[] = [],
    /** The organs' document templates (文书模板): the wording in force is frozen into each document issued. */
    private readonly documentTemplates: DocumentTemplateSource | null = null,
  ) {}

  private entry(user: StaffUser | OnlineRegistrant | PetitionerActor, action: string, targetId: string | null, detail: Record<string, unknown> = {}, outcome: AuditEntryInput['outcome'] = 'ok'): AuditEntryInput {
    if (!isStaff(user)) return { actorId: null, actorOrganId: null, action, targetType: 'case', targetId, outcome, detail: { ...detail, actor: 'petitioner' } };
    return { actorId: user.id, actorOrganId: user.organId, action, targetType: 'case', targetId, outcome, detail };
  }

  private context(snap: ReferenceSnapshot, actor: Actor, profileId: string, linkedCases: DomainContext['linkedCases']): DomainContext {
    const now = this.clock.now();
    const profile = profileById(snap, profileId);
    return {
      today: chinaDate(now), now: now.toISOString(), actor, organs: snap.organs,
      user: (id) => snap.users.get(id), calendar: snap.calendar, profile, linkedCases,
      personKey: (idNumber) => this.crypto.blindIndex('id', idNumber),
    };
  }

  /**
   * The linked earlier petitions the rules may judge. For staff, only those they may see (the scope
   * rule, as SQL): linking or merging into a case the user cannot see is refused exactly as for one
   * that does not exist, so its existence is not revealed (the workbench offers the same ones).
   */
  private async linkedCases(tx: Db | Tx, ids: string[], viewer: StaffUser | OnlineRegistrant | PetitionerActor, snap: ReferenceSnapshot) {
    if (ids.length === 0) return [];
    return tx.select({ id: s.cases.id, number: s.cases.number, state: s.cases.state, holderOrganId: s.cases.holderOrganId, acceptedOn: sql<string | null>`${s.cases.record}->>'acceptedOn'` })
      .from(s.cases).where(and(inArray(s.cases.id, ids), isStaff(viewer) ? visibleCasesWhere(viewer, snap.organs) : undefined))
      .then((rows) => rows.map((r) => ({ id: r.id, number: r.number, state: r.state, holderOrganId: r.holderOrganId, accepted: r.acceptedOn !== null })));
  }

  /**
   * 登记. With an idempotency key, a retried submission returns the first case: the key row is
   * inserted first in the same transaction, so a concurrent retry waits and then finds it.
   */
  async register(user: StaffUser | OnlineRegistrant, given: PetitionContent,
    opts: { idempotencyKey?: string; simplified?: boolean; fingerprint?: string } = {}): Promise<{ case: CaseRecord; created: boolean; queryCode: string }> {
    // Keyed, so the stored fingerprint reveals nothing of the ID numbers and phones it covers.
    // The portal passes its own (the submitted body: content carries the date, a retry may cross midnight).
    const requestHash = this.crypto.mac(opts.fingerprint ?? JSON.stringify({ content: given, simplified: opts.simplified ?? false }));
    const snap = await this.ref.get();
    const keyOwner = isStaff(user) ? user.id : PORTAL_KEY_OWNER;
    const organId = isStaff(user) ? user.organId : user.officeId;
    // A query code already in use (31^8 codes: about once in a million registrations) fails the
    // batch's insert of it; the whole registration is then made again with another code.
    let result: Awaited<ReturnType<typeof this.registerOnce>> | undefined;
    for (let attempt = 1; !result; attempt++) {
      result = await this.registerOnce(user, given, opts, { requestHash, keyOwner, organId, snap });
      if (!result && attempt >= 5) throw new Error('five query codes in a row already in use: is the random source broken?');
    }
    // The petitioner gets their own submission back (the portal shows only its number and date).
    const view = (c: CaseRecord) => (isStaff(user) ? caseView(c, user, snap.organs) : c);
    if (!result.replay) return { case: view(result.created), created: true, queryCode: result.queryCode };
    if (result.replay.requestHash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', '该幂等键已用于另一份不同的登记内容', { key: opts.idempotencyKey });
    }
    const first = await this.db.select({ record: s.cases.record, codeEnc: s.caseAccessCodes.codeEnc }).from(s.cases)
      .innerJoin(s.caseAccessCodes, eq(s.caseAccessCodes.caseId, s.cases.id)).where(eq(s.cases.id, result.replay.caseId));
    const earlier = must(first[0], `the case ${result.replay.caseId} of an idempotency key`);
    return { case: view(this.open(earlier.record)), created: false, queryCode: this.crypto.decrypt(earlier.codeEnc, accessCodePlace(result.replay.caseId)) };
  }

  /**
   * One attempt at a registration, in one transaction: undefined (rolled back) when the query code
   * drawn is already in use. The rows are sent in one statement after the case number and the
   * audit lock are taken (WriteBatch), so the section other registrations wait for is short.
   */
  private async registerOnce(user: StaffUser | OnlineRegistrant, given: PetitionContent, opts: { idempotencyKey?: string; simplified?: boolean },
    k: { requestHash: string; keyOwner: string; organId: string; snap: ReferenceSnapshot }) {
    const { snap } = k;
    try {
      return await this.db.transaction(async (tx) => {
        const id = randomUUID();
        if (opts.idempotencyKey) {
          const inserted = await tx.insert(s.idempotencyKeys).values({ key: opts.idempotencyKey, userId: k.keyOwner, requestHash: k.requestHash, caseId: id })
            .onConflictDoNothing().returning({ caseId: s.idempotencyKeys.caseId });
          if (inserted.length === 0) {
            const again = await tx.select().from(s.idempotencyKeys)
              .where(and(eq(s.idempotencyKeys.userId, k.keyOwner), eq(s.idempotencyKeys.key, opts.idempotencyKey)));
            return { replay: must(again[0], 'the idempotency key that conflicted'), created: undefined, queryCode: '' };
          }
        }
        // Only the registrant's own uploads (a staff member's, or this browser's on the portal): a known hash is not enough.
        const uploads = await checkUploads(tx, given.attachments, isStaff(user) ? staffUploader(user.id) : user.uploader ?? null, id);
        const content = { ...given, attachments: uploads.attachments };
        const linked = await this.linkedCases(tx, content.linkedCaseIds, user, snap);
        const actor: Actor = isStaff(user) ? { kind: 'staff', user } : { kind: 'petitioner', caseId: id };
        const ctx = this.context(snap, actor, snap.profileOfOrgan(k.organId).id, linked);
        const region = snap.organs.territoryOf(k.organId)?.regionCode ?? '000000';
        const year = yearOf(ctx.today);
        // The case number's counter and the audit lock in one round trip: from here to the commit
        // every other registration waits, so only the batch of rows is left (decision 025).
        const locked = await this.audit.lockHead(tx, this.counterUpsert(tx, `case:${region}`, year).getSQL());
        const seq = Number(must(locked.first[0], `the counter case:${region}/${year} (upserted)`).value);
        const applied = registerPetition(content, { id, number: `${region}-${year}-${String(seq).padStart(6, '0')}` }, ctx,
          { simplified: opts.simplified, ...(isStaff(user) ? {} : { onlineOfficeId: user.officeId }) });
        // A document's number would take its counter after the audit lock: the order of every
        // other write is counters first (a deadlock otherwise). Registration issues none.
        if (applied.documents.length) throw new Error('a registration issued a document: its number must be taken before the audit lock');
        const writes = new WriteBatch();
        const queryCode = await this.insertCase(tx, applied, snap, writes);
        if (uploads.uploadIds.length) writes.addCounted('uploads', linkUploadsQuery(tx, uploads.uploadIds, id));
        const entry = this.entry(user, 'case.register', id, { number: applied.case.number, channel: content.channel, kind: content.kind });
        await this.audit.append(tx, entry, writes, locked.head);
        const written = await writes.flush(tx);
        if (written.get('queryCode') === 0) throw new QueryCodeTaken();
        if (uploads.uploadIds.length) assertAllLinked(written.get('uploads') ?? 0, uploads.uploadIds.length);
        return { created: applied.case, queryCode, replay: undefined };
      });
    } catch (e) {
      if (e instanceof QueryCodeTaken) return undefined;
      throw e;
    }
  }

  private async nextCounter(tx: Tx, scope: string, year: number): Promise<number> {
    const rows = await this.counterUpsert(tx, scope, year);
    return must(rows[0], `the counter ${scope}/${year} (upserted)`).value;
  }

  /** The counter's next value, returned as `value` (its row stays locked until the commit). */
  private counterUpsert(tx: Tx, scope: string, year: number) {
    return tx.insert(s.counters).values({ scope, year, value: 1 })
      .onConflictDoUpdate({ target: [s.counters.scope, s.counters.year], set: { value: sql`${s.counters.value} + 1` } })
      .returning({ value: s.counters.value });
  }

  /**
   * The record as the domain works on it: personal data decrypted, in memory only. What could not be
   * decrypted reads as UNREADABLE; the stored content and the failures are remembered for the next
   * write of this record (columns) and for the audit (visibleCase).
   */
  private open(c: CaseRecord): CaseRecord {
    const opened = openContent(c.content, this.crypto, c.id);
    const record = { ...c, content: opened.content };
    this.opened.set(record, { ...opened, sealed: c.content });
    return record;
  }

  /** A stored record opened for the petitioner's portal: values that cannot be decrypted are audited there too. */
  async openForPetitioner(c: CaseRecord): Promise<CaseRecord> {
    const opened = this.open(c);
    const unreadable = this.opened.get(opened)?.unreadable ?? [];
    if (unreadable.length) await this.audit.record(this.db, unreadableEntry({ actorId: null, actorOrganId: null }, c.id, unreadable, { actor: 'petitioner' }));
    return opened;
  }

  private readonly opened = new WeakMap<CaseRecord, Opened & { sealed: PetitionContent }>();

  /**
   * The case's rows, its query code (returned) and its event, added to `writes`. The code's insert
   * is counted as 'queryCode': 0 when the code is already in use (the unique hash refuses it).
   */
  private async insertCase(tx: Tx, applied: Applied, snap: ReferenceSnapshot, writes: WriteBatch): Promise<string> {
    const now = this.clock.now();
    writes.add(tx.insert(s.cases).values({ id: applied.case.id, ...caseColumns(applied.case, snap.organs, this.crypto), createdAt: now, updatedAt: now }));
    writes.add(tx.insert(s.indicatorFacts).values(indicatorFactRows(applied.case, profileById(snap, applied.case.profileId).evaluationDays)));
    const parties = partyIndexes(applied.case.content, this.crypto);
    if (parties.length) writes.add(tx.insert(s.caseParties).values(parties.map((p) => ({ caseId: applied.case.id, ...p }))));
    const queryCode = newQueryCode();
    const caseId = applied.case.id;
    writes.addCounted('queryCode', tx.insert(s.caseAccessCodes)
      .values({ caseId, codeHash: queryCodeHash(this.crypto, queryCode), codeEnc: this.crypto.encrypt(queryCode, accessCodePlace(caseId)) })
      .onConflictDoNothing({ target: s.caseAccessCodes.codeHash }).returning({ caseId: s.caseAccessCodes.caseId }));
    await this.writeEventAndDocuments(tx, applied, writes, queryCode);
    return queryCode;
  }

  /** The event, its documents (numbered now: the counters are written at once) and the listeners' rows, added to `writes`. */
  private async writeEventAndDocuments(tx: Tx, given: Applied, writes: WriteBatch, queryCode?: string) {
    const applied = frozenOutput(given);
    const seq = applied.case.version;
    writes.add(tx.insert(s.caseEvents).values({ ...applied.event, seq }));
    const issued: (Applied['documents'][number] & { docNumber: string })[] = [];
    for (const d of applied.documents) {
      const year = yearOf(applied.event.on);
      const n = await this.nextCounter(tx, documentCounterScope(d.organId, d.kind), year);
      const organs = (await this.ref.get()).organs;
      const docNumber = documentNumber(organs.get(d.organId)?.name ?? '', d.kind, year, n);
      // The issuing organ's wording (or its nearest ancestor's), frozen with the document: a later edit never changes it.
      const template = await this.documentTemplates?.forIssue(tx, organs, d.organId, d.kind);
      writes.add(tx.insert(s.documents).values({
        id: randomUUID(), caseId: applied.case.id, eventSeq: seq, kind: d.kind, docNumber,
        organId: d.organId, issuedOn: applied.event.on, data: { title: DOCUMENTS[d.kind].title, ...d.data, ...(template ? { template } : {}) },
      }));
      issued.push({ ...d, docNumber });
    }
    for (const l of this.listeners) {
      await l.onCaseEvent(tx, { case: applied.case, event: { ...applied.event, seq }, documents: issued, ...(queryCode ? { queryCode } : {}) }, writes);
    }
  }

  /** Load a case the user may see, or answer as if it did not exist. */
  private async visibleCase(tx: Db | Tx, user: StaffUser | PetitionerActor, caseId: string, snap: ReferenceSnapshot, forUpdate = false): Promise<CaseRecord> {
    const q = tx.select({ record: s.cases.record }).from(s.cases).where(eq(s.cases.id, caseId));
    const rows = await (forUpdate ? q.for('update') : q);
    const c = rows[0]?.record;
    // A petitioner's portal session opens exactly one case.
    const visible = c && (isStaff(user) ? canSeeCase(c, user, snap.organs) : user.caseId === c.id);
    if (!visible) throw new DomainError('CASE_NOT_FOUND', '信访事项不存在或无权查看', { caseId });
    const opened = this.open(c);
    const unreadable = this.opened.get(opened)?.unreadable ?? [];
    if (unreadable.length) {
      // Audited with the read (in a write's transaction, with the write: a refused write is audited as refused).
      const actor = isStaff(user) ? { actorId: user.id, actorOrganId: user.organId } : { actorId: null, actorOrganId: null };
      const entry = unreadableEntry(actor, c.id, unreadable, isStaff(user) ? {} : { actor: 'petitioner' });
      if (forUpdate) await this.audit.append(tx, entry);
      else await this.audit.record(this.db, entry);
    }
    return opened;
  }

  /** Take an action on a case, in one transaction, optionally guarded by the version the user saw. */
  async act<A extends ActionName>(user: StaffUser | PetitionerActor, caseId: string, action: A, input: ActionInputs[A], expectedVersion?: number,
    opts: { inTransaction?: (tx: Tx, applied: Applied) => Promise<void> } = {}): Promise<Acted> {
    try {
      return await this.applyInTransaction(user, caseId, action, input, expectedVersion, opts.inTransaction);
    } catch (e) {
      // A refused command changes nothing but leaves its trace in the audit trail.
      if (e instanceof DomainError) await this.audit.record(this.db, this.entry(user, `case.${action}`, caseId, { code: e.code }, 'denied'));
      throw e;
    }
  }

  private async applyInTransaction<A extends ActionName>(user: StaffUser | PetitionerActor, caseId: string, action: A, input: ActionInputs[A],
    expectedVersion?: number, inTransaction?: (tx: Tx, applied: Applied) => Promise<void>) {
    const snap = await this.ref.get();
    return this.db.transaction(async (tx) => {
      const c = await this.visibleCase(tx, user, caseId, snap, true);
      if (expectedVersion !== undefined && expectedVersion !== c.version) {
        throw new DomainError('VERSION_CONFLICT', '案件已被他人更新，请刷新后重试', { expected: expectedVersion, actual: c.version });
      }
      const linked = await this.linkedCases(tx, c.content.linkedCaseIds, user, snap);
      const ctx = this.context(snap, isStaff(user) ? { kind: 'staff', user } : user, c.profileId, linked);
      const applied = applyAction(c, action, input, ctx);
      const writes = new WriteBatch();
      writes.add(tx.update(s.cases).set({ ...caseColumns(applied.case, snap.organs, this.crypto, this.opened.get(c)), updatedAt: this.clock.now() })
        .where(eq(s.cases.id, c.id)));
      replaceFacts(tx, writes, applied.case, ctx.profile.evaluationDays);
      await this.writeEventAndDocuments(tx, applied, writes);
      const entry = this.entry(user, `case.${action}`, c.id, { from: c.state, to: applied.case.state, version: applied.case.version });
      if (inTransaction) {
        // What belongs with the event (an appeal's attachments) commits or rolls back with it; it
        // refers to the event, so the event is written first, and the audit lock taken after it.
        await writes.flush(tx);
        await inTransaction(tx, applied);
        await this.audit.append(tx, entry);
      } else {
        await this.audit.append(tx, entry, writes);
        await writes.flush(tx);
      }
      return { case: isStaff(user) ? caseView(applied.case, user, snap.organs) : applied.case, documents: applied.documents.map((d) => ({ kind: d.kind })) };
    });
  }

  async detail(user: StaffUser, caseId: string) {
    const snap = await this.ref.get();
    const c = await this.visibleCase(this.db, user, caseId, snap);
    const today = chinaDate(this.clock.now());
    return { case: caseView(c, user, snap.organs), clocks: clockViews(c, today), actingOrganId: actingOrganId(c, snap.organs) };
  }

  async actions(user: StaffUser, caseId: string) {
    const snap = await this.ref.get();
    const c = await this.visibleCase(this.db, user, caseId, snap);
    const linked = await this.linkedCases(this.db, c.content.linkedCaseIds, user, snap);
    return availableActions(c, this.context(snap, { kind: 'staff', user }, c.profileId, linked));
  }

  /** The case's events; an accusation's opinion text withheld as in its detail (caseView's rule). */
  async events(user: StaffUser, caseId: string) {
    const snap = await this.ref.get();
    const c = await this.visibleCase(this.db, user, caseId, snap);
    const rows = await this.db.select().from(s.caseEvents).where(eq(s.caseEvents.caseId, caseId)).orderBy(asc(s.caseEvents.seq));
    return accusationMaterialHidden(c, user, snap.organs) ? rows.map((e) => ({ ...e, data: opinionTextWithheld(e.data) })) : rows;
  }

  /** The case's documents; an accusation's opinion text withheld from their frozen data as in its detail. */
  async documents(user: StaffUser, caseId: string) {
    const snap = await this.ref.get();
    const c = await this.visibleCase(this.db, user, caseId, snap);
    const rows = await this.db.select().from(s.documents).where(eq(s.documents.caseId, caseId)).orderBy(asc(s.documents.eventSeq), asc(s.documents.docNumber));
    return accusationMaterialHidden(c, user, snap.organs) ? rows.map((d) => ({ ...d, data: opinionTextWithheld(d.data) })) : rows;
  }

  /** 台账: every case the user may see, filtered; the same scope rule as single reads. */
  async list(user: StaffUser, f: CaseListFilter): Promise<{ total: number; totalCapped: boolean; items: CaseRow[] }> {
    const snap = await this.ref.get();
    const today = chinaDate(this.clock.now());
    const where = ledgerWhere(user, snap.organs, f, today);
    const page = f.page ?? 1, pageSize = f.pageSize ?? 50;
    const [rows, counted] = await Promise.all([
      this.db.select(LIST_COLUMNS).from(s.cases).where(where)
        .orderBy(desc(s.cases.receivedOn), asc(s.cases.id)).limit(pageSize).offset((page - 1) * pageSize),
      cappedCaseCount(this.db, where),
    ]);
    return { ...counted, items: rows.map((r) => withCountdown(r, today)) };
  }

  /**
   * Earlier petitions of the same person, by exact ID number or phone (keyed blind index): the
   * value itself is never stored or logged. Audited as a read of personal data.
   */
  async lookup(user: StaffUser, by: LookupBy): Promise<CaseRow[]> {
    const snap = await this.ref.get();
    const today = chinaDate(this.clock.now());
    const cond = by.idNumber ? eq(s.caseParties.idNumberIndex, this.crypto.blindIndex('id', by.idNumber))
      : by.phone ? eq(s.caseParties.phoneIndex, this.crypto.blindIndex('phone', by.phone)) : undefined;
    if (!cond) throw new DomainError('INPUT_REQUIRED', '请提供身份证号码或联系电话', { field: 'idNumber' });
    const rows = await this.db.selectDistinct(LIST_COLUMNS).from(s.cases).innerJoin(s.caseParties, eq(s.caseParties.caseId, s.cases.id))
      .where(and(cond, visibleCasesWhere(user, snap.organs))).orderBy(desc(s.cases.receivedOn)).limit(50);
    await this.audit.record(this.db, this.entry(user, 'case.lookup', null, { by: by.idNumber ? 'id_number' : 'phone', found: rows.length }));
    return rows.map((r) => withCountdown(r, today));
  }

  /** 查看完整个人信息: the petitioners in clear, for those allowed; always audited with the reason given, refusals too. */
  async personalData(user: StaffUser, caseId: string, reason: string) {
    const snap = await this.ref.get();
    const c = await this.visibleCase(this.db, user, caseId, snap);
    if (!mayUnmask(c, user, snap.organs, (idNumber) => this.crypto.blindIndex('id', idNumber))) {
      await this.audit.record(this.db, this.entry(user, 'case.unmask', caseId, { reason: reason.trim() }, 'denied'));
      throw new DomainError('FORBIDDEN', '您无权查看本件信访人的完整个人信息');
    }
    await this.audit.record(this.db, this.entry(user, 'case.unmask', caseId, { petitioners: c.content.petitioners.length, reason: reason.trim() }));
    return { petitioners: c.content.petitioners };
  }

  /**
   * Recompute every open deadline in the caller's transaction (the start-up repair of legacy
   * records: few, and needed before serving). Calendar and profile changes go through the
   * background jobs of clock-recomputation.ts instead, a batch per transaction.
   */
  async recomputeOpen(tx: Tx, snap: ReferenceSnapshot, opts: RecomputeScope): Promise<number> {
    let changed = 0;
    for (let after = ''; ;) {
      const r = await this.recomputeBatch(tx, snap, opts, after, 1000);
      changed += r.changed;
      if (r.last === null) return changed;
      after = r.last;
    }
  }

  /**
   * One batch of the recomputation: the open cases (of the profile, when given) with ids after
   * `after`, in id order, locked, at most `limit`. A case whose due dates moved gets a system event
   * `deadline_recomputed` (per clock: the old and new date, each with its provisional flag; the
   * reason, and the notice for a calendar change) and its version is bumped with it, as events are
   * keyed by version. A clock whose date stayed the same is updated in place (e.g. a provisional
   * date the notice confirmed). `last`: the last id examined, null when there was none.
   */
  async recomputeBatch(tx: Tx, snap: ReferenceSnapshot, opts: RecomputeScope, after: string, limit: number): Promise<RecomputedBatch> {
    const now = this.clock.now();
    const rows = await tx.select({ id: s.cases.id, record: s.cases.record }).from(s.cases)
      .where(and(eq(s.cases.open, true), sql`${s.cases.id} > ${after}`, opts.profileId ? eq(s.cases.profileId, opts.profileId) : undefined,
        opts.onlyStale ? STALE_CLOCKS : undefined))
      .orderBy(asc(s.cases.id)).limit(limit).for('update');
    let changed = 0;
    for (const r of rows) {
      const profile = profileById(snap, r.record.profileId);
      const clocks = recomputeClocks(r.record.clocks, profile, snap.calendar);
      if (JSON.stringify(clocks) === JSON.stringify(r.record.clocks)) {
        // No date moved, but a profile's evaluation window (evaluationDays) decides an open case's facts.
        if (opts.reason === 'profile') {
          const writes = new WriteBatch();
          replaceFacts(tx, writes, r.record, profile.evaluationDays);
          await writes.flush(tx);
        }
        continue;
      }
      const moves = dueMoves(r.record.clocks, clocks);
      const version = moves.length ? r.record.version + 1 : r.record.version;
      const next: CaseRecord = { ...r.record, clocks, version };
      const due = nextDueDetail(next);
      const writes = new WriteBatch();
      writes.add(tx.update(s.cases)
        .set({ record: next, nextDue: due.due, nextDueProvisional: due.provisional, version, factsVersion: FACTS_VERSION, updatedAt: now })
        .where(eq(s.cases.id, r.id)));
      replaceFacts(tx, writes, next, profile.evaluationDays);
      await writes.flush(tx);
      if (moves.length) {
        const event: CaseEvent = {
          caseId: r.id, seq: version, action: 'deadline_recomputed', at: now.toISOString(), on: chinaDate(now),
          actorId: null, actorKind: 'system', actorOrganId: null, fromState: r.record.state, toState: r.record.state,
          data: { reason: opts.reason, ...(opts.noticeRef ? { noticeRef: opts.noticeRef } : {}), ...(opts.year ? { year: opts.year } : {}), clocks: moves },
        };
        await tx.insert(s.caseEvents).values(event);
      }
      changed++;
    }
    return { examined: rows.length, changed, last: rows.at(-1)?.id ?? null };
  }

  /**
   * Records stored before provisional due dates existed have open clocks without `provisional` (and
   * with `due: null, awaitingCalendarYear` when their period reached a year then unknown): compute
   * them now. Called at start-up (src/main.ts) before serving; cheap when there are none.
   */
  async recomputeStale(): Promise<number> {
    const any = await this.db.select({ id: s.cases.id }).from(s.cases).where(and(eq(s.cases.open, true), STALE_CLOCKS)).limit(1);
    if (any.length === 0) return 0;
    const snap = await this.ref.get();
    return this.db.transaction((tx) => this.recomputeOpen(tx, snap, { reason: 'provisional_calendar', onlyStale: true }));
  }
}

export { accessCodePlace } from './case-rows.js';

/** A case's indicator facts rewritten with it: the old rows deleted and the new inserted in the same statement (the parts see one snapshot). */
export function replaceFacts(tx: Tx, writes: WriteBatch, c: CaseRecord, evaluationDays: number): void {
  writes.add(tx.delete(s.indicatorFacts).where(eq(s.indicatorFacts.caseId, c.id)));
  writes.add(tx.insert(s.indicatorFacts).values(indicatorFactRows(c, evaluationDays)));
}

function profileById(snap: ReferenceSnapshot, profileId: string): RulesProfile {
  const profile = snap.profiles.get(profileId);
  if (!profile) throw new DomainError('PROFILE_NOT_FOUND', `规则配置${profileId}不存在`);
  return profile;
}

type RecomputeReason = 'calendar_notice' | 'profile' | 'provisional_calendar';

/** One batch of a recomputation: cases read, cases whose clocks changed, the last id read (null: none left). */
export interface RecomputedBatch { examined: number; changed: number; last: string | null }

/** Which open cases a recomputation covers, and what its events say. */
export interface RecomputeScope { profileId?: string; reason: RecomputeReason; noticeRef?: string; year?: number; onlyStale?: boolean }

/** Open clocks recorded before the `provisional` flag (schema of 2026-11, docs/decisions/009). */
const STALE_CLOCKS = sql`jsonb_path_exists(${s.cases.record}, '$.clocks[*] ? (@.stoppedOn == null && !(exists(@.provisional)))')`;

interface DueMove { kind: string; label: string; from: string | null; fromProvisional: boolean; to: string | null; toProvisional: boolean }

/** The open clocks whose due date changed, as the event records them. */
function dueMoves(before: CaseClock[], after: CaseClock[]): DueMove[] {
  const out: DueMove[] = [];
  after.forEach((k, i) => {
    const b = before[i];
    if (!b || k.stoppedOn !== null || b.due === k.due) return;
    out.push({
      kind: k.kind, label: CLOCK_LABELS[k.kind], from: b.due, fromProvisional: b.provisional === true, to: k.due, toProvisional: k.provisional === true,
    });
  });
  return out;
}
