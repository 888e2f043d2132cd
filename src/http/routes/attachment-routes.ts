/**
 * Uploads (portal and workbench: the same checks and storage) and the staff download of a case's
 * attachment. Multipart is accepted only on the two upload routes (an encapsulated plugin).
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { tooLarge } from '../../app/attachments.js';
import type { PortalServices } from '../../app/portal-service.js';
import { maySeeAccuser } from '../../domain/access/personal-data-access.js';
import { DomainError } from '../../domain/errors.js';
import { REGISTRAR_ROLES } from '../../domain/model/user.js';
import { staff } from '../request-user.js';
import { ErrorT } from '../schemas.js';
import type { Services } from '../server.js';
import type { Db } from '../../store/database.js';
import type { PublicLimiters } from './public-routes.js';
import { sendFile } from './public-routes.js';

const errors = { 400: ErrorT, 401: ErrorT, 403: ErrorT, 404: ErrorT, 413: ErrorT, 415: ErrorT, 422: ErrorT, 429: ErrorT };
const AttachmentT = Type.Object({ name: Type.String(), mimeType: Type.String(), size: Type.Integer(), sha256: Type.String() });

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
  if (!part || part.fieldname !== 'file') throw new DomainError('ATTACHMENT_REQUIRED', '请选择要上传的文件（字段 file）');
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    throw e;
  }
  if (part.file.truncated) throw tooLarge(maxBytes);
  return { bytes, name: part.filename };
}

export async function registerAttachmentRoutes(app: FastifyInstance, deps: { services: Services; db: Db; portal: PortalServices; limiters: PublicLimiters }): Promise<void> {
  const { services, portal, limiters } = deps;
  const files = portal.attachments;
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: files.maxBytes, files: 1 } });

    scope.post('/api/public/attachments', {
      onRequest: limiters.write,
      schema: { tags: ['portal'], summary: '上传附件（JPEG/PNG/WebP 图片或 PDF，按内容识别类型）', consumes: ['multipart/form-data'], response: { 201: AttachmentT, ...errors } },
    }, async (req, reply) => {
      const up = await readUpload(req, files.maxBytes);
      const a = await files.store(up.bytes, up.name, 'public');
      return reply.code(201).send(a);
    });

    scope.post('/api/attachments', {
      schema: { tags: ['cases'], summary: '上传附件（工作人员登记用；与网上信访相同的检查）', consumes: ['multipart/form-data'], response: { 201: AttachmentT, ...errors } },
    }, async (req, reply) => {
      const u = staff(req);
      // Uploads belong to registration and handling: the roles that register petitions.
      if (!REGISTRAR_ROLES.some((r) => u.roles.includes(r))) throw new DomainError('FORBIDDEN', '只有登记员、信访工作人员、承办人或负责人可以上传附件');
      const up = await readUpload(req, files.maxBytes);
      const a = await files.store(up.bytes, up.name, 'staff');
      return reply.code(201).send(a);
    });
  });

  app.get('/api/cases/:id/attachments/:sha256', {
    schema: {
      tags: ['cases'], summary: '下载案件附件（须可见本件；检举控告材料依第30条保护）',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }), sha256: Type.String({ pattern: '^[0-9a-fA-F]{64}$' }) }),
      response: errors,
    },
  }, async (req, reply) => {
    const u = staff(req);
    const { id, sha256 } = req.params as { id: string; sha256: string };
    const sha = sha256.toLowerCase();
    // detail() answers 404 for a case the user may not see, and withholds an accusation's material.
    const d = await services.cases.detail(u, id);
    const snap = await services.ref.get();
    const materialHidden = d.case.content.kind === 'accusation' && !maySeeAccuser(d.case, u, snap.organs);
    let name = d.case.content.attachments.find((a) => a.sha256 === sha)?.name;
    if (!name && !materialHidden) name = (await portal.service.linkedAttachments(id)).find((a) => a.sha256 === sha)?.name;
    const file = name ? await files.get(sha) : null;
    if (!name || !file) throw new DomainError('NOT_FOUND', '附件不存在或无权查看');
    await services.audit.record(deps.db, {
      actorId: u.id, actorOrganId: u.organId, action: 'case.attachment.read', targetType: 'case', targetId: id, outcome: 'ok', detail: { sha256: sha },
    });
    return sendFile(reply, { name, ...file });
  });
}
