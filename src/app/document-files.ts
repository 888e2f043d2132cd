/**
 * An issued document as a file (PDF or Word). Rendered at its first download, not when issued:
 * a PDF takes 100–300 ms, which every action would pay, and the bytes follow from frozen data
 * anyway. The first rendering is stored with its SM3 and every later download answers those bytes
 * (docs/decisions/027). The case is read as for its detail (404 outside the user's scope) and each
 * download is audited like other reads of personal data.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';
import { DomainError } from '../domain/errors.js';
import { composeDocument } from '../domain/documents/document-content.js';
import { documentTitle } from '../domain/model/documents.js';
import type { StaffUser } from '../domain/model/user.js';
import { renderDocx } from '../documents/render-docx.js';
import { renderPdf } from '../documents/render-pdf.js';
import type { AuditSink } from './audit-sink.js';
import type { CaseService } from './case-service.js';
import type { Clock } from './clock.js';
import { accusationMaterialHidden } from './personal-data.js';
import type { ReferenceData } from './reference-data.js';

export const DOCUMENT_FORMATS = ['pdf', 'docx'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export const DOCUMENT_MIME: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

const RENDER = { pdf: renderPdf, docx: renderDocx } as const;

export interface DocumentFile { name: string; asciiName: string; mimeType: string; bytes: Buffer; sm3: string }

export class DocumentFiles {
  constructor(private readonly db: Db, private readonly ref: ReferenceData, private readonly cases: CaseService,
    private readonly audit: AuditSink, private readonly clock: Clock) {}

  async file(user: StaffUser, caseId: string, documentId: string, format: DocumentFormat): Promise<DocumentFile> {
    // The case as its detail shows it to this user: CASE_NOT_FOUND outside the user's scope.
    const { case: c } = await this.cases.detail(user, caseId);
    const snap = await this.ref.get();
    const entry = (outcome: 'ok' | 'denied', detail: Record<string, unknown>) => ({
      actorId: user.id, actorOrganId: user.organId, action: 'case.document.download', targetType: 'case', targetId: caseId, outcome, detail: { documentId, format, ...detail },
    });
    // An accusation's material withheld from the user (Art 30) is withheld from its documents too.
    if (accusationMaterialHidden(c, user, snap.organs)) {
      await this.audit.record(this.db, entry('denied', {}));
      throw new DomainError('FORBIDDEN', '检举控告材料依法保护，您无权下载本件文书');
    }
    const [doc] = await this.db.select().from(s.documents).where(and(eq(s.documents.id, documentId), eq(s.documents.caseId, caseId)));
    if (!doc) throw new DomainError('NOT_FOUND', '文书不存在');

    let stored = await this.stored(documentId, format);
    let rendered = false;
    if (!stored) {
      // Names as every user allowed to download sees them (an accuser's masked), so the frozen
      // bytes do not depend on who downloaded first.
      const content = composeDocument(doc, c, { organ: (id) => (id ? snap.organs.get(id)?.name ?? '' : ''), user: (id) => (id ? snap.users.get(id)?.name ?? '' : '') });
      const bytes = await RENDER[format](content);
      const sm3 = createHash('sm3').update(bytes).digest('hex');
      // Concurrent first downloads: one insert wins, and everyone answers what was stored.
      await this.db.insert(s.documentFiles).values({ documentId, format, bytes, sm3, createdAt: this.clock.now() }).onConflictDoNothing();
      stored = await this.stored(documentId, format);
      if (!stored) throw new Error(`document file ${documentId}.${format} not stored`);
      rendered = true;
    }
    await this.audit.record(this.db, entry('ok', { sm3: stored.sm3, rendered }));
    const title = documentTitle(doc.kind, doc.data);
    return { name: `${title}-${doc.docNumber}.${format}`, asciiName: `document-${documentId}.${format}`, mimeType: DOCUMENT_MIME[format], ...stored };
  }

  private async stored(documentId: string, format: DocumentFormat): Promise<{ bytes: Buffer; sm3: string } | undefined> {
    const [row] = await this.db.select({ bytes: s.documentFiles.bytes, sm3: s.documentFiles.sm3 }).from(s.documentFiles)
      .where(and(eq(s.documentFiles.documentId, documentId), eq(s.documentFiles.format, format)));
    return row;
  }
}
