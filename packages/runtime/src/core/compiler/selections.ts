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
  // The rows' keys, where each selection's text starts and ends: only a statement's own
  // rows are keyed by name (a subquery's columns are the database's to resolve).
  const keys = top && selections.length > 1 ? new Map<string, number>() : null;
  const spans: number[] = [];
  for (let i = 0; i < selections.length; i++) {
    if (i > 0) ctx.write(', ');
    const start = ctx.sql.length;
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
    if (keys !== null) {
      spans.push(start, ctx.sql.length);
      if (outKey !== null) {
        const earlier = keys.get(outKey);
        if (earlier !== undefined) duplicateName(outKey, spans, earlier, i, ctx);
        keys.set(outKey, i);
      }
    }
    if (top && type && outKey !== null && ctx.dialect.resultNeedsConversion(type)) {
      ctx.resultColumns.push({ key: outKey, type, index: i });
    }
  }
}

/**
 * Two selections with one output name: the driver keys each row by name, so the later
 * value would silently replace the earlier one (a LEFT JOIN's NULL `id` over the owner's),
 * while the row type promised both. Refused when the statement is rendered, which a
 * compile-cache hit cannot skip: names are part of the shape, and a refused shape is
 * never cached.
 */
function duplicateName(
  name: string,
  spans: readonly number[],
  first: number,
  second: number,
  ctx: CompileContext,
): never {
  const text = (i: number) => ctx.sql.slice(spans[2 * i], spans[2 * i + 1]);
  ctx.fail(
    `two selected columns are both named "${name}" (${text(first)} and ${text(second)}): ` +
      'a row has one value per name, so one would overwrite the other. Select them as an ' +
      'object with distinct keys, e.g. select({ ownerId: owners.id, thingId: things.id }), ' +
      "or name one with .as('otherName')",
  );
}
