/**
 * Through a real PgBouncer 1.18 in transaction pooling mode (scripts/pgbouncer.sh, on a
 * free port, installed when missing): no session state leaks between transactions, the
 * statements that would leave some are refused with `pooler: 'transaction'`, five
 * `dbgen migrate up` processes at once apply each migration exactly once, and the Core and
 * ORM behaviour suites pass through it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEngine, PoolerError, sql, TimeoutError, type Engine } from '@dbgen/runtime';
import { createTestDatabase, type TestDatabase } from '../migrate/support/databases.js';
import { migrate, query } from '../migrate/support/run.js';
import { PG_SERVER_URL } from '../support/databases.js';
import {
  onPort,
  pgbouncerStart,
  pgbouncerStop,
  pgbouncerUnavailable,
  skipReason,
} from '../support/scale-servers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../packages/cli/src/bin.ts', import.meta.url));

const skip = skipReason('PgBouncer tests', pgbouncerUnavailable());

/** The Core and ORM behaviour suites run through PgBouncer. */
const SUITES = [
  'tests/runtime/core/behaviour.test.ts',
  'tests/runtime/core/builder-db.test.ts',
  'tests/runtime/core/engine.test.ts',
  'tests/runtime/core/types.test.ts',
  'tests/runtime/core/statement-limits.test.ts',
  'tests/runtime/core/stream-release.test.ts',
  'tests/runtime/core/injection.test.ts',
  'tests/runtime/core/insert-mixed.test.ts',
  'tests/runtime/orm/session.test.ts',
  'tests/runtime/orm/query.test.ts',
  'tests/runtime/orm/relationships.test.ts',
  'tests/runtime/orm/unit-of-work-sql.test.ts',
  'tests/runtime/orm/lazy-state.test.ts',
  'tests/runtime/orm/typed-rows.test.ts',
  'tests/runtime/orm/generated-client.test.ts',
];

function run(
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, options);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The environment without node:test's marker, so the nested runner reports as TAP. */
function withoutTestContext(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy['NODE_TEST_CONTEXT'];
  return copy;
}

describe('through PgBouncer in transaction pooling mode', { skip }, () => {
  let port: number;
  let db: TestDatabase;
  let bouncerUrl: string;
  const engines: Engine[] = [];
  const engine = (pooler?: 'transaction'): Engine => {
    const made = createEngine({ url: bouncerUrl, poolSize: 4, ...(pooler ? { pooler } : {}) });
    engines.push(made);
    return made;
  };

  before(async () => {
    port = await pgbouncerStart();
    db = await createTestDatabase('postgres');
    bouncerUrl = onPort(db.url, port);
  });

  after(async () => {
    await Promise.allSettled(engines.map((e) => e.close()));
    await db?.drop();
    if (port) await pgbouncerStop(port);
  });

  test('it really is PgBouncer: the server port differs from the one connected to', async () => {
    const { rows } = await engine().execute(sql`select inet_server_port() as "port"`);
    assert.deepEqual(rows, [{ port: 5432 }]);
    assert.notEqual(port, 5432);
  });

  test("pooler: 'transaction' refuses statements that would leave session state", async () => {
    const db = engine('transaction');
    for (const statement of [
      sql`set statement_timeout = 1000`,
      sql`set session application_name = 'x'`,
      sql`set local statement_timeout = 1000`, // outside a transaction: does nothing
      sql`prepare mine as select 1`,
      sql`select pg_advisory_lock(1)`,
      sql`listen events`,
      sql`create temporary table scratch (id int)`,
    ]) {
      await assert.rejects(db.execute(statement), (error: unknown) => {
        assert.ok(error instanceof PoolerError, String(error));
        assert.equal(error.code, 'POOLER');
        return true;
      });
    }
    // Inside a transaction, SET LOCAL and transaction-level locks are fine ...
    const seen = await db.transaction(async (tx) => {
      await tx.execute(sql`set local statement_timeout = '1234ms'`);
      await tx.execute(sql`select pg_advisory_xact_lock(42)`);
      return (await tx.execute(sql`show statement_timeout`)).rows;
    });
    assert.deepEqual(seen, [{ statement_timeout: '1234ms' }]);
    // ... but a session SET is refused there too (it would outlive the transaction).
    await assert.rejects(
      db.transaction((tx) => tx.execute(sql`set statement_timeout = 5`)),
      PoolerError,
    );
    // And nothing leaked into later transactions, whichever server connection they get.
    const later = await Promise.all(
      Array.from({ length: 8 }, () => db.execute(sql`show statement_timeout`)),
    );
    for (const { rows } of later) assert.deepEqual(rows, [{ statement_timeout: '0' }]);
  });

  test('a statement timeout cancels through PgBouncer (cancel requests are forwarded)', async () => {
    const db = engine('transaction');
    await assert.rejects(
      db.execute(sql`select pg_sleep(5)`, undefined, { timeoutMs: 200 }),
      TimeoutError,
    );
    assert.deepEqual((await db.execute(sql`select 1 as "one"`)).rows, [{ one: 1 }]);
  });

  test('five `dbgen migrate up` processes at once apply each migration exactly once', async () => {
    for (let i = 0; i < 6; i += 1) {
      const made = await migrate(db.dir, db.url, ['new', `table ${i}`, '--empty']);
      const path = /^wrote (\S+)/.exec(made.stdout)?.[1] ?? '';
      const text = readFileSync(path, 'utf8')
        .replace(
          'export const up = (op) => [];',
          `export const up = (op) => [op.createTable('t${i}', { columns: [{ name: 'id', type: 'integer' }] }), op.sql({ postgres: 'SELECT pg_sleep(0.2)' })];`,
        )
        .replace(
          'export const down = (op) => [];',
          `export const down = (op) => [op.dropTable('t${i}')];`,
        );
      writeFileSync(path, text);
    }
    const runs = await Promise.all(
      Array.from({ length: 5 }, () =>
        run(
          [
            '--conditions=dbgen-source',
            '--import',
            import.meta.resolve('tsx'),
            BIN,
            'migrate',
            'up',
            '--url',
            bouncerUrl,
          ],
          { cwd: db.dir, env: { ...process.env, DATABASE_URL: '' } },
        ),
      ),
    );
    for (const r of runs) assert.equal(r.code, 0, r.out);
    const applied = runs.flatMap((r) => r.out.split('\n').filter((l) => l.startsWith('applied ')));
    assert.equal(applied.length, 6, applied.join('\n'));
    assert.equal(new Set(applied).size, 6);
    const rows = await query(
      db.url,
      'SELECT count(*) AS n, count(DISTINCT revision) AS d FROM dbgen_migrations',
    );
    assert.equal(Number(rows[0]?.['n']), 6);
    assert.equal(Number(rows[0]?.['d']), 6);
  });

  test('the Core and ORM behaviour suites pass through PgBouncer', async () => {
    const result = await run(['scripts/run-tests.mjs', ...SUITES], {
      cwd: ROOT,
      env: {
        ...withoutTestContext(process.env),
        DBGEN_TEST_DIALECTS: 'postgres',
        DBGEN_TEST_PG_URL: onPort(PG_SERVER_URL, port),
        DBGEN_TEST_PG_POOLER: 'transaction',
      },
    });
    const lines = result.out.split('\n');
    const summary = lines.filter((l) => /^# (tests|pass|fail)/.test(l));
    // Each failing test with the lines after it (its error), for the report.
    const failures = lines.flatMap((line, i) =>
      /^\s*not ok/.test(line) ? lines.slice(i, i + 25) : [],
    );
    assert.equal(result.code, 0, `${summary.join('\n')}\n${failures.join('\n')}`);
    assert.match(summary.join('\n'), /# fail 0/);
    assert.ok(Number(/# pass (\d+)/.exec(summary.join('\n'))?.[1]) > 50, summary.join('\n'));
  });
});
