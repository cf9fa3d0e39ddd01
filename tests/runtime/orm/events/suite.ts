// Per-suite setup of the events and criteria tests: the recording-engine suite of the ORM
// tests (../fixtures/suite.ts) on this folder's schema, plus raw statements for seeding.
import { sql, type Engine } from '@dbgen/runtime';
import type { MakeEngine, TestDialect } from '../../../support/databases.js';
import { recordingSuite, type RecordingSuite } from '../fixtures/suite.js';
import { ddl, TABLES } from './fixtures.js';

export interface EventsSuite extends RecordingSuite {
  /** Runs raw statements outside any session (seeding another tenant's rows). */
  run(...statements: string[]): Promise<void>;
  /** The id of the row of `table` whose `column` is `value` (text). */
  idOf(table: string, column: string, value: string): Promise<number>;
}

async function runOn(engine: Engine, statements: readonly string[]): Promise<void> {
  for (const s of statements) await engine.execute(sql.raw(s));
}

export function eventsSuite(dialect: TestDialect, makeEngine: MakeEngine): EventsSuite {
  const suite = recordingSuite(makeEngine, {
    async create(engine) {
      await runOn(engine, ddl(dialect));
      if (dialect === 'sqlite') await runOn(engine, ['pragma foreign_keys = on']);
    },
    reset: (engine) =>
      runOn(
        engine,
        TABLES.map((t) => `delete from ${t}`),
      ),
  });
  return Object.assign(suite, {
    run: (...statements: string[]) => runOn(suite.engine, statements),
    idOf: async (table: string, column: string, value: string) =>
      Number((await suite.rows(`select id from ${table} where ${column} = '${value}'`))[0]!['id']),
  });
}

/**
 * Tenant 1: author 'one', article 'a1'; tenant 2: author 'two', article 'secret'; audit
 * rows (no tenant) with the two articles' ids and one more. Returns the articles' ids.
 */
export async function seedTwoTenants(t: EventsSuite): Promise<{ a1: number; a2: number }> {
  await t.run(
    "insert into authors (tenant_id, name) values (1, 'one')",
    "insert into authors (tenant_id, name) values (2, 'two')",
    "insert into articles (tenant_id, author_id, title) values (1, (select id from authors where name = 'one'), 'a1')",
    "insert into articles (tenant_id, author_id, title) values (2, (select id from authors where name = 'two'), 'secret')",
  );
  const a1 = await t.idOf('articles', 'title', 'a1');
  const a2 = await t.idOf('articles', 'title', 'secret');
  await t.run(
    `insert into audit (id, action, model, detail) values (${a1}, 'x', 'y', 'z'), (${a2}, 'x', 'y', 'z'), (${a2 + 1000}, 'x', 'y', 'z')`,
  );
  return { a1, a2 };
}
