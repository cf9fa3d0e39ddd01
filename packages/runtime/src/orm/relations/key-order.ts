/**
 * The order of a collection loaded select-in: its children's primary key order. Integer
 * keys are ordered in memory (the select-in query then has no ORDER BY: loaders.ts says
 * why); any other key by the database, whose order (collations, enum declaration order,
 * bytes) JavaScript's comparison does not follow.
 */
import { node, type OrderNode } from '../../core/nodes.js';
import type { Mapper } from '../mapping/mapper.js';
import { columnNode } from '../sql.js';

type Obj = Record<string, unknown>;

/** Key types whose JavaScript values (numbers, bigints) compare as the database orders them. */
const INTEGER_KEYS: ReadonlySet<string> = new Set(['smallint', 'integer', 'bigint']);

/** Two integer key values in order (`<` compares numbers and bigints with each other too). */
function compareIntegers(x: unknown, y: unknown): number {
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}

/**
 * Mapped objects of `mapper` in primary key order (a comparator for `sort`), or null when
 * a key column is not an integer: the select-in query then asks the database to order.
 */
export function keyOrder(mapper: Mapper): ((a: object, b: object) => number) | null {
  if (!mapper.pkColumns.every((c) => INTEGER_KEYS.has(c.type.logical))) return null;
  const props = mapper.pkColumns.map((c) => c.propertyName);
  if (props.length === 1) {
    const p = props[0] as string;
    return (a, b) => {
      const x = (a as Obj)[p];
      const y = (b as Obj)[p];
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return compareIntegers(x, y);
    };
  }
  return (a, b) => {
    for (const p of props) {
      const c = compareIntegers((a as Obj)[p], (b as Obj)[p]);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** ORDER BY the mapper's primary key columns, ascending (`qualifier`: the table's name or alias). */
export function orderByKey(mapper: Mapper, qualifier: string): OrderNode[] {
  return mapper.pkColumns.map((c) =>
    node({ kind: 'order', expr: columnNode(c, qualifier), direction: 'asc', nulls: null }),
  );
}
