/**
 * A fresh database with a migration connection open on it: the setup the MySQL refusal
 * and key-length tests, the migrate DDL and data tests and the SQLite storage test each
 * wrote out (create, connect, then close and drop). The database is
 * tests/migrate/support/databases.ts's, so a scratch folder comes with it; the connection
 * resolves relative paths from that folder.
 *
 *   describe('...', () => {
 *     const fresh = migrationDatabase('mysql'); // made in before(), dropped in after()
 *     test('...', async () => { await fresh.connection.query('...'); fresh.db.url; });
 *   });
 *
 *   await withMigrationDatabase('postgres', async ({ db, connection }) => { ... });
 */
import { after, before } from 'node:test';
import { connectForMigrations, type MigrationConnection } from '@dbgen/runtime';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDialect,
} from '../migrate/support/databases.js';

export interface MigrationDatabase {
  readonly db: TestDatabase;
  readonly connection: MigrationConnection;
}

async function open(dialect: TestDialect): Promise<MigrationDatabase> {
  const db = await createTestDatabase(dialect);
  try {
    return { db, connection: await connectForMigrations(db.url, db.dir) };
  } catch (error) {
    await db.drop(); // no connection to close: the database is still not left behind
    throw error;
  }
}

async function close({ db, connection }: MigrationDatabase): Promise<void> {
  try {
    await connection.close();
  } finally {
    await db.drop();
  }
}

/**
 * A fresh database of `dialect` for the enclosing describe(): made in a before() hook (so
 * a before() the suite registers after this call sees it), its connection closed and the
 * database dropped in after(). Read `db` and `connection` in tests and hooks only.
 */
export function migrationDatabase(dialect: TestDialect): MigrationDatabase {
  let opened: MigrationDatabase | null = null;
  before(async () => {
    opened = await open(dialect);
  });
  after(async () => {
    if (opened) await close(opened);
  });
  const get = (): MigrationDatabase => {
    if (!opened) throw new Error('migrationDatabase(): read it inside a test or hook');
    return opened;
  };
  return {
    get db() {
      return get().db;
    },
    get connection() {
      return get().connection;
    },
  };
}

/** Runs `body` on a fresh database of `dialect`, closed and dropped after it however it ends. */
export async function withMigrationDatabase<T>(
  dialect: TestDialect,
  body: (fresh: MigrationDatabase) => Promise<T>,
): Promise<T> {
  const fresh = await open(dialect);
  try {
    return await body(fresh);
  } finally {
    await close(fresh);
  }
}
