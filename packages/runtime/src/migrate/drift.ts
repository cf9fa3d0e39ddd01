/**
 * Drift: how a live database differs from the schema its applied migrations describe,
 * as lines that say what differs and where (`public.users.name: type varchar(20) in
 * the migrations, text in the database`). Both sides are compared by name through
 * {@link comparableSchema}, so column order does not count: a column that `migrate down`
 * re-added sits at the end of its table, and that is not drift.
 */
import { isDeepStrictEqual } from 'node:util';
import type { SchemaIR } from '../schema/ir.js';
import { comparableSchema } from './compare.js';
import type { DialectName } from '../schema/render.js';

type Json = Record<string, unknown>;

interface Comparable {
  readonly enums: readonly Json[];
  readonly tables: readonly Json[];
  readonly views: readonly Json[];
}

const show = (value: unknown): string =>
  value === null || value === undefined ? 'none' : JSON.stringify(value);

/** What differs between two lists of named things (columns, indexes, ...), by name. */
function compareNamed(
  label: (key: string) => string,
  expected: readonly Json[],
  live: readonly Json[],
  keyOf: (item: Json) => string,
  out: string[],
  compareItem: (where: string, expected: Json, live: Json, out: string[]) => void,
): void {
  const liveByKey = new Map(live.map((item) => [keyOf(item), item]));
  const expectedKeys = new Set(expected.map(keyOf));
  for (const item of expected) {
    const key = keyOf(item);
    const other = liveByKey.get(key);
    if (other === undefined) out.push(`${label(key)}: in the migrations, not in the database`);
    else compareItem(label(key), item, other, out);
  }
  for (const item of live) {
    const key = keyOf(item);
    if (!expectedKeys.has(key)) out.push(`${label(key)}: in the database, not in the migrations`);
  }
}

/** Field by field: `where: field X in the migrations, Y in the database`. */
function compareFields(where: string, expected: Json, live: Json, out: string[]): void {
  for (const field of new Set([...Object.keys(expected), ...Object.keys(live)])) {
    if (!isDeepStrictEqual(expected[field], live[field])) {
      out.push(
        `${where}: ${field} ${show(expected[field])} in the migrations, ${show(live[field])} in the database`,
      );
    }
  }
}

/** A name, or for an unnamed constraint the columns it covers. */
const constraintKey = (item: Json): string =>
  item['name'] === null || item['name'] === undefined
    ? `(${show(item['columns'] ?? item['parts'] ?? item['expression'])})`
    : String(item['name']);

const LISTS: readonly (readonly [field: string, what: string])[] = [
  ['uniques', 'unique constraint'],
  ['indexes', 'index'],
  ['checks', 'check'],
  ['foreignKeys', 'foreign key'],
];

function compareTable(table: string, expected: Json, live: Json, out: string[]): void {
  const key = table.slice('table '.length);
  compareNamed(
    (name) => `column ${key}.${name}`,
    expected['columns'] as Json[],
    live['columns'] as Json[],
    (c) => String(c['name']),
    out,
    compareFields,
  );
  for (const [field, what] of LISTS) {
    compareNamed(
      (name) => `${what} ${name} of ${key}`,
      (expected[field] as Json[] | undefined) ?? [],
      (live[field] as Json[] | undefined) ?? [],
      constraintKey,
      out,
      compareFields,
    );
  }
  for (const field of ['primaryKey', 'note']) {
    if (!isDeepStrictEqual(expected[field], live[field])) {
      out.push(
        `${table}: ${field === 'primaryKey' ? 'primary key' : field} ${show(expected[field])} in the migrations, ${show(live[field])} in the database`,
      );
    }
  }
}

/**
 * The differences between `live` (introspected) and `expected` (what the migrations
 * built), one line each; none when they agree as far as `dialect` keeps a schema.
 */
export function schemaDrift(expected: SchemaIR, live: SchemaIR, dialect: DialectName): string[] {
  const want = comparableSchema(expected, dialect) as Comparable;
  const have = comparableSchema(live, dialect) as Comparable;
  const out: string[] = [];
  const key = (item: Json): string => String(item['key']);
  compareNamed((k) => `enum ${k}`, want.enums, have.enums, key, out, compareFields);
  compareNamed((k) => `table ${k}`, want.tables, have.tables, key, out, compareTable);
  compareNamed((k) => `view ${k}`, want.views, have.views, key, out, compareFields);
  return out;
}
