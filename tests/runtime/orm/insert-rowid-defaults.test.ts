// The server defaults of a large batch of new objects on SQLite's rowid path
// (orm/flush/insert-rowids.ts, uniform-defaults.ts, row-defaults.ts): read once per INSERT
// statement where its rows share one value, and where the table's DDL says so from each
// statement's last row; else compared, row by row, or read back by key. Each object gets
// its own row's values, whatever the model's schema says the default is.
import assert from 'node:assert/strict';
import { before, beforeEach, describe, test } from 'node:test';
import {
  defineTable,
  Model,
  OrmError,
  QueryError,
  registerModel,
  Session,
  sql,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { placesOf } from '../../../packages/runtime/src/orm/flush/row-defaults.js';
import { forEachDialect } from '../../support/databases.js';
import { column, id, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';
import {
  membersIR,
  BATCH,
  handMadeModel,
  flushAndCompare,
  record,
  tookRowidPath,
  uniformReads,
  comparingReads,
} from './fixtures/rowid-members.js';

describe('sqlite: the server defaults of the rowid path', () => {
  const only = process.env['DBGEN_TEST_DIALECTS']?.split(',');
  if (only !== undefined && !only.includes('sqlite')) return;
  forEachDialect(
    (_dialect, makeEngine) => {
      let engine: Engine;
      before(async () => {
        engine = makeEngine();
        await createTables(engine, schema([membersIR]), 'sqlite');
      });
      beforeEach(async () => {
        await engine.execute(sql`delete from rowid_members`);
      });

      test('defaults of short types that differ row by row are read by the range check itself', async () => {
        const shortIR = table(
          'rowid_shorts',
          [
            id(),
            column('email', 'varchar(100)'),
            column('score', 'integer', { default: { kind: 'number', value: 5 } }),
            column('active', 'boolean', { default: { kind: 'boolean', value: true } }),
            column('ticket', 'integer'),
          ],
          { className: 'RowidShort' },
        );
        const shorts = defineTable<{
          id: Column<number>;
          email: Column<string>;
          score: Column<number>;
          active: Column<boolean>;
          ticket: Column<number>;
        }>(shortIR);
        class RowidShort extends Model {
          static readonly c = shorts;
          declare id: number;
          declare email: string;
          declare score: number;
          declare active: boolean;
          declare ticket: number;
          constructor(init: { email: string }) {
            super(init);
          }
        }
        registerModel(RowidShort, shorts, {});
        // A default of another value per row: the statement's rows do not share one.
        await engine.execute(
          sql.raw(`create table rowid_shorts (id integer primary key autoincrement,
             email varchar(100), score integer default 5, active boolean default 1,
             ticket integer default (abs(random()) % 1000000000))`),
        );
        const seen = record(engine);
        const t = new Session(engine);
        const many = Array.from({ length: BATCH }, (_, i) => new RowidShort({ email: `s${i}` }));
        t.addAll(many);
        await t.commit();
        await t.close();
        const reads = seen.filter((st) => st.includes('json_group_array'));
        assert.equal(reads.length, 1);
        assert.ok(reads[0]!.startsWith('select count(*)'), 'the check reads the values');
        const { rows } = await engine.execute(
          sql<{ id: number; ticket: number }>`select id, ticket from rowid_shorts`,
        );
        const stored = new Map(rows.map((r) => [r.id, r.ticket]));
        assert.ok(new Set(stored.values()).size > 1);
        for (const o of many) {
          assert.equal(o.score, 5);
          assert.equal(o.active, true);
          assert.equal(o.ticket, stored.get(o.id));
        }
      });

      test('a default of one value per INSERT is read once per statement, each object its own', async () => {
        // 'now' with milliseconds: the same for the rows of one INSERT, maybe not the next.
        await engine.execute(
          sql.raw(`create table rowid_stamped (id integer primary key autoincrement, email text,
             status text default (strftime('%Y-%m-%d %H:%M:%f', 'now')))`),
        );
        const n = 2_100; // three INSERTs
        const seen = await flushAndCompare(engine, handMadeModel('rowid_stamped'), n);
        assert.ok(tookRowidPath(seen), 'the rowid path');
        assert.equal(seen.filter((st) => st.startsWith('insert into `rowid_stamped`')).length, 3);
        assert.equal(uniformReads(seen).length, 1);
        assert.equal(comparingReads(seen).length, 0, "'now' of literals: no comparison");
        assert.ok(!seen.some((st) => st.includes('json_group_array')), 'no row by row read');
      });

      test('defaults the DDL does not show as one value per statement are compared, whatever the schema says', async () => {
        // The model's schema says "'new'" for each; the tables say otherwise.
        for (const [name, column, perRow] of [
          ['rowid_called', "status text default (upper('new'))", false],
          ['rowid_generated', "status text generated always as ('g' || id) stored", true],
        ] as const) {
          await engine.execute(
            sql.raw(
              `create table ${name} (id integer primary key autoincrement, email text, ${column})`,
            ),
          );
          // flushAndCompare holds each object to its own row's value.
          const seen = await flushAndCompare(engine, handMadeModel(name), BATCH);
          assert.ok(tookRowidPath(seen), name);
          assert.equal(comparingReads(seen).length, 1, `${name}: compared`);
          assert.equal(
            seen.some((st) => st.includes('json_group_array')),
            perRow,
            `${name}: row by row`,
          );
        }
      });

      test("a statement's last row gone (ON CONFLICT REPLACE): the flush fails with the true count", async () => {
        await engine.execute(
          sql.raw(`create table rowid_replaced (id integer primary key autoincrement,
             email text unique on conflict replace, status text default 'new')`),
        );
        const { HandMade } = handMadeModel('rowid_replaced');
        const s = new Session(engine);
        try {
          const objs = Array.from({ length: 1_500 }, (_, i) => new HandMade({ email: `r${i}` }));
          // The first row of the second INSERT replaces the last row of the first.
          objs[1_000]!.email = objs[999]!.email;
          s.addAll(objs);
          await assert.rejects(
            s.flush(),
            (e: unknown) =>
              e instanceof OrmError && /were not keys 1\.\.1500 \(1499 rows there/.test(e.message),
          );
        } finally {
          await s.close();
        }
        const { rows } = await engine.execute(sql`select count(*) as n from rowid_replaced`);
        assert.equal(Number(rows[0]!['n']), 0, 'rolled back');
      });

      test('a default column the table does not have fails the flush with the column named', async () => {
        // SQLite reads a double-quoted name that is no column as a string literal: the
        // INSERT's RETURNING names the column in grave accents, so it fails as on the other
        // dialects instead of giving every object the text `status`.
        await engine.execute(
          sql.raw(`create table rowid_narrow (id integer primary key autoincrement, email text)`),
        );
        const { HandMade } = handMadeModel('rowid_narrow');
        const s = new Session(engine);
        try {
          s.addAll(Array.from({ length: BATCH }, (_, i) => new HandMade({ email: `n${i}` })));
          await assert.rejects(
            s.commit(),
            (e: unknown) => e instanceof QueryError && /no such column: status/.test(e.message),
          );
        } finally {
          await s.close();
        }
        const { rows } = await engine.execute(sql`select count(*) as n from rowid_narrow`);
        assert.equal(Number(rows[0]!['n']), 0, 'rolled back');
      });

      test('defaults of more columns than one compared read may select are read row by row', async () => {
        const WIDE = 700; // 3 result columns each: past SQLite's 2,000
        const cols = Array.from({ length: WIDE }, (_, i) => `c${i}`);
        const wideIR = table(
          'rowid_wide',
          [
            id(),
            column('email', 'varchar(100)'),
            ...cols.map((c) => column(c, 'text', { default: { kind: 'string', value: 'x' } })),
          ],
          { className: 'RowidWide' },
        );
        const wide = defineTable<{ id: Column<number>; email: Column<string> }>(wideIR);
        class RowidWide extends Model {
          static readonly c = wide;
          declare id: number;
          declare email: string;
          constructor(init: { email: string }) {
            super(init);
          }
        }
        registerModel(RowidWide, wide, {});
        // The last column's default is another value per row: the values are compared.
        const ddl = cols.map((c, i) =>
          i === WIDE - 1 ? `${c} text default (hex(randomblob(4)))` : `${c} text default 'x'`,
        );
        await engine.execute(
          sql.raw(
            `create table rowid_wide (id integer primary key autoincrement, email text, ${ddl.join(', ')})`,
          ),
        );
        const seen = record(engine);
        const s = new Session(engine);
        const objs = Array.from({ length: BATCH }, (_, i) => new RowidWide({ email: `w${i}` }));
        s.addAll(objs);
        await s.commit();
        await s.close();
        assert.ok(tookRowidPath(seen), 'the rowid path');
        assert.equal(uniformReads(seen).length, 0, 'no compared read');
        const last = cols[WIDE - 1]!;
        const { rows } = await engine.execute(
          sql`select id, ${sql.id(last)} as v, c0 from rowid_wide`,
        );
        const byId = new Map(rows.map((r) => [r['id'], r]));
        for (const o of objs as unknown as Record<string, unknown>[]) {
          const row = byId.get(o['id'])!;
          assert.equal(o[last], row['v']);
          assert.equal(o['c0'], 'x');
        }
      });

      test('values equal only under NOCASE, or NULL beside values, are read row by row', async () => {
        for (const [name, column] of [
          [
            'rowid_cased',
            "status text collate nocase default (case when random() & 1 then 'A' else 'a' end)",
          ],
          ['rowid_gaps', "status text default (case when random() & 1 then null else 'x' end)"],
        ] as const) {
          await engine.execute(
            sql.raw(
              `create table ${name} (id integer primary key autoincrement, email text, ${column})`,
            ),
          );
          // flushAndCompare holds each object to its own row's value.
          const seen = await flushAndCompare(engine, handMadeModel(name), BATCH);
          assert.equal(uniformReads(seen).length, 1, name);
          assert.ok(
            seen.some((st) => st.includes('json_group_array')),
            `${name}: row by row`,
          );
        }
      });

      test('a REAL where JSON would round it: the defaults are read back by key, exact', async () => {
        // SQLite keeps 0.1 + 0.2 in an INTEGER column as a REAL; its JSON text has 15 digits.
        // (Plus 0 or 1 per row: a statement's rows do not share one value.)
        const realIR = table(
          'rowid_reals',
          [
            id(),
            column('email', 'varchar(100)'),
            column('score', 'integer', { default: { kind: 'expression', sql: '0.1 + 0.2' } }),
          ],
          { className: 'RowidReal' },
        );
        const reals = defineTable<{
          id: Column<number>;
          email: Column<string>;
          score: Column<number>;
        }>(realIR);
        class RowidReal extends Model {
          static readonly c = reals;
          declare id: number;
          declare email: string;
          declare score: number;
          constructor(init: { email: string }) {
            super(init);
          }
        }
        registerModel(RowidReal, reals, {});
        // Hand-written DDL: dbgen's own checks the stored type of an INTEGER column.
        await engine.execute(
          sql.raw(`create table rowid_reals (id integer primary key autoincrement,
             email varchar(100) not null, score integer not null default (0.1 + 0.2 + (random() & 1)))`),
        );
        const seen = record(engine);
        const t = new Session(engine);
        const many = Array.from({ length: BATCH }, (_, i) => new RowidReal({ email: `r${i}` }));
        t.addAll(many);
        await t.commit();
        await t.close();
        assert.ok(tookRowidPath(seen), 'the rowid path');
        // The check reads the values as JSON beside its counts; it finds the REALs, and no
        // JSON read of its own follows.
        assert.ok(!seen.some((st) => st.startsWith('select json_group_array')), 'no JSON read');
        assert.ok(
          seen.some((st) =>
            st.startsWith('select `id`, `score` from `rowid_reals` where `id` in ('),
          ),
          'read back by key',
        );
        const { rows } = await engine.execute(
          sql<{ id: number; score: number }>`select id, score from rowid_reals`,
        );
        const stored = new Map(rows.map((r) => [r.id, r.score]));
        for (const o of many) {
          assert.ok([0.1 + 0.2, 1.1 + 0.2].includes(o.score), String(o.score));
          assert.equal(o.score, stored.get(o.id));
        }
      });
    },
    ['sqlite'],
  );
});

// The defaults are read beside their keys, without a sort (insert-rowids.ts, rangeRead):
// each value goes to the object of its key, whatever order the scan gave them in.
test('values read in another order than the keys go to the objects of their keys', () => {
  assert.equal(placesOf('[7,8,9]', 7, 3, 't'), null); // key order: no table of places
  assert.deepEqual([...placesOf('[9,7,8]', 7, 3, 't')!], [2, 0, 1]);
  assert.throws(
    () => placesOf('[7,8,10]', 7, 3, 't'),
    (e: unknown) => e instanceof OrmError,
  );
  assert.throws(
    () => placesOf('[7,8]', 7, 3, 't'),
    (e: unknown) => e instanceof OrmError,
  );
  assert.throws(
    () => placesOf('[7,8,8.5]', 7, 3, 't'),
    (e: unknown) => e instanceof OrmError,
  );
  assert.throws(
    () => placesOf(null, 7, 3, 't'),
    (e: unknown) => e instanceof OrmError,
  );
});
