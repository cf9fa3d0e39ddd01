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
import type {
  Driver,
  DriverArrayResult,
  DriverConnection,
  DriverResult,
  DriverRow,
  ResultShape,
} from './driver.js';
import { redact } from './errors.js';
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
  const dialect = settings.driver.dialect;
  // Index loops over one column at a time: the row access site then sees one key.
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c] as ResultColumn;
    const type = column.type;
    const at = byPosition ? column.index : column.key;
    const numbersPass = type.arrayDims === 0 && NUMBER_TYPES.has(type.logical);
    const booleanOfNumber = type.arrayDims === 0 && type.logical === 'boolean';
    for (let r = 0; r < rows.length; r++) {
      const values = rows[r] as Record<string | number, unknown>;
      const v = values[at];
      if (v === null || v === undefined || (numbersPass && typeof v === 'number')) continue;
      values[at] =
        booleanOfNumber && typeof v === 'number' ? v !== 0 : dialect.fromDriverValue(v, type);
    }
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
  if (observed !== null) observed.fail(mapped);
  return mapped;
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
