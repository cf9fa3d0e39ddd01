// A deadlock inside a transaction, on PostgreSQL and MySQL/MariaDB alike: the deadlock
// reaches the outermost transaction() (which retries), and a transaction the deadlock
// ended refuses further statements instead of running them outside it. MySQL's server
// ends the whole transaction on a deadlock (its session drops to autocommit) where
// PostgreSQL keeps it open and aborted, so the MySQL side rests on dbgen's own state.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  QueryError,
  SerializationError,
  sql,
  type Connection,
  type Engine,
  type Executor,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

forEachDialect(
  (dialect, makeEngine) => {
    let engine: Engine;
    before(async () => {
      engine = makeEngine();
      await engine.execute(sql.raw(`create table "t" ("id" integer primary key, "v" integer)`));
      await engine.execute(sql.raw(`create table "log" ("msg" varchar(80))`));
      // Rows `other` updates first, so that MySQL picks the lighter transaction (the
      // one under test) as the deadlock's victim.
      await engine.execute(sql.raw(`create table "big" ("id" integer primary key, "v" integer)`));
      for (let i = 0; i < 50; i++)
        await engine.execute(sql`insert into "big" ("id", "v") values (${i}, ${0})`);
    });

    const reset = async () => {
      await engine.execute(sql`delete from "t"`);
      await engine.execute(sql`delete from "log"`);
      await engine.execute(sql`insert into "t" ("id", "v") values (${1}, ${0}), (${2}, ${0})`);
    };
    const rows = async () =>
      (
        await engine.execute<{ id: number; v: number }>(
          sql`select "id", "v" from "t" order by "id"`,
        )
      ).rows.map((r) => [Number(r.id), Number(r.v)]);
    const logged = async () =>
      (await engine.execute<{ msg: string }>(sql`select "msg" from "log"`)).rows.map((r) => r.msg);

    /** `other`'s transaction of the last deadlock, settled (committed once it got row 1). */
    let otherDone: Promise<unknown> = Promise.resolve();

    /**
     * Makes `tx` (which holds row 1) the victim of a deadlock with `other`: `tx` waits for
     * row 2, then `other` waits for row 1. MySQL detects it at once and rolls back the
     * lighter transaction; PostgreSQL's detector runs in the process that waited longest.
     */
    async function deadlock(tx: Executor, other: Connection): Promise<void> {
      await other.begin();
      await other.execute(sql`update "big" set "v" = "v" + 1`);
      await other.execute(sql`update "t" set "v" = "v" + 100 where "id" = ${2}`);
      const mine = tx.execute(sql`update "t" set "v" = "v" + 1 where "id" = ${2}`);
      mine.catch(() => undefined);
      await sleep(300);
      // `other` gets row 1 once `tx`'s locks are gone: at once on MySQL (the deadlock
      // ended tx's transaction), at tx's rollback on PostgreSQL (an aborted transaction
      // keeps its locks), so it is not waited for here.
      otherDone = other
        .execute(sql`update "t" set "v" = "v" + 100 where "id" = ${1}`)
        .then(
          () => other.commit(),
          () => other.rollback(),
        )
        .catch(() => undefined);
      await mine;
    }

    test(
      'a deadlock in a nested transaction reaches the outer one, which retries',
      { timeout: 30_000 },
      async () => {
        await reset();
        const other = await engine.connect();
        let attempts = 0;
        try {
          const result = await engine.transaction(
            async (tx) => {
              attempts++;
              await tx.execute(sql`update "t" set "v" = "v" + 1 where "id" = ${1}`);
              return tx.transaction(async (inner) => {
                if (attempts === 1) await deadlock(inner, other);
                else await inner.execute(sql`update "t" set "v" = "v" + 1 where "id" = ${2}`);
                return 'done';
              });
            },
            { retries: 2 },
          );
          assert.equal(result, 'done');
          assert.equal(attempts, 2);
          await otherDone;
          // The first attempt left nothing; `other`'s +100 each and the second attempt's +1.
          assert.deepEqual(await rows(), [
            [1, 101],
            [2, 101],
          ]);
        } finally {
          await otherDone;
          await other.release();
        }
      },
    );

    test(
      'a nested deadlock rethrows the SerializationError itself (no savepoint error)',
      { timeout: 30_000 },
      async () => {
        await reset();
        const other = await engine.connect();
        try {
          const error = await engine
            .transaction(async (tx) => {
              await tx.execute(sql`update "t" set "v" = "v" + 1 where "id" = ${1}`);
              await tx.transaction((inner) => deadlock(inner, other));
            })
            .catch((e: unknown) => e);
          assert.ok(error instanceof SerializationError, String(error));
        } finally {
          await otherDone;
          await other.release();
        }
      },
    );

    test(
      'after a caught deadlock the transaction refuses statements; none of it survives',
      { timeout: 30_000 },
      async () => {
        await reset();
        const other = await engine.connect();
        try {
          const outcome = await engine
            .transaction(async (tx) => {
              await tx.execute(sql`insert into "log" ("msg") values (${'before'})`);
              await tx.execute(sql`update "t" set "v" = "v" + 1 where "id" = ${1}`);
              const caught = await deadlock(tx, other).catch((e: unknown) => e);
              assert.ok(caught instanceof SerializationError, String(caught));
              const refused = await tx
                .execute(sql`insert into "log" ("msg") values (${'after'})`)
                .catch((e: unknown) => e);
              // PostgreSQL's 25P02 and dbgen's refusal on MySQL: the same class.
              assert.ok(refused instanceof QueryError, String(refused));
              assert.ok(!(refused instanceof SerializationError));
              assert.match(refused.message, /abort|rolled back/);
              throw new Error('roll back');
            })
            .catch((e: unknown) => (e as Error).message);
          assert.equal(outcome, 'roll back');
          assert.deepEqual(await logged(), []);
          await otherDone;
          assert.deepEqual(await rows(), [
            [1, 100],
            [2, 100],
          ]);
        } finally {
          await otherDone;
          await other.release();
        }
      },
    );

    test(
      'a caught nested deadlock leaves the outer transaction refusing statements',
      { timeout: 30_000 },
      async () => {
        await reset();
        const other = await engine.connect();
        try {
          const outcome = await engine
            .transaction(async (tx) => {
              await tx.execute(sql`insert into "log" ("msg") values (${'before'})`);
              await tx.execute(sql`update "t" set "v" = "v" + 1 where "id" = ${1}`);
              const caught = await tx
                .transaction((inner) => deadlock(inner, other))
                .catch((e: unknown) => e);
              assert.ok(caught instanceof SerializationError, String(caught));
              if (dialect === 'postgres') return 'rolled back to the savepoint';
              // MySQL: the savepoint went with the transaction; nothing may autocommit.
              const refused = await tx
                .execute(sql`insert into "log" ("msg") values (${'after'})`)
                .catch((e: unknown) => e);
              assert.ok(refused instanceof QueryError, String(refused));
              throw new Error('roll back');
            })
            .catch((e: unknown) => (e as Error).message);
          if (dialect === 'postgres') {
            // PostgreSQL rolled back to the savepoint: the outer transaction went on.
            assert.equal(outcome, 'rolled back to the savepoint');
            assert.deepEqual(await logged(), ['before']);
          } else {
            assert.equal(outcome, 'roll back');
            assert.deepEqual(await logged(), []);
          }
        } finally {
          await otherDone;
          await other.release();
        }
      },
    );

    if (dialect === 'postgres') {
      test('commit() of a transaction an error aborted fails instead of committing nothing', async () => {
        await reset();
        const conn = await engine.connect();
        try {
          await conn.begin();
          await conn.execute(sql`insert into "log" ("msg") values (${'before'})`);
          // Caught and gone on from: PostgreSQL has aborted the whole transaction.
          await assert.rejects(conn.execute(sql`select 1 / ${0} as "x"`), QueryError);
          const error = await conn.commit().catch((e: unknown) => e);
          assert.ok(error instanceof QueryError, String(error));
          assert.match(error.message, /commit\(\) failed.*nothing of it was committed/s);
          assert.equal(conn.inTransaction, false);
          assert.deepEqual(await logged(), []);
        } finally {
          await conn.release();
        }
        // COMMIT as SQL, as the migration runner sends it, is held to the same answer.
        const raw = await engine.connect();
        try {
          await raw.execute(sql.raw('BEGIN'));
          await raw.execute(sql`insert into "log" ("msg") values (${'raw'})`);
          await assert.rejects(raw.execute(sql`select 1 / ${0} as "x"`), QueryError);
          await assert.rejects(raw.execute(sql.raw('COMMIT')), /commit\(\) failed/);
        } finally {
          await raw.release();
        }
        // The same through transaction(): it rejects rather than resolving as committed.
        await assert.rejects(
          engine.transaction(async (tx) => {
            await tx.execute(sql`insert into "log" ("msg") values (${'in tx'})`);
            await tx.execute(sql`select 1 / ${0} as "x"`).catch(() => undefined);
          }),
          /commit\(\) failed/,
        );
        assert.deepEqual(await logged(), []);
      });
    }

    if (dialect === 'mysql') {
      test(
        'commit() of a transaction a deadlock ended fails instead of committing nothing',
        { timeout: 30_000 },
        async () => {
          await reset();
          const other = await engine.connect();
          const conn = await engine.connect();
          try {
            await conn.begin();
            await conn.execute(sql`insert into "log" ("msg") values (${'before'})`);
            await conn.execute(sql`update "t" set "v" = "v" + 1 where "id" = ${1}`);
            await assert.rejects(deadlock(conn, other), SerializationError);
            const error = await conn.commit().catch((e: unknown) => e);
            assert.ok(error instanceof QueryError, String(error));
            assert.match(error.message, /commit\(\) failed/);
            assert.equal(conn.inTransaction, false);
            assert.deepEqual(await logged(), []);
            // The connection is usable again, in autocommit as before.
            const { rows: one } = await conn.execute(sql`select 1 as "x"`);
            assert.equal(Number(one[0]?.x), 1);
          } finally {
            await conn.release();
            await otherDone;
            await other.release();
          }
        },
      );

      test(
        'a lock wait timeout (innodb_rollback_on_timeout off) leaves the transaction open',
        { timeout: 30_000 },
        async () => {
          await reset();
          const holder = await engine.connect();
          const conn = await engine.connect();
          try {
            await holder.begin();
            await holder.execute(sql`update "t" set "v" = "v" + 100 where "id" = ${2}`);
            await conn.execute(sql.raw('set session innodb_lock_wait_timeout = 1'));
            await conn.transaction(async (tx) => {
              await tx.execute(sql`insert into "log" ("msg") values (${'kept'})`);
              const timedOut = await tx
                .transaction((inner) =>
                  inner.execute(sql`update "t" set "v" = "v" + 1 where "id" = ${2}`),
                )
                .catch((e: unknown) => e);
              assert.ok(timedOut instanceof SerializationError, String(timedOut));
              // Only the statement was rolled back (the server's default): the
              // transaction goes on and commits.
              await tx.execute(sql`insert into "log" ("msg") values (${'after'})`);
            });
            await holder.rollback();
            assert.deepEqual((await logged()).sort(), ['after', 'kept']);
          } finally {
            await conn.execute(sql.raw('set session innodb_lock_wait_timeout = default'));
            await conn.release();
            await holder.release();
          }
        },
      );
    }
  },
  ['postgres', 'mysql'],
);
