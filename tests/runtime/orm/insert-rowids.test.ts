// A large batch of new objects gets the keys of its rows on every dialect. On SQLite they
// come from the rowid, not a RETURNING row per object (orm/flush/insert-rowids.ts): the
// statements are checked for that, and for falling back to RETURNING where the rowid
// cannot be trusted (a trigger, a small batch, a table the path must not take). Something
// inserting into the table between the flush's INSERTs fails the flush instead of giving
// wrong keys. The server defaults read on that path: insert-rowid-defaults.test.ts.
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
import { insertStates } from '../../../packages/runtime/src/orm/flush/insert-states.js';
import { mapperOf } from '../../../packages/runtime/src/orm/mapping/mapper.js';
import type { OrmExecutor, RunResult } from '../../../packages/runtime/src/orm/session/executor.js';
import { forEachDialect } from '../../support/databases.js';
import { column, id, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';
import {
  membersIR,
  members,
  RowidMember,
  BATCH,
  newMembers,
  handMadeModel,
  flushAndCompare,
  rowsByEmail,
  statesOf,
  record,
  tookRowidPath,
  uniformReads,
  comparingReads,
  inserts,
} from './fixtures/rowid-members.js';

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
