/**
 * FROM items other than tables: derived tables (`(select ...) as x`) and CTE references.
 * Their columns are expressions keyed by the subquery's output names.
 */
import { Expression } from './expression.js';
import { node, type CteNode, type FromNode, type QueryNode, type SelectNode } from './nodes.js';
import { outputName, outputType } from './selection.js';
import type { SourceMark } from './source-mark.js';
import type { TableMembers } from './table.js';

/**
 * Columns of a derived table or CTE, typed from the subquery's row, and marked with it so
 * that an outer join knows which selected columns are its (row-shape.ts).
 */
export type SourceColumns<Row> = {
  readonly [K in keyof Row]: Expression<Row[K]> & SourceMark<Row>;
};

/** Anything a FROM or JOIN accepts. */
export type Source = TableMembers<unknown> | DerivedSource<unknown>;

export interface DerivedSourceMembers {
  readonly $node: FromNode;
  readonly $aliasName: string;
}

export type DerivedSource<Row> = SourceColumns<Row> & DerivedSourceMembers & SourceMark<Row>;

/** A CTE: a named query usable as a FROM item and listed in `with(...)`. */
export type Cte<Row> = DerivedSource<Row> & { readonly $cte: CteNode };

function firstSelect(query: QueryNode): SelectNode {
  return query.kind === 'select' ? query : query.first;
}

/** Column expressions for each named output of `query`, qualified by `qualifier`. */
export function columnsOf(
  query: QueryNode,
  qualifier: string,
  names?: readonly string[],
): Record<string, Expression<unknown>> {
  const columns: Record<string, Expression<unknown>> = {};
  const selections = firstSelect(query).selections;
  selections.forEach((s, i) => {
    const name = names?.[i] ?? outputName(s);
    if (name === null) return;
    const type = outputType(s.expr);
    columns[name] = new Expression(
      node({ kind: 'column', table: qualifier, name, type, propertyName: name }),
    );
  });
  if (names) {
    for (const name of names.slice(selections.length)) {
      columns[name] = new Expression(
        node({ kind: 'column', table: qualifier, name, type: null, propertyName: name }),
      );
    }
  }
  return columns;
}

export function makeDerived<Row>(query: QueryNode, alias: string): DerivedSource<Row> {
  const source = columnsOf(query, alias);
  Object.defineProperty(source, '$node', { value: node({ kind: 'derived', query, alias }) });
  Object.defineProperty(source, '$aliasName', { value: alias });
  return Object.freeze(source) as unknown as DerivedSource<Row>;
}

export function makeCte<Row>(cte: CteNode, columnSource: QueryNode): Cte<Row> {
  const source = columnsOf(columnSource, cte.name, cte.columns ?? undefined);
  Object.defineProperty(source, '$node', {
    value: node({ kind: 'table', schema: null, name: cte.name, alias: null }),
  });
  Object.defineProperty(source, '$aliasName', { value: cte.name });
  Object.defineProperty(source, '$cte', { value: cte });
  return Object.freeze(source) as unknown as Cte<Row>;
}
