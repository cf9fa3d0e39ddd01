// SQLite rolls a whole transaction back by itself after some failures: a write interrupted
// by its statement timeout, INSERT OR ROLLBACK, RAISE(ROLLBACK) in a trigger. The app that
// catches the error and goes on must not have its later statements commit one by one in
// autocommit mode: as on PostgreSQL, every statement is refused until rollback(), and
// transaction() fails with nothing written (dialects/sqlite/transaction-probe.ts). An error
// that leaves the transaction open (a plain constraint violation) still lets it go on.
import assert from 'node:assert/strict';
import { before, beforeEach, test } from 'node:test';
import {
  QueryError,
  TimeoutError,
  UniqueViolationError,
  sql,
  type Engine,
  type Executor,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';

forEachDialect(
  (_dialect, makeEngine) => {
    let engine: Engine;
    before(async () => {
      engine = makeEngine();
      await engine.execute(sql`create table "t" ("id" integer primary key)`);
      await engine.execute(sql`create table "big" ("x" integer)`);
      await engine.execute(sql`create table "guarded" ("id" integer)`);
      await engine.execute(
        sql.raw(`create trigger "no_negative" before insert on "guarded"
          when new."id" < 0 begin select raise(rollback, 'negative id'); end`),
      );
    });
    beforeEach(async () => {
      await engine.execute(sql`delete from "t"`);
    });
    const ids = async () =>
      (await engine.execute<{ id: number }>(sql`select "id" from "t" order by "id"`)).rows.map(
        (r) => r.id,
      );

    // A write long enough to be interrupted by a 100 ms timeout.
    const slowWrite = sql`insert into "big" with recursive c(i) as (select 1 union all select i + 1 from c where i < 100000000) select i from c`;

    const endings: [string, (tx: Executor) => Promise<unknown>, new (...a: never[]) => Error][] = [
      [
        'INSERT OR ROLLBACK',
        (tx) => tx.execute(sql`insert or rollback into "t" values (1)`),
        UniqueViolationError,
      ],
      [
        'RAISE(ROLLBACK) in a trigger',
        (tx) => tx.execute(sql`insert into "guarded" values (-1)`),
        QueryError,
      ],
      [
        'a write interrupted by its statement timeout',
        (tx) => tx.execute(slowWrite, undefined, { timeoutMs: 100 }),
        TimeoutError,
      ],
    ];

    for (const [what, fail, errorClass] of endings) {
      test(`${what}: later statements are refused and transaction() writes nothing`, async () => {
        let later: unknown = null;
        const outcome = await engine
          .transaction(async (tx) => {
            await tx.execute(sql`insert into "t" values (1)`);
            await assert.rejects(fail(tx), errorClass);
            try {
              await tx.execute(sql`insert into "t" values (2)`);
            } catch (error) {
              later = error;
            }
            return 'returned';
          })
          .then(
            () => null,
            (error: unknown) => error,
          );
        assert.ok(later instanceof QueryError, `later statement refused: ${String(later)}`);
        assert.match((later as Error).message, /already rolled back this transaction/);
        assert.ok(outcome instanceof QueryError, `transaction() fails: ${String(outcome)}`);
        assert.deepEqual(await ids(), []);
        // The writer is free and the engine goes on.
        await engine.transaction((tx) => tx.execute(sql`insert into "t" values (9)`));
        assert.deepEqual(await ids(), [9]);
      });
    }

    test('a nested transaction() passes the error on to the outermost one', async () => {
      const outcome = await engine
        .transaction(async (tx) => {
          await tx.execute(sql`insert into "t" values (1)`);
          // The savepoint went with the transaction: nothing to roll back to.
          await assert.rejects(
            tx.transaction((inner) => inner.execute(sql`insert or rollback into "t" values (1)`)),
            UniqueViolationError,
          );
          await assert.rejects(tx.execute(sql`insert into "t" values (2)`), QueryError);
        })
        .then(
          () => null,
          (error: unknown) => error,
        );
      assert.ok(outcome instanceof QueryError);
      assert.deepEqual(await ids(), []);
    });

    test('a held connection: rollback() ends it quietly, and the connection goes on', async () => {
      const conn = await engine.connect();
      try {
        await conn.begin();
        await conn.execute(sql`insert into "t" values (1)`);
        await assert.rejects(
          conn.execute(sql`insert or rollback into "t" values (1)`),
          UniqueViolationError,
        );
        await assert.rejects(conn.savepoint(), QueryError);
        await assert.rejects(conn.commit(), QueryError);
        await conn.rollback();
        await conn.begin();
        await conn.execute(sql`insert into "t" values (3)`);
        await conn.commit();
      } finally {
        await conn.release();
      }
      assert.deepEqual(await ids(), [3]);
    });

    test('an error that leaves the transaction open: the transaction goes on', async () => {
      await engine.transaction(async (tx) => {
        await tx.execute(sql`insert into "t" values (1)`);
        await assert.rejects(tx.execute(sql`insert into "t" values (1)`), UniqueViolationError);
        await tx.execute(sql`insert into "t" values (2)`);
      });
      assert.deepEqual(await ids(), [1, 2]);
    });

    test('READ COMMITTED: a failed read before any write ends nothing', async () => {
      await engine.transaction(
        async (tx) => {
          await assert.rejects(tx.execute(sql`select * from "missing"`), QueryError);
          await tx.execute(sql`insert into "t" values (1)`);
          await assert.rejects(tx.execute(sql`insert into "t" values (1)`), UniqueViolationError);
          await tx.execute(sql`insert into "t" values (2)`);
        },
        { isolationLevel: 'read committed' },
      );
      assert.deepEqual(await ids(), [1, 2]);
    });

    test('READ COMMITTED: after the first write, an ending failure is refused', async () => {
      const outcome = await engine
        .transaction(
          async (tx) => {
            await tx.execute(sql`select count(*) from "t"`);
            await tx.execute(sql`insert into "t" values (1)`);
            await tx.execute(sql`insert or rollback into "t" values (1)`).catch(() => undefined);
            await tx.execute(sql`insert into "t" values (2)`);
          },
          { isolationLevel: 'read committed' },
        )
        .then(
          () => null,
          (error: unknown) => error,
        );
      assert.ok(outcome instanceof QueryError);
      assert.deepEqual(await ids(), []);
    });

    test('a read-only snapshot: a failed read keeps the snapshot', async () => {
      await engine.execute(sql`insert into "t" values (1)`);
      await engine.transaction(
        async (tx) => {
          assert.equal((await tx.execute(sql`select "id" from "t"`)).rows.length, 1);
          await engine.execute(sql`insert into "t" values (2)`);
          await assert.rejects(tx.execute(sql`select * from "missing"`), QueryError);
          // Still the snapshot of the first read: the row committed since is not seen.
          assert.equal((await tx.execute(sql`select "id" from "t"`)).rows.length, 1);
        },
        { readOnly: true },
      );
    });
  },
  ['sqlite'],
);
