// Engine behaviour on a real SQLite file and a real PostgreSQL database: constraint
// errors, transactions, savepoints, isolation, pooling and connection loss.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  CheckViolationError,
  ConnectionError,
  DbgenError,
  ForeignKeyViolationError,
  NotNullViolationError,
  PoolTimeoutError,
  SerializationError,
  UniqueViolationError,
  sql,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect, pgPooler } from '../../support/databases.js';

const count = async (engine: Engine, table: string): Promise<number> => {
  const { rows } = await engine.execute<{ n: number | bigint }>(
    sql`select count(*) as "n" from ${sql.id(table)}`,
  );
  return Number(rows[0]?.n);
};

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    const serial =
      dialect === 'postgres'
        ? 'serial'
        : dialect === 'mysql'
          ? 'integer auto_increment'
          : 'integer';
    await engine.execute(sql.raw(`create table "parent" ("id" integer primary key)`));
    await engine.execute(
      sql.raw(`create table "child" (
        "id" ${serial} primary key,
        "parent_id" integer references "parent" ("id"),
        "name" text not null,
        "email" text unique,
        "qty" integer,
        constraint "qty_positive" check ("qty" > 0))`),
    );
    await engine.execute(
      sql.raw(`create table "counter" ("id" integer primary key, "n" integer not null)`),
    );
    await engine.execute(sql`insert into "parent" ("id") values (${1})`);
    await engine.execute(sql`insert into "counter" ("id", "n") values (${1}, ${0})`);
  });

  const insertChild = (
    email: string | null,
    opts: { parent?: number; name?: string | null; qty?: number } = {},
  ) =>
    engine.execute(
      sql`insert into "child" ("parent_id", "name", "email", "qty") values (${opts.parent ?? 1}, ${
        opts.name === undefined ? 'x' : opts.name
      }, ${email}, ${opts.qty ?? 1})`,
    );

  test('unique violation names table and column/constraint, carries SQL and redacted parameters', async () => {
    await insertChild('dup@x.org');
    const error = await insertChild('dup@x.org').catch((e: unknown) => e);
    assert.ok(error instanceof UniqueViolationError, String(error));
    assert.equal(error.code, 'UNIQUE_VIOLATION');
    assert.equal(error.table, 'child');
    if (dialect === 'postgres') assert.equal(error.constraint, 'child_email_key');
    // MySQL names the violated index (a column-level UNIQUE's index is named after its column).
    else if (dialect === 'mysql') assert.equal(error.constraint, 'email');
    else assert.equal(error.column, 'email');
    assert.match(error.sql ?? '', /^insert into "child"/);
    assert.deepEqual(error.parameters, ['[redacted]', '[redacted]', '[redacted]', '[redacted]']);
    assert.ok(error.cause instanceof Error);
    assert.ok(error instanceof DbgenError);
  });

  test('not-null, foreign-key and check violations are mapped', async () => {
    const notNull = await insertChild('a@x.org', { name: null }).catch((e: unknown) => e);
    assert.ok(notNull instanceof NotNullViolationError, String(notNull));
    assert.equal(notNull.table, 'child');
    assert.equal(notNull.column, 'name');

    const fk = await insertChild('b@x.org', { parent: 999 }).catch((e: unknown) => e);
    assert.ok(fk instanceof ForeignKeyViolationError, String(fk));
    if (dialect === 'postgres') assert.equal(fk.constraint, 'child_parent_id_fkey');

    const check = await insertChild('c@x.org', { qty: 0 }).catch((e: unknown) => e);
    assert.ok(check instanceof CheckViolationError, String(check));
    assert.equal(check.constraint, 'qty_positive');
  });

  test('echo logs statements with timing; parameters redacted unless debug', async () => {
    const lines: string[] = [];
    const quiet = makeEngine({ echo: true, logger: (l) => lines.push(l) });
    await quiet.execute(sql`select ${'secret'} as "v"`);
    const loud = makeEngine({ echo: 'debug', logger: (l) => lines.push(l) });
    await loud.execute(sql`select ${'secret'} as "v"`);
    const p = dialect === 'postgres' ? '$1' : '?';
    assert.match(
      lines[0] ?? '',
      new RegExp(`^\\[dbgen\\] \\d+\\.\\d\\d ms select \\${p} as "v" -- \\["\\[redacted\\]"\\]$`),
    );
    assert.match(lines[1] ?? '', /-- \["secret"\]$/);
  });

  test('a transaction commits on return and rolls back on throw', async () => {
    const before = await count(engine, 'parent');
    await engine.transaction(async (tx) => {
      await tx.execute(sql`insert into "parent" ("id") values (${10})`);
    });
    const failure = await engine
      .transaction(async (tx) => {
        await tx.execute(sql`insert into "parent" ("id") values (${11})`);
        throw new Error('boom');
      })
      .catch((e: unknown) => e);
    assert.equal((failure as Error).message, 'boom');
    assert.equal(await count(engine, 'parent'), before + 1);
    const { rows } = await engine.execute(
      sql`select "id" from "parent" where "id" in (${10}, ${11})`,
    );
    assert.deepEqual(rows, [{ id: 10 }]);
  });

  test('nested transactions are savepoints', async () => {
    await engine.transaction(async (tx) => {
      await tx.execute(sql`insert into "parent" ("id") values (${20})`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`insert into "parent" ("id") values (${21})`);
          throw new Error('inner');
        })
        .catch(() => undefined);
      await tx.transaction(async (inner) => {
        await inner.execute(sql`insert into "parent" ("id") values (${22})`);
      });
    });
    const { rows } = await engine.execute(
      sql`select "id" from "parent" where "id" >= ${20} and "id" < ${30} order by "id"`,
    );
    assert.deepEqual(rows, [{ id: 20 }, { id: 22 }]);
  });

  test('uncommitted writes are invisible to other connections until commit', async () => {
    const other = makeEngine();
    const conn = await engine.connect();
    await conn.begin();
    await conn.execute(sql`insert into "parent" ("id") values (${30})`);
    const seenDuring = await other.execute(sql`select "id" from "parent" where "id" = ${30}`);
    await conn.commit();
    await conn.release();
    const seenAfter = await other.execute(sql`select "id" from "parent" where "id" = ${30}`);
    assert.deepEqual(seenDuring.rows, []);
    assert.deepEqual(seenAfter.rows, [{ id: 30 }]);
  });

  if (dialect === 'postgres') {
    test('isolation level and read-only on PostgreSQL', async () => {
      const other = makeEngine();
      await engine.transaction(
        async (tx) => {
          const first = await tx.execute(sql`select count(*)::int as "n" from "parent"`);
          await other.execute(sql`insert into "parent" ("id") values (${40})`);
          const second = await tx.execute(sql`select count(*)::int as "n" from "parent"`);
          assert.deepEqual(second.rows, first.rows); // repeatable read: same snapshot
        },
        { isolationLevel: 'repeatable read' },
      );
      const readOnly = await engine
        .transaction(async (tx) => tx.execute(sql`insert into "parent" ("id") values (${41})`), {
          readOnly: true,
        })
        .catch((e: unknown) => e);
      assert.ok(readOnly instanceof DbgenError);
      assert.match(readOnly.message, /read-only transaction/);
    });
  }

  if (dialect === 'mysql') {
    test('read-only transactions on MySQL/MariaDB', async () => {
      const readOnly = await engine
        .transaction(async (tx) => tx.execute(sql`insert into "parent" ("id") values (${41})`), {
          readOnly: true,
          isolationLevel: 'repeatable read',
        })
        .catch((e: unknown) => e);
      assert.ok(readOnly instanceof DbgenError);
      assert.match(readOnly.message, /READ ONLY transaction/);
    });
  }

  // MySQL/MariaDB: SERIALIZABLE reads take shared locks, the two inserts deadlock (1213).
  if (dialect !== 'sqlite') {
    test('retries rerun a transaction after a serialization failure', async () => {
      await engine.execute(sql.raw(`create table "ledger" ("k" text, "v" integer)`));
      let attempts = 0;
      let arrived = 0;
      let release: () => void = () => undefined;
      const barrier = new Promise<void>((r) => (release = r));
      const work = (k: string) =>
        engine.transaction(
          async (tx) => {
            attempts++;
            await tx.execute(sql`select sum("v") from "ledger"`);
            if (++arrived === 2) release();
            await barrier;
            await tx.execute(sql`insert into "ledger" ("k", "v") values (${k}, ${1})`);
          },
          { isolationLevel: 'serializable', retries: 3 },
        );
      await Promise.all([work('a'), work('b')]);
      assert.equal(await count(engine, 'ledger'), 2);
      assert.ok(attempts >= 3, `expected a retry, saw ${attempts} attempts`);
    });

    test('without retries a serialization failure surfaces as SerializationError', async () => {
      let arrived = 0;
      let release: () => void = () => undefined;
      const barrier = new Promise<void>((r) => (release = r));
      const work = (k: string) =>
        engine.transaction(
          async (tx) => {
            await tx.execute(sql`select sum("v") from "ledger"`);
            if (++arrived === 2) release();
            await barrier;
            await tx.execute(sql`insert into "ledger" ("k", "v") values (${k}, ${1})`);
          },
          { isolationLevel: 'serializable' },
        );
      const results = await Promise.allSettled([work('c'), work('d')]);
      const failed = results.filter((r) => r.status === 'rejected');
      assert.equal(failed.length, 1);
      assert.ok((failed[0] as PromiseRejectedResult).reason instanceof SerializationError);
    });

    test(
      'a killed connection surfaces as ConnectionError and the pool recovers',
      {
        // Behind PgBouncer the client's connection is PgBouncer's, which outlives the backend.
        skip:
          dialect === 'postgres' &&
          pgPooler !== undefined &&
          'the pooler keeps the client connection',
      },
      async () => {
        const pooled = makeEngine({ poolSize: 2 });
        const conn = await pooled.connect();
        if (dialect === 'mysql') {
          const { rows } = await conn.execute<{ pid: number }>(
            sql`select connection_id() as "pid"`,
          );
          await engine.execute(sql`kill ${sql.raw(String(Number(rows[0]?.pid)))}`);
        } else {
          const { rows } = await conn.execute<{ pid: number }>(
            sql`select pg_backend_pid() as "pid"`,
          );
          await engine.execute(sql`select pg_terminate_backend(${rows[0]?.pid})`);
        }
        const error = await conn.execute(sql`select 1`).catch((e: unknown) => e);
        assert.ok(error instanceof ConnectionError, String(error));
        assert.equal(error.code, 'CONNECTION');
        await conn.release();
        // Every pooled connection still works, the dead one was discarded.
        const results = await Promise.all(
          [1, 2, 3, 4].map((i) =>
            pooled.execute(
              dialect === 'mysql' ? sql`select ${i} as "i"` : sql`select ${i}::int as "i"`,
            ),
          ),
        );
        assert.deepEqual(
          results.map((r) => r.rows[0]),
          [{ i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }],
        );
      },
    );
  }

  test('50 concurrent transactions through a pool of 5: no deadlock, no leak', async () => {
    const pooled = makeEngine({ poolSize: 5, acquireTimeoutMs: 20_000 });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        pooled.transaction(async (tx) => {
          await tx.execute(sql`update "counter" set "n" = "n" + 1 where "id" = ${1}`);
          await tx.execute(sql`insert into "parent" ("id") values (${1000 + i})`);
        }),
      ),
    );
    const { rows } = await pooled.execute(sql`select "n" from "counter" where "id" = ${1}`);
    assert.deepEqual(rows, [{ n: 50 }]);
    // No connection leaked: all five can be held at once again, quickly.
    const held = await Promise.all(
      Array.from({ length: dialect === 'postgres' ? 5 : 1 }, () => pooled.connect()),
    );
    await Promise.all(held.map((c) => c.release()));
  });

  test('an exhausted pool fails with PoolTimeoutError instead of hanging', async () => {
    // 1 s, not less: the first connection is opened within the same limit, and a loaded
    // machine can take a few hundred ms to open one.
    const tiny = makeEngine({ poolSize: 1, acquireTimeoutMs: 1000 });
    const held = await tiny.connect();
    // Created before the transaction: MySQL refuses DDL inside one (it would commit it).
    await held.execute(sql`create table "pool_probe" ("id" integer)`);
    // SQLite: a connection holds the single writer from its first write (reads go to
    // reader connections, which do not wait for it).
    await held.begin();
    await held.execute(sql`insert into "pool_probe" ("id") values (0)`);
    const error = await tiny
      .execute(sql`insert into "pool_probe" ("id") values (1)`)
      .catch((e: unknown) => e);
    assert.ok(error instanceof PoolTimeoutError, String(error));
    assert.equal(error.code, 'POOL_TIMEOUT');
    assert.match(error.message, /within 1000 ms/);
    await held.release();
    const { rows } = await tiny.execute(sql`select ${7} as "v"`);
    assert.equal(Number(rows[0]?.v), 7);
  });
});
