/**
 * An added NOT NULL column with nothing to fill the existing rows with. PostgreSQL and
 * SQLite refuse it on a table with rows; MySQL/MariaDB give every row the type's
 * implicit default (0, '', the first enum value) without a word, and the data then says
 * something nobody wrote. `migrate up/down` (run-loss.ts, before the first statement:
 * loss-first.ts) and `dbgen push` (push.ts) refuse it there too, and no --force agrees:
 * the values would be made up.
 */
import type { ColumnIR } from '../schema/ir.js';
import type { Operation } from '../schema/operations.js';
import type { MigrationConnection } from './connection.js';

/** How to write the change instead, for the refusal. */
export const NOT_NULL_ADVICE =
  'Give the column a default, or add it nullable, fill it, then alter it to NOT NULL.';

/**
 * Whether `column` is NOT NULL with nothing the database computes or defaults it to: no
 * default, no generation expression, no auto-increment (as the MySQL renderer emits it:
 * integer types only).
 */
function fillsNothing(column: ColumnIR): boolean {
  const notNull = !column.nullable || column.primaryKey;
  const defaulted = column.default !== null && column.default.kind !== 'null';
  const increments =
    column.autoIncrement && ['smallint', 'integer', 'bigint'].includes(column.type.logical);
  return notNull && !defaulted && !column.generated && !increments;
}

/**
 * The column of `op` when it is an addColumn that `connection`'s dialect would fill with
 * made-up values on a table with rows (MySQL/MariaDB only: the others refuse it
 * themselves), else null.
 */
export function madeUpFill(connection: MigrationConnection, op: Operation): ColumnIR | null {
  if (connection.dialect !== 'mysql' || op.kind !== 'addColumn') return null;
  return fillsNothing(op.column) ? op.column : null;
}

/** What the refusal says the operation does (`adds column public.users.age NOT NULL ...`). */
export function madeUpFillWhat(table: string, column: ColumnIR): string {
  return (
    `adds column ${table}.${column.name} NOT NULL without a default to a table that holds rows: ` +
    `MySQL/MariaDB would give every existing row a made-up value (0, '', ...)`
  );
}
