// Echo (SQLAlchemy's echo=True) and the slow-statement threshold on every dialect: what
// goes to the logger, values redacted unless asked for, and a statement slower than
// slowStatementMs reported (judged by the threshold against the measured duration, never
// by a timing goal).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, createEngine, sql, type StatementEvent } from '@dbgen/runtime';
import { forEachDialect, type TestDialect } from '../../support/databases.js';

/** A statement that takes a while on each database (SQLite: a recursive CTE of 2M rows). */
const SLOW: Record<TestDialect, ReturnType<typeof sql>> = {
  postgres: sql`select pg_sleep(${0.3}) as "slept"`,
  mysql: sql`select sleep(${0.3}) as "slept"`,
  sqlite: sql`with recursive c(x) as (select 1 union all select x + 1 from c where x < ${2_000_000})
    select count(*) as "slept" from c`,
};

forEachDialect((dialect, makeEngine) => {
  const p = dialect === 'postgres' ? '\\$1' : '\\?';

  test('echo: true logs each statement and its timing, values redacted', async () => {
    const lines: string[] = [];
    const engine = makeEngine({ echo: true, logger: (line) => lines.push(line) });
    await engine.execute(sql`select ${'secret'} as "v"`);
    await assert.rejects(engine.execute(sql`select * from no_such_table where x = ${'secret'}`));
    assert.equal(lines.length, 2);
    assert.match(
      lines[0]!,
      new RegExp(`^\\[dbgen\\] \\d+\\.\\d\\d ms select ${p} as "v" -- \\["\\[redacted\\]"\\]$`),
    );
    assert.match(lines[1]!, /no_such_table where x = .* -- \["\[redacted\]"\] -- failed$/);
    assert.ok(!lines.join('\n').includes('secret'));
  });

  test('echo: { values: true } shows the values (and errors carry them)', async () => {
    const lines: string[] = [];
    const engine = makeEngine({ echo: { values: true }, logger: (line) => lines.push(line) });
    await engine.execute(sql`select ${'shown'} as "v", ${12n} as "big"`);
    assert.match(lines[0]!, /-- \["shown","12"\]$/);
    const error = (await engine
      .execute(sql`select * from no_such_table where x = ${'shown'}`)
      .catch((e: unknown) => e)) as { parameters?: unknown[] };
    assert.deepEqual(error.parameters, ['shown']);
  });

  test('a statement slower than slowStatementMs is reported; others are not', async () => {
    const thresholdMs = 100;
    const lines: string[] = [];
    const events: StatementEvent[] = [];
    const engine = makeEngine({ slowStatementMs: thresholdMs, logger: (line) => lines.push(line) });
    engine.on('statement', (event) => void events.push(event));
    await engine.execute(sql`select ${1} as "quick"`);
    await engine.execute(SLOW[dialect]);
    assert.equal(events.length, 2);
    const [quick, slow] = events;
    // The slow one took longer than the threshold (it sleeps 300 ms, or counts to 2M).
    assert.ok(slow!.durationMs > thresholdMs, `${slow!.durationMs} ms`);
    assert.equal(slow!.slow, true);
    // Each event is slow exactly when its duration is over the threshold, and the logger
    // got one line per slow statement, naming it with its duration and the threshold.
    assert.equal(quick!.slow, quick!.durationMs > thresholdMs);
    const slowOnes = events.filter((e) => e.slow);
    assert.equal(lines.length, slowOnes.length);
    for (const [i, event] of slowOnes.entries()) {
      assert.ok(
        lines[i]!.startsWith(
          `[dbgen] slow statement: ${event.durationMs.toFixed(2)} ms (slowStatementMs: ${thresholdMs}) `,
        ),
      );
      assert.ok(lines[i]!.includes(event.sql), lines[i]);
      assert.ok(lines[i]!.endsWith(' -- ["[redacted]"]'), lines[i]);
    }
  });

  test('slowStatementMs: 0 reports every statement (a way to log only timings)', async () => {
    const lines: string[] = [];
    const engine = makeEngine({ slowStatementMs: 0, logger: (line) => lines.push(line) });
    await engine.execute(sql`select ${1} as "one"`);
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /^\[dbgen\] slow statement: \d+\.\d\d ms \(slowStatementMs: 0\) select /,
    );
  });
});

test('bad echo and slowStatementMs options fail with a ConfigError naming them', () => {
  const make = (options: object) => () => createEngine({ url: 'sqlite::memory:', ...options });
  assert.throws(
    make({ slowStatementMs: -1 }),
    (e: unknown) =>
      e instanceof ConfigError &&
      /slowStatementMs must be a number of milliseconds ≥ 0, got -1/.test(e.message),
  );
  assert.throws(make({ slowStatementMs: '100' }), /slowStatementMs must be .*got "100"/);
  assert.throws(
    make({ echo: 'loud' }),
    /engine option echo must be true, false, 'debug' or \{ values: boolean \}, got "loud"/,
  );
  assert.throws(
    make({ echo: { value: true } }),
    /engine option echo has no setting "value"; it takes values/,
  );
});
