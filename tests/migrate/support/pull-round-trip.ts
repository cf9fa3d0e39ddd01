// What every pull test of a MySQL source asks of the DBML it pulled (pulled.dbml in the
// source's folder): pushed back to the source it is nothing to do, with no drift; pushed
// to an empty database of every dialect it creates everything, then has nothing to push;
// and a MariaDB copy pulls back the same DBML.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './databases.js';
import { migrate, query, runCli } from './run.js';

export const NOTHING = /already matches the schema: nothing to push/;

/** `dbgen <args>` in `dir`; fails the test unless it exits 0. */
export async function cli(dir: string, args: string[]) {
  const run = await runCli(args, dir);
  assert.equal(run.code, 0, `dbgen ${args.join(' ')}:\n${run.stdout}\n${run.stderr}`);
  return run;
}

/** A pull suite's databases (call inside `describe`): its MariaDB source and one empty target per dialect. */
export interface PullDatabases {
  /** The source, made by `statements` (usable once `before` ran). */
  readonly source: TestDatabase;
  readonly targets: ReadonlyMap<string, TestDatabase>;
}

/** Registers the hooks that make the source from `statements` and the targets, and drop them. */
export function pullDatabases(statements: readonly string[]): PullDatabases {
  let source: TestDatabase | null = null;
  const targets = new Map<string, TestDatabase>();
  before(async () => {
    source = await createTestDatabase('mysql');
    for (const dialect of DIALECTS) targets.set(dialect, await createTestDatabase(dialect));
    for (const statement of statements) await query(source.url, statement);
  });
  after(async () => {
    await source?.drop();
    for (const target of targets.values()) await target.drop();
  });
  const current = (): TestDatabase => {
    if (source === null) throw new Error('the source database is made in `before`');
    return source;
  };
  return {
    source: {
      get url() {
        return current().url;
      },
      get dir() {
        return current().dir;
      },
      drop: () => current().drop(),
    },
    targets,
  };
}

/**
 * Declares the round-trip tests, after the suite's own (which write pulled.dbml).
 * `pullsBackTheSame` false: the MariaDB copy is not compared (a unique's comment, which
 * a note becomes, is not read back).
 */
export function pulledRoundTrip(
  source: TestDatabase,
  targets: ReadonlyMap<string, TestDatabase>,
  pullsBackTheSame = true,
): void {
  test('pushed back to the same database it is nothing to do, and no drift', async () => {
    const { dir, url } = source;
    assert.match(
      (await cli(dir, ['push', '--schema', 'pulled.dbml', '--url', url])).stdout,
      NOTHING,
    );
    await migrate(dir, url, ['new', 'init', '--schema', 'pulled.dbml']);
    await migrate(dir, url, ['stamp', 'head']);
    const status = await migrate(dir, url, ['status']);
    assert.match(status.stdout, /drift: none/);
  });

  for (const dialect of DIALECTS) {
    test(`pushed to an empty ${dialect} database it creates every key, then has nothing to push`, async () => {
      const target = targets.get(dialect)!;
      const dbml = `${source.dir}/pulled.dbml`;
      const first = await cli(target.dir, ['push', '--schema', dbml, '--url', target.url]);
      assert.match(first.stdout, /pushed \d+ change\(s\)/);
      assert.match(
        (await cli(target.dir, ['push', '--schema', dbml, '--url', target.url])).stdout,
        NOTHING,
      );
      if (dialect === 'mysql' && pullsBackTheSame) {
        // MariaDB to MariaDB: the same DBML back, every name as pulled.
        const again = await cli(target.dir, ['pull', '--url', target.url]);
        const before = await cli(source.dir, ['pull', '--url', source.url]);
        assert.equal(again.stdout, before.stdout);
      }
    });
  }
}
