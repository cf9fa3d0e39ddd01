/**
 * Public API of the dbml area (see docs/contracts.md): parsing, the module loader,
 * formatting. The AST types are in `ast.ts`.
 */
export { parseDbml, type ParseResult } from './parse.js';
export type * from './ast.js';
