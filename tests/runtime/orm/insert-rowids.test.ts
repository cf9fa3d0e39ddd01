// A large batch of new objects gets the keys and server defaults of its rows on every
// dialect. On SQLite they come from the rowid and one read of the range, not a RETURNING
// row per object (orm/flush/insert-rowids.ts): the statements are checked for that, and
// for falling back to RETURNING where the rowid cannot be trusted (a trigger, a small
// batch, a column type JSON would not carry exactly). Something inserting into the table
// between the flush's INSERTs fails the flush instead of giving wrong keys.
import assert from 'node:assert/strict';
import { before, beforeEach, describe, test } from 'node:test';
import {
  createSchemaSql,
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
import { insertStates } from '../../../packages/runtime/src/orm/flush/persister.js';
import { mapperOf } from '../../../packages/runtime/src/orm/mapping/mapper.js';
import type { OrmExecutor, RunResult } from '../../../packages/runtime/src/orm/session/executor.js';
import type { InstanceState } from '../../../packages/runtime/src/orm/state/instance-state.js';
import { forEachDialect } from '../../support/databases.js';
import { column, id, schema, table } from '../../support/ir.js';

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

/** Every row of the table by email, read back through the Core (converted). */
async function rowsByEmail(engine: Engine): Promise<Map<string, Record<string, unknown>>> {
  const { rows } = await engine.execute(select(members).from(members));
  return new Map(rows.map((r) => [r.email, r as Record<string, unknown>]));
}

/** Statements an engine runs from now on, lower-cased. */
function record(engine: Engine): string[] {
  const seen: string[] = [];
  engine.on('statement', (event: { sql: string }) => {
    seen.push(event.sql.toLowerCase());
  });
  return seen;
}

const inserts = (seen: readonly string[]): string[] =>
  seen.filter((s) => s.startsWith('insert into "rowid_members"'));

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    for (const stmt of createSchemaSql(schema([membersIR]), dialect))
      await engine.execute(sql.raw(stmt));
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
      assert.equal(seen.filter((s) => s.includes('json_group_array')).length, 1);
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
        for (const stmt of createSchemaSql(schema([membersIR]), 'sqlite'))
          await engine.execute(sql.raw(stmt));
      });
      beforeEach(async () => {
        await engine.execute(sql`drop trigger if exists rowid_members_shadow`);
        await engine.execute(sql`delete from rowid_members`);
      });

      test('a trigger that inserts into the table: RETURNING, and the keys are right', async () => {
        // Each new row brings a shadow row, whose rowid falls between the batch's rows.
        await engine.execute(
          sql.raw(`create trigger rowid_members_shadow after insert on rowid_members
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

      test('a REAL where JSON would round it: the defaults are read back by key, exact', async () => {
        // SQLite keeps 0.1 + 0.2 in an INTEGER column as a REAL; its JSON text has 15 digits.
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
             email varchar(100) not null, score integer not null default (0.1 + 0.2))`),
        );
        const seen = record(engine);
        const t = new Session(engine);
        const many = Array.from({ length: BATCH }, (_, i) => new RowidReal({ email: `r${i}` }));
        t.addAll(many);
        await t.commit();
        await t.close();
        assert.ok(seen.some((st) => st.includes('json_group_array')));
        assert.ok(
          seen.some((st) =>
            st.startsWith('select "id", "score" from "rowid_reals" where "id" in ('),
          ),
          'read back by key',
        );
        for (const o of many) assert.equal(o.score, 0.1 + 0.2);
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

      const statesOf = (objs: readonly RowidMember[]): InstanceState[] =>
        objs.map((o) => ({ obj: o }) as unknown as InstanceState);

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
            (e: unknown) => e instanceof OrmError && /were not rowids/.test(e.message),
          );
        } finally {
          await done();
        }
      });
    },
    ['sqlite'],
  );
});
