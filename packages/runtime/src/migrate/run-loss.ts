/**
 * What an operation of `migrate up/down` would lose on the live database, asked about (or
 * refused without --force) before it runs: a dropped table with rows, a dropped column
 * with values, and a column whose type narrows under values that do not fit (`varchar(100)`
 * → `varchar(3)` under 'abcdef', `decimal(10,2)` → `decimal(10,0)` under 2.75). A narrowing
 * is asked about because no dialect can be trusted to refuse it: MySQL/MariaDB truncate
 * and round, PostgreSQL rounds decimals. `dbgen push` asks about the same changes
 * (push.ts, narrowing.ts), counting every value.
 */
import type { ColumnTypeIR, SchemaIR } from '../schema/ir.js';
import type { Operation } from '../schema/operations.js';
import { quoteIdent, type DialectName } from '../schema/render.js';
import { dialectNamed } from '../core/dialect-lookup.js';
import type { MigrationConnection } from './connection.js';
import { narrowingOf } from './narrowing.js';
import { STRING_TYPES as STRINGS } from '../schema/types.js';

/** A loss: what the operation does to what (`drops column public.users.name, which holds data`). */
export interface RunLoss {
  readonly what: string;
  /** What --force (or a yes) agrees to: `drop it`, `change it`. */
  readonly verb: string;
}

function tableSql(connection: MigrationConnection, key: string): string {
  return dialectNamed(connection.dialect).migrations.tableReference(key);
}

/** Whether a row of `table` meets `condition` (default: `column` holds a value). */
async function holdsValues(
  connection: MigrationConnection,
  table: string,
  column: string,
  condition = `${quoteIdent(column)} IS NOT NULL`,
): Promise<boolean> {
  const rows = await connection.query(
    `SELECT 1 FROM ${tableSql(connection, table)} WHERE ${condition} LIMIT 1`,
  );
  return rows.length > 0;
}

const INTEGER_RANGE: Partial<Record<string, readonly [number, number]>> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
};
const INTEGERS = new Set(['smallint', 'integer', 'bigint']);

/**
 * SQL true for a value of the column (`from`) that `to` cannot hold as it is: a string
 * longer than the new length, a number out of range or with more decimals than the new
 * scale. Null when it cannot be told (text → integer, enums, arrays): every value counts.
 */
function misfitCondition(
  dialect: DialectName,
  name: string,
  from: ColumnTypeIR,
  to: ColumnTypeIR,
): string | null {
  if (from.arrayDims > 0 || to.arrayDims > 0) return null;
  const column = quoteIdent(name);
  const a = from.logical;
  const b = to.logical;
  if (STRINGS.has(a) && (b === 'char' || b === 'varchar') && to.args[0] !== undefined) {
    // Characters, not bytes: MySQL's LENGTH counts bytes; SQLite has no CHAR_LENGTH.
    return `${dialect === 'sqlite' ? 'LENGTH' : 'CHAR_LENGTH'}(${column}) > ${to.args[0]}`;
  }
  if (!INTEGERS.has(a) && a !== 'decimal') return null;
  // SQLite keeps decimals as text (sqlite/storage.ts): compare them as numbers.
  const number = dialect === 'sqlite' && a === 'decimal' ? `CAST(${column} AS REAL)` : column;
  const range = INTEGER_RANGE[b];
  if (range)
    return `${number} < ${range[0]} OR ${number} > ${range[1]} OR ${number} <> ROUND(${number}, 0)`;
  if (b !== 'decimal' || to.args[0] === undefined) return null;
  const [precision, scale = 0] = to.args;
  const limit = `1${'0'.repeat(Math.max(precision - scale, 0))}`;
  return `ABS(${number}) >= ${limit} OR ${number} <> ROUND(${number}, ${scale})`;
}

/**
 * What `op` loses, or null. `state` is the schema just before `op`. A view or a generated
 * column holds nothing the database cannot compute again.
 */
export async function runLossOf(
  connection: MigrationConnection,
  op: Operation,
  state: SchemaIR,
): Promise<RunLoss | null> {
  if (op.kind === 'dropTable') {
    if (state.tables.find((t) => t.key === op.table)?.view) return null;
    const rows = await connection.query(`SELECT 1 FROM ${tableSql(connection, op.table)} LIMIT 1`);
    return rows.length > 0
      ? { what: `drops table ${op.table}, which holds data`, verb: 'drop it' }
      : null;
  }
  if (op.kind !== 'dropColumn' && op.kind !== 'alterColumn') return null;
  const column = state.tables
    .find((t) => t.key === op.table)
    ?.columns.find((c) => c.name === op.column);
  if (column?.generated) return null;
  if (op.kind === 'dropColumn') {
    return (await holdsValues(connection, op.table, op.column))
      ? { what: `drops column ${op.table}.${op.column}, which holds data`, verb: 'drop it' }
      : null;
  }
  const narrowing = column && op.type ? narrowingOf(column.type, op.type) : null;
  if (!column || !op.type || narrowing === null) return null;
  // Where the values that would not fit can be named, only those count: a narrowing the
  // data fits (a down migration's varchar(150) → varchar(100)) asks nothing.
  const misfit = misfitCondition(connection.dialect, op.column, column.type, op.type);
  if (!(await holdsValues(connection, op.table, op.column, misfit ?? undefined))) return null;
  return {
    what: `narrows column ${op.table}.${op.column} (${narrowing}), which holds values that ${misfit ? 'do' : 'may'} not fit`,
    verb: 'change it',
  };
}
