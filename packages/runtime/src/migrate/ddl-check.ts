/**
 * Whether operations render for a dialect, checked without a database (`migrate new` for
 * a configured URL): a feature no server of the dialect has stops the migration before it
 * is written; one that depends on the server (MariaDB lacks what MySQL 8 has) is reported
 * and kept, since the server it is applied to decides, before any statement runs.
 */
import type { SchemaIR } from '../schema/ir.js';
import type { Operation } from '../schema/operations.js';
import type { DdlDialect } from '../schema/render.js';
import { applyOperation } from '../schema/state.js';
import { UnsupportedFeatureError } from '../schema/unsupported.js';

/**
 * Renders `ops` from `state` with `ddl`; throws the first UnsupportedFeatureError no server
 * escapes, passes each server-dependent one to `warn`. Returns the state after `ops`.
 */
export function checkRenders(
  ops: readonly Operation[],
  ddl: DdlDialect,
  state: SchemaIR,
  warn: (error: UnsupportedFeatureError) => void,
): SchemaIR {
  let current = state;
  for (const op of ops) {
    const next = applyOperation(current, op);
    try {
      ddl.render(op, current, next);
    } catch (error) {
      if (!(error instanceof UnsupportedFeatureError) || error.availableOn === undefined)
        throw error;
      warn(error);
    }
    current = next;
  }
  return current;
}
