/**
 * Issue 15, items 24–35, in the databases: the DDL of each shape loads into real SQLite and
 * PostgreSQL, and the columns are what the schema meant (types, defaults, keys).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it, test } from 'node:test';
import { compileSchemaSource } from '@dbgen/generator';
import { newMigration, operationSource, sql, unmigratedChanges, type Engine } from '@dbgen/runtime';
import { createTables } from '../support/create-tables.js';
import { forEachDialect, type TestDialect } from '../support/databases.js';

const SCHEMA = `
TablePartial money {
  amount int
  checks { \`amount < 100\` [name: 'not_too_much_money'] }
}
Table serials {
  id intaaaa [pk, increment]
  label text
}
Table wallets {
  id int [pk]
  f float
  f4 float(10)
  data Bytes
  status tinyint [default: '1 active, 2 pending review']
  active bit [default: 1]
  deleted bit [default: 0]
  ~money
}
Table purses {
  id int [pk]
  ~money
}
Table users { id int [pk] }
Table profiles {
  id int [pk]
  user_id int
}
Ref: profiles.user_id - users.id
Table lists {
  id int [pk]
  a "text[]"
  b "integer[]"
  c "character varying[]"
  d "double precision[]"
  e "timestamp(3) with time zone"
  f "varchar(12) binary"
  g "bit varying(10)"
  h timetz
  i bit(8)
}
`;

const SQLITE_ONLY = `
Table orders {
  id int [pk]
  kind "order"
  other "Var Char"
}
`;

function compile(source: string) {
  const result = compileSchemaSource(source, '/virtual/published.dbml', {
    readFile: () => undefined,
  });
  assert.deepEqual(
    result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  assert.ok(result.ir);
  return result.ir;
}

async function load(engine: Engine, source: string, dialect: TestDialect): Promise<void> {
  await createTables(engine, compile(source), dialect);
}

async function rows(engine: Engine, text: string): Promise<Record<string, unknown>[]> {
  return (await engine.execute(sql.raw(text))).rows as Record<string, unknown>[];
}

// SQLite and PostgreSQL: the shapes use types MySQL has no spelling for (bit varying).
forEachDialect(
  (dialect, makeEngine) => {
    it('the published shapes load, and mean what was written', async () => {
      const engine = makeEngine();
      await load(engine, SCHEMA, dialect);

      // 24: the custom-typed increment key generates its values.
      await engine.execute(sql.raw(`insert into serials (label) values ('a'), ('b')`));
      assert.deepEqual(
        (await rows(engine, 'select id from serials order by id')).map((r) => Number(r['id'])),
        [1, 2],
      );

      // 26: a float keeps double precision; float(10) is single precision (PostgreSQL).
      await engine.execute(
        sql.raw(`insert into wallets (id, f, f4, amount) values (1, 0.1, 0.5, 5)`),
      );
      const [wallet] = await rows(engine, 'select f, f4, status, active, deleted from wallets');
      assert.equal(Number(wallet?.['f']), 0.1);

      // 30: the text default is left out; 33: bit defaults are booleans.
      assert.equal(wallet?.['status'], null);
      assert.ok([true, 1].includes(wallet?.['active'] as never), String(wallet?.['active']));
      assert.ok([false, 0].includes(wallet?.['deleted'] as never), String(wallet?.['deleted']));

      // 25: each table's check from the partial is enforced.
      await assert.rejects(
        engine.execute(sql.raw(`insert into purses (id, amount) values (1, 1000)`)),
      );

      // 31: the one-to-one key is on the child: a profile needs an existing user.
      await engine.execute(sql.raw(`insert into users (id) values (7)`));
      await engine.execute(sql.raw(`insert into profiles (id, user_id) values (1, 7)`));
      if (dialect === 'postgres') {
        await assert.rejects(
          engine.execute(sql.raw(`insert into profiles (id, user_id) values (2, 8)`)),
        );
      }

      if (dialect === 'postgres') {
        const types = await rows(
          engine,
          `select table_name, column_name, udt_name from information_schema.columns
         where table_schema = 'public' and table_name in ('wallets', 'lists')
         order by table_name, ordinal_position`,
        );
        const udt = (table: string, column: string): unknown =>
          types.find((t) => t['table_name'] === table && t['column_name'] === column)?.['udt_name'];
        assert.equal(udt('wallets', 'f'), 'float8'); // 26
        assert.equal(udt('wallets', 'f4'), 'float4');
        assert.equal(udt('wallets', 'data'), 'bytea'); // 32
        assert.equal(udt('wallets', 'active'), 'bool'); // 33
        assert.deepEqual(
          ['a', 'b', 'c', 'd'].map((c) => udt('lists', c)),
          ['_text', '_int4', '_varchar', '_float8'],
        ); // 34
        // Quoted types with arguments and trailing words keep both (next to 34).
        assert.deepEqual(
          ['e', 'f', 'g', 'h'].map((c) => udt('lists', c)),
          ['timestamptz', 'varchar', 'varbit', 'timetz'],
        );
        await assert.rejects(
          engine.execute(sql.raw(`insert into lists (id, f) values (1, 'thirteen char')`)),
        );
        const checks = await rows(
          engine,
          `select conname from pg_constraint
         where contype = 'c' and conrelid::regclass::text in ('wallets', 'purses')
         order by conname`,
        );
        assert.deepEqual(
          checks.map((c) => c['conname']),
          ['purses.not_too_much_money', 'wallets.not_too_much_money'],
        ); // 25
      }
    });

    if (dialect === 'sqlite') {
      it('35: a quoted custom type name that is a keyword loads', async () => {
        const engine = makeEngine();
        await load(engine, SQLITE_ONLY, dialect);
        const info = await rows(engine, `select name, type from pragma_table_info('orders')`);
        assert.deepEqual(
          info.slice(1).map((c) => [c['name'], c['type']]),
          [
            ['kind', 'order'],
            ['other', 'Var Char'],
          ],
        );
      });
    }
  },
  ['sqlite', 'postgres'],
);

test('an autogenerated migration reads every shape back as the schema says', async () => {
  const ir = compile(SCHEMA + SQLITE_ONLY);
  const dir = mkdtempSync(join(tmpdir(), 'dbgen-published-'));
  try {
    await newMigration(dir, 'initial', ir);
    assert.deepEqual(
      (await unmigratedChanges(dir, ir)).map((o) => operationSource(o, '')),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
