/**
 * Attachments (附件) to petitions, from the portal and the workbench: images and PDF only, the type
 * decided by the content (magic bytes), never by the file name or the browser's declared type;
 * stored once per distinct content (sha256) in the database. Each upload is recorded with its
 * uploader; a petition or appeal may refer only to its own uploader's files (claimUploads).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import { DomainError } from '../domain/errors.js';
import type { Attachment } from '../domain/model/petition.js';
import type { Db, Tx } from '../store/database.js';
import * as s from '../store/schema.js';

export const ALLOWED_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'JPEG 图片', 'image/png': 'PNG 图片', 'image/webp': 'WebP 图片', 'application/pdf': 'PDF 文档',
};
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_PETITION = 5;

export const tooLarge = (max: number) =>
  new DomainError('ATTACHMENT_TOO_LARGE', `附件过大：每个文件不得超过${formatMb(max)}`, { maxBytes: max });

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)}MB` : `${Math.ceil(bytes / 1024)}KB`;
}

/** A file name as shown back: no path, no control characters, at most 200 characters. */
export function cleanName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is what this does
  const base = ((name ?? '').split(/[\\/]/).at(-1) ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || '附件').slice(0, 200);
}

export class AttachmentService {
  constructor(private readonly db: Db, readonly maxBytes: number = DEFAULT_MAX_ATTACHMENT_BYTES) {}

  /** The content's type if it is one we accept, else a 415 refusal. */
  async sniff(bytes: Buffer): Promise<string> {
    const ft = await fileTypeFromBuffer(bytes);
    if (!ft || !(ft.mime in ALLOWED_TYPES)) {
      throw new DomainError('ATTACHMENT_TYPE_NOT_ALLOWED', '只能上传 JPEG、PNG、WebP 图片或 PDF 文档（按文件内容识别，与文件名无关）', { detected: ft?.mime ?? null });
    }
    return ft.mime;
  }

  /**
   * Check and store one upload; the same content uploaded twice is stored once, but each uploader's
   * upload is recorded (`uploader`: staffUploader / portalUploader), so that only they can attach it.
   */
  async store(bytes: Buffer, name: string | undefined, source: 'public' | 'staff', uploader: string): Promise<Attachment> {
    if (bytes.length === 0) throw new DomainError('ATTACHMENT_REQUIRED', '请选择要上传的文件');
    if (bytes.length > this.maxBytes) throw tooLarge(this.maxBytes);
    const mimeType = await this.sniff(bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.db.transaction(async (tx) => {
      await tx.insert(s.attachments).values({ sha256, bytes, mimeType, size: bytes.length, source }).onConflictDoNothing();
      // One unlinked upload per uploader and content is enough: uploading it again adds nothing.
      const open = await tx.select({ id: s.attachmentUploads.id }).from(s.attachmentUploads)
        .where(and(eq(s.attachmentUploads.sha256, sha256), eq(s.attachmentUploads.uploader, uploader), isNull(s.attachmentUploads.caseId))).limit(1);
      if (open.length === 0) await tx.insert(s.attachmentUploads).values({ id: randomUUID(), sha256, uploader });
    });
    return { name: cleanName(name), mimeType, size: bytes.length, sha256 };
  }

  /** Attachments of a case beyond content.attachments (appeal material), as linked to their events. */
  async linkedTo(caseId: string): Promise<{ name: string; sha256: string }[]> {
    return this.db.select({ name: s.caseAttachmentLinks.name, sha256: s.caseAttachmentLinks.sha256 }).from(s.caseAttachmentLinks)
      .where(eq(s.caseAttachmentLinks.caseId, caseId));
  }

  async get(sha256: string): Promise<{ bytes: Buffer; mimeType: string; size: number } | null> {
    const rows = await this.db.select({ bytes: s.attachments.bytes, mimeType: s.attachments.mimeType, size: s.attachments.size })
      .from(s.attachments).where(eq(s.attachments.sha256, sha256.toLowerCase()));
    return rows[0] ?? null;
  }
}

/** The portal's upload cookie: a random token naming the browser that uploaded (path /api/public, HttpOnly). */
export const UPLOAD_COOKIE = 'ms_upload';
/** It lives as long as a petition may take to write (a day), and is renewed by every upload. */
export const UPLOAD_COOKIE_TTL_S = 86_400;

/** The uploader of a staff member's uploads. */
export const staffUploader = (userId: string): string => `staff:${userId}`;

/**
 * The uploader of the portal's uploads: the browser, by the random upload token in its cookie (only
 * the token's SHA-256 is stored). No token, no uploader: such a request can attach nothing.
 */
export const portalUploader = (token: string | undefined): string | null =>
  (token && token.length >= 32 ? `portal:${createHash('sha256').update(token).digest('hex')}` : null);

/** The browser's upload token (the cookie it sent, or a new one) and the uploader it names. */
export function uploadToken(sent: string | undefined): { token: string; uploader: string } {
  const token = sent && sent.length >= 32 ? sent : randomBytes(32).toString('base64url');
  return { token, uploader: `portal:${createHash('sha256').update(token).digest('hex')}` };
}

/**
 * The attachments a petition or an appeal refers to, checked in the caller's transaction: each must be
 * a file this `uploader` uploaded and has not linked to another case, or one already linked to this
 * same case. Type and size come from the store, not from the client. Unknown and foreign hashes get
 * the same answer (ATTACHMENT_NOT_FOUND), so the answer does not tell whether a hash exists. The
 * uploads found are locked; `linkUploads` then links them (once the case row exists).
 */
interface Checked { attachments: Attachment[]; uploadIds: string[] }
export async function checkUploads(tx: Tx, list: readonly { name: string; sha256: string }[], uploader: string | null, caseId: string): Promise<Checked> {
  const attachments: Attachment[] = [];
  const uploadIds: string[] = [];
  const seen = new Set<string>();
  for (const [i, a] of list.entries()) {
    const sha = a.sha256.toLowerCase();
    if (seen.has(sha)) throw new DomainError('ATTACHMENT_DUPLICATE', `第${i + 1}个附件与前面的附件相同`, { index: i });
    seen.add(sha);
    const mine = uploader === null ? undefined : and(eq(s.attachmentUploads.uploader, uploader), isNull(s.attachmentUploads.caseId));
    const rows = await tx.select({ id: s.attachmentUploads.id, caseId: s.attachmentUploads.caseId, mimeType: s.attachments.mimeType, size: s.attachments.size })
      .from(s.attachmentUploads).innerJoin(s.attachments, eq(s.attachments.sha256, s.attachmentUploads.sha256))
      .where(and(eq(s.attachmentUploads.sha256, sha), or(eq(s.attachmentUploads.caseId, caseId), mine)))
      .for('update', { of: s.attachmentUploads });
    const already = rows.find((r) => r.caseId === caseId);
    const row = already ?? rows[0];
    if (!row) throw new DomainError('ATTACHMENT_NOT_FOUND', `第${i + 1}个附件不存在或未上传成功，请重新上传`, { index: i });
    if (!already) uploadIds.push(row.id);
    attachments.push({ name: cleanName(a.name), mimeType: row.mimeType, size: row.size, sha256: sha });
  }
  return { attachments, uploadIds };
}

/** Link the uploads checkUploads found (and locked) to their case. */
export async function linkUploads(tx: Tx, uploadIds: string[], caseId: string): Promise<void> {
  if (uploadIds.length === 0) return;
  const linked = await linkUploadsQuery(tx, uploadIds, caseId);
  assertAllLinked(linked.length, uploadIds.length);
}

/** Not reached while checkUploads holds the row locks; refused rather than linked twice if it were. */
export function assertAllLinked(linked: number, expected: number): void {
  if (linked !== expected) throw new DomainError('ATTACHMENT_NOT_FOUND', '附件不存在或未上传成功，请重新上传');
}

/** The uploads given to the case (those not given to one yet), returning one row for each linked: for a WriteBatch, or linkUploads. */
export function linkUploadsQuery(tx: Tx, uploadIds: string[], caseId: string) {
  return tx.update(s.attachmentUploads).set({ caseId })
    .where(and(inArray(s.attachmentUploads.id, uploadIds), isNull(s.attachmentUploads.caseId))).returning({ id: s.attachmentUploads.id });
}
