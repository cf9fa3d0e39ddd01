/**
 * A view over a renamed table or column reads what its query names in the schema after
 * the rename. PostgreSQL binds a view to the tables and columns it reads, not to their
 * names: after a swap of tables `p` and `q`, a view `SELECT id, x FROM p` still read the
 * table now called `q` (and pg_get_viewdef said `FROM q`), while push said nothing to
 * push and migrate status no drift. Such a view is dropped before the renames and created
 * after them (migrate/view-remake.ts), by push and by `migrate up` and `down`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { migrate, query, runCli } from './support/run.js';

const view = (columns: string, sql: string): string =>
  `Table v {\n  id integer [pk]\n${columns}  Note: '''@dbgen view: \`${sql}\`'''\n}\n`;

/** Table `name`: an id and `x varchar(10)`. */
const table = (name: string): string =>
  `Table ${name} {\n  id integer [pk]\n  x varchar(10)\n}\n\n`;

/** Tables `names` in order and view `v` over `p`. */
const tablesAndView = (names: readonly string[]): string =>
  names.map((n) => table(n)).join('') + view('  x varchar(10)\n', 'SELECT id, x FROM p');

for (const dialect of DIALECTS) {
  describe(`views over renamed tables and columns, on ${dialect}`, () => {
    /** Runs `body` on a database of its own, dropped after it. */
    async function withDatabase(body: (db: TestDatabase) => Promise<void>): Promise<void> {
      const db = await createTestDatabase(dialect);
      try {
        await body(db);
      } finally {
        await db.drop();
      }
    }

    async function push(db: TestDatabase, schema: string, renames: readonly string[] = []) {
      writeFileSync(join(db.dir, 'schema.dbml'), schema);
      const args = ['push', '--schema', 'schema.dbml', '--url', db.url];
      const run = await runCli([...args, ...renames.flatMap((r) => ['--rename', r])], db.dir);
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      return run;
    }

    test('push swaps the tables a view reads; the view reads the one its query names', async () => {
      await withDatabase(async (db) => {
        await push(db, tablesAndView(['p', 'q']));
        await query(db.url, `INSERT INTO p (id, x) VALUES (1, 'from_p')`);
        await query(db.url, `INSERT INTO q (id, x) VALUES (1, 'from_q')`);
        await push(db, tablesAndView(['q', 'p']), ['p=q', 'q=p']);
        // p now holds q's rows: the view over p reads them.
        assert.deepEqual(await query(db.url, 'SELECT id, x FROM v'), [{ id: 1, x: 'from_q' }]);
        const again = await push(db, tablesAndView(['q', 'p']));
        assert.match(again.stdout, /nothing to push/);
      });
    });

    test('migrate up swaps the columns a view reads; down swaps them back', async () => {
      await withDatabase(async (db) => {
        const write = (first: string, second: string): void =>
          writeFileSync(
            join(db.dir, 'schema.dbml'),
            `Table t {\n  id integer [pk]\n  ${first} varchar(10)\n  ${second} varchar(10)\n}\n\n` +
              view('  a varchar(10)\n', 'SELECT id, a FROM t'),
          );
        write('a', 'b');
        await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.dbml']);
        await migrate(db.dir, db.url, ['up']);
        await query(db.url, `INSERT INTO t (id, a, b) VALUES (1, 'was_a', 'was_b')`);
        write('b', 'a');
        await migrate(db.dir, db.url, [
          'new',
          'swap',
          '--schema',
          'schema.dbml',
          '--rename',
          't.a=b',
          '--rename',
          't.b=a',
        ]);
        await migrate(db.dir, db.url, ['up']);
        assert.deepEqual(await query(db.url, 'SELECT id, a FROM v'), [{ id: 1, a: 'was_b' }]);
        const status = await migrate(db.dir, db.url, ['status']);
        assert.match(status.stdout + status.stderr, /drift: none/);
        await migrate(db.dir, db.url, ['down']);
        assert.deepEqual(await query(db.url, 'SELECT id, a FROM v'), [{ id: 1, a: 'was_a' }]);
      });
    });
  });
}
