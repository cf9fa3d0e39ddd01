/**
 * Public API of the dbml area (see docs/contracts.md): parsing, the module loader,
 * formatting, and diagnostic rendering. The AST types are in `ast.ts`.
 *
 * Diagnostic codes of this area (stable; never reused for another meaning):
 * - lexer: DBML101 unexpected character, DBML102 unterminated string or quoted name,
 *   DBML103 unterminated `'''` string, DBML105 unterminated `` ` `` expression,
 *   DBML106 unterminated comment, DBML107 invalid number, DBML108 invalid escape;
 * - parser: DBML120 expected a token, found another, DBML121 none of the alternatives fits,
 *   DBML122 expected at least one item, DBML123 unexpected input after the end,
 *   DBML124 step budget exhausted (too many errors), DBML129 internal error;
 * - tolerated-then-reported syntax: DBML130 block without a name, DBML131 settings after a
 *   Ref's name, DBML132 `indexes`/`checks` block at top level;
 * - module loader: DBML150 file not found, DBML151 imported element not exported,
 *   DBML152 not a text file (a NUL byte: binary or UTF-16).
 */
export { parseDbml, type ParseResult } from './parse.js';
export { ParseCache } from './parse-cache.js';
export {
  loadDbmlModules,
  type LoadedModule,
  type ModuleLoadOptions,
  type ModuleLoadResult,
} from './modules.js';
export { formatDbml, formatName } from './format.js';
export {
  DEFAULT_DIAGNOSTIC_LIMIT,
  renderDiagnostic,
  renderDiagnosticList,
  renderDiagnostics,
  visible,
  type RenderListOptions,
  type RenderOptions,
} from '../diagnostics/render.js';
export type * from './ast.js';
