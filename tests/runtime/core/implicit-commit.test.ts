// DDL inside a transaction. PostgreSQL and SQLite run it inside the transaction, so a
// rollback takes it back with the rows. MySQL/MariaDB commit the open transaction at it:
// dbgen refuses the statements it knows commit (ImplicitCommitError, nothing sent), and
// for what it cannot know in advance (DDL in an executable comment, a procedure) reads
// the server's status after the statement and holds the transaction ended, so that no
// later statement autocommits and transaction() says what was committed.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql, type Engine } from '@dbgen/runtime';
import { ImplicitCommitError } from '../../../packages/runtime/src/core/transaction-abort.js';
import { forEachDialect } from '../../support/databases.js';

class BusinessError extends Error {}

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await engine.execute(sql.raw(`create table "t" ("id" integer primary key)`));
  });
  const reset = async () => {
    await engine.execute(sql`delete from "t"`);
    for (const name of ['scratch', 'scratch2'])
      await engine.execute(sql.raw(`drop table if exists "${name}"`));
  };
  const ids = async () =>
    (await engine.execute<{ id: number }>(sql`select "id" from "t" order by "id"`)).rows.map((r) =>
      Number(r.id),
    );
  const tables = async () => {
    const { rows } = await engine.execute<{ n: string }>(
      dialect === 'sqlite'
        ? sql`select name as "n" from sqlite_master where type = 'table' and name like 'scratch%'`
        : dialect === 'postgres'
          ? sql`select tablename as "n" from pg_tables where tablename like 'scratch%'`
          : sql`select table_name as "n" from information_schema.tables where table_schema = database() and table_name like 'scratch%'`,
    );
    return rows.map((r) => r.n);
  };

  for (const nested of [false, true]) {
    test(`CREATE TABLE in a transaction that then fails leaves nothing${nested ? ' (with a nested transaction)' : ''}`, async () => {
      await reset();
      const error = await engine
        .transaction(async (tx) => {
          await tx.execute(sql`insert into "t" values (${1})`);
          await tx.execute(sql.raw(`create table "scratch" ("x" integer)`));
          await tx.execute(sql`insert into "t" values (${2})`);
          if (nested)
            await tx.transaction((inner) => inner.execute(sql`insert into "t" values (${3})`));
          throw new BusinessError('roll everything back');
        })
        .catch((e: unknown) => e);
      assert.deepEqual(await ids(), []);
      assert.deepEqual(await tables(), []);
      if (dialect === 'mysql') {
        // Refused before it was sent: the transaction stayed whole and rolled back.
        assert.ok(error instanceof ImplicitCommitError, String(error));
        assert.equal(error.committed, false);
        assert.equal(error.statement, 'CREATE TABLE');
        assert.match(error.message, /CREATE TABLE refused inside a transaction/);
      } else assert.ok(error instanceof BusinessError, String(error));
    });
  }

  test('TRUNCATE and LOCK TABLES are refused in a transaction on MySQL, CREATE TEMPORARY TABLE is not', async () => {
    if (dialect !== 'mysql') return;
    await reset();
    await engine.transaction(async (tx) => {
      await tx.execute(sql`insert into "t" values (${1})`);
      for (const [statement, name] of [
        ['truncate table "t"', 'TRUNCATE'],
        ['lock tables "t" write', 'LOCK TABLES'],
        ['/* why */ alter table "t" add column "y" integer', 'ALTER TABLE'],
      ] as const) {
        const error = await tx.execute(sql.raw(statement)).catch((e: unknown) => e);
        assert.ok(error instanceof ImplicitCommitError && error.statement === name, String(error));
      }
      await tx.execute(sql.raw(`create temporary table "scratch_tmp" ("x" integer)`));
      await tx.execute(sql.raw(`drop temporary table "scratch_tmp"`));
      // The transaction went on: its write is still there, still its own.
      assert.deepEqual(
        (await tx.execute<{ id: number }>(sql`select "id" from "t"`)).rows.map((r) => r.id),
        [1],
      );
    });
    assert.deepEqual(await ids(), [1]);
  });

  test('an implicit commit dbgen cannot see in advance ends the transaction loudly (MySQL)', async () => {
    if (dialect !== 'mysql') return;
    await reset();
    // An executable comment runs on the server but names no statement dbgen can read.
    const error = await engine
      .transaction(async (tx) => {
        await tx.execute(sql`insert into "t" values (${1})`);
        await tx.execute(sql.raw(`/*! create table "scratch" ("x" integer) */`));
        await tx.execute(sql`insert into "t" values (${2})`);
      })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ImplicitCommitError, String(error));
    assert.equal(error.committed, true);
    assert.match(
      error.message,
      /^statement refused: the database committed this transaction implicitly at `\/\*! create table/,
    );
    assert.match(
      error.message,
      /everything the transaction wrote up to and including that statement is committed/,
    );
    // Row 1 was committed by the server at the DDL; row 2 never ran (it would have
    // autocommitted).
    assert.deepEqual(await ids(), [1]);
  });

  test('the work failing after an unseen implicit commit says what was committed (MySQL, nested)', async () => {
    if (dialect !== 'mysql') return;
    await reset();
    const error = await engine
      .transaction(async (tx) => {
        await tx.execute(sql`insert into "t" values (${1})`);
        await tx.transaction(async (inner) => {
          await inner.execute(sql`insert into "t" values (${2})`);
          await inner.execute(sql.raw(`/*! create table "scratch" ("x" integer) */`));
          throw new BusinessError('roll everything back');
        });
      })
      .catch((e: unknown) => e);
    // Not the savepoint's "is not the innermost open savepoint", nor the business error
    // alone: the rollback did not undo rows 1 and 2, and the caller must learn it.
    assert.ok(error instanceof ImplicitCommitError, String(error));
    assert.ok(error.cause instanceof BusinessError);
    assert.match(
      error.message,
      /^transaction\(\) failed \(Error: roll everything back\) and was rolled back: the database committed/,
    );
    assert.deepEqual(await ids(), [1, 2]);
  });

  test('a failed DDL statement that committed before failing is seen too (MySQL)', async () => {
    if (dialect !== 'mysql') return;
    await reset();
    // MySQL commits before running DDL: this CREATE TABLE fails (t exists) after the commit.
    const conn = await engine.connect();
    try {
      await conn.begin();
      await conn.execute(sql`insert into "t" values (${1})`);
      await assert.rejects(conn.execute(sql.raw(`/*! create table "t" ("id" integer) */`)));
      const refused = await conn
        .execute(sql`insert into "t" values (${2})`)
        .catch((e: unknown) => e);
      assert.ok(refused instanceof ImplicitCommitError && refused.committed, String(refused));
      await assert.rejects(conn.commit(), ImplicitCommitError);
    } finally {
      await conn.release();
    }
    assert.deepEqual(await ids(), [1]);
  });

  test('a nested transaction whose release fails surfaces that failure, not a savepoint bookkeeping error', async () => {
    await reset();
    // PostgreSQL aborts the transaction at the swallowed error, so RELEASE fails; the
    // savepoint is still there and is rolled back to, and the outer transaction goes on.
    // Elsewhere the swallowed error aborts nothing and the nested transaction commits.
    const outcome = await engine.transaction(async (tx) => {
      await tx.execute(sql`insert into "t" values (${1})`);
      const inner = await tx
        .transaction(async (nestedTx) => {
          await nestedTx.execute(sql`insert into "t" values (${2})`);
          await nestedTx.execute(sql`insert into "t" values (${1})`).catch(() => undefined);
        })
        .then(
          () => 'committed',
          (e: unknown) => e,
        );
      await tx.execute(sql`insert into "t" values (${3})`);
      return inner;
    });
    if (dialect === 'postgres') {
      assert.ok(outcome instanceof Error, String(outcome));
      assert.doesNotMatch(outcome.message, /innermost/);
      assert.match(outcome.message, /current transaction is aborted/);
      assert.deepEqual(await ids(), [1, 3]);
    } else {
      assert.equal(outcome, 'committed');
      assert.deepEqual(await ids(), [1, 2, 3]);
    }
  });
});
