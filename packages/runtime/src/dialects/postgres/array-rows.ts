/**
 * Array-mode queries whose rows are the protocol's own value arrays, parsed in place.
 *
 * In array mode `pg` parses each DataRow message's `fields` (a fresh array of the row's
 * text values, used for nothing after the parse) into a second, new array. The ORM keeps
 * every loaded row as the object's snapshot, so that second array is most of what a load
 * allocates beyond the objects themselves: about 90 bytes a row. Parsing the values into
 * `fields` itself keeps one array per row. On the peer benchmark's 20,000-row load that
 * brought the ORM's allocation per run from 16.4 to 15.4 MB (the Core's is 14.6), and the
 * load no longer met a young-generation collection in its middle (docs/orm.md, "Where the
 * time goes").
 *
 * `pg` gives no option for this; the query's `Result` gets its own row parser. That relies
 * on `pg`'s layout: array mode reads rows through an own `parseRow` set to
 * `_parseRowAsArray`, with the column parsers in `_parsers`, and the protocol parser makes
 * a new `fields` array per DataRow message that nothing reads after `parseRow`. A `pg`
 * whose `Result` is laid out otherwise gets a plain array-mode query.
 */
import pg from 'pg';
import { NamingQuery } from './naming-query.js';

type Parser = (text: unknown) => unknown;

interface PgResult {
  parseRow(fields: unknown[]): unknown;
  _parsers?: Parser[];
}

/** The protocol's values array, each non-null value replaced by its parsed form. */
function parseInPlace(this: PgResult, fields: unknown[]): unknown[] {
  const parsers = this._parsers as Parser[];
  for (let i = 0; i < fields.length; i++) {
    const text = fields[i];
    if (text !== null) fields[i] = (parsers[i] as Parser)(text);
  }
  return fields;
}

type Callback = (error: Error | null, result: pg.QueryResult<unknown[]>) => void;

interface PgArrayResult extends PgResult {
  _parseRowAsArray?: unknown;
}

/** True when `pg`'s array-mode `Result` is laid out as this module relies on. */
const inPlaceWorks = (() => {
  try {
    const query = new pg.Query({ text: '', rowMode: 'array' } as pg.QueryConfig);
    const result = (query as unknown as { _result?: PgArrayResult })._result;
    return (
      result !== undefined &&
      Object.hasOwn(result, 'parseRow') &&
      typeof result._parseRowAsArray === 'function' &&
      result.parseRow === result._parseRowAsArray &&
      Object.hasOwn(result, '_parsers')
    );
  } catch {
    return false;
  }
})();

/** True when `query`'s rows are parsed in place (tests check that the path is taken). */
export function parsesInPlace(query: unknown): boolean {
  const result = (query as { _result?: PgResult } | null)?._result;
  return result?.parseRow === parseInPlace;
}

/**
 * Sends an array-mode query on `client`, its rows parsed in place where `pg` allows;
 * returns the query object sent that way, null when it went the plain way.
 */
export function sendArrayQuery(
  client: Pick<pg.ClientBase, 'query'>,
  text: string,
  values: unknown[],
  callback: Callback,
): pg.Query | null {
  // pg's types leave `rowMode` out of a Query's config; pg reads it.
  const config = { text, values, rowMode: 'array' } as pg.QueryConfig;
  if (!inPlaceWorks) {
    client.query(config, callback);
    return null;
  }
  const query = new NamingQuery(config, undefined, callback as never);
  (query as unknown as { _result: PgResult })._result.parseRow = parseInPlace;
  client.query(query);
  return query;
}
