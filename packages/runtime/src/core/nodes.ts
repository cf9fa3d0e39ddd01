/**
 * Operation nodes: the immutable, `kind`-tagged tree every statement is built as. The
 * node types live in ./nodes/ by concern; this module is the one place the rest of the
 * runtime imports them from.
 */
export * from './nodes/expressions.js';
export * from './nodes/selection-type.js';
export type * from './nodes/writes.js';
