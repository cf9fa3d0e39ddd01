/**
 * A statement longer than the server's max_allowed_packet: the server answers 1153 and
 * closes the connection. The statement fails with a QueryError naming max_allowed_packet
 * and what to do, and its connection is destroyed: it went back to the pool, and the next,
 * unrelated statement failed with ECONNRESET.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConnectionError,
  defineTable,
  insertInto,
  QueryError,
  sql,
  type Column,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const ir = table('big', [column('id', 'integer', { primaryKey: true }), column('body', 'text')]);
const big = defineTable<{ id: Column<number>; body: Column<string> }>(ir);

function tooLarge(error: unknown): boolean {
  assert.ok(error instanceof QueryError, String(error));
  assert.ok(!(error instanceof ConnectionError));
  assert.match(error.message, /max_allowed_packet/);
  assert.match(error.message, /split it .* or raise max_allowed_packet/);
  return true;
}

forEachDialect(
  (dialect, makeEngine) => {
    test('the statement is a QueryError and the next one runs on a new connection', async () => {
      const engine = makeEngine({ poolSize: 1 });
      await createTables(engine, schema([ir]), dialect);
      const limit = await engine.execute<{ p: number | string }>(
        sql`select @@max_allowed_packet as p`,
      );
      const body = 'x'.repeat(Number(limit.rows[0]?.p) + 10);
      const one = async () => (await engine.execute(sql`select 1 as one`)).rows;

      await assert.rejects(engine.execute(insertInto(big).values({ id: 1, body })), tooLarge);
      assert.deepEqual(await one(), [{ one: 1 }]);

      // A held connection: its statement fails the same way; released, it is not pooled.
      const connection = await engine.connect();
      await assert.rejects(connection.execute(insertInto(big).values({ id: 2, body })), tooLarge);
      await connection.release();
      assert.deepEqual(await one(), [{ one: 1 }]);

      // In a transaction: nothing of it is kept, and the pool goes on.
      await assert.rejects(
        engine.transaction(async (tx) => {
          await tx.execute(insertInto(big).values({ id: 3, body: 'y' }));
          await tx.execute(insertInto(big).values({ id: 4, body }));
        }),
        tooLarge,
      );
      const count = await engine.execute<{ n: number | string }>(
        sql`select count(*) as n from big`,
      );
      assert.equal(Number(count.rows[0]?.n), 0);
    });
  },
  ['mysql'],
);
