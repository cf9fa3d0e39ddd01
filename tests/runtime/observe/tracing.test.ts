// OpenTelemetry spans through the real SDK (an in-memory exporter, the AsyncLocalStorage
// context manager a Node app registers), on every dialect: one CLIENT span per statement
// with the database semantic conventions' name and attributes, error status, nesting
// under the caller's span, and the ORM's flush span as the parent of its statements.
import assert from 'node:assert/strict';
import { afterEach, before, test } from 'node:test';
import { trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  ConfigError,
  Session,
  createEngine,
  insertInto,
  selectFrom,
  sql,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect, type TestDialect } from '../../support/databases.js';
import { createSchema } from '../orm/fixtures/db.js';
import { User } from '../orm/fixtures/models.js';
import { ITEMS_DDL, items } from './items.js';
import { registerSdkTracer } from './sdk-tracer.js';

const { exporter, provider } = registerSdkTracer();

const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
const named = (name: string): ReadableSpan[] => spans().filter((s) => s.name === name);

const SYSTEM: Record<TestDialect, readonly string[]> = {
  sqlite: ['sqlite'],
  postgres: ['postgresql'],
  mysql: ['mysql', 'mariadb'],
};

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  let url: URL | null;
  // Closed after each test, passed or not (an open session would hold SQLite's writer).
  const sessions: Session[] = [];
  const open = (on: Engine): Session => {
    const session = new Session(on);
    sessions.push(session);
    return session;
  };
  afterEach(async () => {
    for (const session of sessions.splice(0)) await session.close();
  });
  before(async () => {
    engine = makeEngine({ tracing: true });
    await engine.execute(sql.raw(ITEMS_DDL));
    await createSchema(engine, dialect);
    const probe = makeEngine();
    url = dialect === 'sqlite' ? null : new URL(await serverUrl(probe, dialect));
  });

  /** The URL the suite's engines were made with, read back from the database's name. */
  async function serverUrl(probe: Engine, d: TestDialect): Promise<string> {
    const { rows } = await probe.execute<{ name: string }>(
      d === 'postgres'
        ? sql`select current_database() as "name"`
        : sql`select database() as "name"`,
    );
    const base = d === 'postgres' ? 'postgresql://127.0.0.1:5432/' : 'mysql://127.0.0.1:3306/';
    return base + rows[0]!.name;
  }

  test('a statement: one CLIENT span named "{operation} {table}", with the conventions\' attributes', async () => {
    await engine.execute(insertInto(items).values({ id: 1, name: 'one' }));
    await engine.execute(selectFrom(items));
    const [insert, select] = spans();
    assert.equal(spans().length, 2);
    assert.equal(insert!.name, 'INSERT items');
    assert.equal(insert!.kind, SpanKind.CLIENT);
    assert.equal(insert!.status.code, SpanStatusCode.UNSET);
    const a = insert!.attributes;
    assert.ok(SYSTEM[dialect].includes(String(a['db.system.name'])), String(a['db.system.name']));
    assert.equal(a['db.operation.name'], 'INSERT');
    assert.equal(a['db.collection.name'], 'items');
    assert.match(String(a['db.query.text']), /^insert into ["`]items["`]/);
    assert.equal(a['db.query.parameter.0'], undefined, 'values are not recorded by default');
    if (url === null) {
      assert.match(String(a['db.namespace']), /test\.db$/);
      assert.equal(a['server.address'], undefined);
    } else {
      assert.equal(a['db.namespace'], url.pathname.slice(1));
      assert.equal(a['server.address'], '127.0.0.1');
      assert.equal(a['server.port'], Number(url.port));
    }
    assert.equal(select!.name, 'SELECT items');
    assert.equal(select!.attributes['db.response.returned_rows'], 1);
    assert.equal(select!.instrumentationScope.name, '@dbgen/runtime');
  });

  test('a failed statement: error status, error.type, the database code, the exception', async () => {
    await assert.rejects(engine.execute(insertInto(items).values({ id: 1, name: 'dup' })));
    const [failed] = spans();
    assert.equal(failed!.name, 'INSERT items');
    assert.equal(failed!.status.code, SpanStatusCode.ERROR);
    assert.equal(failed!.attributes['error.type'], 'UniqueViolationError');
    assert.ok(failed!.attributes['db.response.status_code'], 'the driver code is recorded');
    assert.equal(failed!.events[0]?.name, 'exception');
  });

  test('statement spans are children of the active span', async () => {
    const tracer = trace.getTracer('app');
    await tracer.startActiveSpan('handle request', async (parent) => {
      await engine.execute(selectFrom(items));
      await engine.transaction(async (tx) => {
        await tx.execute(sql`update items set name = ${'uno'} where id = ${1}`);
      });
      parent.end();
    });
    const [request] = named('handle request');
    const children = spans().filter((s) => s !== request);
    // Without a table, the span is named after the database (the conventions' target);
    // raw SQL has no operation (its text is not parsed), so the database alone names it.
    const database = String(children[0]!.attributes['db.namespace']);
    const begin = dialect === 'mysql' ? 'START TRANSACTION' : 'BEGIN';
    assert.deepEqual(
      children.map((s) => s.name),
      ['SELECT items', `${begin} ${database}`, database, `COMMIT ${database}`],
    );
    for (const child of children)
      assert.equal(child.parentSpanContext?.spanId, request!.spanContext().spanId, child.name);
    assert.equal(children[2]!.attributes['db.operation.name'], undefined);
    assert.equal(
      children[2]!.attributes['db.query.text'],
      dialect === 'postgres'
        ? 'update items set name = $1 where id = $2'
        : 'update items set name = ? where id = ?',
    );
  });

  test('an ORM flush is one span, and the statements it sends are its children', async () => {
    const session = open(engine);
    session.add(new User({ email: 'ada@example.org' }));
    session.add(new User({ email: 'grace@example.org' }));
    await session.commit();
    const [flush] = named('session.flush');
    assert.ok(
      flush,
      `spans: ${spans()
        .map((s) => s.name)
        .join(', ')}`,
    );
    assert.equal(flush.kind, SpanKind.INTERNAL);
    assert.equal(flush.attributes['dbgen.flush.new'], 2);
    const inserts = named('INSERT users');
    assert.ok(inserts.length >= 1);
    for (const insert of inserts)
      assert.equal(insert.parentSpanContext?.spanId, flush.spanContext().spanId);
    // The COMMIT that ends the session's transaction is a span of its own, after the flush.
    const commit = spans().find((s) => s.attributes['db.operation.name'] === 'COMMIT');
    assert.ok(commit);
    assert.equal(commit.parentSpanContext, undefined, 'no active span: the COMMIT is a root');
    assert.ok(spans().indexOf(commit) > spans().indexOf(flush), 'the COMMIT ends after the flush');
  });

  test('a failed flush: the flush span has error status', async () => {
    const session = open(engine);
    session.add(new User({ email: 'ada@example.org' })); // taken by the test before
    await assert.rejects(session.commit());
    const [flush] = named('session.flush');
    assert.equal(flush?.status.code, SpanStatusCode.ERROR);
    assert.equal(flush?.attributes['error.type'], 'UniqueViolationError');
  });

  test('tracing: { tracer, values: true } uses that tracer and records the values', async () => {
    const mine = makeEngine({ tracing: { tracer: provider.getTracer('mine'), values: true } });
    await mine.execute(sql`select ${'x'} as "v", ${42} as "n"`);
    const [span] = spans();
    assert.equal(span!.instrumentationScope.name, 'mine');
    assert.equal(span!.attributes['db.query.parameter.0'], 'x');
    assert.equal(span!.attributes['db.query.parameter.1'], '42');
  });

  test('an engine without tracing makes no span, even with a tracer provider registered', async () => {
    const plain = makeEngine();
    await plain.execute(selectFrom(items));
    const session = open(plain);
    session.add(new User({ email: 'linus@example.org' }));
    await session.commit();
    assert.deepEqual(spans(), []);
  });
});

test('bad tracing options fail with a ConfigError naming them', () => {
  assert.throws(
    () => createEngine({ url: 'sqlite::memory:', tracing: { tracer: {} as never } }),
    (e: unknown) =>
      e instanceof ConfigError && /tracing\.tracer must be an OpenTelemetry Tracer/.test(e.message),
  );
  assert.throws(
    () => createEngine({ url: 'sqlite::memory:', tracing: { spans: true } as never }),
    /engine option tracing has no setting "spans"/,
  );
});
