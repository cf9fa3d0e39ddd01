/**
 * Every example runs as a program, alone, on SQLite (its own temp file) and on
 * PostgreSQL (DATABASE_URL of a fresh database), and prints what the README promises.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { EXPECTED, MIGRATION_LOG, SCHEMA_DIAGNOSTICS, type Dialect } from './expected.js';
import { assertBlocksInOrder, ensureExampleClient, repoRoot, runTs } from './support.js';

const EXAMPLES = Object.keys(EXPECTED);

before(ensureExampleClient);

test('every example program has expectations here (and nothing else is in examples/)', () => {
  const programs = readdirSync(join(repoRoot, 'examples'))
    .filter((f) => f.endsWith('.ts') && f !== 'setup.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  assert.deepEqual(programs, [...EXAMPLES].sort());
});

async function tablesLeft(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select table_name as name from information_schema.tables where table_schema = 'public'
       union all select typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
       where n.nspname = 'public' and t.typtype = 'e'`,
    );
    return rows.map((r) => r.name).sort();
  } finally {
    await client.end();
  }
}

for (const dialect of ['sqlite', 'postgres'] as const satisfies readonly Dialect[]) {
  describe(dialect, () => {
    let database: TestDatabase | null = null;
    before(async () => {
      if (dialect === 'postgres') database = await createTestDatabase('postgres');
    });
    after(async () => {
      await database?.drop();
    });

    for (const name of EXAMPLES) {
      test(`examples/${name}.ts`, async () => {
        const { stdout, stderr } = await runTs(`examples/${name}.ts`, [], {
          DATABASE_URL: database?.url,
          DBGEN_ECHO: undefined,
        });
        assert.equal(stderr, '');
        assertBlocksInOrder(stdout, EXPECTED[name]!(dialect));
        if (name === 'migrations') for (const line of MIGRATION_LOG) assert.match(stdout, line);
        if (name === 'schema') for (const line of SCHEMA_DIAGNOSTICS) assert.match(stdout, line);
        // The example leaves the database as it found it: empty.
        if (database) assert.deepEqual(await tablesLeft(database.url), []);
      });
    }

    if (dialect === 'postgres') {
      test('an example refuses a database that already has the tables', async () => {
        const client = new pg.Client({ connectionString: database!.url });
        await client.connect();
        await client.query('create table users (id integer)');
        await client.end();
        await assert.rejects(
          runTs('examples/raw-sql.ts', [], { DATABASE_URL: database!.url }),
          /the database already has a "users" table: the examples need an empty scratch database/,
        );
        const cleanup = new pg.Client({ connectionString: database!.url });
        await cleanup.connect();
        await cleanup.query('drop table users');
        await cleanup.end();
      });
    }
  });
}
