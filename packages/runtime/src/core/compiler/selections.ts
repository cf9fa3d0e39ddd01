/**
 * Select lists: each selection with its alias and the dialect's select wrapper, and the
 * result columns whose values need converting. A whole table's list (the same frozen array
 * on every `select(table)`) is rendered once per dialect and context and its text reused.
 */
import type { SelectionNode } from '../nodes.js';
import { selectionType } from '../nodes.js';
import { isTableSelectionList } from '../table.js';
import type { CompileContext, ResultColumn } from './context.js';

// Rendered select lists of whole tables (the same frozen array on every `select(table)`),
// per dialect and context: they hold no parameters, so their text can be reused.
const renderedLists = new WeakMap<
  object,
  WeakMap<readonly SelectionNode[], { sql: string; resultColumns: readonly ResultColumn[] }>
>();

export function renderSelections(selections: readonly SelectionNode[], ctx: CompileContext): void {
  if (ctx.depth !== 1 || !isTableSelectionList(selections)) {
    renderSelectionList(selections, ctx);
    return;
  }
  const contextKey = ctx.bareColumns ? bareKey(ctx.dialect) : ctx.dialect;
  let perContext = renderedLists.get(contextKey);
  if (!perContext) {
    perContext = new WeakMap();
    renderedLists.set(contextKey, perContext);
  }
  const hit = perContext.get(selections);
  if (hit) {
    ctx.write(hit.sql);
    for (const c of hit.resultColumns) ctx.resultColumns.push(c);
    return;
  }
  const sqlStart = ctx.sql.length;
  const columnsStart = ctx.resultColumns.length;
  renderSelectionList(selections, ctx);
  perContext.set(selections, {
    sql: ctx.sql.slice(sqlStart),
    resultColumns: ctx.resultColumns.slice(columnsStart),
  });
}

const bareKeys = new WeakMap<object, object>();
function bareKey(dialect: object): object {
  let k = bareKeys.get(dialect);
  if (!k) {
    k = {};
    bareKeys.set(dialect, k);
  }
  return k;
}

function renderSelectionList(selections: readonly SelectionNode[], ctx: CompileContext): void {
  const top = ctx.depth === 1;
  for (let i = 0; i < selections.length; i++) {
    if (i > 0) ctx.write(', ');
    const s = selections[i] as SelectionNode;
    const e = s.expr;
    const type = selectionType(e);
    let key: string | null = s.alias;
    const wrapper = top && type ? ctx.dialect.selectWrapper(type) : null;
    if (wrapper) {
      ctx.write(wrapper[0]);
      ctx.expr(e);
      ctx.write(wrapper[1]);
      if (key === null && e.kind === 'column') key = e.propertyName;
    } else {
      ctx.expr(e);
    }
    if (key === null && e.kind === 'column' && e.propertyName !== e.name) key = e.propertyName;
    if (key !== null) {
      ctx.write(' as ');
      ctx.id(key);
    }
    const outKey = key ?? (e.kind === 'column' ? e.name : null);
    if (top && type && outKey !== null && ctx.dialect.resultNeedsConversion(type)) {
      ctx.resultColumns.push({ key: outKey, type, index: i });
    }
  }
}
