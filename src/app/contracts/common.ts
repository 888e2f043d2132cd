/**
 * The API's contracts, once (docs/decisions/013-one-contract-per-route.md): each request the app
 * services take and each answer they give is a TypeBox schema in src/app/contracts/ (the domain's
 * records in src/domain/schemas.ts), and its TypeScript type is derived from it with Static<>. The
 * services use the types; the routes (src/http) validate and describe with the schemas, and the
 * TypeBox type provider makes the compiler check every handler against both. This module: the small
 * pieces every contract uses.
 */
import { Type, type TSchema } from 'typebox';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A resident ID number (18 characters, the last may be X). */
export const IdNumberT = Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' });
/** A telephone number as people type it: digits, +, - and spaces. */
export const PhoneT = Type.String({ pattern: '^[0-9+\\- ]{7,20}$' });
/** A region code (GB/T 2260) or its leading digits: 2 for a province, 4 a city, 6 a county… */
export const RegionCodeT = Type.String({ pattern: '^[0-9]{2,12}$' });
/** A content category code or its leading digits (2 per level). */
export const CategoryCodeT = Type.String({ pattern: '^[0-9]{2,6}$' });
/** A file's SHA-256, in hex. */
export const Sha256T = Type.String({ pattern: '^[0-9a-fA-F]{64}$' });

/** A page of a list and the total of the whole list. */
export const PageOf = <T extends TSchema>(item: T) => Type.Object({ total: Type.Integer(), items: Type.Array(item) });

/** A page of a list of cases: its total counted up to a cap (src/app/capped-count.ts). */
export const CappedPageOf = <T extends TSchema>(item: T) => Type.Object({
  total: Type.Integer({ description: '符合条件的件数；totalCapped 为 true 时为上限（10000），实际更多' }),
  totalCapped: Type.Boolean({ description: '件数超过上限，只计到上限（页面显示“10000 件以上”，可翻到上限为止）' }),
  items: Type.Array(item),
});

/** `page` (from 1) and `pageSize` query parameters. */
export const paging = (maxPageSize: number) => ({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: maxPageSize })),
});

/** A write that answers only that it was done. */
export const OkT = Type.Object({ ok: Type.Literal(true) });

/** The id of what a request created. */
export const CreatedT = Type.Object({ id: Type.String() });

/** An id in a path. */
export const IdParamsT = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

const OrNull = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A background recomputation of open deadlines (src/app/clock-recomputation.ts) and its progress. */
export const RecomputeJobT = Type.Object({
  id: Type.Integer(),
  reason: Type.Enum(['calendar_notice', 'profile'], { description: 'calendar_notice 录入节假日安排通知；profile 修改期限规则' }),
  noticeRef: OrNull(Type.String()), year: OrNull(Type.Integer()), profileId: OrNull(Type.String()),
  status: Type.Enum(['queued', 'running', 'done'], { description: 'queued 排队中；running 正在重算；done 已完成' }),
  total: Type.Integer({ description: '排入任务时涉及的在办件数' }),
  examined: Type.Integer({ description: '已核算的在办件数' }),
  changed: Type.Integer({ description: '期限有变动（或预计改为确定）的件数' }),
  createdAt: Type.String(), finishedAt: OrNull(Type.String()),
}, { description: '期限重算任务' });
/** A calendar or profile change: saved, its recomputation queued (it runs in the background). */
export const RecomputeQueuedT = Type.Object({ job: RecomputeJobT });
export const RecomputeJobsT = Type.Object({ items: Type.Array(RecomputeJobT) });
