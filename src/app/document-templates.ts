/**
 * 文书模板: an organ's wording of a document kind (system administrator), used by the documents that
 * organ — and the organs below it without one of their own — issue from then on. The case service
 * asks `forIssue` while it stores an issued document and freezes the body in the document's data,
 * so a later change or removal never alters a document already issued (its print page, portal
 * view, files, dossier).
 *
 * The table is small (organs × kinds) and read at every issue: it is held in the process, loaded
 * whole, dropped after a write here and when another process announces one on the change feed.
 */
import { and, eq, sql } from 'drizzle-orm';
import {
  BLOCK_PLACEHOLDERS, DOCUMENT_PLACEHOLDER_LABELS, DOCUMENT_TEMPLATES, isTemplatedKind, validateDocumentTemplate, type TemplatedKind,
} from '../domain/documents/document-templates.js';
import { DomainError, must } from '../domain/errors.js';
import { DOCUMENTS, isDocumentKind } from '../domain/model/documents.js';
import type { OrganTree } from '../domain/model/organ.js';
import type { StaffUser } from '../domain/model/user.js';
import type { ChangeFeed, ChangeSubscription } from '../store/change-feed.js';
import type { Db, Tx } from '../store/database.js';
import * as s from '../store/schema.js';
import { textArray } from '../store/sql-arrays.js';
import type { AuditSink } from './audit-sink.js';
import type { Clock } from './clock.js';
import type { DocumentTemplateList, DocumentTemplateView } from './contracts/document-templates.js';
import type { ReferenceData } from './reference-data.js';
import { requireRole } from './require-role.js';

/** The topic this cache publishes on the database's change feed. */
export const DOCUMENT_TEMPLATES_TOPIC = 'document_templates';

/** What the case service needs: the wording in force for an organ's document of a kind, if an organ set one. */
export interface DocumentTemplateSource {
  forIssue(tx: Db | Tx, organs: OrganTree, organId: string, kind: string): Promise<string | null>;
}

type Overrides = Map<string, Map<string, string>>;

/** The kinds an administrator can edit: those with a template that current rules still issue. */
const EDITABLE: readonly TemplatedKind[] = (Object.keys(DOCUMENT_TEMPLATES) as TemplatedKind[]).filter((k) => !('legacy' in DOCUMENTS[k]));

export class DocumentTemplates implements DocumentTemplateSource {
  private current: Promise<Overrides> | null = null;
  private readonly feed: ChangeSubscription | null;

  constructor(
    private readonly db: Db, private readonly ref: ReferenceData, private readonly audit: AuditSink, private readonly clock: Clock, changes?: ChangeFeed,
  ) {
    this.feed = changes?.subscribe({
      changed: (topic) => { if (topic === DOCUMENT_TEMPLATES_TOPIC) this.current = null; },
      resync: () => { this.current = null; },
    }) ?? null;
  }

  /**
   * The organ's own template of `kind`, else its nearest ancestor's, else null (the default applies).
   * A load goes through the caller's transaction: PGlite has one connection, which it holds.
   */
  async forIssue(tx: Db | Tx, organs: OrganTree, organId: string, kind: string): Promise<string | null> {
    const all = await this.overrides(tx);
    if (all.size === 0) return null;
    for (const o of organs.ancestorsOrSelf(organId)) {
      const body = all.get(o.id)?.get(kind);
      if (body !== undefined) return body;
    }
    return null;
  }

  /** Every editable kind as `organId` sees it: the default, its own template, the one it would inherit. */
  async list(user: StaffUser, organId: string): Promise<DocumentTemplateList> {
    requireRole(user, 'system_admin');
    const organs = (await this.ref.get()).organs;
    const organ = organs.get(organId);
    if (!organ) throw new DomainError('ORGAN_NOT_FOUND', '机关不存在', { field: 'organId' });
    const line = organs.ancestorsOrSelf(organId).map((o) => o.id);
    const rows = await this.db.select().from(s.documentTemplates).where(inList(line));
    const items = EDITABLE.map((kind): DocumentTemplateView => {
      const def = DOCUMENT_TEMPLATES[kind];
      const own = rows.find((r) => r.organId === organId && r.kind === kind);
      const inheritedFrom = line.slice(1).find((id) => rows.some((r) => r.organId === id && r.kind === kind));
      const inherited = inheritedFrom ? must(rows.find((r) => r.organId === inheritedFrom && r.kind === kind), 'the inherited template') : null;
      return {
        kind, label: def.label, title: DOCUMENTS[kind].title, defaultBody: def.body,
        placeholders: def.placeholders.map((p) => ({
          name: p, label: DOCUMENT_PLACEHOLDER_LABELS[p] ?? p, required: (def.required).includes(p), block: BLOCK_PLACEHOLDERS.includes(p),
        })),
        own: own ? { body: own.body, updatedBy: own.updatedBy, updatedAt: own.updatedAt.toISOString() } : null,
        inherited: inherited ? { organId: inherited.organId, organName: organs.get(inherited.organId)?.name ?? '', body: inherited.body } : null,
      };
    });
    return { organId, organName: organ.name, items };
  }

  /** 修改文书模板: validated, written and audited in one transaction; documents issued from now on use it. */
  async save(user: StaffUser, organId: string, kind: string, body: string): Promise<DocumentTemplateView> {
    requireRole(user, 'system_admin');
    const k = await this.checked(organId, kind);
    const text = validateDocumentTemplate(k, body);
    await this.db.transaction(async (tx) => {
      const before = await this.ownBody(tx, organId, k);
      const updatedAt = this.clock.now();
      await tx.insert(s.documentTemplates).values({ organId, kind: k, body: text, updatedBy: user.id, updatedAt })
        .onConflictDoUpdate({ target: [s.documentTemplates.organId, s.documentTemplates.kind], set: { body: text, updatedBy: user.id, updatedAt } });
      await this.audit.append(tx, {
        actorId: user.id, actorOrganId: user.organId, action: 'document_template.update', targetType: 'document_template', targetId: `${organId}/${k}`,
        outcome: 'ok', detail: { organId, kind: k, before, after: text },
      });
    });
    await this.changed();
    return this.view(user, organId, k);
  }

  /** 恢复默认: the organ's own template removed (audited); it inherits again, or the default applies. */
  async remove(user: StaffUser, organId: string, kind: string): Promise<DocumentTemplateView> {
    requireRole(user, 'system_admin');
    const k = await this.checked(organId, kind);
    await this.db.transaction(async (tx) => {
      const gone = await tx.delete(s.documentTemplates).where(and(eq(s.documentTemplates.organId, organId), eq(s.documentTemplates.kind, k)))
        .returning({ body: s.documentTemplates.body });
      if (!gone[0]) return; // nothing of its own: nothing changed, nothing to record
      await this.audit.append(tx, {
        actorId: user.id, actorOrganId: user.organId, action: 'document_template.delete', targetType: 'document_template', targetId: `${organId}/${k}`,
        outcome: 'ok', detail: { organId, kind: k, before: gone[0].body },
      });
    });
    await this.changed();
    return this.view(user, organId, k);
  }

  /** Stop listening to the change feed. */
  close(): void {
    this.feed?.unsubscribe();
  }

  private async checked(organId: string, kind: string): Promise<TemplatedKind> {
    if (!isDocumentKind(kind) || !isTemplatedKind(kind) || !EDITABLE.includes(kind)) throw new DomainError('TEMPLATE_NOT_FOUND', '文书模板不存在', { kind });
    if (!(await this.ref.get()).organs.get(organId)) throw new DomainError('ORGAN_NOT_FOUND', '机关不存在', { field: 'organId' });
    return kind;
  }

  private async ownBody(tx: Tx, organId: string, kind: TemplatedKind): Promise<string | null> {
    const rows = await tx.select({ body: s.documentTemplates.body }).from(s.documentTemplates)
      .where(and(eq(s.documentTemplates.organId, organId), eq(s.documentTemplates.kind, kind)));
    return rows[0]?.body ?? null;
  }

  private async view(user: StaffUser, organId: string, kind: TemplatedKind): Promise<DocumentTemplateView> {
    return must((await this.list(user, organId)).items.find((t) => t.kind === kind), `the template ${kind}, just written`);
  }

  /** After a committed write: this process reloads at its next issue, the others are told. */
  private async changed(): Promise<void> {
    this.current = null;
    // The write has committed: a failed notification must not turn it into an error answer.
    await this.feed?.publish(DOCUMENT_TEMPLATES_TOPIC).catch(() => undefined);
  }

  private overrides(tx: Db | Tx): Promise<Overrides> {
    return (this.current ??= this.load(tx));
  }

  private load(tx: Db | Tx): Promise<Overrides> {
    const loading = (async () => {
      const t = s.documentTemplates;
      const rows = await tx.select({ organId: t.organId, kind: t.kind, body: t.body }).from(t);
      const out: Overrides = new Map();
      for (const r of rows) {
        const byKind = out.get(r.organId) ?? new Map<string, string>();
        byKind.set(r.kind, r.body);
        out.set(r.organId, byKind);
      }
      return out;
    })();
    // A failed load is not cached: the next issue tries again.
    loading.catch(() => { if (this.current === loading) this.current = null; });
    return loading;
  }
}

/** The rows of these organs (one array parameter). */
function inList(organIds: string[]) {
  return sql`${s.documentTemplates.organId} = any(${textArray(organIds)})`;
}
