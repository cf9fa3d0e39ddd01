/**
 * The server defaults of new rows on SQLite's rowid path, read per INSERT statement
 * rather than per row when every row of a statement holds the same value.
 *
 * Why: the defaults of a batch are mostly one value per statement. A constant is one
 * value, and SQLite's 'now' (CURRENT_TIMESTAMP, `strftime(..., 'now')`) is evaluated once
 * per `sqlite3_step`, which inserts all the rows of one multi-row INSERT ("Date And Time
 * Functions": the same for all calls within the same step). Reading each statement's
 * range as an aggregate (row count, non-null count, least and greatest value) tells
 * whether that holds, and gives the value, without building, sending and parsing a JSON
 * array of every row's value and a Date per row parsed from it (insert-rowids.ts): on
 * the peer benchmark's W3, 10,000 users with a `created_at` default, measured in
 * docs/orm.md "Where the time goes".
 *
 * Exact by construction: the values are the driver's own (not through JSON, so REALs and
 * BLOBs come as RETURNING would give them); least and greatest compare with BINARY
 * collation (a NOCASE column would call 'A' and 'a' equal); a range whose non-null count
 * is neither 0 nor its row count, or whose least and greatest differ, makes the whole
 * read null, and the caller reads every row.
 *
 * When the table's own DDL says each default is one value per statement (a literal, or
 * 'now' through CURRENT_TIMESTAMP or a date function of literals: {@link
 * constantPerStatement}, asked on the writer under the flush's write lock, so the schema
 * cannot change before the read), the least and greatest need not be compared: each
 * range's last row gives its value, beside the range's row count. Aggregating every
 * row's values was most of the read's cost (10 ranges of 1,000 rows: 1.03 → 0.33 ms,
 * `sqlite3` alone).
 */
import { sql } from '../../core/raw.js';
import { convertResultValue } from '../../core/run.js';
import type { ColumnIR } from '../../schema/ir.js';
import type { OrmExecutor, ValueConverter } from '../session/executor.js';
import type { InstanceState } from '../state/instance-state.js';
import { runUnfiltered } from './read-back.js';

type Obj = Record<string, unknown>;

/** Statements past which the read would be a long UNION: rows are read one by one then. */
export const MAX_RANGES = 64;

/** SQLite's default limit of result columns (SQLITE_MAX_COLUMN). */
const MAX_RESULT_COLUMNS = 2000;

/**
 * Whether the read's result columns stay within SQLite's limit: three per column when
 * least and greatest are compared, one when not, three more. A wider table's defaults
 * are read row by row (row-defaults.ts: one column per default at most).
 */
export function uniformReadFits(columns: number, constant: boolean): boolean {
  return (constant ? columns : 3 * columns) + 3 <= MAX_RESULT_COLUMNS;
}

export interface UniformDefaults {
  /** Rows found in all the ranges. */
  readonly rows: number;
  /** The table's largest key. */
  readonly top: number;
  /** Per range, per default column, the range's one value; null when a range has several. */
  readonly values: readonly (readonly unknown[])[] | null;
}

/**
 * Reads `defaults` of the key ranges `[first, last]` (one per INSERT statement);
 * `constant`: the DDL makes each of them one value per statement (see the header).
 */
export async function readUniformDefaults(
  ex: OrmExecutor,
  table: string,
  keyColumn: string,
  defaults: readonly ColumnIR[],
  ranges: readonly (readonly [number, number])[],
  constant: boolean,
): Promise<UniformDefaults> {
  const t = sql.id(table);
  const k = sql.id(keyColumn);
  const largest = sql`(select max(${k}) from ${t}) as "top"`;
  const selects = ranges.map(([first, last], r) => {
    if (constant) {
      // The last row's values, each looked up by key: a range whose last row is missing
      // still gives its row count (and fails the caller's check with the true count).
      const values = defaults.map(
        (c, i) =>
          sql`(select ${sql.id(c.name)} from ${t} where ${k} = ${last}) as ${sql.id(`a${i}`)}`,
      );
      return sql`select ${r} as "r", (select count(*) from ${t} where ${k} between ${first} and ${last}) as "n", ${largest}, ${sql.join(values)}`;
    }
    const compared = defaults.map((c, i) => {
      const v = sql.id(c.name);
      return sql`count(${v}) as ${sql.id(`m${i}`)}, min(${v} collate binary) as ${sql.id(`a${i}`)}, max(${v} collate binary) as ${sql.id(`b${i}`)}`;
    });
    return sql`select ${r} as "r", count(*) as "n", ${largest}, ${sql.join(compared)} from ${t} where ${k} between ${first} and ${last}`;
  });
  const rows = (await runUnfiltered(ex, sql.join(selects, sql` union all `).toStatementNode()))
    .rows as readonly Obj[];
  let found = 0;
  let top = 0;
  let uniform = rows.length === ranges.length;
  const values: unknown[][] = ranges.map(() => []);
  for (const row of rows) {
    const n = Number(row['n']);
    found += n;
    top = Number(row['top']);
    const out = values[Number(row['r'])];
    if (out === undefined) {
      uniform = false;
      continue;
    }
    defaults.forEach((_, i) => {
      const least = row[`a${i}`];
      if (constant) return void out.push(least);
      const m = Number(row[`m${i}`]);
      if (m === 0) out.push(null);
      else if (m === n && sameValue(least, row[`b${i}`])) out.push(least);
      else uniform = false;
    });
  }
  return { rows: found, top, values: uniform ? values : null };
}

/** Gives the objects of each range its values (one per column, converted once per range). */
export function assignPerRange(
  dialect: ValueConverter,
  states: readonly InstanceState[],
  ranges: readonly (readonly [number, number])[],
  columns: readonly ColumnIR[],
  values: readonly (readonly unknown[])[],
): void {
  let at = 0;
  ranges.forEach(([first, last], r) => {
    const end = at + (last - first + 1);
    columns.forEach((column, i) => {
      const converted = convertResultValue(dialect, values[r]?.[i] ?? null, column.type);
      const prop = column.propertyName;
      // Each object gets a Date of its own (changing one must not change another).
      for (let j = at; j < end; j++)
        ((states[j] as InstanceState).obj as Obj)[prop] =
          converted instanceof Date ? new Date(converted.getTime()) : converted;
    });
    at = end;
  });
}

/** Equal driver values: primitives by identity, bytes by content. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
}

/** A SQL string literal, `''` inside it for a quote. */
const STRING = String.raw`'(?:[^']|'')*'`;
/**
 * Default texts (as `pragma_table_xinfo` gives them) whose value is the same for every
 * row of one statement: a number, string, blob, NULL or boolean literal; CURRENT_TIME,
 * CURRENT_DATE, CURRENT_TIMESTAMP; a date function of string and number literals, whose
 * 'now' SQLite takes once per `sqlite3_step` ("Date And Time Functions"); each maybe in
 * parentheses. Anything else (`random()`, a column, an operator) is read as before.
 */
const CONSTANT_PER_STATEMENT = new RegExp(
  String.raw`^(?:\(\s*)*(?:NULL|TRUE|FALSE|CURRENT_(?:TIME|DATE|TIMESTAMP)|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0x[0-9a-f]+|x'[0-9a-f]*'|${STRING}` +
    String.raw`|(?:date|time|datetime|julianday|unixepoch|strftime)\(\s*(?:${STRING}|[-+]?\d+(?:\.\d+)?)(?:\s*,\s*(?:${STRING}|[-+]?\d+(?:\.\d+)?))*\s*\))(?:\s*\))*$`,
  'i',
);

/**
 * Whether a column's default, as its table's DDL has it, is one value for all the rows of
 * one INSERT (see {@link CONSTANT_PER_STATEMENT}). The parentheses around it are not
 * counted: SQLite keeps no DDL whose parentheses do not pair up.
 */
export function constantPerStatement(defaultText: string): boolean {
  return CONSTANT_PER_STATEMENT.test(defaultText.trim());
}
