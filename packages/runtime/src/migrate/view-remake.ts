/**
 * Views that a diff makes anew although their own definition is the same: a view never
 * follows an alter of what it reads, and PostgreSQL's follows a rename by identity.
 */
import type { SchemaIR, TableIR, TableKey } from '../schema/ir.js';
import type { Renames } from './renames.js';

/** Whether a view's query names `name` (as a word: a guess that errs toward remaking). */
function reads(view: TableIR, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w$])${escaped}($|[^\\w$])`, 'i').test(view.view?.sql ?? '');
}

/**
 * The views kept as they are (in `from` and `to`, unchanged) that must be made anew all
 * the same: they read a `touched` table, a `renamed` table or column name, or a view that
 * is dropped or made anew.
 */
export function viewsReading(
  from: SchemaIR,
  to: SchemaIR,
  dropped: readonly TableIR[],
  touched: ReadonlySet<TableKey>,
  renamed: readonly string[],
): TableIR[] {
  const gone = new Set<string>(dropped.filter((t) => t.view).map((t) => t.key));
  const names = new Set([
    ...[...touched, ...gone].map((key) => from.tables.find((t) => t.key === key)?.name ?? key),
    ...renamed,
  ]);
  const droppedKeys = new Set(dropped.map((t) => t.key));
  const candidates = to.tables.filter(
    (t) => t.view && !droppedKeys.has(t.key) && from.tables.some((f) => f.key === t.key),
  );
  const remade: TableIR[] = [];
  for (let grew = true; grew;) {
    grew = false;
    for (const view of candidates) {
      if (remade.includes(view) || ![...names].some((name) => reads(view, name))) continue;
      remade.push(view);
      names.add(view.name);
      grew = true;
    }
  }
  // In schema order, so that they are created after the views they read.
  return to.tables.filter((t) => remade.includes(t));
}

/**
 * The names a rename takes away or gives (old and new, of tables and columns). PostgreSQL
 * binds a view to the tables and columns it reads, not to their names: after a swap of
 * `p` and `q`, a view of `p` reads the table now called `q`; after `p` → `r` and a new
 * `p`, it still reads `r`. A view whose query names one of these is made anew, so that it
 * reads what its query names in the schema (SQLite and MySQL rewrite or break it instead).
 */
export function renamedNames(from: SchemaIR, renames: Renames): string[] {
  const names: string[] = [];
  for (const table of from.tables) {
    const to = renames.tables?.[table.key];
    if (to !== undefined && to !== table.name) names.push(table.name, to);
    for (const [column, next] of Object.entries(renames.columns?.[table.key] ?? {}))
      if (next !== column) names.push(column, next);
  }
  return names;
}
