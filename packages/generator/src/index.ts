/**
 * @dbgen/generator: reads DBML into the schema IR, validates it, and emits typed
 * clients and DDL.
 */
export type * from './dbml/ast.js';
export * from './diagnostics/diagnostic.js';
export * from './dbml/index.js';
export * from './ir/index.js';
export * from './emit/index.js';
export * from './dbml-writer/index.js';
export * from './diagram/index.js';
