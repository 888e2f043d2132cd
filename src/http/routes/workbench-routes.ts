/**
 * The workbench's lists: dashboard counts, the queue (GET /api/cases, with filters) and the ledger's
 * Excel export. Each answer is computed under the caller's data scope (WorkbenchService).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { STAGE_KEYS, type QueueFilter, type WorkbenchService } from '../../app/workbench-service.js';
import type { CaseListFilter } from '../../app/case-service.js';
import { staff } from '../request-user.js';
import { ErrorT, IsoDateT } from '../schemas.js';

const errors = { 400: ErrorT, 401: ErrorT, 403: ErrorT, 404: ErrorT, 422: ErrorT };

/** The ledger's filters (GET /api/cases/ledger takes the same). */
export const LedgerFilterT = Type.Object({
  state: Type.Optional(Type.String({ maxLength: 40 })), open: Type.Optional(Type.Boolean()), channel: Type.Optional(Type.String({ maxLength: 20 })),
  kind: Type.Optional(Type.String({ maxLength: 20 })), categoryCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,6}$' })),
  holderOrganId: Type.Optional(Type.String({ maxLength: 100 })), regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{2,12}$' })),
  receivedFrom: Type.Optional(IsoDateT), receivedTo: Type.Optional(IsoDateT), overdue: Type.Optional(Type.Boolean()), simplified: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const QueueQueryT = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  stage: Type.Optional(Type.Union(STAGE_KEYS.map((k) => Type.Literal(k)), { description: '阶段' })),
  state: Type.Optional(Type.String({ maxLength: 40 })), channel: Type.Optional(Type.String({ maxLength: 20 })),
  due: Type.Optional(Type.Union([Type.Literal('overdue'), Type.Literal('soon')], { description: 'overdue 已超期；soon 3日内到期' })),
  q: Type.Optional(Type.String({ maxLength: 50, description: '编号或标题包含' })),
  assignedToMe: Type.Optional(Type.Boolean()),
  supervision: Type.Optional(Type.Union([Type.Literal('received'), Type.Literal('issued')], { description: 'received 本机关待反馈的督办；issued 本机关督办未反馈' })),
}, { additionalProperties: false });

/** RFC 5987/6266: an ASCII fallback and the real (UTF-8) name. */
export function attachmentDisposition(filename: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function registerWorkbenchRoutes(app: FastifyInstance, workbench: WorkbenchService): Promise<void> {
  app.get('/api/workbench/summary', {
    schema: { tags: ['cases'], summary: '工作台统计：本人/本机关待办按阶段、超期、3日内到期、昨日以来新登记、督办（仅计数，无个人信息）', response: { 401: ErrorT } },
  }, async (req) => workbench.summary(staff(req)));

  app.get('/api/approvals', {
    schema: { tags: ['cases'], summary: '审批待办：报请本人审批的延期申请和待签发的意见（最早的在前）', response: { 401: ErrorT } },
  }, async (req) => workbench.approvals(staff(req)));

  app.get('/api/cases', {
    schema: { tags: ['cases'], summary: '本机关待办队列（超期在前，按期限由近及远；可按阶段、状态、渠道、期限、编号/标题筛选）', querystring: QueueQueryT, response: errors },
  }, async (req) => workbench.queue(staff(req), req.query as QueueFilter));

  app.get('/api/cases/ledger/export', {
    schema: {
      tags: ['cases'], summary: `台账导出 Excel（与台账相同的筛选与数据权限；个人信息脱敏；单次上限 1 万件；记入审计）`,
      querystring: LedgerFilterT,
      response: errors,
    },
  }, async (req, reply) => {
    const { today, workbook } = await workbench.exportLedger(staff(req), req.query as CaseListFilter);
    const stamp = today.replaceAll('-', '');
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachmentDisposition(`台账-${stamp}.xlsx`, `ledger-${stamp}.xlsx`))
      .header('cache-control', 'no-store')
      .send(workbook);
  });
}
