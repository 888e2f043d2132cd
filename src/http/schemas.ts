/** Route schemas (TypeBox → JSON Schema): they validate requests and generate the OpenAPI document. */
import { Type } from 'typebox';
import { PetitionContentT } from '../domain/schemas.js';

export { ACTION_INPUT_SCHEMAS, IsoDateT } from '../domain/lifecycle/action-inputs.js';

export const ErrorT = Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Any()) }, { description: '错误：稳定的 code 与中文 message' });

export const RegisterBodyT = Type.Object({ petition: PetitionContentT, simplified: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
