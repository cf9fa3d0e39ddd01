/**
 * Rendering operations to SQL. Each dialect's `ddl.ts` exports a {@link DdlDialect};
 * {@link renderOperations} walks the operations, keeping the schema state each needs.
 */
import type { DefaultIR, SchemaIR, TableIR } from './ir.js';
import type { Operation, OperationKind, OperationOf } from './operations.js';
import { applyOperation } from './state.js';

/** A dialect's name (`Dialect.name`): 'postgres', 'sqlite', or a dialect an application registered. */
export type DialectName = string;

export interface DdlDialect {
  readonly name: DialectName;
  /**
   * The statements that perform `op`. `before` is the schema the database holds when
   * `op` runs; `after` is the schema it holds once `op` has run.
   */
  render(op: Operation, before: SchemaIR, after: SchemaIR): string[];
}

/**
 * A dialect's renderer of each operation kind except `raw` (which {@link ddlDialect} adds)
 * and `data` (rows, not DDL: it renders to nothing and the runner runs it).
 */
export type OperationRenderers = {
  [K in Exclude<OperationKind, 'raw' | 'data'>]: (
    op: OperationOf<K>,
    before: SchemaIR,
    after: SchemaIR,
  ) => string[];
};

/**
 * The {@link DdlDialect} of `name` from its renderers. A raw operation runs its SQL as
 * written: the one string, or the entry for `name` (none: nothing on this dialect).
 */
export function ddlDialect(name: DialectName, renderers: OperationRenderers): DdlDialect {
  const raw = (op: OperationOf<'raw'>): string[] => {
    const sql = typeof op.sql === 'string' ? op.sql : op.sql[name];
    return sql === undefined ? [] : [sql];
  };
  return {
    name,
    render: (op, before, after) =>
      op.kind === 'raw'
        ? raw(op)
        : op.kind === 'data'
          ? []
          : (renderers[op.kind] as (op: Operation, before: SchemaIR, after: SchemaIR) => string[])(
              op,
              before,
              after,
            ),
  };
}

/** One operation and the statements rendered for it. */
export interface RenderedStep {
  readonly operation: Operation;
  readonly statements: readonly string[];
}

/** Renders `ops` in order starting from `state`; returns the steps and the final state. */
export function renderOperations(
  ops: readonly Operation[],
  dialect: DdlDialect,
  state: SchemaIR,
): { steps: RenderedStep[]; state: SchemaIR } {
  const steps: RenderedStep[] = [];
  let current = state;
  for (const operation of ops) {
    const next = applyOperation(current, operation);
    steps.push({ operation, statements: dialect.render(operation, current, next) });
    current = next;
  }
  return { steps, state: current };
}

/** `"name"`, with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `'text'`, with embedded quotes doubled. */
export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A default as SQL; `booleans` says how the dialect spells true and false. */
export function renderDefault(value: DefaultIR, booleans: readonly [string, string]): string {
  switch (value.kind) {
    case 'number':
      return String(value.value);
    case 'string':
      return quoteString(value.value);
    case 'boolean':
      return value.value ? booleans[0] : booleans[1];
    case 'null':
      return 'NULL';
    case 'expression':
      return value.sql;
  }
}

/** `"schema.name"` → `["schema", "name"]` (the first dot separates them). */
export function splitKey(key: string): [string, string] {
  const dot = key.indexOf('.');
  return dot < 0 ? ['public', key] : [key.slice(0, dot), key.slice(dot + 1)];
}

/** Columns of a table's list as a quoted, comma-separated list. */
export function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdent).join(', ');
}

/** True when the column is the table's single integer primary key marked auto-increment. */
export function isIdentityKey(table: TableIR, column: string): boolean {
  const pk = table.primaryKey?.columns ?? [];
  const found = table.columns.find((c) => c.name === column);
  return (
    pk.length === 1 &&
    pk[0] === column &&
    found !== undefined &&
    found.autoIncrement &&
    ['smallint', 'integer', 'bigint'].includes(found.type.logical)
  );
}
