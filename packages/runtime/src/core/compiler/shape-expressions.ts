/**
 * The shape walk of expressions: the `expressions.ts` renderers, field by field, as tokens
 * (see `shape.ts` for the rules).
 */
import type {
  CaseNode,
  ExpressionNode,
  FrameBound,
  OrderNode,
  RawArg,
  StatementNode,
} from '../nodes.js';
import { boundTypeKey } from './context.js';
import { Unshaped, type ShapeWalk } from './shape-walk.js';
import { isIntegerDivision } from './integer-division.js';

/** Codes of expressions (statements: 1–, see shape-walk.ts). */
const enum C {
  between = 100,
  binary,
  case,
  cast,
  column,
  default,
  emptyList,
  exists,
  false,
  function,
  identifier,
  in,
  isNull,
  like,
  list,
  logical,
  not,
  query,
  raw,
  slot,
  star,
  true,
  window,
}

/** A list of expressions: its length, then each. */
export function exprs(items: readonly ExpressionNode[], w: ShapeWalk): void {
  w.count(items.length);
  for (let i = 0; i < items.length; i++) expression(items[i] as ExpressionNode, w);
}

/** An optional expression; the renderer tests these for truthiness. */
export function maybe(n: ExpressionNode | null, w: ShapeWalk): void {
  if (!n) w.none();
  else expression(n, w);
}

export function orders(items: readonly OrderNode[], w: ShapeWalk): void {
  w.count(items.length);
  for (let i = 0; i < items.length; i++) {
    const o = items[i] as OrderNode;
    expression(o.expr, w);
    w.str(o.direction);
    w.str(o.nulls || null);
  }
}

export function expression(n: ExpressionNode, w: ShapeWalk): void {
  switch (n.kind) {
    case 'column':
      // propertyName: selections key results by it, compound ORDER BY renders it.
      w.code(C.column);
      w.str(n.table);
      w.str(n.name);
      w.str(n.propertyName);
      return;
    case 'value':
    case 'param':
      w.code(C.slot);
      w.slot(n);
      // The placeholder's text may depend on the type (SqlDialect.parameterWrapper).
      w.str(boundTypeKey(n));
      return;
    case 'truth':
      w.code(n.value ? C.true : C.false);
      return;
    case 'binary':
      w.code(C.binary);
      // Integer division may render otherwise (`DIV`), by its operands' types, which the
      // column tokens do not carry.
      w.str(n.op === '/' && isIntegerDivision(n) ? '/int' : n.op);
      expression(n.left, w);
      expression(n.right, w);
      return;
    case 'logical':
      w.code(C.logical);
      w.str(n.op);
      exprs(n.items, w);
      return;
    case 'not':
      w.code(C.not);
      expression(n.operand, w);
      return;
    case 'in':
      w.code(C.in);
      w.flag(n.negated);
      if (Array.isArray(n.list)) {
        const list = n.list as readonly ExpressionNode[];
        // An empty list renders a constant predicate; the operand is not rendered.
        if (list.length > 0) {
          expression(n.operand, w);
          exprs(list, w);
        } else w.code(C.emptyList);
      } else {
        expression(n.operand, w);
        w.code(C.query);
        w.statement(n.list as StatementNode);
      }
      return;
    case 'like':
      w.code(C.like);
      w.flag(n.caseInsensitive);
      w.flag(n.negated);
      expression(n.operand, w);
      expression(n.pattern, w);
      return;
    case 'between':
      w.code(C.between);
      w.flag(n.negated);
      expression(n.operand, w);
      expression(n.low, w);
      expression(n.high, w);
      return;
    case 'isNull':
      w.code(C.isNull);
      w.flag(n.negated);
      expression(n.operand, w);
      return;
    case 'exists':
      w.code(C.exists);
      w.flag(n.negated);
      w.statement(n.query);
      return;
    case 'subquery':
      w.code(C.query);
      w.statement(n.query);
      return;
    case 'function':
      w.code(C.function);
      w.str(n.name);
      w.flag(n.star);
      if (!n.star) {
        // `count(*)` renders no arguments (and binds none).
        w.flag(n.distinct);
        exprs(n.args, w);
      }
      return;
    case 'window':
      w.code(C.window);
      expression(n.fn, w);
      exprs(n.partitionBy, w);
      orders(n.orderBy, w);
      if (!n.frame) w.none();
      else {
        w.str(n.frame.mode);
        bound(n.frame.start, w);
        if (n.frame.end) bound(n.frame.end, w);
        else w.none();
      }
      return;
    case 'cast':
      w.code(C.cast);
      w.str(n.sqlType);
      expression(n.operand, w);
      return;
    case 'case':
      w.code(C.case);
      w.count(n.whens.length);
      for (let i = 0; i < n.whens.length; i++) {
        const c = n.whens[i] as CaseNode['whens'][number];
        expression(c.when, w);
        expression(c.then, w);
      }
      maybe(n.otherwise, w);
      return;
    case 'default':
      w.code(C.default);
      return;
    case 'star':
      w.code(C.star);
      w.str(n.table);
      return;
    case 'raw':
      w.code(C.raw);
      w.count(n.parts.length);
      // As the renderer: one argument after each part, while there are any.
      for (let i = 0; i < n.parts.length; i++) {
        w.str(n.parts[i] as string);
        const arg = n.args[i];
        if (arg === undefined) w.none();
        else rawArg(arg, w);
      }
      return;
    case 'identifier':
      w.code(C.identifier);
      w.strs(n.parts);
      return;
    case 'list':
      w.code(C.list);
      w.count(n.items.length);
      for (let i = 0; i < n.items.length; i++) {
        if (i > 0) expression(n.separator, w);
        rawArg(n.items[i] as RawArg, w);
      }
      return;
    default:
      throw new Unshaped();
  }
}

function rawArg(arg: RawArg, w: ShapeWalk): void {
  if (arg.kind === 'select' || arg.kind === 'compound') {
    w.code(C.query);
    w.statement(arg);
  } else expression(arg, w);
}

function bound(b: FrameBound, w: ShapeWalk): void {
  w.str(b.kind);
  // Offsets are written into the SQL as numbers, so they are part of the shape.
  if (b.kind === 'preceding' || b.kind === 'following') w.str(String(b.offset));
}
