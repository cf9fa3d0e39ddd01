/**
 * What a dialect tells the one default compiler and the engine. Dialects differ only
 * through these hooks and capability flags; nothing in core checks a dialect's name.
 */
import type { ColumnTypeIR, TableIR } from '../schema/ir.js';
import type { TextSearchSql } from './search-contract.js';
import type { DecimalDigits } from './value-check.js';

/**
 * The start of a `SELECT ... FOR UPDATE` / `FOR SHARE` on a dialect without row locks (a
 * comment, so the SQL is the same to the database): its driver runs the SELECT where it
 * takes the database's lock.
 */
export const LOCKING_READ_MARK = '/* for update */';

export interface DialectCapabilities {
  /** INSERT/UPDATE/DELETE ... RETURNING. */
  readonly returning: boolean;
  /** SELECT DISTINCT ON (...). */
  readonly distinctOn: boolean;
  /** A native ILIKE operator (else emulated with lower()). */
  readonly ilike: boolean;
  /**
   * FOR UPDATE / FOR SHARE. Else the database locks whole: such a SELECT starts with
   * {@link LOCKING_READ_MARK}, for the driver to run it where it takes that lock.
   */
  readonly rowLocking: boolean;
  /** DEFAULT as a value inside VALUES (...). */
  readonly defaultInValues: boolean;
  /** DELETE ... USING other tables. */
  readonly deleteUsing: boolean;
  /** Parenthesised operands of UNION / INTERSECT / EXCEPT. */
  readonly parenthesizedSetOperands: boolean;
  /** OFFSET without LIMIT. */
  readonly offsetWithoutLimit: boolean;
  /** DDL inside a transaction rolls back with it. */
  readonly transactionalDdl: boolean;
  /** SET TRANSACTION ISOLATION LEVEL / READ ONLY. */
  readonly isolationLevels: boolean;
  /** IS [NOT] DISTINCT FROM (else rendered as IS / IS NOT). */
  readonly isDistinctFrom: boolean;
  /**
   * Schemas as namespaces (`"schema"."table"`). Without them a table outside `public` is
   * one table named `"schema.table"` (as the SQLite DDL creates it), aliased to its bare
   * name so column references stay `"table"."column"`.
   */
  readonly schemas: boolean;
  /** Table-qualified column references in RETURNING (SQLite accepts only bare names there). */
  readonly qualifiedReturning: boolean;
  // The flags below are optional: absent means what PostgreSQL and SQLite do.
  /** UPDATE ... RETURNING (MariaDB has RETURNING on INSERT and DELETE only). Default: `returning`. */
  readonly updateReturning?: boolean;
  /** UPDATE ... FROM other tables. Default true. */
  readonly updateFrom?: boolean;
  /**
   * How an insert's conflict clause is spelled: `onConflict` (ON CONFLICT ... DO ...) or
   * `onDuplicateKey` (MySQL's ON DUPLICATE KEY UPDATE, which has no conflict target: any
   * unique key conflicts, and `excluded.c` is rendered `values(c)`). Default `onConflict`.
   */
  readonly upsert?: 'onConflict' | 'onDuplicateKey';
  /** INSERT ... DEFAULT VALUES (else `() values ()`). Default true. */
  readonly defaultValues?: boolean;
  /** The LIMIT that means "no limit", for OFFSET without LIMIT. Default `-1`. */
  readonly unboundedLimit?: string;
  /** ORDER BY ... NULLS FIRST/LAST (else emulated with an `is null` sort key). Default true. */
  readonly nullsOrdering?: boolean;
  /**
   * NULL sorts after every value ascending (and first descending) when an ORDER BY does
   * not say NULLS FIRST/LAST: PostgreSQL. Else before (SQLite, MySQL). The ORM's keyset
   * pages (`Query.iterate()`) need to know where a NULL of the last row read stands.
   * Default false.
   */
  readonly nullsSortHigh?: boolean;
  /** The null-safe `<=>` for IS [NOT] DISTINCT FROM (when `isDistinctFrom` is false). */
  readonly nullSafeEquals?: boolean;
  /** FULL [OUTER] JOIN. Default true. */
  readonly fullJoin?: boolean;
  /**
   * A parameter may hold an array of a column's values, matched with `c = any($1)`
   * (PostgreSQL): the ORM matches a list of keys (select-in loads, deletes of several
   * objects, the tenant guard's check) with one parameter instead of an IN list of one per
   * key. The dialect's driver must take a JS array as that parameter. Default false.
   */
  readonly arrayParameters?: boolean;
  /**
   * LIKE needs `escape '\'` for a backslash in a pattern to escape `%` and `_`, as it does
   * by default on PostgreSQL and MySQL (SQLite has no escape character unless one is
   * declared). Default false.
   */
  readonly likeEscapeClause?: boolean;
  /** An alias on INSERT's target table (`insert into t as a`). Default true. */
  readonly insertAlias?: boolean;
  /** `delete from t as a` (else `delete a from t as a`, MySQL's multi-table form). Default true. */
  readonly deleteAlias?: boolean;
  /** WITH before INSERT/UPDATE/DELETE (MySQL puts it elsewhere). Default true. */
  readonly withOnMutations?: boolean;
  /** `(values (..), (..)) as v` as a table source (MySQL spells it otherwise). Default true. */
  readonly valuesTable?: boolean;
  /** `as v(x, y)` naming a VALUES table's columns (SQLite cannot). Default true. */
  readonly valuesColumnAliases?: boolean;
  /**
   * A CASE whose WHENs all compare one column with `=` to a bound value is written as the
   * simple `CASE col WHEN ? THEN ...` (the same test): MariaDB runs the simple form of a
   * 1,000-branch CASE in about half the time of the searched one. Default false.
   */
  readonly simpleCase?: boolean;
  /**
   * The operator that divides two integers truncating toward zero, written for `/` between
   * integer-typed operands where `/` does not (MySQL's `div`: its `/` gives a DECIMAL).
   * Absent: `/`, which truncates integers on PostgreSQL and SQLite.
   */
  readonly integerDivision?: string;
  /**
   * Which JSON functions the database has, for the JSON and array operators
   * (core/compiler/json-array.ts): `postgres` (jsonb operators, native arrays), `sqlite`
   * (JSON1, arrays stored as JSON), `mysql` (MySQL/MariaDB JSON_*, arrays stored as JSON).
   * Absent: those operators are refused with an UnsupportedFeatureError.
   */
  readonly jsonFunctions?: 'postgres' | 'sqlite' | 'mysql';
  /**
   * Statements run on a connection while one of its streams is still reading (SQLite:
   * its connection reads on a reader and writes on the writer). Default false: a driver
   * that runs one statement at a time would queue them behind the stream, which waits for
   * its reader, so the connection refuses them with a ConnectionBusyError instead.
   */
  readonly statementsBesideStreams?: boolean;
  /**
   * The driver reports the last inserted rowid (`DriverResult.lastInsertRowid`), and a
   * multi-row INSERT into a rowid table whose key is its rowid gives its rows consecutive
   * rowids when no trigger inserts into the table meanwhile (SQLite). The ORM then keys a
   * large batch of new objects from it instead of reading a RETURNING row per object
   * (orm/flush/insert-rowids.ts says when and how it checks). Default false.
   */
  readonly rowidKeys?: boolean;
  /**
   * Statements sent on one connection without waiting for the one before run in the
   * order sent, and in a transaction the first that fails makes every later one fail
   * until ROLLBACK (PostgreSQL). The ORM then sends a flush's INSERT batches of one table
   * back to back (orm/flush/persister.ts). Default false: MySQL/MariaDB queue in order
   * too, but a deadlock there rolls the transaction back and the statements already sent
   * behind it would each commit on their own; SQLite runs different statements of one
   * connection side by side.
   */
  readonly pipelinedWrites?: boolean;
}

export interface SqlDialect {
  /** For messages and logs only; never branched on. */
  readonly name: string;
  readonly capabilities: DialectCapabilities;
  /** Quotes one identifier part. */
  quoteIdentifier(name: string): string;
  /**
   * SQL that moves an auto-increment column's counter past the largest key in its table,
   * after rows were inserted with explicit keys (`dbgen seed`). Only for databases whose
   * counter does not move by itself (PostgreSQL identity columns); absent otherwise.
   */
  syncAutoIncrement?(table: TableIR, column: string): string;
  /** The placeholder for the `index`-th (1-based) parameter. */
  placeholder(index: number): string;
  /** Full-text search SQL (core/search.ts); absent where the dialect has none. */
  readonly textSearch?: TextSearchSql;
  /** A JS value → what the driver binds, for a column of `type` (null type: as given). */
  toDriverValue(value: unknown, type: ColumnTypeIR | null): unknown;
  /** Whether results of `type` need {@link fromDriverValue} (lets the engine skip work). */
  resultNeedsConversion(type: ColumnTypeIR): boolean;
  /**
   * A driver value → the JS value for a column of `type`. Not called for null, nor for a
   * number in a smallint/integer/real/double column (already its JS value), nor for a number
   * in a boolean column (taken as `value !== 0`).
   */
  fromDriverValue(value: unknown, type: ColumnTypeIR): unknown;
  /**
   * Text around a selected expression of `type`, or null for none (SQLite selects bigint
   * as text, since its driver would read it as a lossy double).
   */
  selectWrapper(type: ColumnTypeIR): readonly [string, string] | null;
  /**
   * Text around the placeholder of a parameter bound as `type` (its column's, or bigint
   * for a bare JS bigint: see `boundType` in compiler/context.ts), or null for none.
   * SQLite: `cast(? as integer)` around a bigint, which it binds as decimal text (its
   * driver binds a JS bigint as NULL, and a number is exact only to 2^53), so that the
   * value is an integer in any expression (`coalesce(big, ?) > ?`), not text. It may
   * depend only on the `logical` of a type that is not an array (the compile cache keys
   * parameters by those). Not used for the cells of a multi-row VALUES list (bindGrid),
   * which go into columns that convert them. Optional: without it, bare placeholders.
   */
  parameterWrapper?(type: ColumnTypeIR): readonly [string, string] | null;
  /**
   * Text around a column of `type` where it is compared by range (`<`, `>=`, BETWEEN)
   * or ordered by, or null when its stored form already orders by value. SQLite stores
   * decimals as exact text, which alone would order `'10.00'` before `'9.00'`. Optional:
   * a dialect without it compares columns as stored.
   */
  rangeWrapper?(type: ColumnTypeIR): readonly [string, string] | null;
  /**
   * The digits a decimal column declared without precision keeps, where the database
   * bounds it (MySQL/MariaDB: DECIMAL(65, 30), 35 before the point and 30 after, rounding
   * past them without an error). Values written past them are refused (write-limits.ts).
   * Absent: such a decimal keeps any value exactly (PostgreSQL's numeric, SQLite's text).
   */
  readonly unscaledDecimal?: DecimalDigits;
  /** The type name `cast(x as T)` must use for `T` (optional: as written). */
  castType?(sqlType: string): string;
  /**
   * The type the first row of a VALUES table is cast to, where the database does not type
   * bare parameters there (PostgreSQL reads them as text). Absent: no casts.
   */
  valuesCastType?(type: ColumnTypeIR): string;
  /** The statement that starts a transaction with these options. */
  beginTransaction(options: TransactionOptions): string;
}

export type IsolationLevel =
  'read uncommitted' | 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /**
   * PostgreSQL: the level. SQLite: by default (and for `repeatable read` / `serializable`)
   * the transaction takes the single writer at BEGIN and is serializable; `read committed`
   * or `read uncommitted` read on a reader connection without locking and take the
   * writer at the first write (later statements see the latest committed data).
   */
  readonly isolationLevel?: IsolationLevel;
  /** PostgreSQL: READ ONLY. SQLite: reads on a reader connection, without locking. */
  readonly readOnly?: boolean;
}
