// PostgreSQL's array-mode rows are the protocol's value arrays, parsed in place
// (dialects/postgres/array-rows.ts): the values must come out exactly as pg's own array
// mode gives them, and the installed pg must take the in-place path (a pg whose internals
// changed would fall back silently, and only a benchmark would notice).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventEmitter } from 'node:events';
import pg from 'pg';
import {
  sendArrayQuery,
  parsesInPlace,
} from '../../../packages/runtime/src/dialects/postgres/array-rows.js';
import { poolTypes } from '../../../packages/runtime/src/dialects/postgres/types.js';
import { PG_SERVER_URL } from '../../support/databases.js';

const SQL = `select v.n::int8 as n, v.t, v.at::timestamp as at, v.tags::text[] as tags, v.flag
  from (values (1, 'one', '2026-12-06 05:00:00.25', '{a,"b c"}', true),
               (2, null, null, null, null)) as v(n, t, at, tags, flag)`;

function run(
  client: pg.Client,
  make: (done: (e: Error | null, r: pg.QueryResult<unknown[]>) => void) => void,
): Promise<unknown[][]> {
  return new Promise((resolve, reject) => {
    make((error, result) => (error ? reject(error) : resolve(result.rows)));
  });
}

test('array rows parsed in place equal pg array mode, nulls and all', async () => {
  const client = new pg.Client({
    connectionString: PG_SERVER_URL,
    types: poolTypes as unknown as pg.CustomTypesConfig,
  });
  await client.connect();
  try {
    // The protocol's value arrays, as the connection hands them to the query.
    const protocolRows: unknown[] = [];
    const connection = (client as unknown as { connection: EventEmitter }).connection;
    const onRow = (msg: { fields: unknown[] }) => protocolRows.push(msg.fields);
    connection.on('dataRow', onRow);
    const inPlace = await run(client, (done) => {
      const query = sendArrayQuery(client, SQL, [], done);
      assert.ok(parsesInPlace(query), 'the installed pg takes the in-place path');
    });
    connection.off('dataRow', onRow);
    assert.equal(protocolRows.length, 2);
    assert.ok(
      inPlace.every((row, i) => row === protocolRows[i]),
      "each row is the DataRow message's own array",
    );
    const ownArrays = await run(client, (done) =>
      client.query({ text: SQL, values: [], rowMode: 'array' } as pg.QueryConfig, done),
    );
    assert.deepEqual(inPlace, ownArrays);
    assert.deepEqual(inPlace, [
      [1n, 'one', new Date(Date.UTC(2026, 11, 6, 5, 0, 0, 250)), ['a', 'b c'], true],
      [2n, null, null, null, null],
    ]);
  } finally {
    await client.end();
  }
});
