/**
 * SQL for relations as expressions: JOIN clauses along a relation (for `join()` and joined
 * eager loading) and the correlated EXISTS of the `any` / `has` predicates.
 */
import { Expression } from '../../core/expression.js';
import { node, type ExpressionNode, type JoinNode } from '../../core/nodes.js';
import type { ColumnIR } from '../../schema/ir.js';
import { mapperOf, type RelationMapping } from '../mapping/mapper.js';
import type { Model } from '../mapping/model.js';
import { throughColumns } from './relation-sync.js';
import {
  andNode,
  columnNode,
  eqNode,
  selectNode,
  selection,
  tableNode,
  valueNode,
} from '../sql.js';
import type { ModelClass, RelationNames } from '../mapping/types.js';

function pairs(
  left: readonly ColumnIR[],
  leftQ: string,
  right: readonly ColumnIR[],
  rightQ: string,
): ExpressionNode {
  return andNode(
    left.map((c, i) => eqNode(columnNode(c, leftQ), columnNode(right[i] as ColumnIR, rightQ))),
  );
}

/**
 * The JOIN(s) from `fromQ` (a qualifier of the relation's owner) to the target under
 * `toQ`; a many-to-many joins its link table first.
 */
export function relationJoins(
  rel: RelationMapping,
  fromQ: string,
  toQ: string,
  type: 'inner' | 'left',
  used: readonly string[],
): JoinNode[] {
  const target = rel.target();
  const own = rel.ir.localColumns.map((c) => rel.owner.column(c));
  const other = rel.ir.targetColumns.map((c) => target.column(c));
  const targetTable = tableNode(target.ir, toQ === target.ir.name ? null : toQ);
  if (rel.kind !== 'many-to-many') {
    return [node({ kind: 'join', type, source: targetTable, on: pairs(own, fromQ, other, toQ) })];
  }
  const through = rel.ir.through!;
  const { table: link, columns } = throughColumns(rel);
  const linkQ = used.includes(link.name) || toQ !== target.ir.name ? `${toQ}_link` : link.name;
  const ownerCols = columns.slice(0, through.localColumns.length);
  const targetCols = columns.slice(through.localColumns.length);
  return [
    node({
      kind: 'join',
      type,
      source: tableNode(link, linkQ === link.name ? null : linkQ),
      on: pairs(ownerCols, linkQ, own, fromQ),
    }),
    node({ kind: 'join', type, source: targetTable, on: pairs(other, toQ, targetCols, linkQ) }),
  ];
}

function correlated(
  rel: RelationMapping,
  condition: Expression<boolean | null> | undefined,
): Expression<boolean> {
  const owner = rel.owner;
  const target = rel.target();
  const ownerQ = owner.ir.name;
  const targetQ = target.ir.name;
  const own = rel.ir.localColumns.map((c) => owner.column(c));
  const other = rel.ir.targetColumns.map((c) => target.column(c));
  let from = [tableNode(target.ir)];
  let joins: JoinNode[] = [];
  let link: ExpressionNode;
  if (rel.kind === 'many-to-many') {
    const through = rel.ir.through!;
    const { table: linkTable, columns } = throughColumns(rel);
    const ownerCols = columns.slice(0, through.localColumns.length);
    const targetCols = columns.slice(through.localColumns.length);
    from = [tableNode(linkTable)];
    joins = [
      node({
        kind: 'join',
        type: 'inner',
        source: tableNode(target.ir),
        on: pairs(other, targetQ, targetCols, linkTable.name),
      }),
    ];
    link = pairs(ownerCols, linkTable.name, own, ownerQ);
  } else {
    link = pairs(other, targetQ, own, ownerQ);
  }
  const where = condition === undefined ? link : andNode([link, condition.node]);
  const query = selectNode({
    selections: [selection(valueNode(1, null), 'one')],
    from,
    joins,
    where,
  });
  return new Expression<boolean>(node({ kind: 'exists', negated: false, query }));
}

/**
 * `EXISTS` a related row of a collection (one-to-many, many-to-many) matching `condition`:
 * `query(User).filter(any(User, 'posts', Post.c.title.like('%orm%')))`.
 */
export function any<M extends Model>(
  model: ModelClass<M>,
  relation: RelationNames<M>,
  condition?: Expression<boolean | null>,
): Expression<boolean> {
  return correlated(mapperOf(model).relation(relation), condition);
}

/**
 * `EXISTS` the related object of a reference (many-to-one, one-to-one) matching
 * `condition`: `query(Post).filter(has(Post, 'author', User.c.email.eq(x)))`.
 */
export function has<M extends Model>(
  model: ModelClass<M>,
  relation: RelationNames<M>,
  condition?: Expression<boolean | null>,
): Expression<boolean> {
  return correlated(mapperOf(model).relation(relation), condition);
}
