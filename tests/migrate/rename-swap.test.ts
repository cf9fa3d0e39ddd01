/**
 * Renames whose new names are names being renamed away in the same step: two columns
 * swapping names (`a` → `b`, `b` → `a`), a chain (`a` → `b`, `b` → `c`), and two tables
 * swapping names. Renamed in the order given, the first rename met the name it wanted
 * still taken and the step failed (rolled back) on every dialect. The renames are ordered
 * so each name is free when taken, and a cycle goes through a temporary name
 * (migrate/renames.ts); every value stays in its column, by push and by `migrate up` and
 * `down`.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DIALECTS } from './support/databases.js';
import { tableSuiteDatabase } from './support/table-suite.js';
import { migrate, query, runCli } from './support/run.js';

for (const dialect of DIALECTS) {
  describe(`renames onto names renamed away, on ${dialect}`, () => {
    const db = tableSuiteDatabase(dialect);

    /** Table `t`: an id and the columns given (name → DBML type). */
    const writeTable = (columns: Record<string, string>): void => {
      const lines = Object.entries(columns).map(([name, type]) => `  ${name} ${type}`);
      writeFileSync(
        join(db.dir, 'schema.dbml'),
        `Table t {\n  id integer [pk]\n${lines.join('\n')}\n}\n`,
      );
    };

    async function push(renames: readonly string[] = []) {
      const args = ['push', '--schema', 'schema.dbml', '--url', db.url];
      const run = await runCli([...args, ...renames.flatMap((r) => ['--rename', r])], db.dir);
      assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    }

    /** Row 1 of `t`, its columns in `names`, as text. */
    async function row(names: readonly string[]): Promise<unknown[]> {
      const text = (n: string) =>
        dialect === 'mysql' ? `CAST(${n} AS CHAR)` : `CAST(${n} AS TEXT)`;
      const list = names.map((n) => `${text(n)} AS ${n}`).join(', ');
      const rows = await query(db.url, `SELECT ${list} FROM t WHERE id = 1`);
      return names.map((n) => rows[0]?.[n]);
    }

    test('push swaps two columns by name, values and types with them', async () => {
      writeTable({ a: 'varchar(10)', b: 'integer' });
      await push();
      await query(db.url, `INSERT INTO t (id, a, b) VALUES (1, 'x', 5)`);
      writeTable({ b: 'varchar(10)', a: 'integer' });
      await push(['t.a=b', 't.b=a']);
      assert.deepEqual(await row(['a', 'b']), ['5', 'x']);
      // The types went with the values: nothing left to push.
      const again = await runCli(['push', '--schema', 'schema.dbml', '--url', db.url], db.dir);
      assert.match(again.stdout, /nothing to push/);
    });

    test('push swaps two tables by name, rows and keys with them', async () => {
      const write = (first: string, second: string): void =>
        writeFileSync(
          join(db.dir, 'schema.dbml'),
          `Table ${first} {\n  id integer [pk]\n  x varchar(10) [unique]\n}\n\n` +
            `Table ${second} {\n  id integer [pk]\n  y integer [unique]\n}\n`,
        );
      try {
        write('p', 'q');
        await push();
        await query(db.url, `INSERT INTO p (id, x) VALUES (1, 'p')`);
        await query(db.url, `INSERT INTO q (id, y) VALUES (1, 7)`);
        write('q', 'p');
        await push(['p=q', 'q=p']);
        assert.deepEqual(await query(db.url, 'SELECT id, x FROM q'), [{ id: 1, x: 'p' }]);
        assert.deepEqual(await query(db.url, 'SELECT id, y FROM p'), [{ id: 1, y: 7 }]);
        const again = await runCli(['push', '--schema', 'schema.dbml', '--url', db.url], db.dir);
        assert.match(again.stdout, /nothing to push/);
      } finally {
        for (const name of ['p', 'q']) await query(db.url, `DROP TABLE IF EXISTS ${name}`);
      }
    });

    test('migrate up renames a chain and a swap; down puts every value back', async () => {
      writeTable({ a: 'integer', b: 'integer', c: 'integer', d: 'integer' });
      await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.dbml']);
      await migrate(db.dir, db.url, ['up']);
      await query(db.url, `INSERT INTO t (id, a, b, c, d) VALUES (1, 1, 2, 3, 4)`);
      // A chain: a → b, b → c, c → e (each new name is the next one renamed away).
      writeTable({ b: 'integer', c: 'integer', e: 'integer', d: 'integer' });
      await migrate(db.dir, db.url, [
        'new',
        'chain',
        '--schema',
        'schema.dbml',
        '--rename',
        't.a=b',
        '--rename',
        't.b=c',
        '--rename',
        't.c=e',
      ]);
      await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(await row(['b', 'c', 'e', 'd']), ['1', '2', '3', '4']);
      writeTable({ b: 'integer', c: 'integer', d: 'integer', e: 'integer' });
      await migrate(db.dir, db.url, [
        'new',
        'swap',
        '--schema',
        'schema.dbml',
        '--rename',
        't.d=e',
        '--rename',
        't.e=d',
      ]);
      await migrate(db.dir, db.url, ['up']);
      assert.deepEqual(await row(['b', 'c', 'd', 'e']), ['1', '2', '3', '4']);
      await migrate(db.dir, db.url, ['down']);
      assert.deepEqual(await row(['b', 'c', 'e', 'd']), ['1', '2', '3', '4']);
      await migrate(db.dir, db.url, ['down']);
      assert.deepEqual(await row(['a', 'b', 'c', 'd']), ['1', '2', '3', '4']);
      const status = await migrate(db.dir, db.url, ['status']);
      assert.match(status.stdout + status.stderr, /drift: none/);
    });
  });
}
