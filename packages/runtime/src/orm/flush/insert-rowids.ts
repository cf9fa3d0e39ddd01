/**
 * Keys of a large batch of new rows on SQLite from the rowid, instead of a RETURNING row
 * per object.
 *
 * Why: the `sqlite3` driver builds every result row as a JS object through N-API, one
 * property set by name per column. 10,000 new users with `RETURNING id, created_at` took
 * 12–17 ms over the same INSERTs' 20 ms without it; what this file does instead, 3–6 ms
 * (measured 2026-12-06, docs/orm.md "Where the time goes").
 *
 * What it relies on (SQLite's "Rowids and the INTEGER PRIMARY KEY" and "AUTOINCREMENT"):
 * a row inserted without a rowid gets the largest rowid in the table plus one (with
 * AUTOINCREMENT, the largest ever used plus one), row after row, so the rows of one
 * multi-row INSERT take consecutive rowids ending at the connection's last insert rowid,
 * which the driver reports. Two things break that: something else inserting into the
 * table meanwhile (a trigger; nothing else can, as the flush's transaction holds SQLite's
 * one writer), and a table whose largest rowid is 2^63 - 1, after which SQLite picks
 * unused rowids at random.
 *
 * When it is used: the group's key is one auto-increment column it leaves unset, at least
 * {@link MIN_ROWS} rows, and every other column it leaves to the database is of a type
 * JSON carries exactly ({@link COMPACT_TYPES}). Asked of the database first, once per
 * group: no trigger on the table (main or temp), the key is the table's INTEGER PRIMARY
 * KEY (its rowid) and the table a rowid table, SQLite 3.44 or later (aggregates with
 * ORDER BY), and keys that stay safe JS integers. Otherwise the group uses RETURNING.
 *
 * Checked after, with one SELECT over the group's rowid range: each INSERT's rows
 * followed the previous one's, the range holds exactly the group's row count, and its
 * last rowid is the table's largest; anything else fails the flush (an OrmError, so it
 * rolls back): keys are never guessed. The same SELECT reads the server defaults
 * (`eagerDefaults`) as one JSON array per column in rowid order, one row instead of one
 * per object. A value JSON would not carry exactly (a REAL, whose JSON text has 15
 * digits, or a BLOB in a column of another type) sends the group's defaults through the
 * usual read-back by key instead.
 */
import { sql, type RawSql } from '../../core/raw.js';
import { convertResultValue } from '../../core/run.js';
import type { ColumnIR, LogicalType } from '../../schema/ir.js';
import { OrmError } from '../errors.js';
import type { Mapper } from '../mapping/mapper.js';
import type { OrmExecutor, RunResult } from '../session/executor.js';
import type { InstanceState } from '../state/instance-state.js';
import type { InsertIdPlan } from './insert-ids.js';
import { readBackByKey } from './read-back.js';

type Obj = Record<string, unknown>;

/**
 * Rows below which RETURNING stays: this path costs two statements more (the check before,
 * the read after), about a RETURNING row's cost for 100–200 rows.
 */
export const MIN_ROWS = 256;

/**
 * Types whose stored SQLite value JSON gives back as the driver would: text (text,
 * temporal types, uuids, enums) and integers (integers, booleans).
 */
const COMPACT_TYPES: ReadonlySet<LogicalType> = new Set<LogicalType>([
  'smallint',
  'integer',
  'boolean',
  'char',
  'varchar',
  'text',
  'uuid',
  'enum',
  'date',
  'time',
  'timestamp',
  'timestamptz',
]);

/** The plan for this group, or null when it must use RETURNING (see the header). */
export async function rowidInsertPlan(
  ex: OrmExecutor,
  mapper: Mapper,
  states: readonly InstanceState[],
  setCols: readonly ColumnIR[],
): Promise<InsertIdPlan | null> {
  const dialect = ex.rowidKeys;
  if (dialect == null || states.length < MIN_ROWS || mapper.pkColumns.length !== 1) return null;
  const key = mapper.pkColumns[0] as ColumnIR;
  if (!key.autoIncrement || setCols.includes(key) || key.type.logical === 'bigint') return null;
  const defaults =
    ex.eagerDefaults === false
      ? []
      : mapper.columns.filter((c) => !setCols.includes(c) && c !== key);
  for (const c of defaults)
    if (c.type.arrayDims > 0 || !COMPACT_TYPES.has(c.type.logical)) return null;
  const table = mapper.ir.name;
  if (!(await rowidsAreKeys(ex, table, key.name, states.length))) return null;

  const keyProp = key.propertyName;
  let firstRowid = 0;
  let lastRowid = 0;
  return {
    rowsPerStatement: null,
    take(result: RunResult, start: number, count: number) {
      const last = result.lastInsertRowid;
      if (result.rowCount !== count || last === undefined || !Number.isSafeInteger(last))
        throw new OrmError(
          `INSERT into "${mapper.key}" reported ${result.rowCount} rows for ${count} ` +
            `and last rowid ${String(last)}: the keys of the new rows are unknown`,
        );
      const first = last - count + 1;
      if (start > 0 && first !== lastRowid + 1)
        throw new OrmError(
          `INSERT into "${mapper.key}": rowids ${first}..${last} do not follow ${lastRowid}, ` +
            'so the keys of the new rows are unknown (did something else insert into the table?)',
        );
      if (start === 0) firstRowid = first;
      lastRowid = last;
      for (let r = 0; r < count; r++)
        ((states[start + r] as InstanceState).obj as Obj)[keyProp] = first + r;
    },
    async finish() {
      const row = (
        await ex.run(rangeRead(table, defaults, firstRowid, lastRowid).toStatementNode())
      ).rows[0] as Obj | undefined;
      if (
        row === undefined ||
        Number(row['n']) !== states.length ||
        Number(row['last']) !== lastRowid ||
        Number(row['top']) !== lastRowid
      )
        throw new OrmError(
          `the ${states.length} new "${mapper.key}" rows were not rowids ${firstRowid}..${lastRowid} ` +
            `(found ${String(row?.['n'])}, the table's largest rowid ${String(row?.['top'])}): ` +
            'their keys are unknown, so the flush is undone',
        );
      if (defaults.length === 0) return;
      if (defaults.some((_, i) => Number(row[`odd${i}`]) > 0)) {
        const found = await readBackByKey(ex, mapper, states, defaults);
        if (found !== states.length)
          throw new OrmError(
            `reading the server defaults of new "${mapper.key}" rows back by key found ${found} of ${states.length}`,
          );
        return;
      }
      defaults.forEach((c, i) => assignColumn(dialect, states, c, row[`v${i}`], mapper.key));
    },
  };
}

/** Asks the database whether the table's rowids are the key (see the header). */
async function rowidsAreKeys(
  ex: OrmExecutor,
  table: string,
  keyColumn: string,
  rows: number,
): Promise<boolean> {
  const check = sql`select
    (select count(*) from sqlite_master where type = 'trigger' and tbl_name = ${table} collate nocase)
      + (select count(*) from sqlite_temp_master where type = 'trigger' and tbl_name = ${table} collate nocase) as "triggers",
    (select count(*) from pragma_table_info(${table}) where pk > 0) as "keys",
    (select count(*) from pragma_table_info(${table})
      where pk = 1 and name = ${keyColumn} collate nocase and upper(type) = 'INTEGER') as "rowidKey",
    (select count(*) from pragma_table_list(${table}) where type = 'table' and wr = 0) as "rowidTable",
    coalesce((select max(rowid) from ${sql.id(table)}), 0) as "top",
    sqlite_version() as "version"`;
  const row = (await ex.run(check.toStatementNode())).rows[0] as Obj | undefined;
  if (row === undefined) return false;
  const [major = 0, minor = 0] = String(row['version']).split('.').map(Number);
  return (
    Number(row['triggers']) === 0 &&
    Number(row['keys']) === 1 &&
    Number(row['rowidKey']) === 1 &&
    Number(row['rowidTable']) >= 1 &&
    Number(row['top']) + rows <= Number.MAX_SAFE_INTEGER &&
    (major > 3 || (major === 3 && minor >= 44))
  );
}

/**
 * The check and read of the rowid range `first..last`: its row count, its last rowid, the
 * table's largest rowid, and per default column `vI` (its values as a JSON array in rowid
 * order, REALs and BLOBs as null) and `oddI` (how many are REALs or BLOBs).
 */
function rangeRead(
  table: string,
  defaults: readonly ColumnIR[],
  first: number,
  last: number,
): RawSql {
  const t = sql.id(table);
  const columns = defaults.map((c, i) => {
    const v = sql.id(c.name);
    return sql`, json_group_array(case when typeof(${v}) in ('real', 'blob') then null else ${v} end order by rowid) as ${sql.id(`v${i}`)}, sum(typeof(${v}) in ('real', 'blob')) as ${sql.id(`odd${i}`)}`;
  });
  return sql`select count(*) as "n", max(rowid) as "last", (select max(rowid) from ${t}) as "top"${sql.join(columns, sql``)} from ${t} where rowid between ${first} and ${last}`;
}

/** Parses one column's JSON array and gives each new object its value, converted. */
function assignColumn(
  dialect: NonNullable<OrmExecutor['rowidKeys']>,
  states: readonly InstanceState[],
  column: ColumnIR,
  json: unknown,
  table: string,
): void {
  const values: unknown = typeof json === 'string' ? JSON.parse(json) : null;
  if (!Array.isArray(values) || values.length !== states.length)
    throw new OrmError(
      `reading the server defaults of new "${table}" rows: "${column.name}" gave ` +
        `${Array.isArray(values) ? values.length : 'no'} values for ${states.length} rows`,
    );
  const prop = column.propertyName;
  const type = column.type;
  // A default is mostly one value for the whole batch (SQLite's 'now' is the same for
  // every row of a statement): a value equal to the one before is not parsed again. The
  // types here convert to primitives or Dates, and each object gets a Date of its own.
  let raw: unknown = undefined;
  let converted: unknown = undefined;
  for (let i = 0; i < states.length; i++) {
    const v: unknown = values[i];
    if (i === 0 || v !== raw) {
      raw = v;
      converted = convertResultValue(dialect, v, type);
    }
    ((states[i] as InstanceState).obj as Obj)[prop] =
      converted instanceof Date ? new Date(converted.getTime()) : converted;
  }
}
