/** The dossiers' batch export (GET /api/dossiers.zip): an organ subtree and the period its cases were closed in. */
import { Type, type Static } from 'typebox';
import { IsoDateT } from '../../domain/lifecycle/action-inputs.js';

export const DossierBatchQueryT = Type.Object({
  organId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '办理机关（含下级）；缺省为本人数据权限的最上级机关' })),
  // The period the cases were closed (办结/终结) in, both days included.
  from: IsoDateT, to: IsoDateT,
}, { additionalProperties: false });
export type DossierBatchQuery = Static<typeof DossierBatchQueryT>;
