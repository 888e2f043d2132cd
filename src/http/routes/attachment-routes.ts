/**
 * Uploads (portal and workbench: the same checks and storage) and the staff download of a case's
 * attachment. Multipart is accepted only on the two upload routes (an encapsulated plugin).
 */
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ALLOWED_TYPES, tooLarge, UPLOAD_COOKIE, UPLOAD_COOKIE_TTL_S, uploadToken, type AttachmentService } from '../../app/attachments.js';
import { Sha256T } from '../../app/contracts/common.js';
import { AttachmentT } from '../../domain/schemas.js';
import type { CaseAttachments } from '../../app/case-attachments.js';
import { DomainError } from '../../domain/errors.js';
import { staff } from '../request-user.js';
import { badText, invalidCharacter } from '../input-guard.js';
import { errors, fileAnswer, type App } from '../schemas.js';
import type { PublicLimiters } from './public-routes.js';
import { cookieOptions, sendFile } from './public-routes.js';

/** The one file of a multipart request, read whole (bounded by the size limit). */
async function readUpload(req: FastifyRequest, maxBytes: number): Promise<{ bytes: Buffer; name: string }> {
  if (!req.isMultipart()) throw new DomainError('ATTACHMENT_REQUIRED', '请以表单文件（multipart/form-data，字段 file）上传');
  let part;
  try {
    part = await req.file({ limits: { fileSize: maxBytes, files: 1, fields: 5 } });
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_FILES_LIMIT' || (e as { code?: string }).code === 'FST_PARTS_LIMIT') throw new DomainError('ATTACHMENT_REQUIRED', '每次只能上传一个文件');
    throw new DomainError('ATTACHMENT_REQUIRED', '上传的内容无法识别，请重新选择文件');
  }
  if (part?.fieldname !== 'file') throw new DomainError('ATTACHMENT_REQUIRED', '请选择要上传的文件（字段 file）');
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    // The body ended inside the file (a truncated upload: busboy's "Unexpected end of form"), or
    // is not multipart at all past its first part: the client's fault, never a 500.
    throw new DomainError('ATTACHMENT_REQUIRED', '上传的内容不完整，请重新选择文件');
  }
  if (part.file.truncated) throw tooLarge(maxBytes);
  // The file name is kept in a text column: the boundary's check for the JSON requests (input-guard.ts).
  if (badText(part.filename)) throw invalidCharacter();
  return { bytes, name: part.filename };
}

export async function registerAttachmentRoutes(app: App,
  deps: { files: AttachmentService; caseAttachments: CaseAttachments; limiters: PublicLimiters }): Promise<void> {
  const { files, caseAttachments, limiters } = deps;
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: files.maxBytes, files: 1 } });

    scope.post('/api/public/attachments', {
      onRequest: limiters.write,
      schema: { tags: ['portal'], summary: '上传附件（JPEG/PNG/WebP 图片或 PDF，按内容识别类型）', consumes: ['multipart/form-data'], response: { 201: AttachmentT, ...errors(400, 413, 415, 429) } },
    }, async (req, reply) => {
      const up = await readUpload(req, files.maxBytes);
      // The browser that uploads is the only one that can attach the file (to a petition or an appeal).
      const { token, uploader } = uploadToken(req.cookies[UPLOAD_COOKIE]);
      const a = await files.store(up.bytes, up.name, 'public', uploader);
      reply.setCookie(UPLOAD_COOKIE, token, cookieOptions(req, UPLOAD_COOKIE_TTL_S));
      return reply.code(201).send(a);
    });

    scope.post('/api/attachments', {
      schema: { tags: ['cases'], summary: '上传附件（工作人员登记用；与网上信访相同的检查）', consumes: ['multipart/form-data'], response: { 201: AttachmentT, ...errors(400, 401, 403, 413, 415) } },
    }, async (req, reply) => {
      const u = staff(req);
      caseAttachments.mayUpload(u); // before the body is read
      const up = await readUpload(req, caseAttachments.maxBytes);
      return reply.code(201).send(await caseAttachments.upload(u, up.bytes, up.name));
    });
  });

  app.get('/api/cases/:id/attachments/:sha256', {
    schema: {
      tags: ['cases'], summary: '下载案件附件（须可见本件；检举控告材料依第30条保护）',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), sha256: Sha256T }),
      response: { 200: fileAnswer('附件（按内容识别的类型）', ...Object.keys(ALLOWED_TYPES)), ...errors(400, 401, 403, 404) },
    },
  }, async (req, reply) => sendFile(reply, await caseAttachments.download(staff(req), req.params.id, req.params.sha256)));
}
