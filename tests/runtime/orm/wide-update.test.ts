// The flush finds changed columns with a bit mask per object (one bit per column, written
// out per mapper: orm/state/lazy-diff.ts) for tables of up to 30 columns, and with a plain
// loop past that (every other test table is on the mask's side). A table of 33 columns takes
// the loop: changes in its last columns must be written, an unchanged assignment must not
// count, and rows changing the same columns must share one UPDATE.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineTable, Model, registerModel, Session, sql, type Column } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, table } from '../../support/ir.js';

const WIDTH = 32;
const names = Array.from({ length: WIDTH }, (_, i) => `c${i + 1}`);

const wideIR = table('wide', [
  column('id', 'integer', { primaryKey: true }),
  ...names.map((n) => column(n, 'integer')),
]);
const wide = defineTable<Record<string, Column<number>>>(wideIR);

class Wide extends Model {
  static readonly c = wide;
  declare id: number;
  [column: string]: unknown;
}
registerModel(Wide, wide, {});

const ddl = `create table "wide" ("id" integer primary key, ${names
  .map((n) => `"${n}" integer not null`)
  .join(', ')})`;

forEachDialect((dialect, makeEngine) => {
  test('a table past the change mask: changes in its last columns are written, batched', async () => {
    const lines: string[] = [];
    const engine = makeEngine({ echo: true, logger: (line) => lines.push(line) });
    await engine.execute(sql.raw(dialect === 'mysql' ? ddl.replaceAll('"', '`') : ddl));
    const w = new Session(engine);
    for (const id of [1, 2, 3])
      w.add(new Wide({ id, ...Object.fromEntries(names.map((n) => [n, 0])) }));
    await w.commit();
    await w.close();

    const s = new Session(engine);
    const [a, b, c] = await s.query(Wide).orderBy(Wide.c['id']!).all();
    a!['c32'] = 1;
    b!['c32'] = 2;
    c!['c1'] = 3;
    c!['c31'] = 4;
    c!['c2'] = 0; // the value it has: no change
    lines.length = 0;
    await s.commit();
    await s.close();
    const updates = lines.filter((l) => /update ["`]wide["`]/.test(l));
    assert.equal(updates.length, 2, updates.join('\n'));

    const { rows } = await engine.execute(sql`select id, c1, c2, c31, c32 from wide order by id`);
    assert.deepEqual(
      rows.map((r) => ['id', 'c1', 'c2', 'c31', 'c32'].map((k) => Number(r[k]))),
      [
        [1, 0, 0, 0, 1],
        [2, 0, 0, 0, 2],
        [3, 3, 0, 4, 0],
      ],
    );
  });
});
