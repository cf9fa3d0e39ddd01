/**
 * A VALUES table source: `(values (a, b), (c, d)) as v(x, y)`. The ORM's batched UPDATE
 * joins one (`update t set c = v.c from (values ...) as v(id, c) where t.id = v.id`): the
 * database matches each row once, where `set c = case id when ... end` tries the branches
 * in order for every row (1,000 rows: some 500,000 compares).
 */
import type { ExpressionNode, ValuesTableNode } from '../nodes.js';
import type { CompileContext } from './context.js';

export function renderValuesTable(n: ValuesTableNode, ctx: CompileContext): void {
  const caps = ctx.dialect.capabilities;
  if (caps.valuesTable === false) ctx.fail('a values list as a table is not supported');
  const width = n.columns.length;
  if (width === 0 || n.rows.length === 0) ctx.fail('a values table needs columns and rows');
  for (const row of n.rows) {
    if (row.length !== width) {
      ctx.fail(`a values table row has ${row.length} cells for ${width} columns`);
    }
  }
  // SQLite cannot name a derived table's columns (`as v(x, y)`); it names VALUES columns
  // column1, column2, ..., so a select around it gives them their names.
  const aliased = caps.valuesColumnAliases !== false;
  if (aliased) ctx.write('(values ');
  else {
    ctx.write('(select ');
    n.columns.forEach((c, i) => {
      ctx.write(i > 0 ? `, column${i + 1} as ` : 'column1 as ');
      ctx.id(c.name);
    });
    ctx.write(' from (values ');
  }
  renderRows(n, ctx);
  ctx.write(aliased ? ') as ' : ')) as ');
  ctx.id(n.alias);
  if (aliased) {
    ctx.write('(');
    ctx.list(n.columns, (c) => ctx.id(c.name));
    ctx.write(')');
  }
}

/**
 * The rows. A dialect that cannot infer a bare parameter's type there (PostgreSQL reads it
 * as text, and `t.id = v.id` would then compare an integer with text) casts the first
 * row's cells; the other rows take the column's type from it.
 */
function renderRows(n: ValuesTableNode, ctx: CompileContext): void {
  const castType = ctx.dialect.valuesCastType;
  let rest = n.rows;
  if (castType !== undefined) {
    const first = n.rows[0] as readonly ExpressionNode[];
    ctx.write('(');
    first.forEach((cell, i) => {
      if (i > 0) ctx.write(', ');
      const type = (n.columns[i] as ValuesTableNode['columns'][number]).type;
      ctx.write('cast(');
      ctx.expr(cell);
      ctx.write(` as ${castType(type)})`);
    });
    ctx.write(')');
    rest = n.rows.slice(1);
    if (rest.length === 0) return;
    ctx.write(', ');
  }
  const grid = ctx.bindGrid(rest, n.columns.length);
  if (grid !== null) {
    ctx.write(grid);
    return;
  }
  ctx.list(rest, (row) => {
    ctx.write('(');
    ctx.list(row, (v) => ctx.expr(v));
    ctx.write(')');
  });
}
