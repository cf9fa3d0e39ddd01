/**
 * `valuesTable`: rows given inline, usable as a FROM item (`(values ...) as v(a, b)`).
 * Its main use is a batched UPDATE that joins each row to its new values once:
 *
 *   const v = valuesTable('v', { id: users.id, name: users.name }, rows);
 *   update(users).set({ name: v.name }).from(v).where(users.id.eq(v.id));
 *
 * where `SET name = CASE WHEN id = ? THEN ? ...` makes the database try every branch for
 * every row. Each column takes its type (value conversion, PostgreSQL's casts) from the
 * column expression given for it.
 */
import { CompileError } from './errors.js';
import { Expression, toNode } from './expression.js';
import { node, type ExpressionNode, type ValuesTableNode } from './nodes.js';
import type { DerivedSource } from './source.js';
import type { ColumnTypeIR } from '../schema/ir.js';

/**
 * A VALUES table named `alias` with one column per key of `columns` (each typed as the
 * expression given for it, usually a table column) and one row per element of `rows`.
 * Supported where the dialect has VALUES tables (PostgreSQL, SQLite); MySQL refuses it at
 * compile time. `rows` must not be empty.
 */
export function valuesTable<Row extends Record<string, unknown>>(
  alias: string,
  columns: { readonly [K in keyof Row]: Expression<Row[K]> },
  rows: readonly Row[],
): DerivedSource<Row> {
  const names = Object.keys(columns);
  if (names.length === 0) throw new CompileError(`values table "${alias}" needs columns`);
  if (rows.length === 0) throw new CompileError(`values table "${alias}" needs at least one row`);
  const types = names.map((name) => typeOf((columns as Record<string, Expression<unknown>>)[name]));
  const cells: ExpressionNode[][] = rows.map((row, r) =>
    names.map((name, c) => {
      if (!(name in row))
        throw new CompileError(`values table "${alias}": row ${r} has no value for "${name}"`);
      return toNode(row[name], types[c] ?? null);
    }),
  );
  const tableNode: ValuesTableNode = node({
    kind: 'values',
    columns: names.map((name, c) => ({ name, type: types[c] as ColumnTypeIR })),
    rows: cells,
    alias,
  });
  const source: Record<string, Expression<unknown>> = {};
  names.forEach((name, c) => {
    source[name] = new Expression(
      node({ kind: 'column', table: alias, name, type: types[c] ?? null, propertyName: name }),
    );
  });
  Object.defineProperty(source, '$node', { value: tableNode });
  Object.defineProperty(source, '$aliasName', { value: alias });
  return Object.freeze(source) as unknown as DerivedSource<Row>;
}

function typeOf(e: Expression<unknown> | undefined): ColumnTypeIR {
  const n = e?.node;
  if (n?.kind === 'column' && n.type !== null) return n.type;
  throw new CompileError(
    'valuesTable: give each column as a table column (users.id), whose type the values take',
  );
}
