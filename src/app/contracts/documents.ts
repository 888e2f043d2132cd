/**
 * An issued document's wording as composed by src/domain/documents/document-content.ts: what the
 * portal shows and the files print, so both read the same text.
 */
import { Type, type Static } from 'typebox';
import { named } from '../../domain/schemas.js';
import { Nullable } from './common.js';

export const DocumentContentT = Type.Object({
  kind: Type.String(),
  organName: Type.String({ description: '发文机关标志' }),
  docNumber: Type.String(),
  title: Type.String(),
  addressee: Nullable(Type.String({ description: '主送：机关或信访人；送达回执、听证笔录没有' })),
  paragraphs: Type.Array(Type.Object({ text: Type.String(), plain: Type.Optional(Type.Boolean({ description: '不缩进' })) })),
  table: Type.Optional(Type.Array(Type.Object({ label: Type.String(), value: Type.String(), blankMm: Type.Optional(Type.Number({ description: '留白（毫米），供签名' })) }))),
  signatureOrgan: Type.String(),
  date: Type.String({ description: '成文日期，如 2026年12月7日' }),
  issuedOn: Type.String(),
  caseNumber: Type.String(),
}, named('DocumentContent'));

export type DocumentContentView = Static<typeof DocumentContentT>;

export const DocumentFileQueryT = Type.Object({
  format: Type.Union([Type.Literal('pdf'), Type.Literal('docx')], { description: '文件格式：pdf 或 docx' }),
}, { additionalProperties: false });
