/**
 * What a select list or RETURNING clause accepts, and the row type it yields:
 * a table (all its columns), an expression, an aliased expression, or an object of
 * expressions keyed by output name.
 */
import type { ColumnTypeIR } from '../schema/ir.js';
import { Aliased, Expression } from './expression.js';
import { node, type ExpressionNode, type SelectionNode } from './nodes.js';
import { RawSql } from './raw.js';
import { isTable, tableSelections, type RowOf, type TableMembers } from './table.js';

export type SelectArg =
  | TableMembers<any> // eslint-disable-line @typescript-eslint/no-explicit-any
  | Expression<unknown>
  | Aliased<unknown, string>
  | RawSql<unknown>
  | { readonly [key: string]: Expression<unknown> };

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never;

type RowOfArg<A> =
  A extends TableMembers<infer C>
    ? RowOf<C>
    : A extends Aliased<infer T, infer N>
      ? { [K in N]: T }
      : A extends Expression<infer T> & { readonly __property?: infer P }
        ? string extends P
          ? { [key: string]: unknown } // an expression whose output name is not known
          : { [K in P & string]: T } // a table's column: keyed by its property name
        : A extends RawSql<unknown>
          ? { [key: string]: unknown }
          : A extends { readonly [key: string]: Expression<unknown> }
            ? { [K in keyof A]: A[K] extends Expression<infer T> ? T : never }
            : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The row type a list of select arguments yields. */
export type RowOfArgs<A extends readonly SelectArg[]> = A extends readonly []
  ? Record<string, unknown>
  : Simplify<UnionToIntersection<RowOfArg<A[number]>>>;

/** Turns select arguments into selection nodes. */
export function toSelections(args: readonly SelectArg[]): readonly SelectionNode[] {
  if (args.length === 1 && isTable(args[0])) return tableSelections(args[0]);
  const out: SelectionNode[] = [];
  for (const arg of args) {
    if (isTable(arg)) {
      out.push(...tableSelections(arg));
    } else if (arg instanceof Aliased) {
      out.push(node({ kind: 'selection', expr: arg.expression.node, alias: arg.alias }));
    } else if (arg instanceof Expression) {
      out.push(node({ kind: 'selection', expr: arg.node, alias: null }));
    } else if (arg instanceof RawSql) {
      out.push(node({ kind: 'selection', expr: arg.node, alias: null }));
    } else {
      for (const [alias, expression] of Object.entries(arg)) {
        if (!(expression instanceof Expression)) {
          throw new TypeError(
            `select: property "${alias}" is not an expression (got ${typeof expression})`,
          );
        }
        out.push(node({ kind: 'selection', expr: expression.node, alias }));
      }
    }
  }
  return Object.freeze(out);
}

/** The output name of a selection (what result rows are keyed by), when known. */
export function outputName(s: SelectionNode): string | null {
  if (s.alias !== null) return s.alias;
  return s.expr.kind === 'column' ? s.expr.propertyName : null;
}

/** The logical type of a selected expression, when known (drives result conversion). */
export function outputType(e: ExpressionNode): ColumnTypeIR | null {
  switch (e.kind) {
    case 'column':
    case 'value':
    case 'param':
      return e.type;
    case 'function':
    case 'cast':
      return e.resultType;
    case 'window':
      return e.fn.resultType;
    default:
      return null;
  }
}
