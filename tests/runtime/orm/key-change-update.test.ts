// Objects whose key and other columns change in one flush are written as batches. MySQL and
// MariaDB apply SET assignments left to right, each seeing the new values of those before
// it: a key set first made every later `CASE key WHEN <old key>` miss, so the other columns
// stayed as they were while the row count still matched (and the snapshot said written).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineTable, Model, registerModel, Session, sql, type Column } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, table } from '../../support/ir.js';

const tagsIR = table('rekeyed_tags', [
  column('id', 'integer', { primaryKey: true }),
  column('label', 'varchar(20)'),
]);
const tags = defineTable<{ id: Column<number>; label: Column<string> }>(tagsIR);
class Tag extends Model {
  static readonly c = tags;
  declare id: number;
  declare label: string;
}
registerModel(Tag, tags, {});

const cellsIR = table('rekeyed_cells', [
  column('x', 'integer', { primaryKey: true }),
  column('y', 'integer', { primaryKey: true }),
  column('label', 'varchar(20)'),
]);
const cells = defineTable<{ x: Column<number>; y: Column<number>; label: Column<string> }>(cellsIR);
class Cell extends Model {
  static readonly c = cells;
  declare x: number;
  declare y: number;
  declare label: string;
}
registerModel(Cell, cells, {});

forEachDialect((dialect, makeEngine) => {
  const q = (text: string) => sql.raw(dialect === 'mysql' ? text.replaceAll('"', '`') : text);

  test('a changed key and label on several objects: every label is written', async () => {
    const engine = makeEngine();
    await engine.execute(
      q('create table "rekeyed_tags" ("id" integer primary key, "label" varchar(20) not null)'),
    );
    await engine.execute(q(`insert into "rekeyed_tags" values (1, 'a'), (2, 'b'), (3, 'c')`));
    const s = new Session(engine);
    const list = await s.query(Tag).orderBy(tags.id).all();
    for (const t of list) {
      t.id += 10;
      t.label = `${t.label}-moved`;
    }
    await s.commit();
    await s.close();
    const { rows } = await engine.execute(
      q('select "id", "label" from "rekeyed_tags" order by "id"'),
    );
    assert.deepEqual(
      rows.map((r) => [Number(r['id']), r['label']]),
      [
        [11, 'a-moved'],
        [12, 'b-moved'],
        [13, 'c-moved'],
      ],
    );
  });

  test('both columns of a composite key and a label changed on several objects', async () => {
    const engine = makeEngine();
    await engine.execute(
      q(
        'create table "rekeyed_cells" ("x" integer not null, "y" integer not null, "label" varchar(20) not null, primary key ("x", "y"))',
      ),
    );
    await engine.execute(
      q(`insert into "rekeyed_cells" values (1, 1, 'p'), (1, 2, 'q'), (2, 1, 'r')`),
    );
    const s = new Session(engine);
    const list = await s.query(Cell).orderBy(cells.x, cells.y).all();
    for (const c of list) {
      c.x += 100;
      c.y += 200;
      c.label = c.label.toUpperCase();
    }
    await s.commit();
    await s.close();
    const { rows } = await engine.execute(
      q('select "x", "y", "label" from "rekeyed_cells" order by "x", "y"'),
    );
    assert.deepEqual(
      rows.map((r) => [Number(r['x']), Number(r['y']), r['label']]),
      [
        [101, 201, 'P'],
        [101, 202, 'Q'],
        [102, 201, 'R'],
      ],
    );
  });
});
