/**
 * One of each of `pg`'s per-statement objects, kept alive for its hidden class
 * (core/shape-anchors.ts tells the mechanism). `pg` compiles its row path (the protocol
 * parser's `parseDataRowMessage`, `Result.addRow`, the row parser: array-rows.ts's in
 * place of `_parseRowAsArray`, the query's `handleDataRow`) against the maps of the
 * `Query`, `Result` and `DataRowMessage` of each statement, and those die with the
 * statement: a full collection between statements dropped the maps and discarded that
 * code (`--trace-deopt`: "weak objects", every run), so each load after it parsed its
 * first rows unoptimized and paid for compiling again.
 * Measured on W4 of the peer benchmark (a forced full GC before each run, as the peer
 * harness does): about 11 ms of CPU per run, raw `pg` and dbgen alike, in the same process.
 *
 * The objects are built the way `pg` builds them (a query with a callback, in object and
 * array row mode, after its row description) and hold no statement, row or connection. A
 * `pg` whose internals differ simply gets no anchors: this is only about speed.
 */
import { createRequire } from 'node:module';
import pg from 'pg';
import { anchorShape } from '../../core/shape-anchors.js';

function anchorPgShapes(): void {
  const noop = (): void => undefined;
  for (const rowMode of [undefined, 'array'] as const) {
    // pg's types leave `rowMode` out of a Query's config; pg reads it (queryArrays passes it).
    const config = (rowMode ? { text: '', rowMode } : { text: '' }) as pg.QueryConfig;
    const query = new pg.Query(config, noop);
    // Set by pg when the row description arrives, before the first row.
    (query as unknown as { _accumulateRows: boolean })._accumulateRows = true;
    anchorShape(query);
  }
  // The parser's row message class is pg-protocol's, resolved from pg (its dependency).
  const fromPg = createRequire(createRequire(import.meta.url).resolve('pg'));
  const messages = fromPg('pg-protocol/dist/messages.js') as {
    DataRowMessage?: new (length: number, fields: unknown[]) => object;
  };
  if (typeof messages.DataRowMessage === 'function')
    anchorShape(new messages.DataRowMessage(0, []));
}

try {
  anchorPgShapes();
} catch {
  // Another pg layout: nothing is kept, and nothing else changes.
}
