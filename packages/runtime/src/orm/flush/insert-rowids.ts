/**
 * Keys of a large batch of new rows on SQLite from the rowid, instead of a RETURNING row
 * per object.
 *
 * Why: the `sqlite3` driver builds every result row as a JS object through N-API, one
 * property set by name per column. 10,000 new users with `RETURNING id, created_at` took
 * 12–17 ms over the same INSERTs' 20 ms without it; what this file does instead, 3–6 ms
 * (measured 2026-12-06, docs/orm.md "Keys from the rowid on SQLite").
 *
 * What it relies on (SQLite's "Rowids and the INTEGER PRIMARY KEY" and "AUTOINCREMENT"):
 * a row inserted without a rowid gets the largest rowid in the table plus one (with
 * AUTOINCREMENT, the largest ever used plus one), row after row, so the rows of one
 * multi-row INSERT take consecutive rowids ending at the connection's last insert rowid,
 * which the driver reports. Two things break that: something else inserting into the
 * table meanwhile (a trigger), and a table whose largest rowid is 2^63 - 1, after which
 * SQLite picks unused rowids at random.
 *
 * When it is used: the group's key is one auto-increment column it leaves unset, at least
 * {@link MIN_ROWS} rows, and every other column it leaves to the database is of a type
 * JSON carries exactly ({@link COMPACT_TYPES}). Then a SAVEPOINT is made: it moves the
 * session's transaction to SQLite's one writer, whose write lock it holds from then on,
 * so no other connection can add a trigger or rows until the flush's transaction ends, and
 * what is checked next is the schema the INSERTs will see (temp triggers and tables
 * live on the connection that made them). The check asks: the driver reports the last
 * insert rowid; the name is one table, in main, a rowid table; no trigger on it (main or
 * temp); the key is its only key column, declared INTEGER, with no index for the primary
 * key (an `INTEGER PRIMARY KEY DESC` is not the rowid and has one); SQLite 3.44 or later;
 * keys that stay safe JS integers. Otherwise the savepoint is released and the group uses
 * RETURNING.
 *
 * Checked after: each INSERT's rows followed the previous one's, and one SELECT over the
 * group's range finds exactly its row count with its last key the table's largest;
 * anything else fails the flush (an OrmError, so it rolls back): keys are never guessed.
 * Then the server defaults (`eagerDefaults`) are read: as one value per INSERT statement
 * and column when its rows share one (uniform-defaults.ts: constants and 'now'), with the
 * check; else as one JSON array per column beside one of the keys, each value placed by
 * its key (row-defaults.ts): by the check itself when they are all of short types, else
 * one row for the group, or one per {@link READ_CHARS} characters of values. A
 * value JSON would not carry exactly (a REAL, whose JSON text has 15 digits, or a BLOB,
 * which JSON cannot hold) sends the group's defaults through the usual read-back by key
 * instead. Every statement here runs without the session's filters (read-back.ts).
 */
import { sql } from '../../core/raw.js';
import type { ColumnIR, LogicalType } from '../../schema/ir.js';
import { OrmError } from '../errors.js';
import type { Mapper } from '../mapping/mapper.js';
import type { OrmExecutor, RunResult, ValueConverter } from '../session/executor.js';
import type { InstanceState } from '../state/instance-state.js';
import type { InsertIdPlan } from './insert-ids.js';
import { readBackByKey, runUnfiltered } from './read-back.js';
import {
  assignColumn,
  placesOf,
  rangeCheck,
  rangeRead,
  READ_CHARS,
  SHORT_TYPES,
} from './row-defaults.js';
import {
  assignPerRange,
  constantPerStatement,
  MAX_RANGES,
  readUniformDefaults,
  uniformReadFits,
} from './uniform-defaults.js';
import { schemalessName } from '../../core/compiler/statements.js';

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

/** The savepoint that moves the check to the writer (its name is dbgen's own). */
const SAVEPOINT = sql.raw('savepoint dbgen_rowid_keys');
const RELEASE = sql.raw('release savepoint dbgen_rowid_keys');

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
  // The table as SQLite knows it (a schema joins the name on a dialect without schemas).
  const table = schemalessName(mapper.ir.schema, mapper.ir.name);
  // Every statement from here runs on the writer (a SELECT before any write would go to
  // a reader: another snapshot and schema, and one that may all be taken).
  const saved = await runUnfiltered(ex, SAVEPOINT.toStatementNode());
  const checked =
    typeof saved.lastInsertRowid === 'number' && (await recentEnough(ex, dialect))
      ? await rowidsAreKeys(ex, table, key.name, states.length, defaults)
      : null;
  if (checked === null) {
    await runUnfiltered(ex, RELEASE.toStatementNode());
    return null;
  }

  const keyProp = key.propertyName;
  let firstKey = 0;
  let lastKey = 0;
  /** Each INSERT's keys, first and last (see uniform-defaults.ts). */
  const ranges: [number, number][] = [];
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
      if (start > 0 && first !== lastKey + 1)
        throw new OrmError(
          `INSERT into "${mapper.key}": rowids ${first}..${last} do not follow ${lastKey}, ` +
            'so the keys of the new rows are unknown (did something else insert into the table?)',
        );
      if (start === 0) firstKey = first;
      lastKey = last;
      ranges.push([first, last]);
      for (let r = 0; r < count; r++)
        ((states[start + r] as InstanceState).obj as Obj)[keyProp] = first + r;
    },
    async finish() {
      const count = lastKey - firstKey + 1;
      const keysUnknown = (rows: unknown, top: unknown) =>
        new OrmError(
          `the ${states.length} new "${mapper.key}" rows were not keys ${firstKey}..${lastKey} ` +
            `(${String(rows)} rows there, the table's largest key ${String(top)}): ` +
            'their keys are unknown, so the flush is undone',
        );
      const constant = checked.constantDefaults;
      if (
        defaults.length > 0 &&
        ranges.length <= MAX_RANGES &&
        uniformReadFits(defaults.length, constant)
      ) {
        // One value per statement and column, mostly: read as such, else row by row below.
        const read = await readUniformDefaults(ex, table, key.name, defaults, ranges, constant);
        if (count !== states.length || read.rows !== count || read.top !== lastKey)
          throw keysUnknown(read.rows, read.top);
        if (read.values !== null) {
          assignPerRange(dialect, states, ranges, defaults, read.values);
          await runUnfiltered(ex, RELEASE.toStatementNode());
          return;
        }
      }
      // Short values: the check reads them too, in the same scan (see rangeCheck).
      const readsValues =
        defaults.length > 0 && defaults.every((c) => SHORT_TYPES.has(c.type.logical));
      const check = (
        await runUnfiltered(
          ex,
          rangeCheck(table, key.name, defaults, firstKey, lastKey, readsValues).toStatementNode(),
        )
      ).rows[0] as Obj | undefined;
      if (
        check === undefined ||
        count !== states.length ||
        Number(check['n']) !== count ||
        Number(check['top']) !== lastKey
      )
        throw keysUnknown(check?.['n'], check?.['top']);
      if (defaults.length > 0 && Number(check['odd']) > 0) {
        const found = await readBackByKey(ex, mapper, states, defaults);
        if (found !== states.length)
          throw new OrmError(
            `reading the server defaults of new "${mapper.key}" rows back by key found ${found} of ${states.length}`,
          );
      } else if (readsValues && typeof check['k'] === 'string') {
        const places = placesOf(check['k'], firstKey, states.length, mapper.key);
        defaults.forEach((c, i) =>
          assignColumn(dialect, states, places, c, check[`v${i}`], mapper.key),
        );
      } else if (defaults.length > 0) {
        const chars = Number(check['chars']) || 0;
        const perRead = Math.max(1, Math.floor((READ_CHARS * count) / Math.max(1, chars)));
        for (let lo = firstKey; lo <= lastKey; lo += perRead) {
          const hi = Math.min(lastKey, lo + perRead - 1);
          const stmt = rangeRead(table, key.name, defaults, lo, hi);
          const row = (await runUnfiltered(ex, stmt.toStatementNode())).rows[0] as Obj | undefined;
          const part = states.slice(lo - firstKey, hi - firstKey + 1);
          const places = placesOf(row?.['k'], lo, part.length, mapper.key);
          defaults.forEach((c, i) =>
            assignColumn(dialect, part, places, c, row?.[`v${i}`], mapper.key),
          );
        }
      }
      await runUnfiltered(ex, RELEASE.toStatementNode());
    },
  };
}

/**
 * SQLite versions this path is made for (3.44+; `pragma_table_list`, the newest thing it
 * asks, came with 3.37).
 */
const versionOk = new WeakMap<ValueConverter, boolean>();

/**
 * Whether the SQLite linked in has what this path uses: asked once per dialect object (the
 * library is the process's), so an older one never sees the statements that need more.
 */
async function recentEnough(ex: OrmExecutor, dialect: ValueConverter): Promise<boolean> {
  let ok = versionOk.get(dialect);
  if (ok === undefined) {
    const row = (await runUnfiltered(ex, sql`select sqlite_version() as "v"`.toStatementNode()))
      .rows[0];
    const [major = 0, minor = 0] = String((row as Obj | undefined)?.['v'] ?? '')
      .split('.')
      .map(Number);
    ok = major > 3 || (major === 3 && minor >= 44);
    versionOk.set(dialect, ok);
  }
  return ok;
}

/**
 * Asks the database, on the writer, whether the table's rowids are the key (see the
 * header) and every one of `defaults` is a column of it: null when not; else whether each
 * of `defaults` is, by the table's DDL, one value for all the rows of an INSERT
 * (uniform-defaults.ts: no default is NULL, a generated column is none).
 */
async function rowidsAreKeys(
  ex: OrmExecutor,
  table: string,
  keyColumn: string,
  rows: number,
  defaults: readonly ColumnIR[],
): Promise<{ readonly constantDefaults: boolean } | null> {
  // The table's columns: name → [hidden (2, 3: generated), default text (null: none)].
  const columns = sql`(select json_group_object(name, json_array(hidden, dflt_value))
    from pragma_table_xinfo(${table})) as "columns"`;
  const check = sql`select
    (select count(*) from pragma_table_list where name = ${table} collate nocase) as "tables",
    (select count(*) from pragma_table_list where name = ${table} collate nocase
      and schema = 'main' and type = 'table' and wr = 0) as "mainRowidTables",
    (select count(*) from main.sqlite_master where type = 'trigger' and tbl_name = ${table} collate nocase)
      + (select count(*) from temp.sqlite_master where type = 'trigger' and tbl_name = ${table} collate nocase) as "triggers",
    (select count(*) from pragma_table_info(${table}) where pk > 0) as "keys",
    (select count(*) from pragma_table_info(${table})
      where pk = 1 and name = ${keyColumn} collate nocase and upper(type) = 'INTEGER') as "integerKey",
    (select count(*) from pragma_index_list(${table}) where origin = 'pk') as "keyIndexes",
    ${columns}`;
  const row = (await runUnfiltered(ex, check.toStatementNode())).rows[0] as Obj | undefined;
  if (
    row === undefined ||
    Number(row['tables']) !== 1 ||
    Number(row['mainRowidTables']) !== 1 ||
    Number(row['triggers']) !== 0 ||
    Number(row['keys']) !== 1 ||
    Number(row['integerKey']) !== 1 ||
    Number(row['keyIndexes']) !== 0
  )
    return null;
  // Only now is the key known to be the rowid (a WITHOUT ROWID table has none to read).
  const t = sql.id(table);
  const k = sql.id(keyColumn);
  const top = (
    await runUnfiltered(ex, sql`select coalesce(max(${k}), 0) as "top" from ${t}`.toStatementNode())
  ).rows[0] as Obj | undefined;
  if (Number(top?.['top']) + rows > Number.MAX_SAFE_INTEGER) return null;
  const live = new Map<string, [number, string | null]>();
  for (const [name, column] of Object.entries(
    JSON.parse(String(row['columns'])) as Record<string, [number, string | null]>,
  ))
    live.set(name.toLowerCase(), column);
  let constantDefaults = true;
  for (const c of defaults) {
    const column = live.get(c.name.toLowerCase());
    // Not in the table: the compared read would fail on it. RETURNING fails with the
    // column named, as the statement does on every dialect.
    if (column === undefined) return null;
    const [hidden, text] = column;
    if (hidden !== 0 || (text !== null && !constantPerStatement(text))) constantDefaults = false;
  }
  return { constantDefaults };
}
