/**
 * PostgreSQL materialized views (`@dbgen view: ..., materialized`): created and dropped by
 * migrations, introspected and pulled back, holding their rows until
 * `refreshMaterializedView` recomputes them. SQLite and MySQL/MariaDB have none: the
 * migration stops with a clear error before anything runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CompileError,
  createEngine,
  defineTable,
  refreshMaterializedView,
  sql,
} from '@dbgen/runtime';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { liveSchema, migrate, sortedColumns } from '../support/run.js';
import {
  compileDbml,
  downAndCompare,
  migrateThrough,
  newMigrationRefused,
  pullAndCompare,
} from './support.js';

const BEFORE = `
Table players {
  id integer [pk]
  score integer [not null]
}
`;

const AFTER = `${BEFORE}
Table top_scores {
  id integer [pk]
  score integer [not null]
  Note: '@dbgen view: \`SELECT id, score FROM players WHERE score > 10\`, materialized'
}
`;

describe('materialized views on postgres', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('postgres');
  });
  after(async () => db.drop());

  test('created by a migration, refreshed on demand, pulled back, dropped by down', async () => {
    const { added, beforeIR, afterIR, live } = await migrateThrough(db, 'postgres', BEFORE, AFTER);
    assert.match(
      added,
      /view: 'SELECT id, score FROM players WHERE score > 10', materialized: true/,
    );
    assert.equal(live.tables.find((t) => t.name === 'top_scores')?.view?.materialized, true);

    const view = afterIR.tables.find((t) => t.name === 'top_scores');
    assert.ok(view);
    const engine = createEngine({ url: db.url });
    try {
      await engine.execute(sql.raw(`insert into "players" values (1, 30), (2, 5)`));
      const count = async () =>
        (await engine.execute(sql.raw(`select "id" from "top_scores"`))).rows.length;
      assert.equal(await count(), 0, 'a materialized view keeps the rows it had');
      await engine.execute(refreshMaterializedView(defineTable(view)));
      assert.equal(await count(), 1, 'refreshed');
      const players = afterIR.tables.find((t) => t.name === 'players');
      assert.ok(players);
      assert.throws(() => refreshMaterializedView(defineTable(players)), CompileError);
    } finally {
      await engine.close();
    }

    await pullAndCompare(db, 'postgres', afterIR);
    await downAndCompare(db, 'postgres', beforeIR);
  });
});

for (const dialect of ['sqlite', 'mysql'] as const) {
  describe(`materialized views on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    test('the migration stops naming the view; nothing is applied', async () => {
      compileDbml(db.dir, 'before.dbml', BEFORE);
      compileDbml(db.dir, 'after.dbml', AFTER);
      await migrate(db.dir, db.url, ['new', 'initial', '--schema', 'before.dbml']);
      await migrate(db.dir, db.url, ['up']);
      const beforeLive = await liveSchema(db.url);
      const refusal = new RegExp(`view public\\.top_scores: ${dialect} has no materialized views`);
      await newMigrationRefused(db, 'add_view', 'after.dbml', refusal);
      const run = await migrate(db.dir, db.url, ['up'], 1);
      assert.match(run.stderr, refusal);
      assert.deepEqual(await liveSchema(db.url), beforeLive);
    });
  });
}
