// The database of a migrate suite about one table `t`: made before the suite, dropped
// after it, and before each test without `t`, the migration history or the migrations
// folder, so every test starts from an empty database.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { createTestDatabase, type TestDatabase, type TestDialect } from './databases.js';
import { query } from './run.js';

/** Registers the suite's hooks (call inside `describe`); the database once `before` ran. */
export function tableSuiteDatabase(dialect: TestDialect): TestDatabase {
  let db: TestDatabase | null = null;
  const current = (): TestDatabase => {
    if (db === null) throw new Error('the suite database is made in `before`');
    return db;
  };
  before(async () => {
    db = await createTestDatabase(dialect);
  });
  after(async () => db?.drop());
  beforeEach(async () => {
    const { dir, url } = current();
    rmSync(join(dir, 'migrations'), { recursive: true, force: true });
    for (const name of ['t', 'dbgen_migrations']) await query(url, `DROP TABLE IF EXISTS ${name}`);
  });
  return {
    get url() {
      return current().url;
    },
    get dir() {
      return current().dir;
    },
    drop: () => current().drop(),
  };
}
