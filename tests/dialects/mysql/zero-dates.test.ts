/**
 * Zero dates in a table written by another client in a lax sql_mode (`0000-00-00`,
 * `0000-00-00 00:00:00`, a zero month or day as in `2024-00-15`): no JS Date holds them.
 * Reading one fails the statement with a QueryError naming the column and the stored
 * text, as PostgreSQL's infinity does (they read as Invalid Dates, without an error), on
 * every read path; the connection goes on, and the other rows read as they are.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mysql from 'mysql2/promise';
import {
  createEngine,
  defineTable,
  QueryError,
  select,
  selectFrom,
  sql,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { mysqlReadType } from '../../../packages/runtime/src/dialects/mysql/introspect.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';
import { column, table } from '../../support/ir.js';

const ir = table('legacy', [
  column('id', 'integer', { primaryKey: true }),
  { ...column('seen', 'timestamp', { nullable: true }), type: mysqlReadType('timestamp') },
  { ...column('at', 'timestamp', { nullable: true }), type: mysqlReadType('datetime') },
  { ...column('born', 'date', { nullable: true }), type: mysqlReadType('date') },
]);
const legacy = defineTable<{
  id: Column<number>;
  seen: Column<Date | null>;
  at: Column<Date | null>;
  born: Column<Date | null>;
}>(ir);

async function refused(run: () => Promise<unknown>, column: string, text: string) {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof QueryError, String(error));
    assert.equal(error.column, column);
    assert.ok(error.message.includes(`'${text}' has no JS Date`), error.message);
    assert.ok(error.message.includes(`column "${column}"`), error.message);
    return true;
  });
}

const run =
  !process.env['DBGEN_TEST_DIALECTS'] || process.env['DBGEN_TEST_DIALECTS'].includes('mysql');

describe('mysql', { skip: !run }, () => {
  let database: TestDatabase;
  let engine: Engine;
  let lax: mysql.Connection;

  before(async () => {
    database = await createTestDatabase('mysql');
    lax = await mysql.createConnection(database.url.replace(/\?.*$/, ''));
    await lax.query("set session sql_mode = ''");
    await lax.query(
      'create table legacy (id int primary key, seen timestamp null, at datetime null, born date null)',
    );
    engine = createEngine({ url: database.url });
  });
  after(async () => {
    await engine?.close();
    await lax?.end();
    await database?.drop();
  });

  async function only(values: string) {
    await lax.query('delete from legacy');
    await lax.query(
      `insert into legacy values (1, '2024-01-01 10:00:00', null, '2024-01-02'), ${values}`,
    );
  }

  test('a zero timestamp, datetime or date is refused naming its column and text', async () => {
    await only("(2, '0000-00-00 00:00:00', null, null)");
    await refused(
      () => engine.execute(selectFrom(legacy).orderBy(legacy.id)),
      'seen',
      '0000-00-00 00:00:00',
    );
    await only("(2, null, '0000-00-00 00:00:00', null)");
    await refused(() => engine.execute(selectFrom(legacy)), 'at', '0000-00-00 00:00:00');
    await only("(2, null, null, '0000-00-00')");
    await refused(() => engine.execute(selectFrom(legacy)), 'born', '0000-00-00');
    // A zero month or day alone (NO_ZERO_IN_DATE).
    await only("(2, null, null, '2024-00-15')");
    await refused(() => engine.execute(selectFrom(legacy)), 'born', '2024-00-15');
    await only("(2, null, '2024-03-00 12:00:00', null)");
    await refused(() => engine.execute(selectFrom(legacy)), 'at', '2024-03-00 12:00:00');
    // Aliased: the result's key.
    await refused(
      () => engine.execute(select({ when: legacy.at }).from(legacy)),
      'when',
      '2024-03-00 12:00:00',
    );
  });

  test('on a held connection, as value arrays and in a stream; the connection goes on', async () => {
    await only("(2, null, null, '0000-00-00')");
    const connection = await engine.connect();
    try {
      await refused(() => connection.execute(selectFrom(legacy)), 'born', '0000-00-00');
      await refused(
        () => connection.queryValues(selectFrom(legacy).orderBy(legacy.id).node),
        'born',
        '0000-00-00',
      );
      await refused(
        async () => {
          for await (const _row of connection.stream(selectFrom(legacy).orderBy(legacy.id)));
        },
        'born',
        '0000-00-00',
      );
      const ok = await connection.execute(selectFrom(legacy).where(legacy.id.eq(1)));
      assert.equal(ok.rows[0]?.born?.toISOString(), '2024-01-02T00:00:00.000Z');
    } finally {
      await connection.release();
    }
    // The way out the message names: the text, or the zero dates replaced.
    const text = await engine.execute<{ t: string }>(
      sql`select cast(born as char) as t from legacy where id = 2`,
    );
    assert.equal(text.rows[0]?.t, '0000-00-00');
    await engine.execute(
      sql`update legacy set born = null where cast(born as char) = '0000-00-00'`,
    );
    const rows = await engine.execute(selectFrom(legacy).orderBy(legacy.id));
    assert.deepEqual(
      rows.rows.map((r) => [r.id, r.seen?.toISOString() ?? null, r.born?.toISOString() ?? null]),
      [
        [1, '2024-01-01T10:00:00.000Z', '2024-01-02T00:00:00.000Z'],
        [2, null, null],
      ],
    );
  });
});
