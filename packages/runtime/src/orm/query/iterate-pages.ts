/**
 * `Query.iterate()` with select-in options: the batches are read as pages (a cursor would
 * hold the connection the select-in loads need). Each page is read after the loop has
 * handled the previous one, and its autoflush writes what the loop did: LIMIT/OFFSET
 * pages shifted under those writes (deleting each object visited 6 of 10 rows), and over
 * a collection join they counted joined rows (a page could dedupe to fewer objects than
 * its size, which ended the loop, and a parent came again on later pages). So:
 *
 * - ORDER BY on columns of the queried table (or none): keyset pages, `WHERE (order
 *   columns, primary key) > (those of the last row read)`, in the query's order with the
 *   primary key as the tie-breaker. A page starts where the last one ended whatever the
 *   loop wrote since.
 * - Any other ORDER BY (a joined table's column, where one parent has several positions;
 *   an expression), GROUP BY or HAVING: the parents' keys are read first, in order, each
 *   at its first position (as `all()` gives them); each batch then loads its objects by key.
 *   That holds every key in memory.
 *
 * Either way an object is yielded once (a row the loop moved past the cursor is read
 * again and skipped), and the iteration ends on an empty page, not a short one.
 */
import { node, type ExpressionNode, type OrderNode } from '../../core/nodes.js';
import type { ColumnIR } from '../../schema/ir.js';
import type { LoadOption } from './options.js';
import type { Mapper } from '../mapping/mapper.js';
import { identityKey, keyOf, type IdentityKey } from '../mapping/identity-key.js';
import { SELECTIN_CHUNK } from '../relations/loaders.js';
import { andNode, columnNode, matchAny, orNode, selection, selectNode, valueNode } from '../sql.js';
import { valueAt } from './hydrate.js';
import { loadSelectinPaths, planQuery } from './query-plan.js';
import { queryParts, type QueryState } from './query-state.js';
import type { QuerySession } from './query-session.js';

type Obj = Record<string, unknown>;

/** A column of the keyset: its place in the root's selections, and how it is ordered. */
interface KeyColumn {
  readonly column: ColumnIR;
  readonly index: number;
  readonly desc: boolean;
  /** NULL comes before the values in this column's order. */
  readonly nullsFirst: boolean;
  /** A primary key column the query's ORDER BY does not name (added after it). */
  readonly tieBreak: boolean;
}

/** The query's objects in pages of `batchSize`, each once (see the file's comment). */
export async function* iteratePages(
  reader: QuerySession,
  mapper: Mapper,
  s: QueryState,
  batchSize: number,
  options: readonly LoadOption[],
): AsyncIterable<object> {
  const ex = await reader.executor();
  const keyset = keysetColumns(mapper, s, ex.nullsSortHigh === true);
  const batches =
    keyset === null
      ? byKeyList(reader, mapper, s, batchSize)
      : byKeyset(reader, mapper, s, batchSize, keyset);
  for await (const objects of batches) {
    // What `all()` does after its rows: the batch's select-in paths, then the load events.
    await loadSelectinPaths(reader, mapper, objects, options, s.populateExisting);
    await reader.afterLoad();
    yield* objects;
  }
}

/**
 * Column types whose values come back as the database compares them, so `c = v` finds
 * the last row again. Not the others: a timestamp is read to the millisecond (PostgreSQL
 * and MariaDB keep microseconds), a `real` widened to a double; past such a value read
 * back, `c > v` finds the last row itself again and a page could repeat forever.
 */
const EXACT: ReadonlySet<string> = new Set([
  'smallint',
  'integer',
  'bigint',
  'double',
  'decimal',
  'boolean',
  'char',
  'varchar',
  'text',
  'uuid',
  'enum',
]);

/**
 * The keyset of `s`: its ORDER BY columns then the primary key's; null when the ORDER BY
 * has an item that is not a column of the queried table (or of a type in {@link EXACT}), or
 * the query groups.
 */
function keysetColumns(mapper: Mapper, s: QueryState, nullsHigh: boolean): KeyColumn[] | null {
  if (s.groupBy.length > 0 || s.having !== null) return null;
  const root = mapper.ir.name;
  const out: KeyColumn[] = [];
  const add = (o: OrderNode, tieBreak = false): boolean => {
    const e = o.expr;
    if (e.kind !== 'column' || e.table !== root) return false;
    const index = mapper.columns.findIndex((c) => c.name === e.name);
    const c = mapper.columns[index];
    if (c === undefined || !EXACT.has(c.type.logical) || c.type.arrayDims > 0) return false;
    const desc = o.direction === 'desc';
    // Unsaid, NULL is the highest value on PostgreSQL and the lowest elsewhere.
    const nullsFirst = o.nulls === null ? nullsHigh === desc : o.nulls === 'first';
    if (!out.some((k) => k.index === index))
      out.push({ column: c, index, desc, nullsFirst, tieBreak });
    return true;
  };
  if (!s.orderBy.every((o) => add(o))) return null;
  // The key makes each position one row; without it the pages could not be told apart.
  if (!mapper.pkColumns.every((c) => add(order(c, root), true))) return null;
  return out;
}

async function* byKeyset(
  reader: QuerySession,
  mapper: Mapper,
  s: QueryState,
  batchSize: number,
  keys: readonly KeyColumn[],
): AsyncIterable<object[]> {
  const root = mapper.ir.name;
  // The query's own ORDER BY (as `all()` sorts), then the key columns it did not name.
  const orderBy: OrderNode[] = [
    ...s.orderBy,
    ...keys.filter((k) => k.tieBreak).map((k) => order(k.column, root)),
  ];
  const yielded = new Set<IdentityKey>();
  let after: ExpressionNode | null = null;
  for (;;) {
    await reader.autoflushNow();
    const ex = await reader.executor();
    const page: QueryState = {
      ...s,
      where: after === null ? s.where : [...s.where, after],
      orderBy,
      limit: batchSize,
    };
    const plan = planQuery(reader, mapper, page);
    const { rows, arrays } = await ex.select(plan.statement);
    if (rows.length === 0) return;
    // The last row's values as read, before the loop changes its object.
    const last = rows[rows.length - 1];
    const at = arrays ? 0 : null;
    after = afterRow(
      keys,
      keys.map((k) => valueAt(last, at, mapper.props, k.index)),
      root,
    );
    yield fresh(mapper, plan.collect(rows as unknown[], arrays), yielded);
  }
}

/** The objects not yielded yet (a row moved past the cursor comes again), now marked yielded. */
function fresh(mapper: Mapper, objects: object[], yielded: Set<IdentityKey>): object[] {
  return objects.filter((o) => {
    const key = keyOf(mapper, o as Obj);
    if (key === null || yielded.has(key)) return false;
    yielded.add(key);
    return true;
  });
}

/**
 * Rows after the one whose key columns hold `values`: `k1 > v1 OR (k1 = v1 AND (k2 > v2
 * OR ...))`, with `<` for a descending column and NULL where the order puts it.
 */
function afterRow(
  keys: readonly KeyColumn[],
  values: readonly unknown[],
  root: string,
): ExpressionNode {
  let rest: ExpressionNode | null = null;
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i] as KeyColumn;
    const v = values[i];
    const col = columnNode(k.column, root);
    const isNull = (negated: boolean): ExpressionNode =>
      node({ kind: 'isNull', negated, operand: col });
    const beyond: ExpressionNode[] = [];
    let same: ExpressionNode;
    if (v === null || v === undefined) {
      // After NULL: the values, when NULL comes first; nothing else.
      if (k.nullsFirst) beyond.push(isNull(true));
      same = isNull(false);
    } else {
      const op = k.desc ? '<' : '>';
      beyond.push(node({ kind: 'binary', op, left: col, right: valueNode(v, k.column) }));
      if (!k.nullsFirst && k.column.nullable) beyond.push(isNull(false));
      same = node({ kind: 'binary', op: '=', left: col, right: valueNode(v, k.column) });
    }
    const tie = rest === null ? [] : [andNode([same, rest])];
    rest = orNode([...beyond, ...tie]);
  }
  return rest as ExpressionNode;
}

/**
 * Reads the parents' keys in the query's order, each once at its first position, then
 * loads each batch by key (in chunks of IN lists the dialects take) with the query's own
 * conditions, so a parent that no longer matches is not yielded.
 */
async function* byKeyList(
  reader: QuerySession,
  mapper: Mapper,
  s: QueryState,
  batchSize: number,
): AsyncIterable<object[]> {
  const root = mapper.ir.name;
  const pk = mapper.pkColumns;
  const ex = await reader.executor();
  // A grouped query may not order by a column it does not group by.
  const tieBreak = s.groupBy.length > 0 ? [] : pk.map((c) => order(c, root));
  const keyQuery = selectNode({
    ...queryParts(
      mapper,
      s,
      pk.map((c, i) => selection(columnNode(c, root), `k${i}`)),
    ),
    orderBy: [...s.orderBy, ...tieBreak],
    // DISTINCT would need the ORDER BY's columns selected; repeats are dropped here.
    distinct: false,
  });
  const seen = new Set<IdentityKey>();
  const keys: unknown[][] = [];
  for (const row of (await ex.run(keyQuery)).rows) {
    const values = pk.map((_, i) => row[`k${i}`]);
    const id = identityKey(values);
    if (seen.has(id)) continue;
    seen.add(id);
    keys.push(values);
  }
  seen.clear();
  const unordered: QueryState = { ...s, orderBy: [], limit: null, offset: null, options: [] };
  for (let start = 0; start < keys.length; start += batchSize) {
    const batch = keys.slice(start, start + batchSize);
    // As strings: a key read as `5` here is `5` on its object, whatever the driver's type.
    const position = new Map(batch.map((k, i) => [String(identityKey(k)), i]));
    const found: object[] = [];
    for (let c = 0; c < batch.length; c += SELECTIN_CHUNK) {
      await reader.autoflushNow();
      const ex = await reader.executor();
      const chunk = batch.slice(c, c + SELECTIN_CHUNK);
      const match = matchAny(pk, chunk, root, ex.arrayParameters === true);
      const plan = planQuery(reader, mapper, { ...unordered, where: [...s.where, match] });
      const { rows, arrays } = await ex.select(plan.statement);
      found.push(...plan.collect(rows as unknown[], arrays));
    }
    const at = (o: object): number => position.get(String(keyOf(mapper, o as Obj))) ?? batch.length;
    found.sort((a, b) => at(a) - at(b));
    yield found;
  }
}

/** ORDER BY a column ascending, NULL where the dialect puts it. */
function order(c: ColumnIR, qualifier: string): OrderNode {
  return node({ kind: 'order', expr: columnNode(c, qualifier), direction: 'asc', nulls: null });
}
