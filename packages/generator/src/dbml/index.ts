/**
 * Public API of the dbml area (see docs/contracts.md): parsing, the module loader,
 * formatting, and diagnostic rendering. The AST types are in `ast.ts`.
 */
export { parseDbml, type ParseResult } from './parse.js';
export {
  loadDbmlModules,
  type LoadedModule,
  type ModuleLoadOptions,
  type ModuleLoadResult,
} from './modules.js';
export { formatDbml, formatName } from './format.js';
export { renderDiagnostic, renderDiagnostics, type RenderOptions } from '../diagnostics/render.js';
export type * from './ast.js';
