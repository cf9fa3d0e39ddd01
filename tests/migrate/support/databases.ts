/**
 * Fresh databases for migrate tests: a SQLite file in the temp folder, or a PostgreSQL
 * database created for the test and dropped after. (The Core's tests/support/databases.ts
 * offers the same for engines; migrations need only URLs.)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type TestDialect = 'postgres' | 'sqlite';
export const DIALECTS: readonly TestDialect[] = ['sqlite', 'postgres'];

const PG_URL = process.env['DBGEN_TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly url: string;
  /** A scratch folder (cwd for CLI runs, migrations folder), removed with the database. */
  readonly dir: string;
  drop(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'dbgen-migrate-'));
  if (dialect === 'sqlite') {
    return {
      url: `sqlite:${join(dir, 'test.db')}`,
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `dbgen_t_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dir,
    drop: async () => {
      rmSync(dir, { recursive: true, force: true });
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
