/**
 * Keys of new rows on a dialect without RETURNING (MySQL 8): from the insert id.
 *
 * The server reports one insert id per INSERT: the auto-increment value of its first row.
 * The persister's multi-row INSERT is what InnoDB's manual calls a "simple insert" (a
 * plain VALUES list: the row count is known when the statement starts, no ON DUPLICATE
 * KEY UPDATE, no SELECT) that sets no value of the auto-increment column itself (not a
 * "mixed-mode insert"). For those, InnoDB reserves all the statement's values at once
 * when it starts, under its auto-increment mutex, in every `innodb_autoinc_lock_mode`:
 * modes 0 (traditional) and 1 (consecutive) guarantee the values of any one statement are
 * consecutive, and mode 2 (interleaved, MySQL 8's default) leaves gaps inside a statement
 * only for "bulk inserts" (INSERT ... SELECT, LOAD DATA), whose row count is not known in
 * advance (MySQL manual, "AUTO_INCREMENT Handling in InnoDB"; MariaDB's InnoDB is the same
 * code, and reserves a multi-row INSERT's values when it starts for the same reason).
 * "Consecutive" is in steps of the session's `auto_increment_increment`, and VALUES
 * rows take them in order. So row i's key is `insertId + i × @@auto_increment_increment`,
 * read on the flush's own connection (a session may change it), with the lock mode.
 *
 * Where that cannot be relied on, each row is its own INSERT and takes that statement's
 * insert id: a lock mode this file does not know, and rows that give the key column an
 * explicit NULL or 0 (which MySQL replaces by a generated value: a mixed-mode insert).
 * Keys that are neither set on the objects nor one auto-increment column cannot be
 * known at all: the flush is refused with an OrmError naming the table and the columns.
 *
 * Server defaults (`eagerDefaults`, the default): read back by key after the batches,
 * one `SELECT ... WHERE key IN (...)` per 1,000 rows, so that a flushed object has them as
 * with RETURNING. Leaving them to load on access is not an option: the ORM does no I/O on
 * property access, and `eagerDefaults: false` already means "undefined until refresh".
 */
import { sql } from '../../core/raw.js';
import type { ColumnIR } from '../../schema/ir.js';
import { OrmError } from '../errors.js';
import type { Mapper } from '../mapping/mapper.js';
import type { OrmExecutor, RunResult } from '../session/executor.js';
import type { InstanceState } from '../state/instance-state.js';
import { readBackByKey } from './read-back.js';

type Obj = Record<string, unknown>;

/** How the persister runs one group's INSERTs without RETURNING, and fills their keys. */
export interface InsertIdPlan {
  /** Rows per INSERT: 1 where only a single-row INSERT's id is certain, else null (any). */
  readonly rowsPerStatement: number | null;
  /** Gives rows `start ..< start + count` of the group their keys, from `result`. */
  take(result: RunResult, start: number, count: number): void;
  /** After the last INSERT of the group: reads the server defaults back (eagerDefaults). */
  finish(): Promise<void>;
}

interface Settings {
  /** `@@auto_increment_increment`: the step between a statement's values. */
  readonly step: number;
  /** The lock mode guarantees consecutive values for a simple insert (0, 1, 2). */
  readonly consecutive: boolean;
}

const SETTINGS = sql`select @@auto_increment_increment as step, @@innodb_autoinc_lock_mode as lock_mode`;

/**
 * A server without the variables (not InnoDB: `ERROR 1193 Unknown system variable`, which
 * leaves a MySQL transaction usable): nothing is assumed, each row is its own INSERT.
 */
const UNKNOWN_SETTINGS = (): Settings => ({ step: 1, consecutive: false });

/** Read once per flush (one executor per flush), on the flush's connection. */
const settingsOf = new WeakMap<OrmExecutor, Promise<Settings>>();

function readSettings(ex: OrmExecutor): Promise<Settings> {
  let settings = settingsOf.get(ex);
  if (settings === undefined) {
    settings = ex.run(SETTINGS.toStatementNode()).then((result) => {
      const row = (result.rows[0] ?? {}) as Obj;
      // NULL (a proxy or fork that reports no value) must not read as 0, a lock mode.
      const step = row['step'] == null ? NaN : Number(row['step']);
      const mode = row['lock_mode'] == null ? NaN : Number(row['lock_mode']);
      return {
        step: Number.isSafeInteger(step) && step > 0 ? step : 1,
        consecutive:
          Number.isSafeInteger(step) && step > 0 && (mode === 0 || mode === 1 || mode === 2),
      };
    }, UNKNOWN_SETTINGS);
    settingsOf.set(ex, settings);
  }
  return settings;
}

/** NULL or 0 in an auto-increment column: MySQL generates a value instead. */
function generates(value: unknown): boolean {
  return value === null || value === 0 || value === 0n;
}

/**
 * The plan for inserting `states` (one group of the persister: they all set `setCols`)
 * without RETURNING; an OrmError when their keys cannot be known.
 */
export async function insertIdPlan(
  ex: OrmExecutor,
  mapper: Mapper,
  states: readonly InstanceState[],
  setCols: readonly ColumnIR[],
): Promise<InsertIdPlan> {
  const unsetKeys = mapper.pkColumns.filter((c) => !setCols.includes(c));
  const defaults =
    ex.eagerDefaults === false
      ? []
      : mapper.columns.filter((c) => !setCols.includes(c) && !c.primaryKey);
  const finish = async (): Promise<void> => {
    if (defaults.length === 0) return;
    const found = await readBackByKey(ex, mapper, states, defaults);
    if (found !== states.length)
      throw new OrmError(
        `reading the server defaults of new "${mapper.key}" rows back by key found ${found} of ${states.length}`,
      );
  };
  let generated: ColumnIR | null = null;
  let perRow = false;
  if (unsetKeys.length === 1 && (unsetKeys[0] as ColumnIR).autoIncrement) {
    generated = unsetKeys[0] as ColumnIR;
  } else if (unsetKeys.length > 0) {
    throw new OrmError(
      `cannot insert into "${mapper.key}" without RETURNING: the dialect lacks it, and the key ` +
        `${unsetKeys.map((c) => `"${c.name}"`).join(', ')} is neither set on the new objects nor ` +
        'one auto-increment column (whose values the insert id gives); set the key before flushing',
    );
  } else {
    // Keys set on the objects; an explicit NULL or 0 in an auto-increment key is generated.
    const auto = mapper.pkColumns.find((c) => c.autoIncrement);
    if (auto !== undefined && states.some((st) => generates((st.obj as Obj)[auto.propertyName]))) {
      generated = auto;
      perRow = true;
    }
  }
  if (generated === null) return { rowsPerStatement: null, take: () => undefined, finish };
  const settings = await readSettings(ex);
  perRow ||= !settings.consecutive;
  const column = generated;
  const prop = column.propertyName;
  const big = column.type.logical === 'bigint';
  return {
    rowsPerStatement: perRow ? 1 : null,
    take(result, start, count) {
      const first = result.insertId;
      if (result.rowCount !== count)
        throw new OrmError(
          `INSERT into "${mapper.key}" reported ${result.rowCount} rows for ${count}`,
        );
      for (let r = 0; r < count; r++) {
        const o = (states[start + r] as InstanceState).obj as Obj;
        // A row that sets its own key keeps it (only the per-row path meets those).
        if (o[prop] !== undefined && !generates(o[prop])) continue;
        if (first === undefined)
          throw new OrmError(
            `INSERT into "${mapper.key}" reported no insert id: the key "${column.name}" of the new row is unknown`,
          );
        const offset = r * settings.step;
        o[prop] =
          big || typeof first === 'bigint'
            ? toKey(BigInt(first) + BigInt(offset), big)
            : first + offset;
      }
    },
    finish,
  };
}

function toKey(id: bigint, big: boolean): bigint | number {
  return big ? id : Number(id);
}
