// Per-suite setup of the events and criteria tests: the recording-engine suite of the ORM
// tests (../fixtures/suite.ts) on this folder's schema, plus raw statements for seeding.
import { sql, type Engine } from '@dbgen/runtime';
import type { MakeEngine, TestDialect } from '../../../support/databases.js';
import { recordingSuite, type RecordingSuite } from '../fixtures/suite.js';
import { ddl, TABLES } from './fixtures.js';

export interface EventsSuite extends RecordingSuite {
  /** Runs raw statements outside any session (seeding another tenant's rows). */
  run(...statements: string[]): Promise<void>;
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
  });
}
