/**
 * REAL values in a decimal column of a table dbgen did not create (made by hand, by an
 * older dbgen or by another program, then pulled), under a SQLite table rebuild: a push
 * or migration that rebuilds the table, for the decimal or for an unrelated column. A
 * REAL the column's scale holds exactly becomes the canonical text of that scale (19.99,
 * a double 19.989999999999998, → '19.99'); one with more decimals (19.999 or 0.125 in
 * decimal(10,2)), or that a double holds in more than 16 significant digits, is copied
 * unchanged, the column's CHECK refuses it, and the rebuild rolls back: never rounded
 * (sqlite/storage.ts, realAtScale).
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './support/databases.js';
import { id, schema, table } from '../support/ir.js';
import { col } from './support/ir.js';
import { migrate, query, runCli, writeSchema } from './support/run.js';

describe('REAL decimals of a hand-made SQLite table under a table rebuild', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase('sqlite');
  });
  after(async () => db.drop());
  beforeEach(async () => {
    rmSync(join(db.dir, 'migrations'), { recursive: true, force: true });
    for (const name of ['t', 'dbgen_migrations'])
      await query(db.url, `DROP TABLE IF EXISTS ${name}`);
  });

  /** Table `t` as another program makes it: `c` of the declared `type` (NUMERIC affinity). */
  async function handMade(type: string, values: readonly string[]): Promise<void> {
    await query(db.url, `CREATE TABLE t (id integer NOT NULL PRIMARY KEY, c ${type}, name text)`);
    for (const [i, value] of values.entries())
      await query(db.url, `INSERT INTO t (id, c, name) VALUES (${i + 1}, ${value}, 'n')`);
  }

  /** Each row's `c` with its storage class, by id. */
  async function stored(): Promise<[unknown, unknown][]> {
    const rows = await query(db.url, 'SELECT c, typeof(c) AS kind FROM t ORDER BY id');
    return rows.map((r) => [r['c'], r['kind']]);
  }

  /** Whether `name` is NOT NULL: the unrelated change a rebuild makes. */
  async function nameRequired(): Promise<boolean> {
    const sql = `SELECT "notnull" AS n FROM pragma_table_info('t') WHERE name = 'name'`;
    const [name] = await query(db.url, sql);
    return Number(name?.['n']) === 1;
  }

  /** Writes the schema of `t`: `c` of `type`, `name` NOT NULL when `required`. */
  const writeTable = (type: string, required: boolean): string =>
    writeSchema(
      db.dir,
      schema([table('t', [id(), col('c', type), col('name', 'text', { nullable: !required })])]),
    );

  /**
   * Pushes `t` with `c` of `type`; `name` becomes NOT NULL, a change that rebuilds the
   * table, unless `rescale` (then the type change alone rebuilds it).
   */
  async function push(type: string, expectCode: number, rescale = false) {
    writeTable(type, !rescale);
    const run = await runCli(['push', '--schema', 'schema.json', '--url', db.url], db.dir);
    assert.equal(run.code, expectCode, `${run.stdout}\n${run.stderr}`);
    return run;
  }

  /** A refused rebuild: the type CHECK of `c` stopped it and it rolled back. */
  function assertRefused(stderr: string): void {
    assert.match(stderr, /CHECK constraint failed: type:c/);
    assert.match(stderr, /Nothing was changed \(rolled back\)/);
  }

  test('an unrelated change: REALs that fit the scale become its exact text', async () => {
    await handMade('DECIMAL(10,2)', ['19.99', '2.5', '-0.1', '12345678.99', '0.07', '3', 'NULL']);
    assert.deepEqual((await stored()).slice(0, 2), [
      [19.99, 'real'],
      [2.5, 'real'],
    ]);
    await push('decimal(10,2)', 0);
    assert.equal(await nameRequired(), true);
    assert.deepEqual(await stored(), [
      ['19.99', 'text'],
      ['2.50', 'text'],
      ['-0.10', 'text'],
      ['12345678.99', 'text'],
      ['0.07', 'text'],
      ['3.00', 'text'],
      [null, 'null'],
    ]);
  });

  for (const misfit of ['19.999', '0.125', '-0.005', '12345678.987']) {
    test(`an unrelated change: REAL ${misfit} in decimal(10,2) stops it; nothing changes`, async () => {
      await handMade('DECIMAL(10,2)', ['19.99', misfit]);
      assertRefused((await push('decimal(10,2)', 1)).stderr);
      assert.equal(await nameRequired(), false);
      assert.deepEqual(await stored(), [
        [19.99, 'real'],
        [Number(misfit), 'real'],
      ]);
    });
  }

  test('a rescale to decimal(12,4): REALs the new scale holds are written exactly, not rounded at the old one', async () => {
    await handMade('DECIMAL(10,2)', ['19.999', '0.125', '12345678.987', '19.99', '2.5']);
    await push('decimal(12,4)', 0, true);
    assert.deepEqual(await stored(), [
      ['19.9990', 'text'],
      ['0.1250', 'text'],
      ['12345678.9870', 'text'],
      ['19.9900', 'text'],
      ['2.5000', 'text'],
    ]);
  });

  test('a rescale to decimal(12,4): a REAL with more decimals than 4 stops it; nothing changes', async () => {
    await handMade('DECIMAL(10,2)', ['19.99', '19.99999', '0.00005']);
    assertRefused((await push('decimal(12,4)', 1, true)).stderr);
    assert.deepEqual(await stored(), [
      [19.99, 'real'],
      [19.99999, 'real'],
      [0.00005, 'real'],
    ]);
    await query(db.url, 'DELETE FROM t WHERE id > 1');
    await push('decimal(12,4)', 0, true);
    assert.deepEqual(await stored(), [['19.9900', 'text']]);
  });

  test('large magnitudes: no digit is rounded; a REAL printf cannot write exactly is refused', async () => {
    // printf('%.2f') writes 16 significant digits: 123456789012345.67 as '123456789012345.70'
    // and 1000000000000000.5 as '1000000000000001.00' (SQLite's round(c, 2) = c holds for
    // both). Copied as they are, the column's TEXT affinity stores a REAL as its shortest
    // text ('123456789012345.67', exact at scale 2; '1000000000000000.5', which the CHECK
    // refuses).
    await handMade('DECIMAL(30,2)', ['1e20', '123456789012345.67', '-98765432109876.5']);
    await push('decimal(30,2)', 0);
    assert.deepEqual(await stored(), [
      ['100000000000000000000.00', 'text'],
      ['123456789012345.67', 'text'],
      ['-98765432109876.50', 'text'],
    ]);
    await query(db.url, 'DROP TABLE t');
    await handMade('DECIMAL(30,2)', ['1e20', '1000000000000000.5']);
    assertRefused((await push('decimal(30,2)', 1)).stderr);
    assert.deepEqual(await stored(), [
      [1e20, 'real'],
      [1000000000000000.5, 'real'],
    ]);
  });

  test('migrate up of an empty alterColumn (the documented upgrade) refuses 19.999, then writes 19.99', async () => {
    writeTable('decimal(10,2)', false);
    await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.json']);
    await migrate(db.dir, db.url, ['up']);
    // The table as an older dbgen left it: NUMERIC affinity, which stores REALs.
    await query(db.url, 'DROP TABLE t');
    await handMade('numeric(10, 2)', ['19.99', '19.999']);
    const created = await migrate(db.dir, db.url, ['new', 'upgrade', '--empty']);
    const file = /^wrote (\S+)/.exec(created.stdout)?.[1] ?? '';
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'export const up = (op) => [];',
        `export const up = (op) => [op.alterColumn('t', 'c', {})];`,
      ),
    );
    const refused = await migrate(db.dir, db.url, ['up'], 1);
    assert.match(refused.stderr, /CHECK constraint failed: type:c/);
    assert.deepEqual(await stored(), [
      [19.99, 'real'],
      [19.999, 'real'],
    ]);
    assert.match((await migrate(db.dir, db.url, ['current'])).stdout, / init$/);
    await query(db.url, 'DELETE FROM t WHERE id = 2');
    await migrate(db.dir, db.url, ['up']);
    assert.deepEqual(await stored(), [['19.99', 'text']]);
  });
});
