// engine.on('statement', ...) on every dialect: what a listener is told about each
// statement (SQL, redacted or real values, row counts, errors, transaction, operation and
// table), and that removing the last listener stops the reports.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  UniqueViolationError,
  insertInto,
  selectFrom,
  sql,
  type Engine,
  type StatementEvent,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { ITEMS_DDL, items } from './items.js';

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  const events: StatementEvent[] = [];
  const placeholder = dialect === 'postgres' ? '$1' : '?';
  before(async () => {
    engine = makeEngine();
    await engine.execute(sql.raw(ITEMS_DDL));
  });

  /** The events `work` caused, from a listener added for it and removed after. */
  async function eventsOf(
    work: () => Promise<unknown>,
    options?: { values?: boolean },
  ): Promise<StatementEvent[]> {
    events.length = 0;
    const off = engine.on('statement', (event) => void events.push(event), options);
    try {
      await work();
    } finally {
      off();
    }
    return [...events];
  }

  test('a builder statement: SQL, redacted values, row count, operation and table', async () => {
    const [insert, select, ...rest] = await eventsOf(async () => {
      await engine.execute(
        insertInto(items).values([
          { id: 1, name: 'one' },
          { id: 2, name: 'two' },
          { id: 3, name: 'three' },
        ]),
      );
      await engine.execute(selectFrom(items).where(items.name.eq('two')));
    });
    assert.deepEqual(rest, []);
    assert.match(insert!.sql, /^insert into ["`]items["`]/);
    assert.deepEqual(insert!.parameters, Array(6).fill('[redacted]'));
    assert.equal(insert!.rowCount, 3);
    assert.equal(insert!.operation, 'INSERT');
    assert.equal(insert!.table, 'items');
    assert.equal(insert!.error, undefined);
    assert.equal(insert!.inTransaction, false);
    assert.equal(select!.operation, 'SELECT');
    assert.equal(select!.table, 'items');
    assert.equal(select!.rowCount, 1);
    assert.ok(select!.sql.endsWith(`= ${placeholder}`), select!.sql);
    assert.deepEqual(select!.parameters, ['[redacted]']);
    const expected = dialect === 'mysql' ? ['mysql', 'mariadb'] : [dialect];
    assert.ok(expected.includes(select!.dialect), select!.dialect);
    for (const event of [insert!, select!]) {
      assert.ok(event.durationMs >= 0 && Number.isFinite(event.durationMs));
      assert.equal(event.slow, false);
      assert.ok(Object.isFrozen(event));
    }
  });

  test('a listener added with { values: true } gets the bound values; others do not', async () => {
    const redacted: StatementEvent[] = [];
    const offRedacted = engine.on('statement', (event) => void redacted.push(event));
    const [real] = await eventsOf(
      () => engine.execute(sql`select name from items where name = ${'secret'}`),
      { values: true },
    );
    offRedacted();
    assert.deepEqual(real!.parameters, ['secret']);
    assert.deepEqual(redacted.at(-1)!.parameters, ['[redacted]']);
    assert.equal(real!.operation, undefined, 'raw SQL is not parsed for an operation');
    assert.equal(real!.table, undefined);
  });

  test('a failed statement: the error the caller got, no row count', async () => {
    let thrown: unknown;
    const [failed] = await eventsOf(async () => {
      thrown = await engine
        .execute(insertInto(items).values({ id: 1, name: 'again' }))
        .catch((error: unknown) => error);
    });
    assert.ok(thrown instanceof UniqueViolationError, String(thrown));
    assert.equal(failed!.error, thrown);
    assert.equal(failed!.rowCount, undefined);
    assert.equal(failed!.operation, 'INSERT');
  });

  test('statements of a transaction say so, and so do COMMIT and ROLLBACK', async () => {
    const seen = await eventsOf(() =>
      engine.transaction(async (tx) => {
        await tx.execute(sql`update items set name = ${'uno'} where id = ${1}`);
      }),
    );
    assert.deepEqual(
      seen.map((e) => [e.operation ?? 'raw', e.inTransaction]),
      [
        [dialect === 'mysql' ? 'START TRANSACTION' : 'BEGIN', false],
        ['raw', true],
        ['COMMIT', true],
      ],
    );
    assert.equal(seen[1]!.rowCount, 1);
    const rolledBack = await eventsOf(() =>
      engine
        .transaction(async () => {
          throw new Error('no');
        })
        .catch(() => undefined),
    );
    assert.deepEqual(
      rolledBack.map((e) => e.operation),
      [dialect === 'mysql' ? 'START TRANSACTION' : 'BEGIN', 'ROLLBACK'],
    );
  });

  test('a stream is one statement, with the rows it gave', async () => {
    const seen = await eventsOf(async () => {
      let n = 0;
      for await (const _ of engine.stream(selectFrom(items), { batchSize: 2 })) n++;
      assert.equal(n, 3);
    });
    const streamed = seen.filter((e) => e.operation === 'SELECT');
    assert.equal(streamed.length, 1);
    assert.equal(streamed[0]!.rowCount, 3);
  });

  test('a listener that throws is reported to the logger; the statement succeeds', async () => {
    const lines: string[] = [];
    const logged = makeEngine({ logger: (line) => lines.push(line) });
    logged.on('statement', () => {
      throw new Error('listener bug');
    });
    logged.on('statement', () => Promise.reject(new Error('async listener bug')));
    const { rows } = await logged.execute(sql`select ${1} as "one"`);
    assert.equal(Number(rows[0]!['one']), 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(lines, [
      '[dbgen] a statement listener failed: listener bug',
      '[dbgen] a statement listener failed: async listener bug',
    ]);
  });

  test('after off(), the listener hears nothing more', async () => {
    const heard: string[] = [];
    const off = engine.on('statement', (event) => void heard.push(event.sql));
    await engine.execute(sql`select ${1} as "a"`);
    off();
    off(); // twice is harmless
    await engine.execute(sql`select ${2} as "b"`);
    assert.equal(heard.length, 1);
  });
});
