// Hostile strings as values and as identifiers never change a statement's structure and
// round-trip unchanged, on both databases.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  compile,
  defineTable,
  insertInto,
  select,
  selectFrom,
  sql,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, table as tableIR } from '../../support/ir.js';

const HOSTILE = [
  "'",
  '"',
  '\\',
  "\\'",
  "'; drop table victims; --",
  '"; drop table victims; --',
  "' or '1'='1",
  '$1',
  '$2::text',
  '?',
  '?, ?',
  ':name',
  '/* comment */',
  '--',
  '\n;\n',
  'ʼ or ʼ1ʼ=ʼ1', // modifier-letter apostrophes
  '＇; drop table victims; －－', // full-width look-alikes
  '″ ‛ ‘ ’ “ ” « »',
  "E'\\x27'",
  '$$ $tag$',
  '🎉 日本語 \u202e',
];

const HOSTILE_IDENTIFIERS = [
  'we"ird',
  'a"; drop table victims; --',
  "it's",
  '$1',
  '?',
  'back\\slash',
  'select',
  'ʼlook-alikeʼ',
  'with space',
];

interface VictimsColumns {
  readonly id: Column<number>;
  readonly v: Column<string>;
}
const victims = defineTable<VictimsColumns>(
  tableIR('victims', [column('id', 'integer', { primaryKey: true }), column('v', 'text')]),
);

forEachDialect((_dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await engine.execute(
      sql`create table ${sql.id('victims')} (${sql.id('id')} integer primary key, ${sql.id('v')} text not null)`,
    );
  });

  test('hostile values compile to the same SQL as a harmless value', () => {
    const shape = (v: string) =>
      compile(selectFrom(victims).where(victims.v.eq(v), victims.v.like(v)), engine.dialect).sql;
    const rawShape = (v: string) =>
      compile(sql`select * from victims where v = ${v}`, engine.dialect).sql;
    for (const value of HOSTILE) {
      assert.equal(shape(value), shape('x'), value);
      assert.equal(rawShape(value), rawShape('x'), value);
    }
  });

  test('hostile values round-trip unchanged through the builder and raw SQL', async () => {
    await engine.execute(insertInto(victims).values(HOSTILE.map((v, i) => ({ id: i + 1, v }))));
    for (const [i, value] of HOSTILE.entries()) {
      const built = await engine.execute(
        select(victims.id, victims.v).from(victims).where(victims.v.eq(value)),
      );
      assert.deepEqual(built.rows, [{ id: i + 1, v: value }], value);
      const raw = await engine.execute(
        sql`select ${sql.id('v')}, ${value} as "echo" from ${sql.id('victims')} where ${sql.id('id')} = ${i + 1}`,
      );
      assert.deepEqual(raw.rows, [{ v: value, echo: value }], value);
    }
    const { rows } = await engine.execute(sql`select count(*) as "n" from ${sql.id('victims')}`);
    assert.equal(Number(rows[0]?.n), HOSTILE.length); // the table is still there, nothing else ran
  });

  test('hostile identifiers are quoted, never break out, and round-trip as column names', async () => {
    const columns = HOSTILE_IDENTIFIERS.map((name, i) =>
      column(name, 'text', { propertyName: `c${i}` }),
    );
    const table = defineTable<Record<string, Column<string>>>(
      tableIR('odd "table"; --', [column('id', 'integer', { primaryKey: true }), ...columns]),
    );
    await engine.execute(
      sql`create table ${sql.id(table.$name)} (${sql.id('id')} integer primary key, ${sql.join(
        HOSTILE_IDENTIFIERS.map((name) => sql`${sql.id(name)} text`),
      )})`,
    );
    const row: Record<string, unknown> = { id: 1 };
    HOSTILE_IDENTIFIERS.forEach((name, i) => (row[`c${i}`] = name));
    await engine.execute(insertInto(table).values(row as never));
    const { rows } = await engine.execute(selectFrom(table));
    assert.deepEqual(rows, [row]);
    const raw = await engine.execute(
      sql`select ${sql.join(HOSTILE_IDENTIFIERS.map((n) => sql.id(n)))} from ${sql.id(table.$name)}`,
    );
    assert.deepEqual(Object.keys(raw.rows[0] ?? {}), HOSTILE_IDENTIFIERS);
    assert.deepEqual(Object.values(raw.rows[0] ?? {}), HOSTILE_IDENTIFIERS);
    const victimsLeft = await engine.execute(sql`select count(*) as "n" from ${sql.id('victims')}`);
    assert.equal(Number(victimsLeft.rows[0]?.n), HOSTILE.length);
  });
});
