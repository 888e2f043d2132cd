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

/** How many open cases a calendar or profile change recomputed. */
export const RecomputedT = Type.Object({ recomputed: Type.Integer({ description: '重新计算期限的在办件数' }) });
