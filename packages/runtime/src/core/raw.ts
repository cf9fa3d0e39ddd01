/**
 * The `sql` tagged template: raw SQL where every interpolated value becomes a bound
 * parameter. Identifiers go in only through `sql.id(...)` (quoted by the dialect), and
 * fragments compose: a `sql` fragment, an expression or a query interpolated into another
 * is inlined as SQL, with its own values still bound.
 */
import type { ColumnTypeIR, LogicalType } from '../schema/ir.js';
import { Expression } from './expression.js';
import {
  node,
  type ExpressionNode,
  type ListNode,
  type RawStatementNode,
  type ValueNode,
  type RawArg,
  type RawNode,
  type StatementNode,
} from './nodes.js';
import { isQueryable } from './queryable.js';

/** A raw SQL fragment or statement. `Row` types the rows `execute` returns. */
export class RawSql<Row = Record<string, unknown>> {
  declare readonly __row?: Row;
  private statement: StatementNode | undefined;
  constructor(
    readonly node: RawNode,
    private readonly resultTypes: readonly {
      readonly key: string;
      readonly type: ColumnTypeIR;
    }[] = [],
  ) {}
  /** This fragment as an expression yielding `T` (for use inside the query builder). */
  asExpression<T = unknown>(): Expression<T> {
    return new Expression<T>(this.node);
  }
  /** The statement node (`engine.execute` accepts this object directly). */
  toStatementNode(): StatementNode {
    return (this.statement ??= node<RawStatementNode>({
      kind: 'rawStatement',
      raw: this.node,
      resultTypes: this.resultTypes,
    }));
  }
  /**
   * Converts the named result columns by logical type, as builder results are
   * (e.g. `{ createdAt: 'timestamptz', total: 'bigint' }`); other columns stay as the
   * driver gives them.
   */
  types<R = Row>(types: Readonly<Record<string, LogicalType | ColumnTypeIR>>): RawSql<R> {
    const resultTypes = Object.entries(types).map(([key, t]) => ({
      key,
      type: typeof t === 'string' ? shorthandType(t) : t,
    }));
    return new RawSql<R>(this.node, Object.freeze(resultTypes));
  }
  /** Re-types the rows this statement returns. */
  typed<R>(): RawSql<R> {
    return this as unknown as RawSql<R>;
  }
}

// `types({ n: 'bigint' })` types, one object per name: the compile cache tokenises a type
// once per object (a fresh object each call would cost a JSON.stringify each call).
const shorthandTypes = new Map<string, ColumnTypeIR>();

function shorthandType(t: LogicalType): ColumnTypeIR {
  let type = shorthandTypes.get(t);
  if (type === undefined) {
    type = Object.freeze({ logical: t, raw: t, name: t, args: Object.freeze([]), arrayDims: 0 });
    if (shorthandTypes.size < 100) shorthandTypes.set(t, type);
  }
  return type;
}

function toRawArg(value: unknown): RawArg {
  if (value instanceof RawSql) return value.node;
  if (value instanceof Expression) return value.node as ExpressionNode;
  if (isQueryable(value)) return value.toQueryNode();
  if (value instanceof Identifier) return value.node;
  return node({ kind: 'value', value, type: null });
}

/** A quoted identifier made by `sql.id`. */
export class Identifier {
  readonly node: { readonly kind: 'identifier'; readonly parts: readonly string[] };
  constructor(parts: readonly string[]) {
    for (const part of parts) {
      if (typeof part !== 'string' || part.length === 0) {
        throw new TypeError(
          `sql.id: an identifier must be a non-empty string, got ${JSON.stringify(part)}`,
        );
      }
    }
    this.node = node({ kind: 'identifier', parts: Object.freeze([...parts]) });
  }
}

function template<Row = Record<string, unknown>>(
  strings: TemplateStringsArray,
  ...values: unknown[]
): RawSql<Row> {
  return new RawSql<Row>(
    node({
      kind: 'raw',
      parts: Object.freeze([...strings]),
      args: Object.freeze(values.map(toRawArg)),
    }),
  );
}

/** A value bound with an explicit column type (e.g. a Date stored as SQLite text). */
function typedValue(value: unknown, type: ColumnTypeIR): RawSql {
  return new RawSql(
    node({
      kind: 'raw',
      parts: Object.freeze(['', '']),
      args: Object.freeze([node<ValueNode>({ kind: 'value', value, type })]),
    }),
  );
}

/**
 * ``sql`select * from t where id = ${id}` `` — values are bound, never spliced.
 * - `sql.id('name')` / `sql.id('schema', 'table')`: a quoted identifier;
 * - `sql.join(items, sep = sql`, `)`: items (values or fragments) separated by `sep`;
 * - `sql.raw('text')`: trusted SQL text, spliced as is (never pass user input);
 * - `sql.value(v, type)`: a value converted by a column type.
 */
export const sql = Object.assign(template, {
  id(...parts: string[]): Identifier {
    return new Identifier(parts);
  },
  join(items: readonly unknown[], separator?: RawSql): RawSql {
    const sep = separator?.node ?? template`, `.node;
    return new RawSql(
      node({
        kind: 'raw',
        parts: Object.freeze(['', '']),
        args: Object.freeze([
          node<ListNode>({
            kind: 'list',
            items: Object.freeze(items.map(toRawArg)),
            separator: sep,
          }),
        ]),
      }),
    );
  },
  raw(text: string): RawSql {
    return new RawSql(node({ kind: 'raw', parts: Object.freeze([text]), args: Object.freeze([]) }));
  },
  value: typedValue,
});
