// A large batch of new objects gets the keys and server defaults of its rows on every
// dialect. On SQLite they come from the rowid and one read of the range, not a RETURNING
// row per object (orm/flush/insert-rowids.ts): the statements are checked for that, and
// for falling back to RETURNING where the rowid cannot be trusted (a trigger, a small
// batch, a column type JSON would not carry exactly). Something inserting into the table
// between the flush's INSERTs fails the flush instead of giving wrong keys.
import assert from 'node:assert/strict';
import { before, beforeEach, describe, test } from 'node:test';
import {
  columnFilter,
  defineTable,
  Model,
  OrmError,
  registerModel,
  select,
  Session,
  sql,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import type { StatementNode } from '../../../packages/runtime/src/core/nodes.js';
import { MIN_ROWS } from '../../../packages/runtime/src/orm/flush/insert-rowids.js';
import { placesOf } from '../../../packages/runtime/src/orm/flush/row-defaults.js';
import { insertStates } from '../../../packages/runtime/src/orm/flush/insert-states.js';
import { mapperOf } from '../../../packages/runtime/src/orm/mapping/mapper.js';
import type { OrmExecutor, RunResult } from '../../../packages/runtime/src/orm/session/executor.js';
import type { InstanceState } from '../../../packages/runtime/src/orm/state/instance-state.js';
import { forEachDialect } from '../../support/databases.js';
import { column, id, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const membersIR = table(
  'rowid_members',
  [
    id(),
    column('email', 'varchar(100)', { unique: true }),
    column('status', 'varchar(20)', { default: { kind: 'string', value: 'new' } }),
    column('score', 'integer', { default: { kind: 'number', value: 7 } }),
    column('active', 'boolean', { default: { kind: 'boolean', value: true } }),
    column('joined_at', 'timestamptz', { default: { kind: 'expression', sql: 'now()' } }),
    column('note', 'text', { nullable: true }),
  ],
  { className: 'RowidMember' },
);
const members = defineTable<{
  id: Column<number>;
  email: Column<string>;
  status: Column<string>;
  score: Column<number>;
  active: Column<boolean>;
  joinedAt: Column<Date>;
  note: Column<string | null>;
}>(membersIR);

class RowidMember extends Model {
  static readonly c = members;
  declare id: number;
  declare email: string;
  declare status: string;
  declare score: number;
  declare active: boolean;
  declare joinedAt: Date;
  declare note: string | null;
  constructor(init: { email: string; note?: string | null }) {
    super(init);
  }
}
registerModel(RowidMember, members, {});

const BATCH = MIN_ROWS * 2 + 37;

const newMembers = (prefix: string, n: number): RowidMember[] =>
  Array.from({ length: n }, (_, i) => new RowidMember({ email: `${prefix}${i}@x.org` }));

/** A model on hand-made table `name` (id, email, status with a server default). */
function handMadeModel(name: string, tableSchema?: string) {
  const ir = table(
    name,
    [
      id(),
      column('email', 'varchar(100)'),
      column('status', 'varchar(20)', { default: { kind: 'string', value: 'new' } }),
    ],
    {
      className: `HandMade_${tableSchema ?? 'public'}_${name}`,
      ...(tableSchema === undefined ? {} : { schema: tableSchema }),
    },
  );
  const t = defineTable<{ id: Column<number>; email: Column<string>; status: Column<unknown> }>(ir);
  class HandMade extends Model {
    static readonly c = t;
    declare id: number;
    declare email: string;
    declare status: unknown;
    constructor(init: { email: string }) {
      super(init);
    }
  }
  registerModel(HandMade, t, {});
  return { HandMade, t };
}

/**
 * Flushes `n` new objects of `model` in a session, then compares each object's key and
 * status with its row, read in the same session (a temp or attached table is on the
 * writer only); returns the statements run.
 */
async function flushAndCompare(
  engine: Engine,
  { HandMade, t }: ReturnType<typeof handMadeModel>,
  n: number,
): Promise<string[]> {
  const seen = record(engine);
  const s = new Session(engine);
  try {
    const objs = Array.from({ length: n }, (_, i) => new HandMade({ email: `h${i}@x.org` }));
    s.addAll(objs);
    await s.flush();
    const { rows } = await s.execute(select(t).from(t));
    // (A trigger's shadow rows aside.)
    const byEmail = new Map(
      rows.filter((r) => !String(r.email).startsWith('shadow-')).map((r) => [r.email, r]),
    );
    assert.equal(byEmail.size, n);
    for (const o of objs) {
      const row = byEmail.get(o.email)!;
      assert.equal(o.id, row.id, `key of ${o.email}`);
      assert.deepEqual(o.status, row.status, `status of ${o.email}`);
    }
    await s.commit();
    return seen;
  } finally {
    await s.close();
  }
}

/** Every row of the table by email, read back through the Core (converted). */
async function rowsByEmail(engine: Engine): Promise<Map<string, Record<string, unknown>>> {
  const { rows } = await engine.execute(select(members).from(members));
  return new Map(rows.map((r) => [r.email, r as Record<string, unknown>]));
}

const statesOf = (objs: readonly RowidMember[]): InstanceState[] =>
  objs.map((o) => ({ obj: o }) as unknown as InstanceState);

/** Statements an engine runs from now on, lower-cased. */
function record(engine: Engine): string[] {
  const seen: string[] = [];
  engine.on('statement', (event: { sql: string }) => {
    seen.push(event.sql.toLowerCase());
  });
  return seen;
}

/** Whether a flush took the rowid path: INSERTs without RETURNING (keys from the rowid). */
const tookRowidPath = (seen: readonly string[]): boolean =>
  seen.some((st) => st.startsWith('insert') && !st.includes('returning'));

/** The statements that read defaults a statement's rows share (uniform-defaults.ts). */
const uniformReads = (seen: readonly string[]): string[] =>
  seen.filter((st) => st.startsWith('select ? as "r"'));

/** Those of them that compare every row's values, least against greatest. */
const comparingReads = (seen: readonly string[]): string[] =>
  uniformReads(seen).filter((st) => st.includes('collate binary)'));

const inserts = (seen: readonly string[]): string[] =>
  seen.filter((s) => s.startsWith('insert into "rowid_members"'));

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([membersIR]), dialect);
  });
  beforeEach(async () => {
    await engine.execute(sql`delete from rowid_members`);
  });

  test('a large batch of new objects gets the keys and server defaults of its rows', async () => {
    // Rows before and a gap in the keys: the new keys follow what the table holds.
    await engine.execute(
      sql`insert into rowid_members (id, email, score) values (40, ${'old@x.org'}, 1)`,
    );
    if (dialect === 'postgres')
      await engine.execute(sql`select setval(pg_get_serial_sequence('rowid_members', 'id'), 40)`);
    const seen = record(engine);
    const s = new Session(engine);
    const objs = newMembers('big', BATCH);
    objs[3]!.note = 'noted';
    s.addAll(objs);
    await s.commit();
    await s.close();
    const rows = await rowsByEmail(engine);
    assert.equal(rows.size, BATCH + 1);
    const keys = new Set<number>();
    for (const o of objs) {
      const row = rows.get(o.email)!;
      assert.equal(o.id, Number(row['id']), `key of ${o.email}`);
      assert.ok(o.id > 40);
      keys.add(o.id);
      assert.equal(o.status, 'new');
      assert.equal(o.score, 7);
      assert.equal(o.active, true);
      assert.ok(o.joinedAt instanceof Date);
      assert.equal(o.joinedAt.getTime(), (row['joinedAt'] as Date).getTime());
    }
    assert.equal(keys.size, BATCH);
    // Equal instants, but a Date of its own each (changing one must not change another).
    assert.notEqual(objs[0]!.joinedAt, objs[1]!.joinedAt);
    assert.equal(objs[3]!.note, 'noted');
    if (dialect === 'sqlite') {
      const batch = inserts(seen);
      assert.ok(batch.length > 0);
      assert.ok(
        batch.every((s) => !s.includes('returning')),
        'no RETURNING row per object on SQLite',
      );
      // Every default is one value per INSERT: one read for the batch, no row by row, and
      // the DDL says so (literals and 'now'): each statement's last row, no comparison.
      assert.equal(uniformReads(seen).length, 1);
      assert.equal(comparingReads(seen).length, 0);
      assert.equal(seen.filter((s) => s.includes('json_group_array')).length, 0);
    }
  });

  test('new objects that set no column are each inserted with the defaults', async () => {
    const stampsIR = table(
      'rowid_stamps',
      [id(), column('label', 'varchar(20)', { default: { kind: 'string', value: 'x' } })],
      { className: 'RowidStamp' },
    );
    const stamps = defineTable<{ id: Column<number>; label: Column<string> }>(stampsIR);
    class RowidStamp extends Model {
      static readonly c = stamps;
      declare id: number;
      declare label: string;
    }
    registerModel(RowidStamp, stamps, {});
    await createTables(engine, schema([stampsIR]), dialect);
    for (const n of [3, MIN_ROWS + 4]) {
      const s = new Session(engine);
      const objs = Array.from({ length: n }, () => new RowidStamp());
      s.addAll(objs);
      await s.commit();
      await s.close();
      const { rows } = await engine.execute(select(stamps).from(stamps));
      const ids = new Set(rows.map((r) => r.id));
      assert.ok(objs.every((o) => ids.has(o.id) && o.label === 'x'));
      assert.equal(new Set(objs.map((o) => o.id)).size, n);
      await engine.execute(sql`delete from rowid_stamps`);
    }
  });

  test('a second flush into the same table keys its rows after the first', async () => {
    const s = new Session(engine);
    const first = newMembers('one', BATCH);
    s.addAll(first);
    await s.flush();
    const second = newMembers('two', BATCH);
    s.addAll(second);
    await s.commit();
    await s.close();
    const rows = await rowsByEmail(engine);
    for (const o of [...first, ...second]) assert.equal(o.id, Number(rows.get(o.email)!['id']));
    assert.ok(Math.min(...second.map((o) => o.id)) > Math.max(...first.map((o) => o.id)));
  });
});

describe('sqlite: where the rowid cannot be trusted', () => {
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
        await engine.execute(sql`drop trigger if exists rowid_members_shadow`);
        await engine.execute(sql`delete from rowid_members`);
      });

      for (const temp of [false, true])
        test(`a ${temp ? 'temp ' : ''}trigger that inserts into the table: RETURNING, and the keys are right`, async () => {
          // Each new row brings a shadow row, whose rowid falls between the batch's rows. A
          // temp trigger lives on the writer connection that made it, which a reader's
          // schema does not show.
          await engine.execute(
            sql.raw(`create ${temp ? 'temp ' : ''}trigger rowid_members_shadow
               ${temp ? 'before' : 'after'} insert on rowid_members
               when new.email not like 'shadow-%'
               begin insert into rowid_members (email) values ('shadow-' || new.email); end`),
          );
          const seen = record(engine);
          const s = new Session(engine);
          const objs = newMembers('trig', BATCH);
          s.addAll(objs);
          await s.commit();
          await s.close();
          assert.ok(inserts(seen).every((st) => st.includes('returning')));
          const rows = await rowsByEmail(engine);
          assert.equal(rows.size, 2 * BATCH);
          for (const o of objs) assert.equal(o.id, Number(rows.get(o.email)!['id']));
        });

      test('a trigger made by another connection while the flush waits for the writer is seen', async () => {
        const other = makeEngine();
        const holder = await other.connect();
        await holder.execute(sql.raw('begin immediate'));
        const s = new Session(engine);
        const objs = newMembers('wait', BATCH);
        s.addAll(objs);
        const flushed = s.commit();
        await new Promise((resolve) => setTimeout(resolve, 150));
        await holder.execute(
          sql.raw(`create trigger rowid_members_shadow before insert on rowid_members
             when new.email not like 'shadow-%'
             begin insert into rowid_members (email) values ('shadow-' || new.email); end`),
        );
        await holder.execute(sql.raw('commit'));
        await holder.release();
        await flushed;
        await s.close();
        const rows = await rowsByEmail(engine);
        assert.equal(rows.size, 2 * BATCH);
        for (const o of objs) assert.equal(o.id, Number(rows.get(o.email)!['id']));
      });

      test('a large flush needs no reader: it runs while every reader is held', async () => {
        const small = makeEngine({ poolSize: 1, acquireTimeoutMs: 3_000 });
        const reading = new Session(small);
        await reading.query(RowidMember).all(); // holds the one reader in its transaction
        const s = new Session(small);
        const objs = newMembers('busy', BATCH);
        s.addAll(objs);
        await s.commit();
        await s.close();
        await reading.close();
        const rows = await rowsByEmail(engine);
        for (const o of objs) assert.equal(o.id, Number(rows.get(o.email)!['id']));
      });

      test('tables the rowid path must not take keep working through RETURNING', async () => {
        const cases: [string, string[]][] = [
          // Lives on the writer connection only.
          [
            'rowid_temp',
            [
              "create temp table rowid_temp (id integer primary key autoincrement, email text, status text default 'new')",
            ],
          ],
          // In an attached database, with a trigger there that inserts into the table.
          [
            'rowid_aux',
            [
              "attach database ':memory:' as aux",
              "create table aux.rowid_aux (id integer primary key autoincrement, email text, status text default 'new')",
              `create trigger aux.rowid_aux_shadow before insert on rowid_aux when new.email not like 'shadow-%'
                 begin insert into rowid_aux (email) values ('shadow-' || new.email); end`,
            ],
          ],
          // A name that is a temp table and a main table at once.
          [
            'rowid_twice',
            [
              "create table rowid_twice (id integer primary key autoincrement, email text, status text default 'new')",
              "create temp table rowid_twice (id integer primary key autoincrement, email text, status text default 'new')",
            ],
          ],
        ];
        for (const [name, ddl] of cases) {
          for (const stmt of ddl) await engine.execute(sql.raw(stmt));
          const seen = await flushAndCompare(engine, handMadeModel(name), BATCH);
          assert.ok(
            seen.filter((st) => st.startsWith('insert')).every((st) => st.includes('returning')),
            name,
          );
        }
      });

      test('a table outside the default schema is the one checked and read (SQLite: "auth.members")', async () => {
        // A namesake in the default schema, with another default, and a trigger on the real
        // table: the flush must see the trigger and read the real table's defaults.
        await engine.execute(
          sql.raw(`create table rowid_scoped (id integer primary key autoincrement, email text,
             status text default 'public-default')`),
        );
        await engine.execute(
          sql.raw(`create table "auth.rowid_scoped" (id integer primary key autoincrement, email text,
             status text default 'auth-default')`),
        );
        const model = handMadeModel('rowid_scoped', 'auth');
        let seen = await flushAndCompare(engine, model, BATCH);
        assert.ok(tookRowidPath(seen), 'the rowid path');
        await engine.execute(sql.raw(`delete from "auth.rowid_scoped"`));
        await engine.execute(
          sql.raw(`create trigger auth_shadow before insert on "auth.rowid_scoped"
             when new.email not like 'shadow-%'
             begin insert into "auth.rowid_scoped" (email) values ('shadow-' || new.email); end`),
        );
        seen = await flushAndCompare(engine, model, BATCH);
        assert.ok(
          seen.filter((st) => st.startsWith('insert')).every((st) => st.includes('returning')),
        );
      });

      test('a session filter that hides the new rows does not hide their defaults from the flush', async () => {
        // A REAL default sends the defaults through the read-back by key; the filter hides
        // every new row (archived by default) from queries, not from the flush.
        await engine.execute(
          sql.raw(`create table rowid_hidden (id integer primary key autoincrement, email text,
             status integer default 1.5, archived integer not null default 1)`),
        );
        const hiddenIR = table(
          'rowid_hidden',
          [
            id(),
            column('email', 'varchar(100)'),
            column('status', 'integer', { default: { kind: 'number', value: 1 } }),
            column('archived', 'boolean', { default: { kind: 'boolean', value: true } }),
          ],
          { className: 'RowidHidden' },
        );
        const hidden = defineTable<{
          id: Column<number>;
          email: Column<string>;
          status: Column<number>;
          archived: Column<boolean>;
        }>(hiddenIR);
        class RowidHidden extends Model {
          static readonly c = hidden;
          declare id: number;
          declare email: string;
          declare status: number;
          declare archived: boolean;
          constructor(init: { email: string }) {
            super(init);
          }
        }
        registerModel(RowidHidden, hidden, {});
        const s = new Session(engine, {
          filters: [columnFilter('live', 'archived', (c) => c.eq(false))],
        });
        const objs = Array.from({ length: BATCH }, (_, i) => new RowidHidden({ email: `f${i}` }));
        s.addAll(objs);
        await s.commit();
        await s.close();
        assert.ok(objs.every((o) => o.status === 1.5 && o.archived === true));
      });

      test('a column named rowid does not hide the key, and integers stored as text are read as loaded', async () => {
        await engine.execute(
          sql.raw(`create table rowid_named (id integer primary key autoincrement, email text,
             status integer default 'N/A', rowid text default 'not the key')`),
        );
        const seen = await flushAndCompare(engine, handMadeModel('rowid_named'), BATCH);
        assert.ok(tookRowidPath(seen), 'the rowid path');
      });

      test('an INTEGER PRIMARY KEY DESC (not the rowid) and a WITHOUT ROWID table fail as before', async () => {
        for (const [name, ddl] of [
          [
            'rowid_desc',
            "create table rowid_desc (id integer primary key desc, email text, status text default 'new')",
          ],
          [
            'rowid_none',
            "create table rowid_none (id integer primary key, email text, status text default 'new') without rowid",
          ],
        ] as const) {
          await engine.execute(sql.raw(ddl));
          const model = handMadeModel(name);
          const errorOf = async (n: number): Promise<string> => {
            const s = new Session(engine);
            s.addAll(
              Array.from({ length: n }, (_, i) => new model.HandMade({ email: `${n}-${i}` })),
            );
            try {
              await s.commit();
              return 'committed';
            } catch (e) {
              return (e as Error).constructor.name;
            } finally {
              await s.close();
            }
          };
          // The same outcome as a batch too small for the rowid path, and no row written.
          assert.equal(await errorOf(BATCH), await errorOf(MIN_ROWS - 1), name);
          const { rows } = await engine.execute(sql.raw(`select count(*) as n from ${name}`));
          assert.equal(Number(rows[0]!['n']), 0, name);
        }
      });

      test('a driver that reports no last insert rowid: RETURNING', async () => {
        const conn = await engine.connect();
        await conn.begin();
        const log: string[] = [];
        const ex: OrmExecutor = {
          returning: true,
          eagerDefaults: true,
          rowidKeys: engine.dialect,
          async run(statement: StatementNode, params?: Readonly<Record<string, unknown>>) {
            const { rows, rowCount } = (await conn.execute(statement, params)) as RunResult;
            if (statement.kind === 'insert')
              log.push(statement.returning.length > 0 ? 'returning' : 'plain');
            return { rows, rowCount };
          },
          select: () => Promise.reject(new Error('no select expected')),
        };
        try {
          const objs = newMembers('nodriver', BATCH);
          await insertStates(ex, mapperOf(RowidMember), statesOf(objs));
          assert.ok(log.length > 0 && log.every((k) => k === 'returning'));
          assert.ok(objs.every((o) => typeof o.id === 'number' && o.status === 'new'));
        } finally {
          await conn.rollback();
          await conn.release();
        }
      });

      test(`a batch under ${MIN_ROWS} rows uses RETURNING`, async () => {
        const seen = record(engine);
        const s = new Session(engine);
        const objs = newMembers('small', MIN_ROWS - 1);
        s.addAll(objs);
        await s.commit();
        await s.close();
        assert.ok(inserts(seen).every((st) => st.includes('returning')));
        const rows = await rowsByEmail(engine);
        for (const o of objs) assert.equal(o.id, Number(rows.get(o.email)!['id']));
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
        assert.equal(seen.filter((st) => st.startsWith('insert into "rowid_stamped"')).length, 3);
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

      test('a default column the table does not have: RETURNING, never its quoted name as a value', async () => {
        // SQLite reads a double-quoted name that is no column as a string literal.
        await engine.execute(
          sql.raw(`create table rowid_narrow (id integer primary key autoincrement, email text)`),
        );
        const { HandMade } = handMadeModel('rowid_narrow');
        const seen = record(engine);
        const s = new Session(engine);
        const objs = Array.from({ length: BATCH }, (_, i) => new HandMade({ email: `n${i}` }));
        s.addAll(objs);
        await s.commit();
        await s.close();
        assert.ok(!tookRowidPath(seen), 'RETURNING');
        assert.ok(objs.every((o) => o.status !== 'status'));
        const { rows } = await engine.execute(sql`select id, email from rowid_narrow`);
        const byEmail = new Map(rows.map((r) => [r['email'], r['id']]));
        for (const o of objs) assert.equal(o.id, byEmail.get(o.email));
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
            st.startsWith('select "id", "score" from "rowid_reals" where "id" in ('),
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

      /**
       * The session's executor on a real connection, which runs `between` after the INSERT
       * number `after` (1-based) of the table, on the same connection: something else
       * inserting into the table meanwhile.
       */
      async function interfering(
        after: number,
        between: string,
      ): Promise<{
        ex: OrmExecutor;
        done: () => Promise<void>;
      }> {
        const conn = await engine.connect();
        await conn.begin();
        let count = 0;
        const ex: OrmExecutor = {
          returning: true,
          eagerDefaults: true,
          rowidKeys: engine.dialect,
          async run(statement: StatementNode, params?: Readonly<Record<string, unknown>>) {
            const result = (await conn.execute(statement, params)) as unknown as RunResult;
            if (statement.kind === 'insert' && ++count === after)
              await conn.execute(sql.raw(between));
            return result;
          },
          select: () => Promise.reject(new Error('no select expected')),
        };
        return {
          ex,
          done: async () => {
            await conn.rollback();
            await conn.release();
          },
        };
      }

      test('a row inserted between two INSERTs of the batch fails the flush', async () => {
        const { ex, done } = await interfering(
          1,
          `insert into rowid_members (email) values ('intruder@x.org')`,
        );
        try {
          // Two INSERTs of 1,000 rows each: the intruder takes the rowid after the first.
          await assert.rejects(
            insertStates(ex, mapperOf(RowidMember), statesOf(newMembers('a', 1_500))),
            (e: unknown) => e instanceof OrmError && /do not follow/.test(e.message),
          );
        } finally {
          await done();
        }
      });

      test('a row inserted after the last INSERT of the batch fails the flush', async () => {
        const { ex, done } = await interfering(
          2,
          `insert into rowid_members (email) values ('late@x.org')`,
        );
        try {
          await assert.rejects(
            insertStates(ex, mapperOf(RowidMember), statesOf(newMembers('b', 1_500))),
            (e: unknown) => e instanceof OrmError && /were not keys/.test(e.message),
          );
        } finally {
          await done();
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
