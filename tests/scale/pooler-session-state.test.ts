/**
 * `pooler: 'transaction'` against PostgreSQL directly (the guard runs in the client, so no
 * PgBouncer is needed to see what is sent): statements that would leave state on the
 * server connection are refused however they are spelled (comments, case, quotes, a second
 * statement after `;`), and statements that only mention those words, in strings,
 * comments or names, run. One pooled connection, so what a refused statement would have
 * left behind would still be there for the next check.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createEngine, PoolerError, sql, type Engine, type Executor } from '@dbgen/runtime';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

type Statement = ReturnType<typeof sql.raw>;

describe("pooler: 'transaction' on PostgreSQL: temporary tables, set_config and spelling", () => {
  let database: TestDatabase;
  let engine: Engine;

  before(async () => {
    database = await createTestDatabase('postgres');
    engine = createEngine({ url: database.url, pooler: 'transaction', poolSize: 1 });
    await engine.execute(sql`create table "temp" (x int)`);
    await engine.execute(sql`create table settings (set_config text)`);
  });
  after(async () => {
    await engine?.close();
    await database?.drop();
  });

  /** What the one server connection holds now: what the next pooled client would inherit. */
  async function connectionState(): Promise<unknown> {
    const { rows } = await engine.execute(
      sql.raw(`select current_setting('statement_timeout') as "timeout",
        current_setting('application_name') as "app",
        (select count(*)::int from pg_class where relnamespace = pg_my_temp_schema()) as "temporary"`),
    );
    return rows[0];
  }
  const CLEAN = { timeout: '0', app: '', temporary: 0 };

  async function refused(
    run: (executor: Executor) => Promise<unknown>,
    message: RegExp,
    label: string,
  ): Promise<void> {
    await assert.rejects(engine.transaction(run), (error: unknown) => {
      assert.ok(error instanceof PoolerError, `${label}: ${String(error)}`);
      assert.match(error.message, message, label);
      return true;
    });
  }

  test('a temporary table inside a transaction needs ON COMMIT DROP; SELECT INTO TEMP is refused', async () => {
    const noDrop = /temporary table without ON COMMIT DROP outlives its transaction/;
    for (const text of [
      'create temp table leak (x int)',
      'CREATE TEMPORARY TABLE leak (x int) ON COMMIT PRESERVE ROWS',
      'create local temp table leak (x int) on commit delete rows',
      "create temp table leak (x text default 'on commit drop')",
      'create temp table leak (x int) /* on commit drop */',
      'create temp table leak (x int) -- on commit drop',
      'create table pg_temp.leak (x int)',
      'create temp table if not exists leak as select 1 as x',
      'explain (analyze, costs off) create temp table leak as select 1 as x',
    ])
      await refused((tx) => tx.execute(sql.raw(text)), noDrop, text);
    await refused(
      (tx) => tx.execute(sql`select 1 as x into temp table leak`),
      /SELECT INTO TEMP/,
      'select into temp',
    );
    await refused(
      (tx) => tx.execute(sql`select 1 as x into temporary leak`),
      /SELECT INTO TEMP/,
      'select into temporary',
    );
    assert.deepEqual(await connectionState(), CLEAN);

    // With ON COMMIT DROP, inside a transaction: sent, and gone with the commit.
    const rows = await engine.transaction(async (tx) => {
      await tx.execute(sql`create temp table scratch (x int) on commit drop`);
      await tx.execute(
        sql.raw('CREATE TEMPORARY TABLE scratch2 ON  COMMIT\n DROP AS SELECT 2 AS x'),
      );
      await tx.execute(
        sql`create temp table scratch3 (note text default 'no drop') on /* c */ commit drop`,
      );
      await tx.execute(sql`insert into scratch (x) select x from scratch2`);
      return (await tx.execute(sql`select x from scratch`)).rows;
    });
    assert.deepEqual(rows, [{ x: 2 }]);
    assert.deepEqual(await connectionState(), CLEAN);
  });

  test('set_config() is refused unless its third argument is literally true', async () => {
    const message = /set_config\(\) whose third argument is not true/;
    const statements: [string, Statement][] = [
      "select set_config('statement_timeout', '1234ms', false)",
      "SELECT SET_CONFIG('statement_timeout','1234ms',FALSE) AS v",
      "select pg_catalog.set_config('statement_timeout', '1234ms', 'false')",
      "select \"set_config\"('statement_timeout', '1234ms', false)",
      "select set_config /* true */ ( 'statement_timeout' , '1234ms' , 0 = 1 )",
      "select U&\"set\\005fconfig\"('application_name', 'leak', false)",
      "select set_config('application_name', 'leak', true or false)",
      "select 1 as x where set_config('application_name', 'leak', false) <> ''",
    ].map((text) => [text, sql.raw(text)]);
    // A bound third argument: its value is not known here.
    statements.push([
      'bound',
      sql`select set_config(${'statement_timeout'}, ${'1234ms'}, ${false})`,
    ]);
    for (const [label, statement] of statements) {
      await assert.rejects(
        engine.execute(statement),
        (error: unknown) => error instanceof PoolerError && message.test(error.message),
        label,
      );
      await refused((tx) => tx.execute(statement), message, label);
    }
    assert.deepEqual(await connectionState(), CLEAN);

    // Transaction-local: sent, and over with the transaction.
    const seen = await engine.transaction(async (tx) => {
      await tx.execute(sql`select set_config('statement_timeout', '1234ms', true)`);
      await tx.execute(sql`select pg_catalog.set_config('application_name', 'mine', TRUE)`);
      return (await tx.execute(sql`select current_setting('statement_timeout') as "t"`)).rows;
    });
    assert.deepEqual(seen, [{ t: '1234ms' }]);
    assert.deepEqual(await connectionState(), CLEAN);
  });

  test('comments, case, quotes and a second statement do not hide session state', async () => {
    const statements: [string, RegExp][] = [
      ['set/**/statement_timeout = 1234', /SET changes the server connection/],
      ['SeT "statement_timeout" TO 1234', /SET changes the server connection/],
      ['/* a /* nested */ comment */ set application_name = leak', /SET changes/],
      ['-- a comment\nset application_name = leak', /SET changes/],
      ['select 1; set statement_timeout = 1234', /SET changes/],
      ["select 'x';;\n  SET application_name = 'leak'", /SET changes/],
      ['select "pg_advisory_lock"(1)', /session advisory lock/],
      ['select pg_try_advisory_lock /* x */ (1)', /session advisory lock/],
      ["select E'it\\'s' as a; set application_name = leak", /SET changes/],
    ];
    for (const [text, message] of statements) {
      await assert.rejects(
        engine.execute(sql.raw(text)),
        (error: unknown) => error instanceof PoolerError && message.test(error.message),
        text,
      );
    }
    assert.deepEqual(await connectionState(), CLEAN);
    assert.deepEqual(
      (
        await engine.execute(
          sql`select count(*)::int as "n" from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()`,
        )
      ).rows,
      [{ n: 0 }],
    );
  });

  test('statements that only mention those words run', async () => {
    const statements: [string, Statement][] = [
      "select 'set statement_timeout = 5; create temp table x (y int)' as a",
      "select $$select set_config('a', 'b', false); set x = 1$$ as a",
      'select $body$ pg_advisory_lock(1) $body$ as a',
      "select E'it\\'s; set application_name = leak' as a",
      "select 'it''s; set application_name = leak' as a",
      '-- set statement_timeout = 5\nselect 1 as a',
      '/* /* nested */ set statement_timeout = 5; */ select 1 as a',
      "select 'pg_advisory_lock(1)' as a",
      'insert into temp values (1)',
      'with s as (select 2 as x) insert into temp select x from s',
      'select x from temp',
      "insert into settings (set_config) values ('create temp table x (y int)')",
      'select set_config from settings',
    ].map((text) => [text, sql.raw(text)]);
    statements.push(
      ['bound text', sql`select ${'set_config(x, y, false)'}::text as a`],
      ['bound update', sql`update settings set set_config = ${'set_config(a, b, false)'}`],
    );
    for (const [label, statement] of statements)
      await assert.doesNotReject(engine.execute(statement), label);
    // A table named temp is no temporary table.
    assert.deepEqual((await engine.execute(sql`select count(*)::int as "n" from temp`)).rows, [
      { n: 2 },
    ]);
    assert.deepEqual(await connectionState(), CLEAN);
  });
});
