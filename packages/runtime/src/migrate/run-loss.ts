/**
 * What an operation of `migrate up/down` would lose on the live database, asked about (or
 * refused without --force) before it runs: a dropped table with rows, a dropped column
 * with values, and a column whose type narrows under values that do not fit (`varchar(100)`
 * → `varchar(3)` under 'abcdef', `decimal(10,2)` → `decimal(10,0)` under 2.75). A narrowing
 * is asked about because no dialect can be trusted to refuse it: MySQL/MariaDB truncate
 * and round, PostgreSQL rounds decimals. `dbgen push` asks about the same changes
 * (push.ts), counting the same values (misfit.ts).
 *
 * An added NOT NULL column without a default on a table with rows is refused outright on
 * MySQL/MariaDB, which would fill it with made-up values (not-null-add.ts): no --force
 * agrees to that, as no dialect's own refusal can be forced.
 */
import type { SchemaIR } from '../schema/ir.js';
import type { Operation } from '../schema/operations.js';
import { dialectNamed } from '../core/dialect-lookup.js';
import type { MigrationConnection } from './connection.js';
import { columnName, narrowingRisk } from './misfit.js';
import { madeUpFill, madeUpFillWhat, NOT_NULL_ADVICE } from './not-null-add.js';

/** A loss: what the operation does to what (`drops column public.users.name, which holds data`). */
export interface RunLoss {
  readonly what: string;
  /** What --force (or a yes) agrees to: `drop it`, `change it`. */
  readonly verb: string;
  /**
   * Set when nothing agrees to it (neither --force nor a yes): the operation cannot run
   * as written, and this says how to write it instead.
   */
  readonly refused?: string;
}

function tableSql(connection: MigrationConnection, key: string): string {
  return dialectNamed(connection.dialect).migrations.tableReference(key);
}

/** Whether a row of `table` meets `condition` (default: `column` holds a value). */
async function holdsValues(
  connection: MigrationConnection,
  table: string,
  column: string,
  condition = `${columnName(connection.dialect, column)} IS NOT NULL`,
): Promise<boolean> {
  const rows = await connection.query(
    `SELECT 1 FROM ${tableSql(connection, table)} WHERE ${condition} LIMIT 1`,
  );
  return rows.length > 0;
}

/**
 * Where the values an operation would lose are now, when that is not where the operation
 * names them: a migration on MySQL/MariaDB is checked before its first statement runs
 * (loss-first.ts), so a column its own earlier `renameColumn` renames is still under the
 * old name.
 */
export interface LiveName {
  readonly table: string;
  readonly column?: string | undefined;
}

/**
 * Whether `op` makes a generated column plain: it then keeps the values it computed (as
 * a plain column's, which nothing computes again), so a type it narrows to in the same
 * change can cut or refuse them like any column's.
 */
export function madePlain(op: Operation): boolean {
  return op.kind === 'alterColumn' && op.generated === null;
}

/**
 * What `op` loses, or null. `state` is the schema just before `op`; `live` where its
 * table and column are in the database now (default: the names `op` gives). A view or a
 * generated column holds nothing the database cannot compute again, unless `op` makes
 * the column plain ({@link madePlain}).
 */
export async function runLossOf(
  connection: MigrationConnection,
  op: Operation,
  state: SchemaIR,
  live?: LiveName,
): Promise<RunLoss | null> {
  const added = madeUpFill(connection, op);
  if (added !== null && op.kind === 'addColumn') {
    const from = tableSql(connection, live?.table ?? op.table);
    const rows = await connection.query(`SELECT 1 FROM ${from} LIMIT 1`);
    return rows.length > 0
      ? { what: madeUpFillWhat(op.table, added), verb: 'add it', refused: NOT_NULL_ADVICE }
      : null;
  }
  if (op.kind === 'dropTable') {
    if (state.tables.find((t) => t.key === op.table)?.view) return null;
    const from = tableSql(connection, live?.table ?? op.table);
    const rows = await connection.query(`SELECT 1 FROM ${from} LIMIT 1`);
    return rows.length > 0
      ? { what: `drops table ${op.table}, which holds data`, verb: 'drop it' }
      : null;
  }
  if (op.kind !== 'dropColumn' && op.kind !== 'alterColumn') return null;
  const column = state.tables
    .find((t) => t.key === op.table)
    ?.columns.find((c) => c.name === op.column);
  if (column?.generated && !madePlain(op)) return null;
  const table = live?.table ?? op.table;
  const name = live?.column ?? op.column;
  if (op.kind === 'dropColumn') {
    return (await holdsValues(connection, table, name))
      ? { what: `drops column ${op.table}.${op.column}, which holds data`, verb: 'drop it' }
      : null;
  }
  const risk =
    column && op.type ? narrowingRisk(connection.dialect, name, column.type, op.type) : null;
  if (risk === null) return null;
  // Where the values that would not fit can be named, only those count: a narrowing the
  // data fits (a down migration's varchar(150) → varchar(100)) asks nothing.
  if (!(await holdsValues(connection, table, name, risk.where))) return null;
  return {
    what: `narrows column ${op.table}.${op.column} (${risk.narrowing}), which holds values that ${risk.exact ? 'do' : 'may'} not fit`,
    verb: 'change it',
  };
}
