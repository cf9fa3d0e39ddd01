/**
 * MySQL/MariaDB's ON DUPLICATE KEY UPDATE has no conflict target: it fires on whichever
 * unique key the row collides with. An upsert whose target is one key of a table that has
 * others would then update (or, for DO NOTHING, silently skip) a row that conflicts on
 * another key, where PostgreSQL and SQLite raise a unique violation. So such an upsert is
 * refused before it is sent, when the table's IR tells its keys; when the target is the
 * table's only unique key, ON DUPLICATE KEY means exactly ON CONFLICT (target).
 *
 * The IR is not in the statement's nodes (a TableNode is a name): the insert builder
 * records the table's IR under its TableNode here when it adds a conflict clause. A table
 * node made without IR (a raw table) has no entry, and its upserts compile as written.
 */
import type { TableIR } from '../../schema/ir.js';
import {
  otherUniqueKeys,
  sameColumns,
  uniqueKeys,
  type UniqueKey,
} from '../../schema/unique-keys.js';
import type { SqlDialect } from '../dialect.js';
import { CompileError } from '../errors.js';
import type { StatementNode, TableNode } from '../nodes.js';

const tableIRs = new WeakMap<TableNode, TableIR>();

/** Records the IR of the table a TableNode names (called by the insert builder). */
export function recordTableIR(node: TableNode, ir: TableIR): void {
  tableIRs.set(node, ir);
}

/**
 * Throws a CompileError when `node` is an upsert the dialect would write as ON DUPLICATE
 * KEY UPDATE and its target is not the table's only unique key. Run on every compilation,
 * before the compile cache: the cache knows a statement by its shape, which names the
 * table but not its keys.
 */
export function checkUpsertTarget(node: StatementNode, dialect: SqlDialect): void {
  if (node.kind !== 'insert' || node.onConflict === null) return;
  if (dialect.capabilities.upsert !== 'onDuplicateKey') return;
  const target = node.onConflict.target;
  // Without a target, DO NOTHING means "any unique key" on every dialect.
  if (target.length === 0) return;
  const ir = tableIRs.get(node.table);
  if (ir === undefined) return;
  const others = otherUniqueKeys(ir, target).filter((k) => canConflict(k, ir, node.columns));
  if (others.length === 0 && uniqueKeys(ir).some((k) => sameColumns(k.columns, target))) return;
  const list = (columns: readonly string[]) => `(${columns.join(', ')})`;
  const isKey = uniqueKeys(ir).some((k) => sameColumns(k.columns, target));
  const keys = others.map((k) => (k.name ? `${k.name} ${list(k.columns)}` : list(k.columns)));
  const doNothing = node.onConflict.update === null;
  const what = doNothing ? 'on conflict do nothing' : 'on conflict do update';
  const problem = isKey
    ? `table "${ir.name}" has other unique keys: ${keys.join(', ')}. ON DUPLICATE KEY UPDATE fires on any of them, so a row conflicting on one would ${doNothing ? 'be dropped silently' : 'update the row it conflicts with'} instead of raising a unique violation`
    : `${list(target)} is not a unique key of table "${ir.name}"${keys.length > 0 ? ` (its unique keys: ${keys.join(', ')})` : ''}`;
  const fix = doNothing
    ? 'use onConflictDoNothing() without a target to skip a row that conflicts on any unique key'
    : 'update the row by its key and insert it when no row matched (in a transaction), or use onConflictDoNothing() without a target';
  throw new CompileError(
    `${what} ${list(target)} on "${ir.name}": ${problem}; ${fix} (dialect: ${dialect.name})`,
  );
}

/**
 * Whether an inserted row can collide with an existing one on `key`: not when a column of
 * the key is left out of the insert and so gets a value no row has, a fresh
 * auto-increment value or NULL (a unique key never matches NULLs). The common
 * `users(id auto-increment, email unique)` upserted on `email` is then allowed. A column
 * left out with another default could repeat it, so such a key counts.
 */
function canConflict(key: UniqueKey, ir: TableIR, written: readonly string[]): boolean {
  return key.columns.every((name) => {
    if (written.includes(name)) return true;
    const column = ir.columns.find((c) => c.name === name);
    if (column === undefined) return true; // an index expression: it may repeat
    if (column.generated !== undefined) return true;
    const fresh =
      column.autoIncrement ||
      (column.nullable && (column.default === null || column.default.kind === 'null'));
    return !fresh;
  });
}
