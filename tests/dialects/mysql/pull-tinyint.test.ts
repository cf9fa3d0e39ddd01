/**
 * `pull` reads TINYINT(1) as boolean (MySQL's BOOL), unless the column holds values other
 * than 0, 1 and NULL: then it is the small integer it is used as, with a pull remark. As
 * a boolean, a legacy column holding 5 read true and was written back as 1.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createEngine,
  defineTable,
  introspect,
  selectFrom,
  type Column,
  type SchemaIR,
} from '@dbgen/runtime';
import { migrationDatabase } from '../../support/migration-database.js';

const run =
  !process.env['DBGEN_TEST_DIALECTS'] || process.env['DBGEN_TEST_DIALECTS'].includes('mysql');

function columnOf(ir: SchemaIR, table: string, column: string) {
  const found = ir.tables.find((t) => t.name === table)?.columns.find((c) => c.name === column);
  assert.ok(found, `${table}.${column}`);
  return found;
}

describe('mysql', { skip: !run }, () => {
  const fresh = migrationDatabase('mysql');

  test('a TINYINT(1) holding other values than 0 and 1 is pulled as an integer', async () => {
    const q = (statement: string) => fresh.connection.query(statement);
    await q(`create table legacy (id int primary key, level tinyint(1) not null default 3,
      flag tinyint(1) null default 1, small tinyint(1) unsigned null)`);
    await q('create table flags (id int primary key, on_off tinyint(1) null)');
    await q('insert into legacy values (1, 5, 0, null), (2, 0, 1, 7), (3, 1, null, 1)');
    await q('insert into flags values (1, 0), (2, 1), (3, null)');
    const ir = await introspect(fresh.connection);

    const level = columnOf(ir, 'legacy', 'level');
    assert.equal(level.type.logical, 'smallint');
    assert.deepEqual(level.default, { kind: 'number', value: 3 });
    assert.equal(columnOf(ir, 'legacy', 'small').type.raw, 'smallint unsigned');
    // Only 0, 1 and NULL: booleans, their defaults too.
    const flag = columnOf(ir, 'legacy', 'flag');
    assert.equal(flag.type.logical, 'boolean');
    assert.deepEqual(flag.default, { kind: 'boolean', value: true });
    assert.equal(columnOf(ir, 'flags', 'on_off').type.logical, 'boolean');

    const remark = ir.notes.find((n) => n.name === 'dbgen pull: public.legacy');
    assert.ok(remark, JSON.stringify(ir.notes));
    assert.match(remark.content, /column level is a TINYINT\(1\) holding values other than 0/);
    assert.match(remark.content, /column small is a TINYINT\(1\)/);
    assert.doesNotMatch(remark.content, /column flag\b/);
    assert.equal(
      ir.notes.some((n) => n.name === 'dbgen pull: public.flags'),
      false,
    );

    // Read through the pulled table: 5 is 5 (as a boolean it read true).
    const legacyIR = ir.tables.find((t) => t.name === 'legacy');
    assert.ok(legacyIR);
    const legacy = defineTable<{ id: Column<number>; level: Column<number> }>(legacyIR);
    const engine = createEngine({ url: fresh.db.url });
    try {
      const { rows } = await engine.execute(selectFrom(legacy).orderBy(legacy.id));
      assert.deepEqual(
        rows.map((r) => r.level),
        [5, 0, 1],
      );
    } finally {
      await engine.close();
    }

    // Once it holds only flags, it is a boolean again.
    await q('update legacy set level = 1 where level not in (0, 1)');
    await q('update legacy set small = null');
    const again = await introspect(fresh.connection);
    assert.equal(columnOf(again, 'legacy', 'level').type.logical, 'boolean');
    assert.equal(
      again.notes.some((n) => n.name === 'dbgen pull: public.legacy'),
      false,
    );
  });
});
