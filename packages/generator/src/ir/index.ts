// Public API of the ir area; see docs/contracts.md.
export { buildSchema, type BuildResult } from './build.js';
export { CODES, type SemanticCode } from './codes.js';
export { camelCase, className, pascalCase, pluralize, singularize } from './naming.js';
export { logicalTypeOf, isSerialType, typesCompatible } from './types.js';
export { splitNote } from './extensions.js';
export {
  compileSchema,
  compileSchemaSource,
  type CompileOptions,
  type CompileResult,
} from './compile.js';
