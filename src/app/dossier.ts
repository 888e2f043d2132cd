/**
 * A case's dossier (卷宗) for the reader: the case as its detail shows it to them (scope, masking,
 * an accusation's withheld material), its timeline, every document composed as it is printed, and
 * its attachments' names. Compiled on each request — it is the reader's view, not an issued
 * document — and audited as a read of the case's personal data.
 */
import { chinaDate } from '../domain/calendar/dates.js';
import { composeDocument } from '../domain/documents/document-content.js';
import { actionLabel } from '../domain/lifecycle/action-rules.js';
import { STATE_LABELS } from '../domain/model/case-states.js';
import { isDocumentKind } from '../domain/model/documents.js';
import type { StaffUser } from '../domain/model/user.js';
import { renderDossierPdf, type DossierContent } from '../documents/render-dossier.js';
import type { Db } from '../store/database.js';
import type { AttachmentService } from './attachments.js';
import type { AuditEntryInput, AuditSink } from './audit-sink.js';
import type { CaseService } from './case-service.js';
import type { Clock } from './clock.js';
import { accusationMaterialHidden } from './personal-data.js';
import type { ReferenceData } from './reference-data.js';

const chineseDay = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${y ?? ''}年${Number(m)}月${Number(d)}日`;
};

/** A dossier compiled for a reader, not yet rendered: its content and what its index row and audit entry need. */
export interface CompiledDossier {
  caseId: string;
  caseNumber: string;
  content: DossierContent;
  /** Art 30: the accusation's material was withheld from this reader. */
  materialWithheld: boolean;
  /** The cover's facts, as the index of a batch lists them. */
  holderOrganName: string;
  receivedOn: string;
  acceptedOn: string | null;
  closedOn: string | null;
  stateLabel: string;
}

export class Dossiers {
  constructor(private readonly db: Db, private readonly ref: ReferenceData, private readonly cases: CaseService,
    private readonly files: AttachmentService, private readonly audit: AuditSink, private readonly clock: Clock) {}

  /** The dossier's content for the reader (the case read as its detail reads it: 404 outside the scope). Not audited: the caller audits the read. */
  async compile(user: StaffUser, caseId: string): Promise<CompiledDossier> {
    const { case: c } = await this.cases.detail(user, caseId);
    const [events, docs] = await Promise.all([this.cases.events(user, caseId), this.cases.documents(user, caseId)]);
    const snap = await this.ref.get();
    const organ = (id: string | null | undefined) => (id ? snap.organs.get(id)?.name ?? '' : '');
    const person = (id: string | null | undefined) => (id ? snap.users.get(id)?.name ?? '' : '');
    const hidden = accusationMaterialHidden(c, user, snap.organs);
    const petitioners = c.content.anonymous ? '匿名' : c.content.petitioners.map((p) => p.name).join('、');
    const linked = hidden ? [] : await this.files.linkedTo(caseId);
    const today = chinaDate(this.clock.now());
    const content: DossierContent = {
      caseNumber: c.number, title: c.content.title, petitioners,
      cover: [
        { label: '登记机关', value: organ(c.registrarOrganId) },
        { label: '办理机关', value: organ(c.holderOrganId) },
        { label: '收到日期', value: chineseDay(c.content.receivedOn) },
        { label: '受理日期', value: chineseDay(c.acceptedOn) },
        { label: '办结日期', value: chineseDay(c.closedOn) },
        { label: '当前状态', value: STATE_LABELS[c.state] },
      ],
      compiledOn: today, compiledBy: organ(user.organId),
      events: events.map((e) => ({
        on: e.on, label: actionLabel(e.action),
        who: e.actorKind === 'petitioner' ? '信访人' : e.actorKind === 'system' ? '系统' : `${person(e.actorId)}${e.actorOrganId ? `（${organ(e.actorOrganId)}）` : ''}`,
        ...(e.fromState !== e.toState ? { state: STATE_LABELS[e.toState] } : {}),
      })),
      documents: docs.filter((d) => isDocumentKind(d.kind)).map((d) => composeDocument(d, c, { organ, user: person })),
      attachments: [
        ...c.content.attachments.map((a) => ({ name: a.name, note: `登记时提交，${Math.max(1, Math.round(a.size / 1024))} KB` })),
        ...linked.filter((l) => !c.content.attachments.some((a) => a.sha256 === l.sha256)).map((l) => ({ name: l.name, note: '办理中提交' })),
      ],
    };
    return {
      caseId, caseNumber: c.number, content, materialWithheld: hidden, holderOrganName: organ(c.holderOrganId),
      receivedOn: c.content.receivedOn, acceptedOn: c.acceptedOn, closedOn: c.closedOn, stateLabel: STATE_LABELS[c.state],
    };
  }

  /** The audit entry of a dossier read (one per case, whether alone or in a batch: `detail` says which batch). */
  readEntry(user: StaffUser, d: CompiledDossier, detail: Record<string, unknown> = {}): AuditEntryInput {
    return {
      actorId: user.id, actorOrganId: user.organId, action: 'case.dossier.read', targetType: 'case', targetId: d.caseId, outcome: 'ok',
      detail: { documents: d.content.documents.length, events: d.content.events.length, materialWithheld: d.materialWithheld, ...detail },
    };
  }

  async pdf(user: StaffUser, caseId: string): Promise<{ name: string; asciiName: string; bytes: Buffer }> {
    const d = await this.compile(user, caseId);
    const bytes = await renderDossierPdf(d.content);
    await this.audit.record(this.db, this.readEntry(user, d));
    return { name: `卷宗-${d.caseNumber}.pdf`, asciiName: `dossier-${d.caseNumber}.pdf`, bytes };
  }
}
