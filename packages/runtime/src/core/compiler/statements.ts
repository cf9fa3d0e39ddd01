/**
 * Statement visitors of the default compiler: select, compound selects, insert, update,
 * delete and raw statements, in an exhaustive table.
 */
import type {
  CompoundNode,
  CteNode,
  ExpressionNode,
  FromNode,
  OrderNode,
  QueryNode,
  SelectionNode,
  SelectNode,
  SetNode,
  StatementNode,
  TableNode,
} from '../nodes.js';
import type { CompileContext } from './context.js';
import { checkFromGiven } from './missing-from.js';
import { renderOrderList } from './expressions.js';
import { renderValuesTable } from './values-table.js';
import { renderSelections } from './selections.js';

type Handlers = {
  [K in StatementNode['kind']]: (
    node: Extract<StatementNode, { kind: K }>,
    ctx: CompileContext,
  ) => void;
};

const handlers: Handlers = {
  select(n, ctx) {
    if (ctx.depth === 1) checkFromGiven(n);
    // Without row locks the database locks whole: the statement is marked (compile.ts) to
    // go where it takes that lock (SQLite's writer, its transaction's BEGIN IMMEDIATE), so
    // a read-then-write under FOR UPDATE is not lost to a concurrent one, whether the
    // locking SELECT is the statement or inside it (a CTE, a subquery, a UNION's part).
    if (n.lock && !ctx.dialect.capabilities.rowLocking) ctx.lockingRead = true;
    renderWith(n.with, ctx);
    renderSelectCore(n, ctx);
    renderOrderLimit(n, ctx);
    if (n.lock && ctx.dialect.capabilities.rowLocking) {
      ctx.write(` for ${n.lock.strength}`);
      if (n.lock.of.length > 0) {
        ctx.write(' of ');
        ctx.list(n.lock.of, (t) => ctx.id(t));
      }
      if (n.lock.wait) ctx.write(` ${n.lock.wait}`);
    }
  },
  compound(n, ctx) {
    renderWith(n.with, ctx);
    renderSetOperand(n.first, ctx);
    for (const part of n.rest) {
      ctx.write(` ${part.op}${part.all ? ' all' : ''} `);
      renderSetOperand(part.query, ctx);
    }
    // ORDER BY of a compound select may only name its output columns.
    renderOrderLimit({ ...n, orderBy: n.orderBy.map(toOutputColumn) }, ctx);
  },
  insert(n, ctx) {
    renderMutationWith(n.with, ctx);
    ctx.write('insert into ');
    renderTable(n.table, ctx, ctx.dialect.capabilities.insertAlias !== false);
    if (Array.isArray(n.values)) {
      const rows = n.values as readonly (readonly ExpressionNode[])[];
      if (n.columns.length === 0) {
        ctx.write(
          ctx.dialect.capabilities.defaultValues === false ? ' () values ()' : ' default values',
        );
      } else {
        ctx.write(' (');
        ctx.list(n.columns, (c) => ctx.id(c));
        ctx.write(') values ');
        renderValueRows(rows, ctx);
      }
    } else {
      ctx.write(' (');
      ctx.list(n.columns, (c) => ctx.id(c));
      ctx.write(') ');
      const query = n.values as QueryNode;
      if (n.onConflict) {
        // SQLite cannot tell `SELECT ... ON CONFLICT` from a join constraint without a
        // WHERE; wrapping works on every dialect.
        ctx.write('select * from (');
        ctx.statement(query);
        ctx.write(') as ');
        ctx.id('excluded_source');
        ctx.write(' where 1 = 1');
      } else {
        ctx.statement(query);
      }
    }
    if (n.onConflict && ctx.dialect.capabilities.upsert === 'onDuplicateKey') {
      renderOnDuplicateKey(n.onConflict, n.table, n.columns, ctx);
    } else if (n.onConflict) {
      const oc = n.onConflict;
      ctx.write(' on conflict');
      if (oc.target.length > 0) {
        ctx.write(' (');
        ctx.list(oc.target, (c) => ctx.id(c));
        ctx.write(')');
      }
      if (oc.update === null) {
        ctx.write(' do nothing');
      } else {
        if (oc.target.length === 0) ctx.fail('on conflict do update needs conflict target columns');
        ctx.write(' do update set ');
        renderAssignments(oc.update, ctx);
        if (oc.where) {
          ctx.write(' where ');
          ctx.expr(oc.where);
        }
      }
    }
    renderReturning(n.returning, ctx);
  },
  update(n, ctx) {
    renderMutationWith(n.with, ctx);
    if (n.returning.length > 0 && ctx.dialect.capabilities.updateReturning === false) {
      ctx.fail('update ... returning is not supported; select the rows after updating them');
    }
    if (n.from.length > 0 && ctx.dialect.capabilities.updateFrom === false) {
      ctx.fail('update ... from is not supported; use a where ... in (select ...) instead');
    }
    ctx.write('update ');
    renderTable(n.table, ctx);
    if (n.set.length === 0) ctx.fail('update needs at least one column to set');
    ctx.write(' set ');
    renderAssignments(n.set, ctx);
    if (n.from.length > 0) {
      ctx.write(' from ');
      ctx.list(n.from, (f) => renderFrom(f, ctx));
    }
    if (n.where) {
      ctx.write(' where ');
      ctx.expr(n.where);
    }
    renderReturning(n.returning, ctx);
  },
  delete(n, ctx) {
    renderMutationWith(n.with, ctx);
    const alias = deleteTargetAlias(n.table, ctx);
    if (alias !== null) {
      if (n.returning.length > 0) {
        ctx.fail('delete ... returning from an aliased table is not supported');
      }
      ctx.write('delete ');
      ctx.id(alias);
      ctx.write(' from ');
    } else {
      ctx.write('delete from ');
    }
    renderTable(n.table, ctx);
    if (n.using.length > 0) {
      if (!ctx.dialect.capabilities.deleteUsing) {
        ctx.fail('delete ... using is not supported; use a where ... in (select ...) instead');
      }
      ctx.write(' using ');
      ctx.list(n.using, (f) => renderFrom(f, ctx));
    }
    if (n.where) {
      ctx.write(' where ');
      ctx.expr(n.where);
    }
    renderReturning(n.returning, ctx);
  },
  rawStatement(n, ctx) {
    ctx.expr(n.raw);
    if (ctx.depth === 1) {
      // Asked for explicitly: converted even where the driver's parsers usually suffice.
      for (const r of n.resultTypes)
        ctx.resultColumns.push({ key: r.key, type: r.type, index: -1 });
    }
  },
};

/** The alias a MySQL-style `delete a from t as a` names; null where `delete from` serves. */
function deleteTargetAlias(t: TableNode, ctx: CompileContext): string | null {
  if (ctx.dialect.capabilities.deleteAlias !== false) return null;
  if (t.alias !== null) return t.alias;
  const outside = t.schema !== null && t.schema !== 'public' && !ctx.dialect.capabilities.schemas;
  return outside ? t.name : null;
}

/** A WITH clause before INSERT/UPDATE/DELETE, where the dialect allows it there. */
function renderMutationWith(ctes: readonly CteNode[], ctx: CompileContext): void {
  if (ctes.length > 0 && ctx.dialect.capabilities.withOnMutations === false) {
    ctx.fail('with ... before insert, update or delete is not supported; use a subquery');
  }
  renderWith(ctes, ctx);
}

/**
 * MySQL's upsert: ON DUPLICATE KEY UPDATE. It has no conflict target (any unique key
 * conflicts) and no condition; DO NOTHING becomes a no-op assignment of the first
 * inserted column (INSERT IGNORE would also silence other errors, changing data).
 */
function renderOnDuplicateKey(
  oc: NonNullable<Extract<StatementNode, { kind: 'insert' }>['onConflict']>,
  table: TableNode,
  columns: readonly string[],
  ctx: CompileContext,
): void {
  if (oc.where) ctx.fail('on conflict do update ... where is not supported');
  ctx.write(' on duplicate key update ');
  if (oc.update === null) {
    const first = columns[0];
    if (first === undefined) ctx.fail('on conflict do nothing needs at least one inserted column');
    // Qualified: after INSERT ... SELECT a bare name could also mean the select's column.
    for (let i = 0; i < 2; i++) {
      if (i === 1) ctx.write(' = ');
      renderTable(table, ctx, false);
      ctx.write('.');
      ctx.id(first);
    }
    return;
  }
  ctx.duplicateKeyUpdate = true;
  renderAssignments(oc.update, ctx);
  ctx.duplicateKeyUpdate = false;
}

function toOutputColumn(o: OrderNode): OrderNode {
  if (o.expr.kind !== 'column') return o;
  return { ...o, expr: { ...o.expr, table: null, name: o.expr.propertyName } };
}

function renderWith(ctes: readonly CteNode[], ctx: CompileContext): void {
  if (ctes.length === 0) return;
  ctx.write(ctes.some((c) => c.recursive) ? 'with recursive ' : 'with ');
  ctx.list(ctes, (c) => {
    ctx.id(c.name);
    if (c.columns) {
      ctx.write('(');
      ctx.list(c.columns, (name) => ctx.id(name));
      ctx.write(')');
    }
    ctx.write(' as (');
    ctx.statement(c.query);
    ctx.write(')');
  });
  ctx.write(' ');
}

function renderSelectCore(n: SelectNode, ctx: CompileContext): void {
  ctx.write('select ');
  if (n.distinct === true) ctx.write('distinct ');
  else if (Array.isArray(n.distinct)) {
    if (!ctx.dialect.capabilities.distinctOn) ctx.fail('select distinct on (...) is not supported');
    ctx.write('distinct on (');
    ctx.list(n.distinct as SelectNode['groupBy'], (e) => ctx.expr(e));
    ctx.write(') ');
  }
  if (n.selections.length === 0) ctx.write('*');
  else renderSelections(n.selections, ctx);
  if (n.from.length > 0) {
    ctx.write(' from ');
    ctx.list(n.from, (f) => renderFrom(f, ctx));
  }
  for (const j of n.joins) {
    if (j.type === 'full' && ctx.dialect.capabilities.fullJoin === false) {
      ctx.fail('full join is not supported; union a left join and a right join instead');
    }
    ctx.write(j.type === 'inner' ? ' inner join ' : ` ${j.type} join `);
    renderFrom(j.source, ctx);
    if (j.on) {
      ctx.write(' on ');
      ctx.expr(j.on);
    }
  }
  if (n.where) {
    ctx.write(' where ');
    ctx.expr(n.where);
  }
  if (n.groupBy.length > 0) {
    ctx.write(' group by ');
    ctx.list(n.groupBy, (e) => ctx.expr(e));
  }
  if (n.having) {
    ctx.write(' having ');
    ctx.expr(n.having);
  }
}

function renderSetOperand(n: SelectNode, ctx: CompileContext): void {
  const needsParens =
    n.orderBy.length > 0 || n.limit !== null || n.offset !== null || n.with.length > 0;
  if (needsParens) {
    if (!ctx.dialect.capabilities.parenthesizedSetOperands) {
      ctx.fail(
        'a union/intersect/except operand cannot have its own order by, limit, offset or with',
      );
    }
    ctx.write('(');
    handlers.select(n, ctx);
    ctx.write(')');
  } else {
    handlers.select(n, ctx);
  }
}

function renderOrderLimit(n: SelectNode | CompoundNode, ctx: CompileContext): void {
  if (n.orderBy.length > 0) {
    ctx.write(' order by ');
    renderOrderList(n.orderBy, ctx);
  }
  if (n.limit) {
    ctx.write(' limit ');
    ctx.expr(n.limit);
  } else if (n.offset && !ctx.dialect.capabilities.offsetWithoutLimit) {
    ctx.write(` limit ${ctx.dialect.capabilities.unboundedLimit ?? '-1'}`);
  }
  if (n.offset) {
    ctx.write(' offset ');
    ctx.expr(n.offset);
  }
}

/** `"a" = <expr>, "b" = <expr>`: the SET list of an UPDATE and of an upsert's DO UPDATE. */
function renderAssignments(assignments: readonly SetNode[], ctx: CompileContext): void {
  ctx.list(assignments, (s) => {
    ctx.id(s.column);
    ctx.write(' = ');
    ctx.expr(s.value);
  });
}

function renderReturning(selections: readonly SelectionNode[], ctx: CompileContext): void {
  if (selections.length === 0) return;
  if (!ctx.dialect.capabilities.returning) ctx.fail('returning is not supported');
  ctx.write(' returning ');
  ctx.bareColumns = !ctx.dialect.capabilities.qualifiedReturning;
  renderSelections(selections, ctx);
  ctx.bareColumns = false;
}

/**
 * The one name a table of `schema` has on a dialect without schemas (SQLite): the schema
 * joins the name (`auth.members`); the default schema's tables keep their own name.
 */
export function schemalessName(schema: string | null, name: string): string {
  return schema !== null && schema !== 'public' ? `${schema}.${name}` : name;
}

export function renderTable(t: TableNode, ctx: CompileContext, aliased = true): void {
  let alias = aliased ? t.alias : null;
  if (t.schema !== null && t.schema !== 'public') {
    if (ctx.dialect.capabilities.schemas) {
      ctx.id(t.schema);
      ctx.write('.');
      ctx.id(t.name);
    } else {
      ctx.id(schemalessName(t.schema, t.name));
      if (aliased) alias ??= t.name;
    }
  } else {
    ctx.id(t.name);
  }
  if (alias !== null) {
    ctx.write(' as ');
    ctx.id(alias);
  }
}

function renderFrom(f: FromNode, ctx: CompileContext): void {
  if (f.kind === 'table') {
    renderTable(f, ctx);
  } else if (f.kind === 'values') {
    renderValuesTable(f, ctx);
  } else {
    ctx.write('(');
    ctx.statement(f.query);
    ctx.write(') as ');
    ctx.id(f.alias);
  }
}

export function renderStatement(node: StatementNode, ctx: CompileContext): void {
  (handlers[node.kind] as (n: StatementNode, c: CompileContext) => void)(node, ctx);
}

/**
 * `(v, v), (v, v)`: the hot loop of batch inserts. When every cell is a bound value (the
 * usual case) the text depends only on the grid's size and the first placeholder index,
 * so it is kept per dialect and reused by the next batch of the same size.
 */
function renderValueRows(rows: readonly (readonly ExpressionNode[])[], ctx: CompileContext): void {
  const width = rows[0]?.length ?? 0;
  const grid = ctx.bindGrid(rows, width);
  if (grid !== null) {
    ctx.write(grid);
    return;
  }
  ctx.list(rows, (row) => {
    ctx.write('(');
    ctx.list(row, (v) => ctx.expr(v));
    ctx.write(')');
  });
}
