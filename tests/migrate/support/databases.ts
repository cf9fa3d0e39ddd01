/**
 * Fresh databases for migrate tests: tests/support/databases.ts's fresh SQLite file or
 * PostgreSQL database, plus a scratch folder (the cwd of CLI runs, the migrations folder)
 * removed with it. Migrations need only the URL, no engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase as createDatabase, type TestDialect } from '../../support/databases.js';

export type { TestDialect };
export const DIALECTS: readonly TestDialect[] = ['sqlite', 'postgres', 'mysql'];

export interface TestDatabase {
  readonly url: string;
  /** A scratch folder (cwd for CLI runs, migrations folder), removed with the database. */
  readonly dir: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const database = await createDatabase(dialect);
  const dir = mkdtempSync(join(tmpdir(), 'dbgen-migrate-'));
  return {
    url: database.url,
    dir,
    drop: async () => {
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    },
  };
}
