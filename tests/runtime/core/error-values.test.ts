// Bound values never reach a database error's message, stack or printed form unless values
// are shown (`echo: { values: true }`), as they never reach its parameters: PostgreSQL's
// detail (`Key (...)=(...)`, `Failing row contains (...)`) stays out of the message (kept on
// the driver's error, `cause`) and a data exception's quoted value becomes <redacted>;
// MariaDB's quoted values become '<redacted>' and mysql2's error (the cause), whose `sql` has
// the values written in, is replaced by a copy without them. SQLite's messages name none.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { before, test } from 'node:test';
import {
  CancelledError,
  CheckViolationError,
  TimeoutError,
  UniqueViolationError,
  sql,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';

const SECRET = 'TOPSECRET42';

const failure = (run: Promise<unknown>): Promise<Error> =>
  run.then(
    () => assert.fail('the statement succeeded'),
    (error: unknown) => error as Error,
  );

/** No trace of the secret anywhere one prints the error. */
function assertNoValue(error: Error, alsoCause: boolean): void {
  assert.ok(!error.message.includes(SECRET), error.message);
  assert.ok(!(error.stack ?? '').includes(SECRET), error.stack);
  assert.ok(!JSON.stringify(error).includes(SECRET), JSON.stringify(error));
  if (alsoCause) assert.ok(!inspect(error, { depth: 6 }).includes(SECRET), inspect(error));
}

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  let showing: Engine;
  before(async () => {
    engine = makeEngine();
    showing = makeEngine({ echo: { values: true }, logger: () => undefined });
    await engine.execute(
      sql.raw(
        `create table acc (id integer primary key, api_token varchar(40) unique, n integer, pin varchar(20) check (pin <> 'x'))`,
      ),
    );
    await engine.execute(sql`insert into acc (id, api_token, n) values (${1}, ${SECRET}, ${1})`);
  });

  test('a unique violation names the constraint, not the value, unless values are shown', async () => {
    const error = await failure(
      engine.execute(sql`insert into acc (id, api_token, n) values (${2}, ${SECRET}, ${1})`),
    );
    assert.ok(error instanceof UniqueViolationError, String(error));
    assertNoValue(error, true);
    if (dialect === 'postgres') {
      assert.match(error.message, /"acc_api_token_key"/);
      // The driver's error is a copy without the detail (console.error prints it too).
      assert.equal((error.cause as { detail?: string }).detail, undefined);
      assert.equal((error.cause as { code?: string }).code, '23505');
    }
    if (dialect === 'mysql') {
      assert.match(error.message, /^Duplicate entry '<redacted>' for key '(acc\.)?api_token'$/);
      assert.equal(error.constraint, 'api_token');
      const cause = error.cause as { sql: string; errno: number; sqlMessage: string };
      assert.equal(cause.errno, 1062);
      assert.equal(cause.sql, error.sql);
      assert.match(cause.sql, /\?/);
      assert.match(cause.sqlMessage, /<redacted>/);
    }

    const shown = await failure(
      showing.execute(sql`insert into acc (id, api_token, n) values (${2}, ${SECRET}, ${1})`),
    );
    if (dialect === 'postgres')
      assert.match(shown.message, new RegExp(`Key \\(api_token\\)=\\(${SECRET}\\) already exists`));
    if (dialect === 'mysql') {
      assert.match(shown.message, new RegExp(`Duplicate entry '${SECRET}'`));
      assert.match((shown.cause as { sql: string }).sql, new RegExp(SECRET));
    }
  });

  test('on an engine that shows values, a listener without values gets the error without them', async () => {
    const heard: { error: Error | undefined; withValues: boolean }[] = [];
    const offs = [
      showing.on('statement', (e) => void heard.push({ error: e.error, withValues: false })),
      showing.on('statement', (e) => void heard.push({ error: e.error, withValues: true }), {
        values: true,
      }),
    ];
    try {
      const shown = await failure(
        showing.execute(sql`insert into acc (id, api_token, n) values (${5}, ${SECRET}, ${1})`),
      );
      assert.ok(shown instanceof UniqueViolationError, String(shown));
      const hidden = heard.find((h) => !h.withValues)!.error!;
      const real = heard.find((h) => h.withValues)!.error!;
      assert.equal(real, shown, 'the listener with values gets what the caller got');
      assert.ok(hidden instanceof UniqueViolationError, String(hidden));
      assertNoValue(hidden, true);
      assert.equal(hidden.constraint, shown.constraint);
      assert.deepEqual(hidden.parameters, ['[redacted]', '[redacted]', '[redacted]']);
      // The caller's error still shows them (SQLite's messages quote no values).
      if (dialect !== 'sqlite') assert.match(shown.message, new RegExp(SECRET));
      assert.deepEqual(shown.parameters, [5, SECRET, 1]);
    } finally {
      for (const off of offs) off();
    }
  });

  test('a timeout or a cancel shows no values: not on a hiding engine, not to a listener without them', async () => {
    // Seconds of work, stopped after 100 ms, with the secret bound.
    const slow =
      dialect === 'postgres'
        ? sql`select pg_sleep(2), ${SECRET}::text as s`
        : dialect === 'mysql'
          ? sql`select sleep(2), ${SECRET} as s`
          : sql`with recursive c(x) as (select 1 union all select x + 1 from c where x < 100000000)
              select count(*), ${SECRET} as s from c`;
    const hiding = await failure(engine.execute(slow, undefined, { timeoutMs: 100 }));
    assert.ok(hiding instanceof TimeoutError, String(hiding));
    assertNoValue(hiding, true);

    const heard: (Error | undefined)[] = [];
    const off = showing.on('statement', (e) => void heard.push(e.error));
    try {
      const timedOut = await failure(showing.execute(slow, undefined, { timeoutMs: 100 }));
      const cancelled = await failure(
        showing.execute(sql`select ${SECRET} as s`, undefined, { signal: AbortSignal.abort() }),
      );
      for (const [shown, Class] of [
        [timedOut, TimeoutError],
        [cancelled, CancelledError],
      ] as const) {
        assert.ok(shown instanceof Class, String(shown));
        assert.ok(shown.parameters!.includes(SECRET), 'the caller sees the values');
      }
      assert.equal(heard.length, 2);
      assert.ok(heard[0] instanceof TimeoutError, String(heard[0]));
      assert.ok(heard[1] instanceof CancelledError, String(heard[1]));
      for (const hidden of heard) assertNoValue(hidden!, true);
    } finally {
      off();
    }
  });

  test('a check violation does not show the failing row unless values are shown', async () => {
    const insert = (on: Engine) =>
      failure(
        on.execute(
          sql`insert into acc (id, api_token, n, pin) values (${3}, ${SECRET + 'b'}, ${1}, ${'x'})`,
        ),
      );
    const error = await insert(engine);
    assert.ok(error instanceof CheckViolationError, String(error));
    assertNoValue(error, true);
    if (dialect === 'postgres') assert.match(error.message, /"acc_pin_check"/);
    const shown = await insert(showing);
    if (dialect === 'postgres')
      assert.match(shown.message, /Failing row contains \(.*TOPSECRET42b/);
  });

  test('a value the column cannot take is not quoted unless values are shown', async () => {
    const run = (on: Engine) =>
      on.execute(sql`insert into acc (id, api_token, n) values (${4}, ${'c'}, ${SECRET})`);
    if (dialect === 'sqlite') {
      await run(engine); // SQLite stores the text as it is: no error, nothing to hide
      return;
    }
    const error = await failure(run(engine));
    assertNoValue(error, true);
    if (dialect === 'postgres')
      assert.equal(error.message, 'invalid input syntax for type integer: <redacted>');
    else assert.match(error.message, /^Incorrect integer value: '<redacted>' for column .*n/);
    const shown = await failure(run(showing));
    assert.match(shown.message, new RegExp(SECRET));
  });

  test('a value compared with a column of another type is not quoted', async () => {
    const where = await engine
      .execute(sql`select * from acc where id = ${SECRET}`)
      .catch((e: unknown) => e as Error);
    // Only PostgreSQL refuses the comparison (MariaDB and SQLite compare as numbers).
    if (dialect === 'postgres') {
      assert.ok(where instanceof Error);
      assertNoValue(where, false);
      assert.match(where.message, /<redacted>$/);
    }
  });
});
