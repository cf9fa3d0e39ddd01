/**
 * One of each of mysql2's per-query objects, kept alive for its hidden class
 * (core/shape-anchors.ts tells the mechanism; postgres/pg-anchors.ts does the same for
 * `pg`). mysql2 compiles its row path (the connection's `handlePacket`, the command's
 * `execute`, `row` and `_failed`, each row parser's generated `next`) against the maps of
 * the statement's `Query` command, its row parser, its `ColumnDefinition`s and, for rows
 * as objects, the rows; all die with the statement, so a full collection between
 * statements dropped the maps and discarded that code (`--trace-deopt`: "weak objects",
 * every run) and each load after it parsed its rows unoptimized and compiled again.
 *
 * Made from finished queries (mysql2 is loaded on first use, and its classes are reached
 * through a query's own objects). On the first: a command of each form the connection
 * sends (`query(sql, values, cb)`, `query({ sql, values, rowsAsArray }, cb)`, a stream's
 * `query(sql, values)`), made by mysql2's `createQuery` and given the options its start
 * gives it. Once per row parser class (mysql2 generates one per column list and caches
 * it): an instance holding a packet of its own, the result's column definitions parsed
 * from a packet of the same column types without names, and a twin of its first row when
 * rows are objects (these live as long as mysql2 keeps the class). None holds a statement,
 * row value, column name or connection. A mysql2 whose internals differ gets no anchors (or
 * fewer): this is only about speed, never an error of a query.
 */
import { anchorShape, placeholderOf } from '../../core/shape-anchors.js';

type Ctor = new (...args: never[]) => object;

/** The fields of a finished mysql2 `Query` command the anchors read (mysql2 internals). */
interface FinishedQuery {
  readonly constructor?: unknown;
  readonly _rowParser?: unknown;
  readonly _fields?: unknown;
  readonly _queryOptions?: unknown;
  readonly options?: unknown;
}

/**
 * What is kept per row parser class: its instance and the twin of its row. Held as long as
 * the class is (mysql2's parser cache holds it, up to its bound), so a class mysql2 drops
 * takes its anchors with it.
 */
const parserAnchors = new WeakMap<object, object[]>();
/** Row parser classes whose row (an object of the result's columns) has been twinned. */
const rowsAnchored = new WeakSet<object>();
/** Column definition shapes anchored (own keys, and which numbers may not be small integers). */
const columnsAnchored = new Set<string>();
/** Bounds the column definition anchors (a few shapes in practice: MariaDB's extended types). */
const MAX_COLUMN_SHAPES = 16;
/** What a row parser's anchored instance holds in place of the connection's packet. */
let packetStandIn: object | null = null;
/** Set once the commands are anchored, or found impossible to anchor. */
let commandsTried = false;

const noop = (): void => undefined;

/**
 * Called with each finished command of a pooled connection (`raw`) and its rows: anchors
 * the commands on the first call, and what belongs to a row parser class not seen before.
 * Two weak lookups per statement after the first of each column list.
 */
export function anchorMysql2Query(command: unknown, raw: unknown, rows?: unknown): void {
  if (typeof command !== 'object' || command === null) return;
  const query = command as FinishedQuery;
  try {
    if (!commandsTried) {
      commandsTried = true;
      anchorCommands(query, raw);
    }
    const parser = query._rowParser;
    if (typeof parser !== 'object' || parser === null) return;
    const Parser = parser.constructor as unknown;
    if (typeof Parser !== 'function') return;
    let kept = parserAnchors.get(Parser);
    if (kept === undefined) {
      parserAnchors.set(Parser, (kept = []));
      anchorRowParser(parser, Parser, kept);
      anchorColumns(query._fields);
    }
    if (Array.isArray(rows) && rows.length > 0 && !rowsAnchored.has(Parser)) {
      rowsAnchored.add(Parser);
      anchorRow(rows[0], kept);
    }
  } catch {
    // Another mysql2 layout: what could not be made is not kept, and nothing else changes.
  }
}

/** The connection's commands of each form, built the way its `query()` and start build them. */
function anchorCommands(query: FinishedQuery, raw: unknown): void {
  const QueryClass = query.constructor;
  const connection = raw as { constructor?: { createQuery?: unknown }; config?: unknown };
  const createQuery = connection.constructor?.createQuery;
  const config = connection.config as { constructor?: { queryOptions?: unknown } } | undefined;
  const queryOptions = config?.constructor?.queryOptions;
  // The finished command must be what mysql2 made, with the options its start gave it.
  if (typeof createQuery !== 'function' || typeof queryOptions !== 'function') return;
  if (typeof QueryClass !== 'function' || typeof query.options !== 'object') return;
  const make = createQuery as (sql: unknown, values: unknown, cb: unknown, cfg: unknown) => object;
  const optionsOf = queryOptions as (cfg: unknown, overrides: unknown) => object;
  const forms = [
    make('', [], noop, config), // query(sql, values, cb): the driver's run, connection.ts's one()
    make({ sql: '', values: [], rowsAsArray: true }, noop, undefined, config), // queryArrays()
    make('', [], undefined, config), // stream()
  ];
  for (const made of forms) {
    if (!(made instanceof QueryClass)) return;
    const command = made as { _queryOptions?: unknown; options?: unknown };
    // What the command's start adds: the statement's options (config and overrides).
    command.options = optionsOf(config, command._queryOptions);
    anchorShape(command);
  }
}

/** An instance of a row parser class (a generated `TextRow`), with a packet of its own. */
function anchorRowParser(parser: object, Parser: Function, kept: object[]): void {
  // mysql2's generated class: a `next` of its own, and `packet` its only field (a typeCast
  // function would add a wrapper per column, around the column: not anchored then).
  const proto = (Parser as { prototype?: unknown }).prototype;
  if (typeof proto !== 'object' || proto === null || !Object.hasOwn(proto, 'next')) return;
  const keys = Object.keys(parser);
  if (keys.length !== 1 || keys[0] !== 'packet') return;
  packetStandIn ??= packetLike((parser as { packet?: unknown }).packet);
  if (packetStandIn === null) return;
  const instance = new (Parser as Ctor)(...([[]] as never[])) as { packet?: unknown };
  instance.packet = packetStandIn;
  kept.push(instance);
}

/** A packet of the class of `real` over a zeroed buffer of its own (as mysql2 makes its reusable one). */
function packetLike(real: unknown): object | null {
  if (typeof real !== 'object' || real === null) return null;
  const Packet = real.constructor as unknown;
  if (typeof Packet !== 'function' || Packet === Object) return null;
  const packet = new (Packet as Ctor)(...([0, Buffer.alloc(4), 0, 4] as never[]));
  anchorShape(packet);
  return packet;
}

/** The fields of a mysql2 `ColumnDefinition` read to make one of the same shape. */
interface ColumnFields {
  readonly _clientEncoding?: unknown;
  readonly characterSet?: unknown;
  readonly columnLength?: unknown;
  readonly columnType?: unknown;
  readonly flags?: unknown;
  readonly decimals?: unknown;
}

/** `ColumnDefinition`s of each shape among a command's results (`_fields`: one list per result). */
function anchorColumns(results: unknown): void {
  if (!Array.isArray(results) || packetStandIn === null) return;
  for (const columns of results) {
    if (!Array.isArray(columns)) continue;
    for (const column of columns) {
      if (columnsAnchored.size >= MAX_COLUMN_SHAPES) return;
      if (typeof column === 'object' && column !== null) anchorColumn(column);
    }
  }
}

/**
 * A column definition parsed by mysql2's own constructor from a packet built here: the
 * real column's type, character set, length, flags and decimals (its numbers decide the
 * fields' representations), empty names, and MariaDB's extended type entries in the same
 * order with empty values. Once per shape: own keys, and the numbers beyond small integers.
 */
function anchorColumn(column: object): void {
  const keys = Object.keys(column);
  const real = column as ColumnFields & Record<string, unknown>;
  const shape = keys.map((k) => (isSmallInt(real[k]) ? k : `${k}:${typeof real[k]}`)).join();
  if (columnsAnchored.has(shape)) return;
  columnsAnchored.add(shape);
  const Column = column.constructor as unknown;
  const { _clientEncoding, characterSet, columnLength, columnType, flags, decimals } = real;
  if (typeof Column !== 'function' || Column === Object) return;
  if (typeof _clientEncoding !== 'string') return;
  if (![characterSet, columnType, flags, decimals].every(isSmallInt)) return;
  if (typeof columnLength !== 'number') return;
  // MariaDB's extended metadata entries: 0 type name, 1 format (`_parseMariadbExtendedMetadata`).
  const extended = keys.flatMap((k) =>
    k === 'extendedTypeName' ? [0] : k === 'extendedFormat' ? [1] : [],
  );
  // The packet's 4-byte header (its payload starts after it), then the catalog, schema,
  // table, original table, name and original name: empty length-coded strings.
  const bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  if (extended.length > 0) {
    bytes.push(extended.length * 2);
    for (const id of extended) bytes.push(id, 0);
  }
  bytes.push(0x0c, ...le(characterSet as number, 2), ...le(columnLength, 4));
  bytes.push(columnType as number, ...le(flags as number, 2), decimals as number, 0, 0);
  const Packet = (packetStandIn as object).constructor as Ctor;
  const packet = new Packet(...([0, Buffer.from(bytes), 0, bytes.length] as never[]));
  const made = new (Column as Ctor)(
    ...([packet, _clientEncoding, extended.length > 0] as never[]),
  ) as ColumnFields;
  // Anchored only if it parsed back the real column's numbers (mysql2's packet layout).
  if (made.columnType === columnType && made.columnLength === columnLength) anchorShape(made);
}

/** Whether V8 stores `v` as a small integer on any build (31 bits). */
function isSmallInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 30) && v < 2 ** 30;
}

/** `n` as `size` little-endian bytes. */
function le(n: number, size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < size; i++) out.push(Math.floor(n / 2 ** (8 * i)) % 256);
  return out;
}

/**
 * A twin of a result's row when rows are objects (the parser makes `{}` and sets the
 * columns in order: its hidden classes are transitions of the empty object's, which die
 * with the rows): the same keys in the same order, placeholders of the same kinds, no
 * value of the row (shape-anchors.ts). Rows as arrays need none: array maps are the
 * context's own.
 */
function anchorRow(row: unknown, kept: object[]): void {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return;
  if (Object.getPrototypeOf(row) !== Object.prototype) return;
  const twin: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) twin[key] = placeholderOf(value);
  kept.push(twin);
}
