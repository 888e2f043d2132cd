/**
 * Attachments on the staff side: uploads by the roles that register and handle petitions (the same
 * checks and storage as the portal's), and the download of a case's attachment under the case's
 * visibility — an accusation's material only for those Art 30 lets see the accuser — audited.
 */
import { maySeeAccuser } from '../domain/access/personal-data-access.js';
import { DomainError } from '../domain/errors.js';
import { REGISTRAR_ROLES } from '../domain/model/user.js';
import type { Attachment } from '../domain/model/petition.js';
import type { StaffUser } from '../domain/model/user.js';
import { staffUploader, type AttachmentService } from './attachments.js';
import type { AuditSink } from './audit-sink.js';
import type { CaseService } from './case-service.js';
import type { Db } from '../store/database.js';
import type { ReferenceData } from './reference-data.js';
import { requireRole } from './require-role.js';

export class CaseAttachments {
  constructor(
    private readonly db: Db,
    private readonly ref: ReferenceData,
    private readonly files: AttachmentService,
    private readonly cases: CaseService,
    private readonly audit: AuditSink,
  ) {}

  /** The per-file size limit (the HTTP layer bounds the upload with it). */
  get maxBytes(): number {
    return this.files.maxBytes;
  }

  /** Uploads belong to registration and handling: the roles that register petitions. Call before reading the body. */
  mayUpload(user: StaffUser): void {
    requireRole(user, REGISTRAR_ROLES, '只有登记员、信访工作人员、承办人或负责人可以上传附件');
  }

  async upload(user: StaffUser, bytes: Buffer, name: string | undefined): Promise<Attachment> {
    this.mayUpload(user);
    return this.files.store(bytes, name, 'staff', staffUploader(user.id));
  }

  /**
   * One attachment of a case the user may see: the petition's own, or one linked to a later event
   * (appeal material) unless the case is an accusation whose material is withheld from the user.
   * Every case the user may not see, and every other hash, answers the same NOT_FOUND. Audited.
   */
  async download(user: StaffUser, caseId: string, sha256: string): Promise<{ name: string; bytes: Buffer; mimeType: string; size: number }> {
    const sha = sha256.toLowerCase();
    // detail() answers 404 for a case the user may not see, and withholds an accusation's material.
    const d = await this.cases.detail(user, caseId);
    const snap = await this.ref.get();
    const materialHidden = d.case.content.kind === 'accusation' && !maySeeAccuser(d.case, user, snap.organs);
    let name = d.case.content.attachments.find((a) => a.sha256 === sha)?.name;
    if (!name && !materialHidden) name = (await this.files.linkedTo(caseId)).find((a) => a.sha256 === sha)?.name;
    const file = name ? await this.files.get(sha) : null;
    if (!name || !file) throw new DomainError('NOT_FOUND', '附件不存在或无权查看');
    await this.audit.record(this.db, {
      actorId: user.id, actorOrganId: user.organId, action: 'case.attachment.read', targetType: 'case', targetId: caseId, outcome: 'ok', detail: { sha256: sha },
    });
    return { name, ...file };
  }
}
