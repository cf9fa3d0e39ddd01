/**
 * Public API of the ir area (see docs/contracts.md and docs/schema.md): the schema pipeline
 * (`compileSchema`: files → parse → IR → validation), the IR builder on parsed files, the
 * stable codes of semantic diagnostics, and the naming and type rules generated code uses.
 */
export {
  compileSchema,
  compileSchemaSource,
  type CompileOptions,
  type CompileResult,
} from './compile.js';
export { buildSchema, type BuildResult } from './build.js';
export { CODES, type SemanticCode } from './codes.js';
export { camelCase, className, pascalCase, pluralize, singularize } from './naming.js';
export { builtinTypeNames, logicalTypeOf, isSerialType, typesCompatible } from './types.js';
export { splitNote } from './extensions.js';
