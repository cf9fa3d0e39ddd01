/**
 * Reading rows for the page: every column keyed by its SQL name, each value encoded for
 * the wire, and a JSON document as the text the database holds, `{ "$json": text }`. Read
 * through JSON.parse, a document would come out bent (`1.0` as `1`, a number with more
 * digits than a double holds rounded, an integer past 2^53 rounded), and the page would
 * send the bent document back with any edit of it: as text, it goes back as it came.
 */
import {
  cast,
  select,
  sql,
  type ColumnIR,
  type Expression,
  type SelectQuery,
} from '@dbgen/runtime';
import { columnExpression, type StudioTable } from './catalog.js';
import { encodeValue } from './codec.js';

/** A JSON document column (an array of documents travels as an array, parsed). */
export function isDocument(column: ColumnIR): boolean {
  return (
    column.type.arrayDims === 0 &&
    (column.type.logical === 'json' || column.type.logical === 'jsonb')
  );
}

/**
 * A document as its text (a dialect spells the cast its own way: MySQL's `char`). SQLite
 * keeps documents as text, except that the NUMERIC affinity of a `json` column stores a
 * bare number as a number, whose cast to text keeps only 15 digits: there the value is
 * read as stored, unconverted (a number is then shown as the shortest text that reads back
 * as it).
 */
function documentText(expression: Expression<unknown>, dialect: string): Expression<unknown> {
  return dialect === 'sqlite' ? sql`${expression}`.asExpression() : cast(expression, 'text');
}

/** A select of every column of `table`, keyed by SQL name, documents as their text. */
export function selectRows(
  table: StudioTable,
  dialect: string,
): SelectQuery<Record<string, unknown>> {
  const columns: Record<string, Expression<unknown>> = {};
  for (const column of table.ir.columns) {
    const expression = columnExpression(table, column);
    columns[column.name] = isDocument(column) ? documentText(expression, dialect) : expression;
  }
  return select(columns).from(table.table) as SelectQuery<Record<string, unknown>>;
}

/** A row of {@link selectRows} as the page receives it. */
export function encodeRow(
  table: StudioTable,
  row: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of table.ir.columns) {
    const value = row[column.name];
    out[column.name] =
      isDocument(column) && typeof value === 'string' ? { $json: value } : encodeValue(value);
  }
  return out;
}
