// What every pull test of a MySQL source asks of the DBML it pulled (pulled.dbml in the
// source's folder): pushed back to the source it is nothing to do, with no drift; pushed
// to an empty database of every dialect it creates everything, then has nothing to push;
// and a MariaDB copy pulls back the same DBML.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIALECTS, type TestDatabase } from './databases.js';
import { migrate, runCli } from './run.js';

export const NOTHING = /already matches the schema: nothing to push/;

/** `dbgen <args>` in `dir`; fails the test unless it exits 0. */
export async function cli(dir: string, args: string[]) {
  const run = await runCli(args, dir);
  assert.equal(run.code, 0, `dbgen ${args.join(' ')}:\n${run.stdout}\n${run.stderr}`);
  return run;
}

/**
 * Declares the round-trip tests; `source` and `targets` are filled by the suite's `before`.
 * `pullsBackTheSame` false: the MariaDB copy is not compared (a unique's comment, which
 * a note becomes, is not read back).
 */
export function pulledRoundTrip(
  source: () => TestDatabase,
  targets: ReadonlyMap<string, TestDatabase>,
  pullsBackTheSame = true,
): void {
  test('pushed back to the same database it is nothing to do, and no drift', async () => {
    const { dir, url } = source();
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
      const dbml = `${source().dir}/pulled.dbml`;
      const first = await cli(target.dir, ['push', '--schema', dbml, '--url', target.url]);
      assert.match(first.stdout, /pushed \d+ change\(s\)/);
      assert.match(
        (await cli(target.dir, ['push', '--schema', dbml, '--url', target.url])).stdout,
        NOTHING,
      );
      if (dialect === 'mysql' && pullsBackTheSame) {
        // MariaDB to MariaDB: the same DBML back, every name as pulled.
        const again = await cli(target.dir, ['pull', '--url', target.url]);
        const before = await cli(source().dir, ['pull', '--url', source().url]);
        assert.equal(again.stdout, before.stdout);
      }
    });
  }
}
