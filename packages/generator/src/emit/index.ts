// Public API of the emit area; see docs/contracts.md and docs/generate.md.
export { emitClient, emitSources, ClientEmitter, type EmitOptions } from './emit-client.js';
export { HEADER_PREFIX, headerLine, isGenerated } from './header.js';
export {
  writeClient,
  OutputCache,
  OutputConflictError,
  SharedOutputFolderError,
  type WriteResult,
} from './write-client.js';
export {
  ClientGenerator,
  generateClient,
  type CompiledSchema,
  type GenerateOptions,
  type GenerateResult,
  type RunOptions,
  type SchemaCompiler,
} from './generate-client.js';
export { portablePath } from './portable-path.js';
