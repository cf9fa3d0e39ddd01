/**
 * `dbgen push` makes a view anew when its query changed (migrate/view-probe.ts), though
 * PostgreSQL and MySQL/MariaDB keep a view's query rewritten: `score > 1000` → `score >
 * 10` is a change; the same query again, or respelled (case, spacing), is nothing to push.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { id, schema, table } from '../support/ir.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { col } from './support/ir.js';
import { query, runCli, writeSchema } from './support/run.js';

for (const dialect of DIALECTS) {
  describe(`push of a changed view query on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(async () => db.drop());

    async function push(view: string): Promise<string> {
      const players = table('players', [id(), col('score', 'integer', { nullable: false })]);
      const top = table('top_players', [id(), col('score', 'integer', { nullable: false })], {
        view: { sql: view },
      });
      writeSchema(db.dir, schema([players, top]));
      const run = await runCli(['push', '--schema', 'schema.json', '--url', db.url], db.dir);
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      return `${run.stdout}\n${run.stderr}`;
    }
    const count = async (): Promise<number> =>
      Number((await query(db.url, 'SELECT COUNT(*) AS n FROM top_players'))[0]?.['n']);

    test('a changed query is made anew; a respelled one is nothing to push', async () => {
      await push('SELECT id, score FROM players WHERE score > 1000');
      await query(db.url, 'INSERT INTO players (id, score) VALUES (1, 50), (2, 5000)');
      assert.equal(await count(), 1);
      assert.match(
        await push('SELECT id, score FROM players WHERE score > 1000'),
        /nothing to push/,
      );
      assert.doesNotMatch(
        await push('SELECT id, score FROM players WHERE score > 10'),
        /nothing to push/,
      );
      assert.equal(await count(), 2);
      assert.match(
        await push('select id,  score\n  from players where score > 10'),
        /nothing to push/,
      );
      // The throwaway view push asks the database with is gone.
      const probe =
        dialect === 'sqlite'
          ? `SELECT name FROM sqlite_master WHERE name LIKE '%probe%'`
          : dialect === 'postgres'
            ? `SELECT viewname FROM pg_views WHERE viewname LIKE '%probe%'`
            : `SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_NAME LIKE '%probe%'`;
      assert.deepEqual(await query(db.url, probe), []);
    });
  });
}
