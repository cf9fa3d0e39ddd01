// A flush of more new objects than one INSERT holds sends several batches; on PostgreSQL
// each batch goes out before the rows of the one before are back (persister.ts,
// `pipelinedWrites`). On every dialect: each object gets its own row's key and defaults, in
// order across batches; a batch the database refuses fails the flush with its own error
// and nothing of the flush stays, also when batches behind it were sent already; a value
// refused before its batch is sent does the same; the session and its connection go on.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  createEngine,
  defineTable,
  Model,
  registerModel,
  Session,
  sql,
  UniqueViolationError,
  InvalidValueError,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { createTables } from '../../support/create-tables.js';
import { createTestDatabase, forEachDialect } from '../../support/databases.js';
import { column, id, schema, table } from '../../support/ir.js';

const membersIR = table(
  'batch_members',
  [
    id(),
    column('email', 'varchar(100)', { unique: true }),
    column('score', 'integer'),
    column('status', 'varchar(20)', { default: { kind: 'string', value: 'new' } }),
  ],
  { className: 'BatchMember' },
);
const members = defineTable<{
  id: Column<number>;
  email: Column<string>;
  score: Column<number>;
  status: Column<string>;
}>(membersIR);

class BatchMember extends Model {
  static readonly c = members;
  declare id: number;
  declare email: string;
  declare score: number;
  declare status: string;
  constructor(init: { email: string; score: number }) {
    super(init);
  }
}
registerModel(BatchMember, members, {});

/** More rows than one INSERT takes (1,000 rows a statement): three batches. */
const COUNT = 2_500;

const make = (tag: string): BatchMember[] =>
  Array.from({ length: COUNT }, (_, i) => new BatchMember({ email: `${tag}-${i}@x`, score: i }));

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  const rowCount = async (): Promise<number> => {
    const { rows } = await engine.execute(sql`select count(*) as n from batch_members`);
    return Number(rows[0]!['n']);
  };
  /** An empty table, or one holding only a row with the email `taken@x`. */
  const emptyTable = async (withTaken = false): Promise<void> => {
    await engine.execute(sql`delete from batch_members`);
    if (withTaken)
      await engine.execute(sql`insert into batch_members (email, score) values ('taken@x', 0)`);
  };
  /** Adds `objects` and commits, which must fail with an `expected` error. */
  const commitRefused = async (
    s: Session,
    objects: readonly BatchMember[],
    expected: abstract new (...args: never[]) => Error,
    message?: RegExp,
  ): Promise<void> => {
    s.addAll([...objects]);
    await assert.rejects(s.commit(), (error: unknown) => {
      assert.ok(error instanceof expected, String(error));
      if (message !== undefined) assert.match((error as Error).message, message);
      return true;
    });
  };

  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([membersIR]), dialect);
  });

  test('each object gets its own row: keys and defaults in order across batches', async () => {
    await emptyTable();
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    const s = new Session(engine);
    const objects = make('order');
    s.addAll(objects);
    try {
      await s.commit();
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    // node-postgres warns when a query is given while one runs (its queue is deprecated):
    // the batches wait their turn in the connection instead.
    assert.deepEqual(
      warnings.map((w) => w.message),
      [],
    );
    const { rows } = await engine.execute(
      sql`select id, email, score from batch_members order by id`,
    );
    assert.equal(rows.length, COUNT);
    const byId = new Map(rows.map((r) => [Number(r['id']), r]));
    for (const o of objects) {
      const row = byId.get(o.id);
      assert.ok(row, `a row for ${o.email}`);
      assert.equal(row['email'], o.email);
      assert.equal(Number(row['score']), o.score);
      assert.equal(o.status, 'new');
    }
    assert.equal(new Set(objects.map((o) => o.id)).size, COUNT);
    await s.close();
  });

  test('a batch the database refuses fails the flush; nothing of it stays', async () => {
    await emptyTable(true);
    const s = new Session(engine);
    const objects = make('refused');
    // In the second batch: the first was sent before, the third after it.
    objects[1_500]!.email = 'taken@x';
    await commitRefused(s, objects, UniqueViolationError);
    assert.equal(await rowCount(), 1);
    // The session goes on: the refused objects are new again, and go in once fixed.
    objects[1_500]!.email = 'free@x';
    s.addAll(objects);
    await s.commit();
    assert.equal(await rowCount(), COUNT + 1);
    await s.close();
  });

  test('a value refused after earlier batches were sent fails the flush; nothing stays', async () => {
    await emptyTable();
    const s = new Session(engine);
    const objects = make('misfit');
    // In the third batch: its values are checked after the first two went out.
    (objects[2_200] as unknown as { score: unknown }).score = 'not a number';
    await commitRefused(s, objects, InvalidValueError, /score/);
    assert.equal(await rowCount(), 0);
    objects[2_200]!.score = 7;
    s.addAll(objects);
    await s.commit();
    assert.equal(await rowCount(), COUNT);
    await s.close();
  });

  test('a batch the database refuses is the error, not a value refused for a later batch', async () => {
    await emptyTable(true);
    const s = new Session(engine);
    const objects = make('first');
    objects[1_500]!.email = 'taken@x';
    (objects[2_200] as unknown as { score: unknown }).score = 'not a number';
    await commitRefused(s, objects, UniqueViolationError);
    assert.equal(await rowCount(), 1);
    await s.close();
  });

  test('batches go out back to back only where the database stops at the first failure, unobserved and untimed', async () => {
    const plain = await makeEngine().connect();
    const timed = await makeEngine({ statementTimeoutMs: 5_000 }).connect();
    const watchedEngine = makeEngine();
    watchedEngine.on('statement', () => undefined);
    const watched = await watchedEngine.connect();
    // `pipelines` is internal (what the session asks of its connection).
    const pipelines = (c: object): unknown => (c as { pipelines?: unknown }).pipelines;
    try {
      assert.equal(pipelines(plain), dialect === 'postgres');
      assert.equal(pipelines(timed), false);
      assert.equal(pipelines(watched), false);
    } finally {
      await Promise.all([plain.release(), timed.release(), watched.release()]);
    }
  });
});

const onlyDialects = process.env['DBGEN_TEST_DIALECTS']?.split(',');

test(
  "postgres: batches waiting their turn do not use up node-postgres's query_timeout",
  { skip: onlyDialects !== undefined && !onlyDialects.includes('postgres') },
  async () => {
    const database = await createTestDatabase('postgres');
    // pg reads `query_timeout` from the URL: the longest a query may take from when it is
    // given to the client.
    const url = new URL(database.url);
    url.searchParams.set('query_timeout', '700');
    const timed = createEngine(url.toString());
    try {
      await createTables(timed, schema([membersIR]), 'postgres');
      // Each INSERT takes 0.3 s: three batches back to back take longer than 0.7 s, which
      // each of them alone does not.
      await timed.execute(
        sql.raw(`create function slow_insert() returns trigger language plpgsql as
          $$ begin perform pg_sleep(0.3); return null; end $$`),
      );
      await timed.execute(
        sql.raw(`create trigger slow_insert after insert on batch_members
          for each statement execute function slow_insert()`),
      );
      const s = new Session(timed);
      s.addAll(make('slow'));
      await s.commit();
      await s.close();
      const { rows } = await timed.execute(sql`select count(*) as n from batch_members`);
      assert.equal(Number(rows[0]!['n']), COUNT);
    } finally {
      await timed.close();
      await database.drop();
    }
  },
);
