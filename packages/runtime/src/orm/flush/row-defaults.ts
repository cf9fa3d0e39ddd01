/**
 * The server defaults of new rows on SQLite's rowid path read row by row, when the rows
 * of a statement do not share one value (uniform-defaults.ts reads them when they do):
 * one JSON array per column beside one of the keys, each value placed by its key.
 * insert-rowids.ts says when the path is taken and why.
 */
import { sql, type RawSql } from '../../core/raw.js';
import { convertResultValue } from '../../core/run.js';
import type { ColumnIR, LogicalType } from '../../schema/ir.js';
import { OrmError } from '../errors.js';
import type { ValueConverter } from '../session/executor.js';
import type { InstanceState } from '../state/instance-state.js';

type Obj = Record<string, unknown>;

/**
 * Types whose stored text is a few dozen characters at most (numbers, booleans, uuids,
 * dates and times): their values can be read with the range check (see rangeCheck).
 */
export const SHORT_TYPES: ReadonlySet<LogicalType> = new Set<LogicalType>([
  'smallint',
  'integer',
  'boolean',
  'uuid',
  'date',
  'time',
  'timestamp',
  'timestamptz',
]);

/**
 * Characters of stored default values per JSON read: its text (at most six characters per
 * stored one, escaped) stays far below the longest string V8 can make (2^29 - 24), which
 * the driver cannot exceed without failing the whole process.
 */
export const READ_CHARS = 8_000_000;

/**
 * The check of the keys `first..last`: their row count, the table's largest key, how many
 * default values are REALs or BLOBs (`odd`, which JSON would not carry exactly) and how
 * many characters the defaults have (`chars`, to size the reads). With `readsValues`, also
 * what {@link rangeRead} reads, in the same scan (a statement and a scan less: 2–3 ms for
 * 10,000 rows), when the values come to at most {@link READ_CHARS} characters (else null,
 * and the reads follow as without it). Only for {@link SHORT_TYPES}: SQLite builds the
 * arrays before it knows their size, and longer values could pass its string limit.
 */
export function rangeCheck(
  table: string,
  keyColumn: string,
  defaults: readonly ColumnIR[],
  first: number,
  last: number,
  readsValues: boolean,
): RawSql {
  const t = sql.id(table);
  const k = sql.id(keyColumn);
  const odd = defaults.map(
    (c) => sql`coalesce(sum(typeof(${sql.id(c.name)}) in ('real', 'blob')), 0)`,
  );
  const chars = sums(defaults.map((c) => sql`coalesce(sum(length(${sql.id(c.name)})), 0)`));
  const values = readsValues
    ? sql`, ${sql.join(
        [k, ...defaults.map((c) => sql.id(c.name))].map(
          (v, i) =>
            sql`case when ${chars} <= ${READ_CHARS} then json_group_array(${v}) end as ${sql.id(i === 0 ? 'k' : `v${i - 1}`)}`,
        ),
      )}`
    : sql``;
  return sql`select count(*) as "n", (select max(${k}) from ${t}) as "top", ${sums(odd)} as "odd", ${chars} as "chars"${values} from ${t} where ${k} between ${first} and ${last}`;
}

function sums(parts: RawSql[]): RawSql {
  return parts.length === 0 ? sql`0` : sql.join(parts, sql` + `);
}

/**
 * The defaults of the keys `first..last`: the keys as a JSON array `k`, and per column `vI`
 * the values in the same order (the aggregates of one SELECT see its rows in one order).
 * Not `order by` the key inside the aggregates: SQLite sorted the rows for that even in
 * key order (a read of 10,000 timestamps 7.1 → 4.8 ms with the keys beside them).
 */
export function rangeRead(
  table: string,
  keyColumn: string,
  defaults: readonly ColumnIR[],
  first: number,
  last: number,
): RawSql {
  const k = sql.id(keyColumn);
  const columns = defaults.map(
    (c, i) => sql`json_group_array(${sql.id(c.name)}) as ${sql.id(`v${i}`)}`,
  );
  return sql`select json_group_array(${k}) as "k", ${sql.join(columns)} from ${sql.id(table)} where ${k} between ${first} and ${last}`;
}

/**
 * Where each value of a range read goes (its object's index in the range's `n` objects from
 * key `first`), from the keys read beside the values; null when they are in key order, as
 * SQLite's scan of a rowid range gives them. The range holds exactly `n` rows (checked
 * before), and keys are unique, so `n` keys all within it are each of its keys once.
 * Exported for its test.
 */
export function placesOf(
  json: unknown,
  first: number,
  n: number,
  table: string,
): Int32Array | null {
  const keys: unknown = typeof json === 'string' ? JSON.parse(json) : null;
  if (!Array.isArray(keys) || keys.length !== n)
    throw new OrmError(
      `reading the server defaults of new "${table}" rows: ${Array.isArray(keys) ? keys.length : 'no'} keys for ${n} rows`,
    );
  let i = 0;
  while (i < n && keys[i] === first + i) i++;
  if (i === n) return null;
  const places = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const at = (keys[j] as number) - first;
    if (!Number.isInteger(at) || at < 0 || at >= n)
      throw new OrmError(
        `reading the server defaults of new "${table}" rows: key ${String(keys[j])} is not one of ${first}..${first + n - 1}`,
      );
    places[j] = at;
  }
  return places;
}

/** Parses one column's JSON array and gives each new object its value (at `places`), converted. */
export function assignColumn(
  dialect: ValueConverter,
  states: readonly InstanceState[],
  places: Int32Array | null,
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
    ((states[places === null ? i : (places[i] as number)] as InstanceState).obj as Obj)[prop] =
      converted instanceof Date ? new Date(converted.getTime()) : converted;
  }
}
