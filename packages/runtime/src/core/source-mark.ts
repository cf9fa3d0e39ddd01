/**
 * Type-level only: the FROM item a column belongs to. A table's columns carry the table's
 * column map `C` (table.ts `NamedColumns`), a derived table's or CTE's its row type
 * (source.ts): the same type an outer join sees of the source it joins (row-shape.ts), so
 * that it can make that source's selected columns `| null`. Its own module, so that
 * table.ts and source.ts can name it without importing row-shape.ts (which imports them).
 */
export interface SourceMark<S> {
  readonly __source?: S;
}
