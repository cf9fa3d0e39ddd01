/**
 * Running one compiled statement on one driver connection: observation (echo, slow
 * statements, listeners, spans: observe/), error mapping, and conversion of result values
 * by column type.
 */
import {
  compileForRun,
  toStatementNode,
  type Compilable,
  type CompiledQuery,
} from './compiler/compile.js';
import type { ResultColumn } from './compiler/context.js';
import type { SqlDialect } from './dialect.js';
import type {
  Driver,
  DriverArrayResult,
  DriverConnection,
  DriverResult,
  DriverRow,
  ResultShape,
} from './driver.js';
import { redact } from './errors.js';
import { hiddenTwinOf } from './observe/hidden-values.js';
import type { StatementNode } from './nodes.js';
import type { ObservedStatement, StatementObserver } from './observe/observer.js';
import { runWithLimits, type StatementLimits } from './statement-limits.js';

export type { EchoOption } from './observe/options.js';

export interface RunSettings {
  readonly driver: Driver;
  /** Errors carry the real bound values (`echo: { values: true }`), else redacted ones. */
  readonly showValues: boolean;
  readonly logger: (line: string) => void;
  /** The engine's statement timeout (ms), when it has one. */
  readonly statementTimeoutMs?: number | undefined;
  /**
   * Echo, the slow-statement threshold, `statement` listeners and tracing; null when the
   * engine has none of them, so that an unobserved statement costs one check.
   */
  observer: StatementObserver | null;
}

export interface ExecuteResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
  /**
   * The auto-increment value an INSERT generated; of a multi-row INSERT, its first row's
   * (MySQL/MariaDB's insert id: see docs/dialects.md for how the others follow). Undefined
   * on dialects whose driver does not report one, and for statements that made none.
   */
  readonly insertId?: number | bigint;
}

/** The row type a statement object declares (builders and `sql<Row>` carry one). */
export type StatementRow<S> = S extends { readonly __row?: infer R } ? R : Record<string, unknown>;

export function shapeOf(node: StatementNode): ResultShape {
  switch (node.kind) {
    case 'select':
    case 'compound':
      return 'rows';
    case 'insert':
    case 'update':
    case 'delete':
      return node.returning.length > 0 ? 'rows' : 'count';
    case 'rawStatement':
      return 'unknown';
  }
}

export function prepare(
  settings: RunSettings,
  statement: Compilable,
  params?: Readonly<Record<string, unknown>>,
): { compiled: CompiledQuery; shape: ResultShape; node: StatementNode } {
  const node = toStatementNode(statement);
  return {
    compiled: compileForRun(node, settings.driver.dialect, params),
    shape: shapeOf(node),
    node,
  };
}

export function shownParameters(
  settings: RunSettings,
  parameters: readonly unknown[],
): readonly unknown[] {
  return settings.showValues ? parameters : redact(parameters);
}

/**
 * Logical types whose JS value is a plain number: a driver value that is already a number
 * is final for them on every dialect, so {@link convertRows} skips the dialect's
 * conversion call (MySQL's driver gives numbers for its INT and DOUBLE columns but text for
 * a SUM; the call per value was a third of the ORM's extra CPU on a 20,000-row load).
 */
const NUMBER_TYPES = new Set(['smallint', 'integer', 'real', 'double']);
// A number in a boolean column is 0 or 1 on every dialect that stores booleans as integers
// (SQLite, MySQL's TINYINT(1)): taken as `v !== 0` here, the conversion call per value
// was most of a MariaDB 20,000-row load's conversion time.

/** How {@link convertRows} treats a column's non-null values. */
const enum Conversion {
  /** A number is final (a {@link NUMBER_TYPES} column); anything else goes to the dialect. */
  NumberPasses,
  /** A number is `v !== 0` (a boolean column); anything else goes to the dialect. */
  BooleanOfNumber,
  /** Every value goes to the dialect. */
  Dialect,
}

function conversionOf(type: ResultColumn['type']): Conversion {
  if (type.arrayDims > 0) return Conversion.Dialect;
  if (NUMBER_TYPES.has(type.logical)) return Conversion.NumberPasses;
  return type.logical === 'boolean' ? Conversion.BooleanOfNumber : Conversion.Dialect;
}

/**
 * One driver value converted as {@link convertRows} converts a result's values of a column
 * of `type` (for values the ORM reads out of a result by other means: insert-rowids.ts).
 */
export function convertResultValue(
  dialect: Pick<SqlDialect, 'fromDriverValue' | 'resultNeedsConversion'>,
  value: unknown,
  type: ResultColumn['type'],
): unknown {
  // The compiler lists a result column for conversion only when the dialect says its
  // type needs it (compiler/selections.ts); the others' values are the driver's.
  if (value === null || value === undefined || !dialect.resultNeedsConversion(type)) return value;
  const conversion = conversionOf(type);
  if (typeof value === 'number' && conversion !== Conversion.Dialect)
    return conversion === Conversion.BooleanOfNumber ? value !== 0 : value;
  return dialect.fromDriverValue(value, type);
}

/**
 * Converts result values by column type, in place: in rows keyed by column (`byPosition`
 * false) or in value arrays by select-list position (`Connection.queryValues`).
 */
export function convertRows(
  settings: RunSettings,
  compiled: CompiledQuery,
  rows: readonly (DriverRow | unknown[])[],
  byPosition = false,
): void {
  const columns = compiled.resultColumns;
  if (columns.length === 0) return;
  if (byPosition) convertValueArrays(settings, columns, rows as readonly unknown[][]);
  else convertKeyedRows(settings, columns, rows as readonly DriverRow[]);
}

/**
 * Keyed rows, one column at a time: the row access site then sees one key (a keyed load
 * with changing names is a generic lookup per value).
 */
function convertKeyedRows(
  settings: RunSettings,
  columns: readonly ResultColumn[],
  rows: readonly DriverRow[],
): void {
  const dialect = settings.driver.dialect;
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c] as ResultColumn;
    const type = column.type;
    const key = column.key;
    const conversion = conversionOf(type);
    try {
      for (let r = 0; r < rows.length; r++) {
        const values = rows[r] as Record<string, unknown>;
        const v = values[key];
        if (v === null || v === undefined) continue;
        if (typeof v === 'number' && conversion !== Conversion.Dialect) {
          if (conversion === Conversion.BooleanOfNumber) values[key] = v !== 0;
        } else values[key] = dialect.fromDriverValue(v, type);
      }
    } catch (error) {
      throw namedConversionError(error, key);
    }
  }
}

/**
 * A dialect's error for a value it cannot read (a MySQL zero date: mysql/unreadable.ts)
 * has a `column` still undefined: the converter knew the value, not its column. It is
 * named here, where the result's key is known, before the driver maps the error.
 */
function namedConversionError(error: unknown, key: string): unknown {
  if (error instanceof Error && 'column' in error && error.column === undefined) error.column = key;
  return error;
}

/**
 * Value arrays, one row at a time: an indexed load costs the same whatever the index (the
 * reason keyed rows go column by column does not hold), and each row is visited once where
 * a pass per column visited every row again. MariaDB's 20,000 posts have three converted
 * columns (two INTs, the TINYINT(1) boolean): 0.64 ms median CPU by column, 0.42 ms by
 * row (the conversion alone on rows laid out as mysql2 makes them, 55 runs each).
 */
function convertValueArrays(
  settings: RunSettings,
  columns: readonly ResultColumn[],
  rows: readonly unknown[][],
): void {
  const dialect = settings.driver.dialect;
  const n = columns.length;
  const at = new Array<number>(n);
  const conversions = new Array<Conversion>(n);
  for (let c = 0; c < n; c++) {
    const column = columns[c] as ResultColumn;
    at[c] = column.index;
    conversions[c] = conversionOf(column.type);
  }
  let c = 0;
  try {
    for (let r = 0; r < rows.length; r++) {
      const values = rows[r] as unknown[];
      for (c = 0; c < n; c++) {
        const i = at[c] as number;
        const v = values[i];
        if (v === null || v === undefined) continue;
        const conversion = conversions[c] as Conversion;
        if (typeof v === 'number' && conversion !== Conversion.Dialect) {
          if (conversion === Conversion.BooleanOfNumber) values[i] = v !== 0;
        } else values[i] = dialect.fromDriverValue(v, (columns[c] as ResultColumn).type);
      }
    }
  } catch (error) {
    throw namedConversionError(error, (columns[c] as ResultColumn).key);
  }
}

/**
 * Starts observing a statement: null when the engine observes nothing (the one check).
 * `node` is the builder's statement, null for the engine's own transaction control.
 */
export function observe(
  settings: RunSettings,
  compiled: CompiledQuery,
  node: StatementNode | null,
  inTransaction: boolean,
): ObservedStatement | null {
  const observer = settings.observer;
  return observer === null
    ? null
    : observer.begin(compiled.sql, compiled.parameters, node, inTransaction);
}

/** The rows of a successful run, converted, with the statement's observation ended. */
export function finishRun<Row>(
  settings: RunSettings,
  compiled: CompiledQuery,
  observed: ObservedStatement | null,
  result: DriverResult,
): ExecuteResult<Row> {
  convertRows(settings, compiled, result.rows);
  if (observed !== null) observed.end(result.rowCount);
  return result as unknown as ExecuteResult<Row>;
}

/** A failed run's driver error, mapped (with redacted parameters) and observed. */
export function failRun(
  settings: RunSettings,
  compiled: CompiledQuery,
  observed: ObservedStatement | null,
  error: unknown,
): Error {
  const mapped = settings.driver.mapError(
    error,
    compiled.sql,
    shownParameters(settings, compiled.parameters),
  );
  if (observed !== null) observed.fail(mapped, hiddenMapping(settings, compiled, error));
  return mapped;
}

/**
 * Where errors show values: `error` mapped again as an engine that hides them would, for
 * the listeners added without values (their event's error would quote the values
 * otherwise); an error dbgen built itself (a timeout, a cancel) by its noted twin.
 * Mapping copies what it changes, so the caller's error stays as it is.
 */
export function hiddenMapping(
  settings: RunSettings,
  compiled: CompiledQuery,
  error: unknown,
): (() => Error) | undefined {
  if (!settings.showValues) return undefined;
  return () =>
    hiddenTwinOf(error) ??
    settings.driver.mapError(error, compiled.sql, redact(compiled.parameters));
}

/** {@link runCompiled} through the driver's `queryArrays`: rows as value arrays. */
export async function runCompiledArrays(
  settings: RunSettings,
  connection: Required<Pick<DriverConnection, 'queryArrays'>> & Pick<DriverConnection, 'cancel'>,
  compiled: CompiledQuery,
  limits?: StatementLimits,
  node: StatementNode | null = null,
  inTransaction = false,
): Promise<DriverArrayResult> {
  const observed = observe(settings, compiled, node, inTransaction);
  try {
    const result =
      limits === undefined
        ? await connection.queryArrays(compiled.sql, compiled.parameters)
        : await runWithLimits(
            settings.driver,
            connection,
            limits,
            compiled.sql,
            shownParameters(settings, compiled.parameters),
            () => connection.queryArrays(compiled.sql, compiled.parameters),
          );
    convertRows(settings, compiled, result.rows, true);
    if (observed !== null) observed.end(result.rowCount);
    return result;
  } catch (error) {
    throw failRun(settings, compiled, observed, error);
  }
}

/**
 * Runs a compiled statement; driver errors come out mapped and carry redacted parameters.
 * `node` and `inTransaction` describe it to observers (null node: transaction control).
 */
export async function runCompiled<Row>(
  settings: RunSettings,
  connection: DriverConnection,
  compiled: CompiledQuery,
  shape: ResultShape,
  limits?: StatementLimits,
  node: StatementNode | null = null,
  inTransaction = false,
): Promise<ExecuteResult<Row>> {
  const observed = observe(settings, compiled, node, inTransaction);
  try {
    const result =
      limits === undefined
        ? await connection.query(compiled.sql, compiled.parameters, shape)
        : await runWithLimits(
            settings.driver,
            connection,
            limits,
            compiled.sql,
            shownParameters(settings, compiled.parameters),
            () => connection.query(compiled.sql, compiled.parameters, shape),
          );
    return finishRun(settings, compiled, observed, result);
  } catch (error) {
    throw failRun(settings, compiled, observed, error);
  }
}
