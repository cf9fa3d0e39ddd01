/**
 * Builders of the Core's operation nodes for the statements the ORM emits. The ORM never
 * writes SQL text: it builds nodes and the Core's one compiler renders them per dialect.
 */
import {
  node,
  type ColumnNode,
  type DeleteNode,
  type ExpressionNode,
  type FromNode,
  type InsertNode,
  type JoinNode,
  type OrderNode,
  type SelectionNode,
  type SelectNode,
  type SetNode,
  type TableNode,
  type UpdateNode,
  type ValueNode,
} from '../core/nodes.js';
import type { ColumnIR, ColumnTypeIR, TableIR } from '../schema/ir.js';

export function tableNode(ir: TableIR, alias: string | null = null): TableNode {
  return node({ kind: 'table', schema: ir.schema, name: ir.name, alias });
}

/** A column reference; `qualifier` null renders the bare column name (INSERT/UPDATE/DELETE). */
export function columnNode(c: ColumnIR, qualifier: string | null): ColumnNode {
  return node({
    kind: 'column',
    table: qualifier,
    name: c.name,
    type: c.type,
    propertyName: c.propertyName,
  });
}

export function valueNode(value: unknown, c: ColumnIR | null): ValueNode {
  return node({ kind: 'value', value, type: c === null ? null : c.type });
}

export function eqNode(left: ExpressionNode, right: ExpressionNode): ExpressionNode {
  return node({ kind: 'binary', op: '=', left, right });
}

export function andNode(items: readonly ExpressionNode[]): ExpressionNode {
  if (items.length === 1) return items[0] as ExpressionNode;
  if (items.length === 0) return node({ kind: 'truth', value: true });
  return node({ kind: 'logical', op: 'and', items: Object.freeze([...items]) });
}

export function orNode(items: readonly ExpressionNode[]): ExpressionNode {
  if (items.length === 1) return items[0] as ExpressionNode;
  if (items.length === 0) return node({ kind: 'truth', value: false });
  return node({ kind: 'logical', op: 'or', items: Object.freeze([...items]) });
}

/** `c1 = v1 AND c2 = v2 ...` for one row's key. */
export function matchRow(
  columns: readonly ColumnIR[],
  values: readonly unknown[],
  qualifier: string | null,
): ExpressionNode {
  return andNode(columns.map((c, i) => eqNode(columnNode(c, qualifier), valueNode(values[i], c))));
}

/**
 * Each column type's one-dimensional array type, made once: the compiler keeps a token per
 * type object for its statement cache.
 */
const arrayTypes = new WeakMap<ColumnTypeIR, ColumnTypeIR>();
function arrayTypeOf(type: ColumnTypeIR): ColumnTypeIR {
  let array = arrayTypes.get(type);
  if (array === undefined) arrayTypes.set(type, (array = Object.freeze({ ...type, arrayDims: 1 })));
  return array;
}

/**
 * Rows matching any of `keys`: `c IN (...)` for a one-column key, else an OR of ANDs.
 * With `arrays` (the dialect's `arrayParameters`), a one-column key is `c = any($1)`: one
 * parameter holding every key. On PostgreSQL that is one node and one value to compile and
 * send instead of one per key, and one statement text for any number of keys; a load of
 * 1,000 users' posts spent 0.2 ms building the IN list's nodes alone (docs/orm.md).
 */
export function matchAny(
  columns: readonly ColumnIR[],
  keys: readonly (readonly unknown[])[],
  qualifier: string | null,
  arrays = false,
): ExpressionNode {
  if (keys.length === 1) return matchRow(columns, keys[0] as readonly unknown[], qualifier);
  if (columns.length === 1 && arrays && (columns[0] as ColumnIR).type.arrayDims === 0) {
    const c = columns[0] as ColumnIR;
    const list: ValueNode = node({
      kind: 'value',
      value: keys.map((k) => k[0]),
      type: arrayTypeOf(c.type),
    });
    // `any(...)` as a function node: the compiler renders it and caches its shape as any call.
    return node({
      kind: 'binary',
      op: '=',
      left: columnNode(c, qualifier),
      right: node({
        kind: 'function',
        name: 'any',
        args: [list],
        distinct: false,
        star: false,
        resultType: null,
        parts: [],
      }),
    });
  }
  if (columns.length === 1) {
    const c = columns[0] as ColumnIR;
    return node({
      kind: 'in',
      negated: false,
      operand: columnNode(c, qualifier),
      list: Object.freeze(keys.map((k) => valueNode(k[0], c))),
    });
  }
  return orNode(keys.map((k) => matchRow(columns, k, qualifier)));
}

export function selection(expr: ExpressionNode, alias: string | null = null): SelectionNode {
  return node({ kind: 'selection', expr, alias });
}

export function insertNode(
  ir: TableIR,
  columns: readonly ColumnIR[],
  rows: readonly (readonly unknown[])[],
  returning: readonly ColumnIR[],
): InsertNode {
  return node({
    kind: 'insert',
    with: [],
    table: tableNode(ir),
    columns: Object.freeze(columns.map((c) => c.name)),
    values: Object.freeze(
      rows.map((r) => Object.freeze(columns.map((c, i) => valueNode(r[i], c)))),
    ),
    onConflict: null,
    returning: Object.freeze(returning.map((c) => selection(columnNode(c, null)))),
  });
}

export function setNode(c: ColumnIR, value: ExpressionNode): SetNode {
  return { column: c.name, value };
}

export function updateNode(
  ir: TableIR,
  set: readonly SetNode[],
  where: ExpressionNode,
): UpdateNode {
  return node({
    kind: 'update',
    with: [],
    table: tableNode(ir),
    set: Object.freeze([...set]),
    from: [],
    where,
    returning: [],
  });
}

export function deleteNode(ir: TableIR, where: ExpressionNode): DeleteNode {
  return node({ kind: 'delete', with: [], table: tableNode(ir), using: [], where, returning: [] });
}

export interface SelectParts {
  selections: readonly SelectionNode[];
  from: readonly FromNode[];
  joins?: readonly JoinNode[];
  where?: ExpressionNode | null;
  groupBy?: readonly ExpressionNode[];
  having?: ExpressionNode | null;
  orderBy?: readonly OrderNode[];
  limit?: number | null;
  offset?: number | null;
  distinct?: boolean;
}

export function selectNode(p: SelectParts): SelectNode {
  return node({
    kind: 'select',
    with: [],
    distinct: p.distinct ?? false,
    selections: Object.freeze([...p.selections]),
    from: Object.freeze([...p.from]),
    joins: Object.freeze([...(p.joins ?? [])]),
    where: p.where ?? null,
    groupBy: Object.freeze([...(p.groupBy ?? [])]),
    having: p.having ?? null,
    orderBy: Object.freeze([...(p.orderBy ?? [])]),
    limit: p.limit === undefined || p.limit === null ? null : valueNode(p.limit, null),
    offset: p.offset === undefined || p.offset === null ? null : valueNode(p.offset, null),
    lock: null,
  });
}
