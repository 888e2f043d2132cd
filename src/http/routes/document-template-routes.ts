/** 文书模板 (system administrator): each organ's wording of the documents it issues. */
import {
  DocumentTemplateBodyT, DocumentTemplateListT, DocumentTemplateParamsT, DocumentTemplateQueryT, DocumentTemplateViewT,
} from '../../app/contracts/document-templates.js';
import type { DocumentTemplates } from '../../app/document-templates.js';
import { staff } from '../request-user.js';
import { errors, type App } from '../schemas.js';

export function registerDocumentTemplateRoutes(app: App, templates: DocumentTemplates): void {
  app.get('/api/admin/document-templates', {
    schema: {
      tags: ['admin'], summary: '文书模板：本机关每类文书的默认文本、本机关模板及继承自上级机关的模板（系统管理员）',
      querystring: DocumentTemplateQueryT, response: { 200: DocumentTemplateListT, ...errors(400, 401, 403, 422) },
    },
  }, async (req) => templates.list(staff(req), req.query.organId));

  app.put('/api/admin/document-templates/:organId/:kind', {
    schema: {
      tags: ['admin'], summary: '修改本机关的文书模板（系统管理员；本机关及未设模板的下级机关此后出具的文书采用新文本，已出具的文书不变）',
      params: DocumentTemplateParamsT, body: DocumentTemplateBodyT, response: { 200: DocumentTemplateViewT, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req) => templates.save(staff(req), req.params.organId, req.params.kind, req.body.body));

  app.delete('/api/admin/document-templates/:organId/:kind', {
    schema: {
      tags: ['admin'], summary: '删除本机关的文书模板，恢复继承上级机关的模板或默认文本（系统管理员）',
      params: DocumentTemplateParamsT, response: { 200: DocumentTemplateViewT, ...errors(400, 401, 403, 404, 422) },
    },
  }, async (req) => templates.remove(staff(req), req.params.organId, req.params.kind));
}
