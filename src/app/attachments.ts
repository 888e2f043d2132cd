/**
 * Attachments (附件) to petitions, from the portal and the workbench: images and PDF only, the type
 * decided by the content (magic bytes), never by the file name or the browser's declared type;
 * stored once per distinct content (sha256) in the database.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { inArray, eq } from 'drizzle-orm';
import { DomainError } from '../domain/errors.js';
import type { Attachment } from '../domain/model/petition.js';
import type { Db } from '../store/database.js';
import * as s from '../store/schema.js';

export const ALLOWED_TYPES: Readonly<Record<string, string>> = {
  'image/jpeg': 'JPEG 图片', 'image/png': 'PNG 图片', 'image/webp': 'WebP 图片', 'application/pdf': 'PDF 文档',
};
export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_PETITION = 5;

export function maxAttachmentBytesFromEnv(): number {
  const v = Number(process.env.MINSHENG_ATTACHMENT_MAX_BYTES);
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_MAX_ATTACHMENT_BYTES;
}

export const tooLarge = (max: number) =>
  new DomainError('ATTACHMENT_TOO_LARGE', `附件过大：每个文件不得超过${formatMb(max)}`, { maxBytes: max });

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)}MB` : `${Math.ceil(bytes / 1024)}KB`;
}

/** A file name as shown back: no path, no control characters, at most 200 characters. */
export function cleanName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || '附件').slice(0, 200);
}

export class AttachmentService {
  constructor(private readonly db: Db, readonly maxBytes: number = maxAttachmentBytesFromEnv()) {}

  /** The content's type if it is one we accept, else a 415 refusal. */
  async sniff(bytes: Buffer): Promise<string> {
    const ft = await fileTypeFromBuffer(bytes);
    if (!ft || !(ft.mime in ALLOWED_TYPES)) {
      throw new DomainError('ATTACHMENT_TYPE_NOT_ALLOWED', '只能上传 JPEG、PNG、WebP 图片或 PDF 文档（按文件内容识别，与文件名无关）', { detected: ft?.mime ?? null });
    }
    return ft.mime;
  }

  /** Check and store one upload; the same content uploaded twice is stored once. */
  async store(bytes: Buffer, name: string | undefined, source: 'public' | 'staff'): Promise<Attachment> {
    if (bytes.length === 0) throw new DomainError('ATTACHMENT_REQUIRED', '请选择要上传的文件');
    if (bytes.length > this.maxBytes) throw tooLarge(this.maxBytes);
    const mimeType = await this.sniff(bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.db.insert(s.attachments).values({ sha256, bytes, mimeType, size: bytes.length, source }).onConflictDoNothing();
    return { name: cleanName(name), mimeType, size: bytes.length, sha256 };
  }

  /**
   * The attachments a petition refers to, as stored: each must exist; type and size are taken from
   * the store, not from what the client sent back.
   */
  async resolve(list: { name: string; sha256: string }[]): Promise<Attachment[]> {
    if (list.length > MAX_ATTACHMENTS_PER_PETITION) throw new DomainError('TOO_MANY_ATTACHMENTS', `附件最多${MAX_ATTACHMENTS_PER_PETITION}个`);
    if (list.length === 0) return [];
    const rows = await this.db.select({ sha256: s.attachments.sha256, mimeType: s.attachments.mimeType, size: s.attachments.size })
      .from(s.attachments).where(inArray(s.attachments.sha256, list.map((a) => a.sha256.toLowerCase())));
    const found = new Map(rows.map((r) => [r.sha256, r]));
    const seen = new Set<string>();
    return list.map((a, i) => {
      const r = found.get(a.sha256.toLowerCase());
      if (!r) throw new DomainError('ATTACHMENT_NOT_FOUND', `第${i + 1}个附件不存在或未上传成功，请重新上传`, { index: i });
      if (seen.has(r.sha256)) throw new DomainError('ATTACHMENT_DUPLICATE', `第${i + 1}个附件与前面的附件相同`, { index: i });
      seen.add(r.sha256);
      return { name: cleanName(a.name), mimeType: r.mimeType, size: r.size, sha256: r.sha256 };
    });
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
