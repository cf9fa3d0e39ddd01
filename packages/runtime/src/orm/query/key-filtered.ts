/**
 * A query joined along a collection to filter (`query(User).join('posts')`) gets a row
 * per matching child, so the same parent repeats: LIMIT and OFFSET counted the repeats
 * (`limit(2)` gave one user with two matching posts) and `iterate()` yielded the parent
 * once per batch it fell in. Such a query reads its parents through a subquery of keys
 * instead: `where users.id in (select users.id from users join posts ... where ...)`, so
 * each SQL row is one parent, and LIMIT, OFFSET and batches count parents.
 *
 * Kept as it was (repeats removed after the fact, the collector dedupes) where the keys
 * cannot carry it: an ORDER BY that reads a joined table (it is not in the outer query),
 * GROUP BY / HAVING, a composite primary key (a row-value IN is not portable).
 */
import { node, type ExpressionNode } from '../../core/nodes.js';
import type { Mapper } from '../mapping/mapper.js';
import { selection, selectNode, tableNode } from '../sql.js';
import { whereOf, type QueryState } from './query-state.js';

/** `s` with its joins moved into a subquery of root keys, or null when it keeps them. */
export function keyFiltered(mapper: Mapper, s: QueryState): QueryState | null {
  const root = mapper.ir.name;
  const pk = mapper.pkColumns;
  if (
    !s.repeatsRows ||
    pk.length !== 1 ||
    s.groupBy.length > 0 ||
    s.having !== null ||
    !s.orderBy.every((o) => readsOnly(o, root))
  )
    return null;
  const c = pk[0]!;
  const key = (): ExpressionNode =>
    node({
      kind: 'column' as const,
      table: root,
      name: c.name,
      type: c.type,
      propertyName: c.propertyName,
    });
  const keys = selectNode({
    selections: [selection(key())],
    from: [tableNode(mapper.ir)],
    joins: s.joins,
    where: whereOf(s.where),
  });
  const inKeys = node({ kind: 'in' as const, negated: false, operand: key(), list: keys });
  return { ...s, joins: [], used: [root], where: [inKeys], repeatsRows: false };
}

/** True when every column `n` reads is of table `table` (and it holds no raw SQL). */
function readsOnly(n: unknown, table: string): boolean {
  if (n === null || typeof n !== 'object') return true;
  if (Array.isArray(n)) return n.every((item) => readsOnly(item, table));
  const o = n as Record<string, unknown>;
  if (o['kind'] === 'raw') return false;
  if (o['kind'] === 'column' && o['table'] !== table) return false;
  for (const k in o) if (k !== 'type' && !readsOnly(o[k], table)) return false;
  return true;
}
