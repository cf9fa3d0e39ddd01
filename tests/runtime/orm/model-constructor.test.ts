// A hand-written model whose constructor needs its init (or counts its instances): the
// flush keeps a twin of each new object's shape (core/shape-anchors.ts) and must build it
// without calling that constructor, so the first flush of such a model commits and the
// constructor runs once per object the user made.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineTable, Model, registerModel, Session, sql, type Column } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, table } from '../../support/ir.js';

const notesIR = table('ctor_notes', [
  column('id', 'integer', { primaryKey: true, autoIncrement: true }),
  column('body', 'varchar(40)'),
  column('slug', 'varchar(40)'),
]);
const notes = defineTable<{ id: Column<number>; body: Column<string>; slug: Column<string> }>(
  notesIR,
);
let constructed = 0;
class Note extends Model {
  static readonly c = notes;
  declare id: number;
  declare body: string;
  declare slug: string;
  constructor(init: { body: string }) {
    super(init);
    constructed++;
    this.slug = init.body.toLowerCase();
  }
}
registerModel(Note, notes, {});

forEachDialect((dialect, makeEngine) => {
  const q = (text: string) => sql.raw(dialect === 'mysql' ? text.replaceAll('"', '`') : text);
  const idColumn =
    dialect === 'postgres'
      ? '"id" serial primary key'
      : dialect === 'mysql'
        ? '"id" integer primary key auto_increment'
        : '"id" integer primary key autoincrement';

  test('the first flush of a model whose constructor reads its init commits', async () => {
    const engine = makeEngine();
    await engine.execute(
      q(
        `create table "ctor_notes" (${idColumn}, "body" varchar(40) not null, "slug" varchar(40) not null)`,
      ),
    );
    const before = constructed;
    const s = new Session(engine);
    s.addAll([new Note({ body: 'Hello' }), new Note({ body: 'World' })]);
    await s.commit();
    await s.close();
    assert.equal(constructed - before, 2, 'the constructor ran once per object made');
    const { rows } = await engine.execute(
      q('select "body", "slug" from "ctor_notes" order by "id"'),
    );
    assert.deepEqual(
      rows.map((r) => [r['body'], r['slug']]),
      [
        ['Hello', 'hello'],
        ['World', 'world'],
      ],
    );
  });
});
