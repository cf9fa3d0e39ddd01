/**
 * Expression visitors of the default compiler: one handler per expression kind, in an
 * exhaustive table (a new kind without a handler does not type-check).
 */
import type { ExpressionNode, FrameBound, OrderNode, RawArg } from '../nodes.js';
import type { CompileContext } from './context.js';
import { renderJsonArrayOperator } from './json-array-families.js';
import { simpleCaseSubject } from './simple-case.js';
import { isIntegerDivision } from './integer-division.js';

type Handlers = {
  [K in ExpressionNode['kind']]: (
    node: Extract<ExpressionNode, { kind: K }>,
    ctx: CompileContext,
  ) => void;
};

const SAFE_FUNCTION = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;
const SAFE_TYPE = /^[A-Za-z_][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?(\[\])*$/;

const RANGE_OPERATORS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=']);
const MIN_MAX: ReadonlySet<string> = new Set(['min', 'max']);

/**
 * The dialect's wrapper for a range comparison or ordering of these operands: that of
 * the first column among them whose stored form does not order by value (SQLite's
 * decimals, stored as text), or null.
 */
function rangeWrapper(
  nodes: readonly ExpressionNode[],
  ctx: CompileContext,
): readonly [string, string] | null {
  const hook = ctx.dialect.rangeWrapper;
  if (!hook) return null;
  for (const node of nodes) {
    const wrapper = node.kind === 'column' && node.type ? hook(node.type) : null;
    if (wrapper) return wrapper;
  }
  return null;
}

/** An operand, inside `wrapper` when there is one. */
function wrappedOperand(
  node: ExpressionNode,
  wrapper: readonly [string, string] | null,
  ctx: CompileContext,
): void {
  if (!wrapper) return ctx.operand(node);
  ctx.write(wrapper[0]);
  ctx.expr(node);
  ctx.write(wrapper[1]);
}

const handlers: Handlers = {
  jsonArrayOp: renderJsonArrayOperator,
  column(n, ctx) {
    if (ctx.duplicateKeyUpdate && n.table === 'excluded') {
      ctx.write('values(');
      ctx.id(n.name);
      ctx.write(')');
      return;
    }
    if (n.table !== null && !ctx.bareColumns) {
      ctx.id(n.table);
      ctx.write('.');
    }
    ctx.id(n.name);
  },
  value(n, ctx) {
    ctx.bind(n);
  },
  param(n, ctx) {
    ctx.bind(n);
  },
  truth(n, ctx) {
    ctx.write(n.value ? '1 = 1' : '1 = 0');
  },
  binary(n, ctx) {
    let op: string = n.op;
    if (!ctx.dialect.capabilities.isDistinctFrom) {
      if (ctx.dialect.capabilities.nullSafeEquals && op.endsWith('distinct from')) {
        const negate = op === 'is distinct from';
        ctx.write(negate ? 'not (' : '(');
        ctx.operand(n.left);
        ctx.write(' <=> ');
        ctx.operand(n.right);
        ctx.write(')');
        return;
      }
      if (op === 'is distinct from') op = 'is not';
      else if (op === 'is not distinct from') op = 'is';
    }
    const integerDivision = ctx.dialect.capabilities.integerDivision;
    if (op === '/' && integerDivision !== undefined && isIntegerDivision(n)) op = integerDivision;
    const wrapper = RANGE_OPERATORS.has(op) ? rangeWrapper([n.left, n.right], ctx) : null;
    wrappedOperand(n.left, wrapper, ctx);
    ctx.write(` ${op} `);
    wrappedOperand(n.right, wrapper, ctx);
  },
  logical(n, ctx) {
    ctx.list(
      n.items,
      (item) => {
        if (item.kind === 'logical' && item.op !== n.op) {
          ctx.write('(');
          ctx.expr(item);
          ctx.write(')');
        } else if (item.kind === 'logical' || item.kind === 'truth') {
          ctx.operand(item);
        } else {
          ctx.expr(item);
        }
      },
      ` ${n.op} `,
    );
  },
  not(n, ctx) {
    ctx.write('not (');
    ctx.expr(n.operand);
    ctx.write(')');
  },
  in(n, ctx) {
    if (Array.isArray(n.list) && n.list.length === 0) {
      // `x IN ()` is invalid SQL; an empty list matches nothing (and NOT IN, everything).
      ctx.write(n.negated ? '1 = 1' : '1 = 0');
      return;
    }
    ctx.operand(n.operand);
    ctx.write(n.negated ? ' not in (' : ' in (');
    if (Array.isArray(n.list)) ctx.list(n.list as readonly ExpressionNode[], (e) => ctx.expr(e));
    else ctx.statement(n.list as Exclude<typeof n.list, readonly ExpressionNode[]>);
    ctx.write(')');
  },
  like(n, ctx) {
    const not = n.negated ? 'not ' : '';
    if (!n.caseInsensitive) {
      ctx.operand(n.operand);
      ctx.write(` ${not}like `);
      ctx.operand(n.pattern);
    } else if (ctx.dialect.capabilities.ilike) {
      ctx.operand(n.operand);
      ctx.write(` ${not}ilike `);
      ctx.operand(n.pattern);
    } else {
      ctx.write('lower(');
      ctx.expr(n.operand);
      ctx.write(`) ${not}like lower(`);
      ctx.expr(n.pattern);
      ctx.write(')');
    }
    if (ctx.dialect.capabilities.likeEscapeClause === true) ctx.write(" escape '\\'");
  },
  between(n, ctx) {
    const wrapper = rangeWrapper([n.operand, n.low, n.high], ctx);
    wrappedOperand(n.operand, wrapper, ctx);
    ctx.write(n.negated ? ' not between ' : ' between ');
    wrappedOperand(n.low, wrapper, ctx);
    ctx.write(' and ');
    wrappedOperand(n.high, wrapper, ctx);
  },
  isNull(n, ctx) {
    ctx.operand(n.operand);
    ctx.write(n.negated ? ' is not null' : ' is null');
  },
  exists(n, ctx) {
    ctx.write(n.negated ? 'not exists (' : 'exists (');
    ctx.statement(n.query);
    ctx.write(')');
  },
  subquery(n, ctx) {
    ctx.write('(');
    ctx.statement(n.query);
    ctx.write(')');
  },
  function(n, ctx) {
    if (!SAFE_FUNCTION.test(n.name)) ctx.fail(`invalid function name ${JSON.stringify(n.name)}`);
    ctx.write(`${n.name}(`);
    if (n.star) ctx.write('*');
    else {
      if (n.distinct) ctx.write('distinct ');
      // min/max pick by the same order as ORDER BY (see rangeWrapper).
      const wrapper = MIN_MAX.has(n.name.toLowerCase()) ? rangeWrapper(n.args, ctx) : null;
      ctx.list(n.args, (a) => (wrapper ? wrappedOperand(a, wrapper, ctx) : ctx.expr(a)));
    }
    ctx.write(')');
  },
  window(n, ctx) {
    ctx.expr(n.fn);
    ctx.write(' over (');
    let space = '';
    if (n.partitionBy.length > 0) {
      ctx.write('partition by ');
      ctx.list(n.partitionBy, (e) => ctx.expr(e));
      space = ' ';
    }
    if (n.orderBy.length > 0) {
      ctx.write(`${space}order by `);
      renderOrderList(n.orderBy, ctx);
      space = ' ';
    }
    if (n.frame) {
      ctx.write(`${space}${n.frame.mode} `);
      if (n.frame.end) {
        ctx.write(`between ${bound(n.frame.start, ctx)} and ${bound(n.frame.end, ctx)}`);
      } else {
        ctx.write(bound(n.frame.start, ctx));
      }
    }
    ctx.write(')');
  },
  cast(n, ctx) {
    if (!SAFE_TYPE.test(n.sqlType)) ctx.fail(`invalid cast type ${JSON.stringify(n.sqlType)}`);
    ctx.write('cast(');
    ctx.expr(n.operand);
    ctx.write(` as ${ctx.dialect.castType?.(n.sqlType) ?? n.sqlType})`);
  },
  case(n, ctx) {
    ctx.write('case');
    const subject = ctx.dialect.capabilities.simpleCase === true ? simpleCaseSubject(n) : null;
    if (subject !== null) {
      ctx.write(' ');
      ctx.operand(subject);
    }
    for (const w of n.whens) {
      ctx.write(' when ');
      // The simple form: only the value each WHEN compares the subject with.
      if (subject !== null && w.when.kind === 'binary') ctx.operand(w.when.right);
      else ctx.expr(w.when);
      ctx.write(' then ');
      ctx.expr(w.then);
    }
    if (n.otherwise) {
      ctx.write(' else ');
      ctx.expr(n.otherwise);
    }
    ctx.write(' end');
  },
  default(_n, ctx) {
    if (!ctx.dialect.capabilities.defaultInValues) {
      ctx.fail(
        'rows of one insert must set the same columns (DEFAULT is not allowed in VALUES); insert them separately',
      );
    }
    ctx.write('default');
  },
  star(n, ctx) {
    if (n.table !== null) {
      ctx.id(n.table);
      ctx.write('.');
    }
    ctx.write('*');
  },
  raw(n, ctx) {
    n.parts.forEach((part, i) => {
      ctx.write(part);
      const arg = n.args[i];
      if (arg !== undefined) renderRawArg(arg, ctx);
    });
  },
  identifier(n, ctx) {
    ctx.list(n.parts, (p) => ctx.id(p), '.');
  },
  list(n, ctx) {
    n.items.forEach((item, i) => {
      if (i > 0) ctx.expr(n.separator);
      renderRawArg(item, ctx);
    });
  },
};

function renderRawArg(arg: RawArg, ctx: CompileContext): void {
  if (arg.kind === 'select' || arg.kind === 'compound') {
    ctx.write('(');
    ctx.statement(arg);
    ctx.write(')');
  } else {
    ctx.expr(arg);
  }
}

function bound(b: FrameBound, ctx: CompileContext): string {
  switch (b.kind) {
    case 'unboundedPreceding':
      return 'unbounded preceding';
    case 'unboundedFollowing':
      return 'unbounded following';
    case 'currentRow':
      return 'current row';
    case 'preceding':
    case 'following':
      if (!Number.isSafeInteger(b.offset) || b.offset < 0) {
        ctx.fail(`window frame offset must be a non-negative integer, got ${b.offset}`);
      }
      return `${b.offset} ${b.kind}`;
  }
}

export function renderOrderList(items: readonly OrderNode[], ctx: CompileContext): void {
  ctx.list(items, (o) => {
    const wrapper = rangeWrapper([o.expr], ctx);
    if (o.nulls && ctx.dialect.capabilities.nullsOrdering === false) {
      // `x is null` sorts false (0) before true (1): nulls last ascending.
      ctx.operand(o.expr);
      ctx.write(o.nulls === 'first' ? ' is null desc, ' : ' is null asc, ');
      if (wrapper) wrappedOperand(o.expr, wrapper, ctx);
      else ctx.expr(o.expr);
      ctx.write(` ${o.direction}`);
      return;
    }
    if (wrapper) wrappedOperand(o.expr, wrapper, ctx);
    else ctx.expr(o.expr);
    ctx.write(` ${o.direction}`);
    if (o.nulls) ctx.write(` nulls ${o.nulls}`);
  });
}

export function renderExpression(node: ExpressionNode, ctx: CompileContext): void {
  (handlers[node.kind] as (n: ExpressionNode, c: CompileContext) => void)(node, ctx);
}
