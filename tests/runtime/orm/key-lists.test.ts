// The ORM matches a list of keys (select-in relation loads, deletes of several objects)
// with one statement per chunk: an IN list, or on PostgreSQL one array parameter,
// `c = any($1)` (sql.ts `matchAny`). Text keys that an array literal must quote (commas,
// quotes, braces, backslashes, the word NULL, an empty string) and uuids find exactly
// their rows on every dialect, loading and deleting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defineTable,
  Model,
  registerModel,
  selectinload,
  Session,
  sql,
  type Column,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, foreignKey, relation, table } from '../../support/ir.js';

const binsIR = table('kl_bins', [column('code', 'varchar', { primaryKey: true })], {
  className: 'KlBin',
  relations: [
    relation('items', 'one-to-many', 'kl_items', ['code'], ['bin_code'], { inverse: 'bin' }),
  ],
});
const itemsIR = table(
  'kl_items',
  [column('id', 'uuid', { primaryKey: true }), column('bin_code', 'varchar')],
  {
    className: 'KlItem',
    foreignKeys: [foreignKey(['bin_code'], 'kl_bins', ['code'])],
    relations: [
      relation('bin', 'many-to-one', 'kl_bins', ['bin_code'], ['code'], { inverse: 'items' }),
    ],
  },
);
const bins = defineTable<{ code: Column<string> }>(binsIR);
const items = defineTable<{ id: Column<string>; binCode: Column<string> }>(itemsIR);

class KlBin extends Model {
  static readonly c = bins;
  declare code: string;
  declare items: KlItem[];
}
class KlItem extends Model {
  static readonly c = items;
  declare id: string;
  declare binCode: string;
  declare bin: KlBin;
}
registerModel(KlBin, bins, { items: () => KlItem });
registerModel(KlItem, items, { bin: () => KlBin });

const CODES = ['a,b', '"q"', '{x}', 'back\\slash', 'NULL', '', "it's", 'plain'];
const uuidOf = (i: number, j: number): string =>
  `00000000-0000-4000-8000-${String(i * 10 + j).padStart(12, '0')}`;

forEachDialect((dialect, makeEngine) => {
  test('select-in loads and deletes by a list of quoted text keys and uuids', async () => {
    const engine = makeEngine();
    const uuid = dialect === 'postgres' ? 'uuid' : 'char(36)';
    await engine.execute(sql.raw('create table kl_bins (code varchar(20) primary key)'));
    await engine.execute(
      sql.raw(
        `create table kl_items (id ${uuid} primary key, bin_code varchar(20) not null references kl_bins(code))`,
      ),
    );
    const statements: string[] = [];
    engine.on('statement', (e: { sql: string }) => {
      statements.push(e.sql);
    });
    const s = new Session(engine);
    try {
      CODES.forEach((code, i) => {
        const bin = new KlBin({ code });
        bin.items.push(new KlItem({ id: uuidOf(i, 1) }), new KlItem({ id: uuidOf(i, 2) }));
        s.add(bin);
      });
      // A bin whose code no list names: never loaded below, never deleted.
      s.add(new KlBin({ code: 'other' }));
      await s.commit();
    } finally {
      await s.close();
    }

    const reader = new Session(engine);
    try {
      statements.length = 0;
      const loaded = await reader
        .query(KlBin)
        .filter(KlBin.c.code.ne('other'))
        .options(selectinload('items'))
        .all();
      assert.deepEqual(loaded.map((b) => b.code).sort(), [...CODES].sort());
      for (const bin of loaded) {
        const i = CODES.indexOf(bin.code);
        assert.deepEqual(
          bin.items.map((it) => it.id).sort(),
          [uuidOf(i, 1), uuidOf(i, 2)],
          `items of bin ${JSON.stringify(bin.code)}`,
        );
      }
      // PostgreSQL matches the list with one array parameter; the others with IN lists.
      // The statements whose WHERE is the list match on `table.column` (quoted either way).
      const byList = (table: string, column: string) =>
        statements.filter((t) =>
          new RegExp(`where \\(?["\`]${table}["\`]\\.["\`]${column}["\`]( = any| in)`).test(t),
        );
      const childLists = byList('kl_items', 'bin_code');
      assert.equal(childLists.length, 1, statements.join('\n'));
      assert.match(childLists[0]!, dialect === 'postgres' ? /= any\(\$1\)/ : / in \(/);
      // The children's parents in another session, by their foreign keys (many-to-one).
      const other = new Session(engine);
      try {
        const children = await other
          .query(KlItem)
          .filter(KlItem.c.id.in([uuidOf(0, 1), uuidOf(4, 2), uuidOf(5, 1), uuidOf(1, 1)]))
          .options(selectinload('bin'))
          .all();
        assert.deepEqual(
          children.map((it) => `${it.id} ${it.bin.code}`).sort(),
          [
            `${uuidOf(0, 1)} a,b`,
            `${uuidOf(1, 1)} "q"`,
            `${uuidOf(4, 2)} NULL`,
            `${uuidOf(5, 1)} `,
          ].sort(),
        );
        assert.equal(byList('kl_bins', 'code').length, 1, statements.join('\n'));
      } finally {
        await other.close();
      }

      // Deleting several objects deletes exactly their rows.
      for (const bin of loaded.filter((b) => ['NULL', '', 'a,b'].includes(b.code))) {
        for (const item of bin.items) await reader.delete(item);
        await reader.delete(bin);
      }
      await reader.commit();
    } finally {
      await reader.close();
    }
    const { rows } = await engine.execute(sql.raw('select code from kl_bins order by code'));
    assert.deepEqual(
      rows.map((r) => (r as { code: string }).code).sort(),
      [...CODES.filter((c) => !['NULL', '', 'a,b'].includes(c)), 'other'].sort(),
    );
    const left = await engine.execute(sql.raw('select count(*) as n from kl_items'));
    assert.equal(Number((left.rows[0] as { n: unknown }).n), 10);
  });
});
