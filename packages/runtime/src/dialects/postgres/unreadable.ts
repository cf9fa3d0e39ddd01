/**
 * Values PostgreSQL sends that a JS Date cannot hold: `infinity` and `-infinity` (of
 * `date`, `timestamp`, `timestamptz`), and years past a Date's range (±273,790; a `date`
 * goes to 5,874,897). Reading one fails the statement with a QueryError naming the column
 * and the value, as psycopg (SQLAlchemy's driver) refuses them, rather than giving an
 * invalid Date, the number Infinity, or a clamped Date that would compare wrongly. The
 * way out is in SQL: select the column as text, or map the value (`nullif(d, 'infinity')`).
 *
 * A type parser knows its value but not its column: the error is thrown by the parser and
 * named by the query object that ran the parser, which has the row's fields
 * (naming-query.ts). No import of `pg` here: the dialect's codecs use this too.
 */

/** Thrown by a type parser; `mapPgError` makes it a QueryError with `column`. */
export class UnreadableValue extends Error {
  column: string | undefined;
  constructor(
    readonly typeName: string,
    readonly text: string,
  ) {
    super(
      `PostgreSQL ${typeName} value '${text}' has no JS Date ` +
        `(${/infinity/.test(text) ? 'a Date is never infinite' : 'past the years a Date holds'}); ` +
        `select the column as text (col::text) or replace the value in SQL (nullif(col, '${text}'))`,
    );
  }
}

type Parser = (text: unknown) => unknown;

/**
 * `parse`, or an {@link UnreadableValue} for text no Date holds (infinity, a year past a
 * Date's range): never an invalid Date, nor pg's number Infinity for a `timestamptz`.
 */
export function readable(
  typeName: string,
  parse: (text: string) => unknown,
): (text: string) => Date {
  return (text) => {
    const value = parse(text);
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
    throw new UnreadableValue(typeName, text);
  };
}

/** What pg's Result holds for a row description (pg's own layout, as array-rows.ts reads it). */
export interface ResultFields {
  fields?: { name: string }[];
  _parsers?: Parser[];
}

/**
 * Names the column of `error` in a row whose values are `values` (the protocol's texts;
 * in array mode, parsed in place up to the failing one): the first whose parser throws
 * on its text. Rare, so it parses again rather than costing every row anything.
 */
export function nameColumn(error: UnreadableValue, result: ResultFields, values: unknown[]): void {
  const fields = result.fields ?? [];
  const parsers = result._parsers ?? [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'string') continue;
    try {
      parsers[i]?.(value);
    } catch {
      error.column = fields[i]?.name;
      return;
    }
  }
}
