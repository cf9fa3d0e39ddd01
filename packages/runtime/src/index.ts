/**
 * @dbgen/runtime: the engine, dialects, SQL expression language, ORM session and
 * migration runner that generated dbgen clients run on.
 */
export * from './schema/ir.js';
export * from './core/index.js';
export * from './orm/index.js';
export * from './migrate/index.js';
