/**
 * @dbgen/runtime: the engine, dialects, SQL expression language, ORM session and
 * migration runner that generated dbgen clients run on.
 */
// First: registers the built-in dialects (their drivers load only when an engine connects).
export * from './dialects/registry.js';
export * from './schema/ir.js';
export * from './core/index.js';
export * from './orm/index.js';
export * from './migrate/index.js';
export * from './seed/index.js';
// Text to Date by the runtime's conventions (timestamp text without a zone is UTC): the
// lenient readers of what databases print, and the strict ones for text a person typed
// (the studio, seeds): the whole text only, a day in the calendar.
export { parseDate, parseTimestamp } from './core/temporal.js';
export { parseDateInput, parseTimestampInput, pastMilliseconds } from './core/temporal-input.js';
