/** 文书模板: each document kind's wording as an organ sees it — the default, its own, the one it inherits. */
import { Type, type Static } from 'typebox';
import { named } from '../../domain/schemas.js';
import { Nullable } from './common.js';

export const DocumentTemplateViewT = Type.Object({
  kind: Type.String(), label: Type.String(), title: Type.String({ description: '文书标题' }),
  placeholders: Type.Array(Type.Object({
    name: Type.String(), label: Type.String(), required: Type.Boolean(),
    block: Type.Boolean({ description: '逐项展开为多段，须单独占一行' }),
  })),
  defaultBody: Type.String(),
  own: Nullable(Type.Object({ body: Type.String(), updatedBy: Type.String(), updatedAt: Type.String({ description: 'ISO 8601' }) }, { description: '本机关的模板' })),
  inherited: Nullable(Type.Object({ organId: Type.String(), organName: Type.String(), body: Type.String() }, { description: '最近一级设有模板的上级机关的模板' })),
}, named('DocumentTemplate'));
export const DocumentTemplateListT = Type.Object({ organId: Type.String(), organName: Type.String(), items: Type.Array(DocumentTemplateViewT) });
export const DocumentTemplateQueryT = Type.Object({ organId: Type.String({ minLength: 1, maxLength: 80 }) }, { additionalProperties: false });
export const DocumentTemplateParamsT = Type.Object({ organId: Type.String({ minLength: 1, maxLength: 80 }), kind: Type.String({ pattern: '^[a-z_]{1,40}$' }) });
export const DocumentTemplateBodyT = Type.Object({ body: Type.String({ minLength: 1, maxLength: 6000 }) }, { additionalProperties: false });

export type DocumentTemplateView = Static<typeof DocumentTemplateViewT>;
export type DocumentTemplateList = Static<typeof DocumentTemplateListT>;
