/**
 * The workbench's lists (WorkbenchService): the queue (待办) and its filter, the dashboard's counts,
 * the leader's approval inbox (审批待办), and what the case screens' forms need beside the case.
 */
import { Type, type Static } from 'typebox';
import { DECIDING_ACTION } from '../../domain/lifecycle/choices.js';
import { IsoDateT } from '../../domain/lifecycle/action-inputs.js';
import { CASE_STATES, OPEN_PHASES } from '../../domain/model/case-states.js';
import { ROLES } from '../../domain/model/user.js';
import { ApprovalRequestT, named } from '../../domain/schemas.js';
import { CaseRowT } from './cases.js';
import { CappedPageOf, Nullable, paging } from './common.js';

export const STAGE_KEYS = OPEN_PHASES.map((g) => g.key);

export const QueueFilterT = Type.Object({
  ...paging(200),
  stage: Type.Optional(Type.Enum(STAGE_KEYS, { description: '阶段' })),
  state: Type.Optional(Type.String({ maxLength: 40 })), channel: Type.Optional(Type.String({ maxLength: 20 })),
  due: Type.Optional(Type.Enum(['overdue', 'soon'], { description: 'overdue 已超期；soon 3日内到期' })),
  q: Type.Optional(Type.String({ maxLength: 50, description: '编号或标题包含' })),
  assignedToMe: Type.Optional(Type.Boolean()),
  supervision: Type.Optional(Type.Enum(['received', 'issued'], { description: 'received 本机关待反馈的督办；issued 本机关督办未反馈' })),
}, { additionalProperties: false });

/** A row of the queue: a ledger row with the organ expected to act, the category and the region. */
export const QueueRowT = Type.Object({
  ...CaseRowT.properties,
  actingOrganId: Type.String(),
  categoryCode: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
}, named('QueueRow'));
export const QueuePageT = CappedPageOf(QueueRowT);

const Count = Type.Integer({ minimum: 0 });
export const SummaryT = Type.Object({
  today: IsoDateT,
  mine: Type.Object({
    total: Count, overdue: Count, dueSoon: Count, assignedToMe: Count,
    stages: Type.Array(Type.Object({ key: Type.Enum(STAGE_KEYS), label: Type.String(), count: Count })),
    byState: Type.Array(Type.Object({ state: Type.Enum(CASE_STATES), count: Count })),
    dueNext14: Type.Array(Type.Object({ date: IsoDateT, count: Count })),
  }, { description: '本人（本机关）待办' }),
  scope: Type.Object({
    open: Count, overdue: Count, newSinceYesterday: Count, since: IsoDateT, total: Count,
    totalCapped: Type.Boolean({ description: 'total 只计到上限（10000），实际更多' }),
  }, { description: '本人数据权限内的全部案件' }),
  supervision: Type.Object({ received: Count, issued: Count }),
});

/** One request in a leader's 审批待办: what is asked, by whom, and the period it concerns. */
export const ApprovalItemT = Type.Object({
  caseId: Type.String(), caseNumber: Type.String(), title: Type.String(), state: Type.Enum(CASE_STATES), version: Type.Integer(),
  approvalId: Type.Integer(), kind: ApprovalRequestT.properties.kind, kindLabel: Type.String(),
  action: Type.Enum(Object.values(DECIDING_ACTION)),
  requestedBy: Type.String({ description: '申请人姓名' }), requestedOn: IsoDateT, payload: ApprovalRequestT.properties.payload,
  due: Nullable(IsoDateT), daysLeft: Nullable(Type.Integer()), overdue: Type.Boolean(),
}, { ...named('ApprovalItem'), description: 'due：所涉期限（延期为办理期限，签发为意见期限）' });
export const ApprovalsT = Type.Object({ items: Type.Array(ApprovalItemT) });

export const DirectoryUserT = Type.Object({ id: Type.String(), name: Type.String(), organId: Type.String(), roles: Type.Array(Type.Enum(ROLES)), active: Type.Boolean() }, named('DirectoryUser'));
export const FormContextT = Type.Object({
  today: IsoDateT,
  users: Type.Array(DirectoryUserT, { description: '工作人员名录（姓名、机关、角色；无个人信息）' }),
});

export type QueueFilter = Static<typeof QueueFilterT>;
export type QueueRow = Static<typeof QueueRowT>;
export type Summary = Static<typeof SummaryT>;
export type ApprovalItem = Static<typeof ApprovalItemT>;
export type FormContext = Static<typeof FormContextT>;
