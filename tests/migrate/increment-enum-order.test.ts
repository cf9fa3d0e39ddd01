/**
 * Two changes `migrate new` and `dbgen push` used to miss: `increment` added to or removed
 * from a key (an alterColumn `autoIncrement`: PostgreSQL adds an identity that starts past
 * the largest key, MySQL/MariaDB MODIFY, SQLite rebuilds the table), and an enum's values
 * put in another order (a reorderEnum: PostgreSQL makes the type again, the order being
 * its sort order; MySQL/MariaDB modify the ENUM columns; SQLite rebuilds its CHECK).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { column, enumColumnType, enumeration, schema, table } from '../support/ir.js';
import { DIALECTS } from './support/databases.js';
import { col } from './support/ir.js';
import { tableSuiteDatabase } from './support/table-suite.js';
import { migrate, query, runCli, writeSchema } from './support/run.js';

for (const dialect of DIALECTS) {
  describe(`increment and enum order changes on ${dialect}`, () => {
    const db = tableSuiteDatabase(dialect);

    const source = (name: string): string => {
      const file = readdirSync(join(db.dir, 'migrations')).find((f) => f.endsWith(`_${name}.js`));
      return readFileSync(join(db.dir, 'migrations', file ?? ''), 'utf8');
    };
    async function migrateTo(name: string): Promise<void> {
      await migrate(db.dir, db.url, ['new', name, '--schema', 'schema.json']);
      await migrate(db.dir, db.url, ['up']);
    }

    const writeKeyed = (increment: boolean): void => {
      const id = column('id', 'integer', { primaryKey: true, autoIncrement: increment });
      writeSchema(db.dir, schema([table('t', [id, col('c', 'varchar(10)')])]));
    };
    const insertedId = async (): Promise<number> => {
      await query(db.url, `INSERT INTO t (c) VALUES ('new')`);
      return Number((await query(db.url, 'SELECT MAX(id) AS id FROM t'))[0]?.['id']);
    };

    test('increment added to a key numbers new rows past the existing ones', async () => {
      writeKeyed(false);
      await migrateTo('init');
      await query(db.url, `INSERT INTO t (id, c) VALUES (1, 'a'), (7, 'b')`);
      writeKeyed(true);
      await migrateTo('numbered');
      assert.match(
        source('numbered'),
        /alterColumn\(\s*['"]t['"],\s*['"]id['"],\s*\{\s*autoIncrement: true/,
      );
      assert.equal(await insertedId(), 8);
      await migrate(db.dir, db.url, ['down', '-1']);
      if (dialect === 'sqlite') {
        // Still the rowid, numbered by SQLite, but no longer AUTOINCREMENT.
        const [row] = await query(db.url, `SELECT sql FROM sqlite_master WHERE name = 't'`);
        assert.doesNotMatch(String(row?.['sql']), /AUTOINCREMENT/i);
      } else await assert.rejects(query(db.url, `INSERT INTO t (c) VALUES ('x')`));
      // Pushed back on: numbered again, past every key.
      writeKeyed(true);
      const run = await runCli(['push', '--schema', 'schema.json', '--url', db.url], db.dir);
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
      assert.ok((await insertedId()) > 8);
    });

    test('reordered enum values change the sort order, keeping every value', async () => {
      if (dialect !== 'sqlite') await query(db.url, 'DROP TYPE IF EXISTS mood').catch(() => {});
      const write = (values: string[]): void => {
        const t = table('t', [
          column('id', 'integer', { primaryKey: true }),
          col('m', enumColumnType('mood')),
        ]);
        writeSchema(db.dir, schema([t], [enumeration('mood', values)]));
      };
      const sorted = async (): Promise<unknown[]> =>
        (await query(db.url, 'SELECT m FROM t ORDER BY m, id')).map((r) => r['m']);
      write(['low', 'mid', 'high']);
      await migrateTo('init');
      await query(db.url, `INSERT INTO t (id, m) VALUES (1, 'high'), (2, 'low'), (3, 'mid')`);
      const declared = dialect === 'sqlite' ? ['high', 'low', 'mid'] : ['low', 'mid', 'high'];
      assert.deepEqual(await sorted(), declared);
      write(['high', 'mid', 'low']);
      await migrateTo('reorder');
      assert.match(
        source('reorder'),
        /reorderEnum\(\s*['"]mood['"],\s*\[\s*['"]high['"],\s*['"]mid['"],\s*['"]low['"]\s*\]/,
      );
      const reordered = dialect === 'sqlite' ? declared : ['high', 'mid', 'low'];
      assert.deepEqual(await sorted(), reordered);
      // Nothing left to do: push and migrate new see the order as it is.
      const run = await runCli(['push', '--schema', 'schema.json', '--url', db.url], db.dir);
      assert.match(`${run.stdout}\n${run.stderr}`, /nothing to push/);
      await migrate(db.dir, db.url, ['down', '-1']);
      assert.deepEqual(await sorted(), declared);
    });
  });
}
