/**
 * The lines echo and the slow-statement threshold write to the engine's logger. The echo
 * line's form (`[dbgen] <ms> ms <sql> -- <values>`) is read by tools and tests: keep it.
 */
import { redact } from '../errors.js';

/** A statement as echo shows it. */
export function echoLine(
  durationMs: number,
  sql: string,
  parameters: readonly unknown[],
  showValues: boolean,
  failed: boolean,
): string {
  return `[dbgen] ${durationMs.toFixed(2)} ms ${sql}${shownValues(parameters, showValues)}${failed ? ' -- failed' : ''}`;
}

/** A statement slower than `thresholdMs`. */
export function slowLine(
  durationMs: number,
  thresholdMs: number,
  sql: string,
  parameters: readonly unknown[],
  showValues: boolean,
): string {
  return `[dbgen] slow statement: ${durationMs.toFixed(2)} ms (slowStatementMs: ${thresholdMs}) ${sql}${shownValues(parameters, showValues)}`;
}

function shownValues(parameters: readonly unknown[], showValues: boolean): string {
  if (parameters.length === 0) return '';
  return ` -- ${JSON.stringify(showValues ? parameters : redact(parameters), jsonSafe)}`;
}

/** JSON for values JSON has no form for (a Buffer is read before its `toJSON` ran). */
function jsonSafe(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  if (Buffer.isBuffer(original)) return `<${original.length} bytes>`;
  if (typeof value === 'bigint') return value.toString();
  return value;
}
