/**
 * Test support (owned by core): run one suite on a fresh SQLite file and on a fresh
 * PostgreSQL database, each created for the suite and removed after it.
 *
 *   forEachDialect((dialect, makeEngine) => {
 *     test('...', async () => { const engine = makeEngine(); ... });
 *   });
 *
 * `makeEngine(options?)` may be called in tests and hooks of the suite; every engine it
 * made is closed before the database is dropped. PostgreSQL's server URL comes from
 * `DBGEN_TEST_PG_URL` (default postgresql://postgres@127.0.0.1:5432/postgres), MariaDB's
 * (or MySQL's) from `DBGEN_TEST_MYSQL_URL` (default mysql://root@127.0.0.1:3306/test; with
 * `?flavour=mysql` the MySQL suites run MySQL 8's SQL, no RETURNING, on a MariaDB server).
 * `DBGEN_TEST_DIALECTS=sqlite,postgres` (say) leaves the other dialects out.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { createEngine, type Dialect, type Engine, type EngineOptions } from '@dbgen/runtime';

export type TestDialect = 'sqlite' | 'postgres' | 'mysql';

export const PG_SERVER_URL =
  process.env['DBGEN_TEST_PG_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export const MYSQL_SERVER_URL =
  process.env['DBGEN_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';

export type MakeEngine = (options?: Omit<EngineOptions, 'url'>) => Engine;

/** A fresh database of a dialect: its URL, and `drop()` to remove it. */
export interface TestDatabase {
  readonly dialect: TestDialect;
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates a fresh, empty database (a temp SQLite file, or `dbgen_t_<random>` on PostgreSQL). */
export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dbgen-t-'));
    return {
      dialect,
      url: `sqlite:${join(dir, 'test.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `dbgen_t_${randomBytes(6).toString('hex')}`;
  if (dialect === 'mysql') {
    await mysqlAdmin(`create database \`${name}\``);
    const url = new URL(MYSQL_SERVER_URL);
    url.pathname = `/${name}`;
    return {
      dialect,
      url: url.toString(),
      drop: () => mysqlAdmin(`drop database if exists \`${name}\``),
    };
  }
  await admin(`create database "${name}"`);
  const url = new URL(PG_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    drop: () => admin(`drop database if exists "${name}" with (force)`),
  };
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_SERVER_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function mysqlAdmin(statement: string): Promise<void> {
  // Without dbgen's own URL parameters (`?flavour=mysql`), which mysql2 does not take.
  const server = new URL(MYSQL_SERVER_URL);
  server.search = '';
  const connection = await mysql.createConnection(server.toString());
  try {
    await connection.query(statement);
  } finally {
    await connection.end();
  }
}

/**
 * `DBGEN_TEST_SQLITE_DIALECT`: a module whose default export is a dialect object that
 * speaks SQLite (tests/external-dialect): the SQLite suites then run through it, and
 * `DBGEN_TEST_DIALECTS` (comma-separated) can leave the other dialects out.
 */
const sqliteStandIn: Dialect | undefined = process.env['DBGEN_TEST_SQLITE_DIALECT']
  ? ((await import(process.env['DBGEN_TEST_SQLITE_DIALECT'])) as { default: Dialect }).default
  : undefined;
const onlyDialects = process.env['DBGEN_TEST_DIALECTS']?.split(',');
/**
 * `DBGEN_TEST_PG_POOLER=transaction` (with `DBGEN_TEST_PG_URL` pointing at PgBouncer):
 * PostgreSQL engines are made with `pooler: 'transaction'` (tests/scale/pgbouncer.test.ts).
 */
export const pgPooler =
  process.env['DBGEN_TEST_PG_POOLER'] === 'transaction' ? 'transaction' : undefined;

/** Runs `suite` once per dialect, inside `describe('<dialect>')`, on a fresh database. */
export function forEachDialect(
  suite: (dialect: TestDialect, makeEngine: MakeEngine) => void,
  dialects: readonly TestDialect[] = ['sqlite', 'postgres', 'mysql'],
): void {
  for (const dialect of dialects.filter((d) => !onlyDialects || onlyDialects.includes(d))) {
    const standIn = dialect === 'sqlite' ? sqliteStandIn : undefined;
    describe(standIn ? `${dialect} (through the ${standIn.name} dialect)` : dialect, () => {
      let database: TestDatabase | null = null;
      const engines: Engine[] = [];
      before(async () => {
        database = await createTestDatabase(dialect);
      });
      after(async () => {
        await Promise.allSettled(engines.map((e) => e.close()));
        await database?.drop();
      });
      const makeEngine: MakeEngine = (options = {}) => {
        if (!database)
          throw new Error('makeEngine() must be called inside a test or hook of the suite');
        const engine = createEngine({
          ...(dialect === 'postgres' && pgPooler ? { pooler: pgPooler } : {}),
          ...options,
          url: standIn ? database.url.replace(/^sqlite:/, `${standIn.schemes[0]}:`) : database.url,
          ...(standIn ? { dialect: standIn } : {}),
        });
        engines.push(engine);
        return engine;
      };
      suite(dialect, makeEngine);
    });
  }
}
