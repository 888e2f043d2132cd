/**
 * The public API's shapes (docs/portal-api.md) as the portal uses them: aliases of the types
 * generated from /api/openapi.json (web/shared/api-types.ts, `npm run api:types`).
 */
import type { ApiAnswer, ApiBody, Schema } from '../../shared/api-contract';

export type Guide = ApiAnswer<'/api/public/guide'>;
export type Office = Guide['offices'][number];
export type RotaEntry = Guide['rota'][number];
export type RegionOption = Schema<'Region'>;
export type Category = Schema<'Category'>;
export type OrganOption = ApiAnswer<'/api/public/organs'>[number];
export type Attachment = ApiAnswer<'/api/public/attachments', 'post'>;
export type Submission = ApiBody<'/api/public/petitions'>;
export type Receipt = ApiAnswer<'/api/public/petitions', 'post'>;
export type Challenge = ApiAnswer<'/api/public/follow/challenge', 'post'>;
export type PublicCase = Schema<'PublicCase'>;
export type PublicStep = Schema<'PublicStep'>;
export type PublicDocument = Schema<'PublicDocument'>;
export type Rating = PublicCase['evaluation']['done'][number]['rating'];
export type RightsCard = ApiAnswer<'/api/public/case/rights-card'>;

export const RATING_LABELS: Record<Rating, string> = { satisfied: '满意', basically_satisfied: '基本满意', dissatisfied: '不满意' };
