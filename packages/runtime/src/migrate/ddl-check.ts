/**
 * Whether operations render for a dialect, checked without a database (`migrate new` for
 * a configured URL, `dbgen generate` for a declared `database_type`): a feature no server of the dialect has stops the migration before it
 * is written; one that depends on the server (MariaDB lacks what MySQL 8 has) is reported
 * and kept, since the server it is applied to decides, before any statement runs.
 */
import type { SchemaIR, SourceSpan } from '../schema/ir.js';
import type { Operation } from '../schema/operations.js';
import type { DdlDialect, DialectName } from '../schema/render.js';
import { applyOperation } from '../schema/state.js';
import { UnsupportedFeatureError } from '../schema/unsupported.js';
import { dialectNamed } from '../core/dialect-lookup.js';
import { normalizeSchema } from './names.js';

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

/** A feature a schema asks of a dialect that it lacks, and where the schema asks for it. */
export interface SchemaRefusal {
  readonly error: UnsupportedFeatureError;
  /** The index's span, else its table's (absent for a schema not read from DBML). */
  readonly span?: SourceSpan;
}

/**
 * What `schema` asks of `dialect` that it lacks, known without a database (the schema's
 * declared `database_type`, at generate time): each table and each index is rendered on
 * its own, so every problem is named, not only the first. The offline DDL is used, so a
 * refusal that depends on the server carries `availableOn`.
 */
export function unsupportedFeatures(schema: SchemaIR, dialect: DialectName): SchemaRefusal[] {
  const ddl = dialectNamed(dialect).ddl;
  // Most schemas have nothing to refuse: checked as written first, normalised (for the
  // default names refusals quote) only when something is refused.
  if (refusalsIn(schema, schema, ddl).length === 0) return [];
  return refusalsIn(normalizeSchema(schema), schema, ddl);
}

/** The refusals of rendering `state`'s tables and indexes; spans come from `written`. */
function refusalsIn(state: SchemaIR, written: SchemaIR, ddl: DdlDialect): SchemaRefusal[] {
  const refusals: SchemaRefusal[] = [];
  const attempt = (op: Operation, span: SourceSpan | undefined): void => {
    try {
      ddl.render(op, state, state);
    } catch (error) {
      // Anything else (a schema the DDL cannot render at all) is for `sql` and migrations to
      // report with the statement; this check only names missing features.
      if (error instanceof UnsupportedFeatureError)
        refusals.push({ error, ...(span ? { span } : {}) });
    }
  };
  // Normalising drops the spans: they are the written tables' and indexes'.
  const writtenTables = new Map(written.tables.map((t) => [t.key, t]));
  for (const table of state.tables) {
    const source = writtenTables.get(table.key);
    attempt({ kind: 'createTable', table: { ...table, indexes: [] } }, source?.span);
    if (table.view) continue;
    const sameIndexes = source?.indexes.length === table.indexes.length;
    for (const [i, index] of table.indexes.entries()) {
      attempt(
        { kind: 'createIndex', table: table.key, index: { ...index, name: index.name ?? '' } },
        (sameIndexes ? source.indexes[i]?.span : undefined) ?? source?.span,
      );
    }
  }
  return refusals;
}
