// The compile cache by statement shape: statements that differ only in bound values share
// one compiled SQL text (a hit skips rendering); statements that differ in anything else
// never do; values never reach the SQL; the cache stays within its limits.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import {
  clearCompileCache,
  compile,
  compileCacheStats,
  configureCompileCache,
  count,
  postgresDialect,
  select,
  selectFrom,
  sql,
  sqliteDialect,
  value,
  type Compilable,
  type CompiledQuery,
  type SqlDialect,
  type StatementNode,
} from '@dbgen/runtime';
import { cases } from './compiler-cases.js';
import { posts, users } from './schema.js';

const dialects: readonly SqlDialect[] = [postgresDialect, sqliteDialect];
const defaults = configureCompileCache({});

afterEach(() => {
  configureCompileCache(defaults);
  clearCompileCache();
});

/** The SQL and parameters, or the error message, of compiling `statement`. */
function outcome(statement: Compilable, dialect: SqlDialect): string {
  try {
    const c: CompiledQuery = compile(statement, dialect, { id: 5 });
    return JSON.stringify([c.sql, c.parameters, c.resultColumns], (_k, v: unknown) =>
      typeof v === 'bigint' ? `${v}n` : v,
    );
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

/** What rendering gives, the cache out of the way (a fresh object: no per-object cache). */
function uncached(make: () => Compilable, dialect: SqlDialect): string {
  const before = configureCompileCache({ maxShapes: 0 });
  try {
    return outcome(make(), dialect);
  } finally {
    configureCompileCache(before);
  }
}

for (const dialect of dialects) {
  test(`same shape, other values: one SQL text, a hit, the new values bound (${dialect.name})`, () => {
    clearCompileCache();
    const byId = (id: number) => selectFrom(posts).where(posts.id.eq(id), posts.title.like('%a'));
    const first = compile(byId(1), dialect);
    const before = compileCacheStats(dialect);
    const second = compile(byId(2), dialect);
    const after = compileCacheStats(dialect);
    assert.equal(second.sql, first.sql);
    assert.deepEqual(first.parameters, [1, '%a']);
    assert.deepEqual(second.parameters, [2, '%a']);
    assert.deepEqual(second.resultColumns, first.resultColumns);
    assert.equal(after.hits, before.hits + 1);
    assert.equal(after.misses, before.misses);
    assert.equal(after.size, 1);
  });

  test(`statements that differ in more than values never share SQL (${dialect.name})`, () => {
    // Each group: statements that must all compile to different SQL. Compiled twice,
    // warm: every one must still give what rendering gives.
    const groups: (() => Compilable)[][] = [
      [
        () => select(users.id).from(users).where(users.id.eq(1)),
        () => select(users.id).from(users).where(users.id.ne(1)),
        () => select(users.id).from(users).where(users.id.lt(1)),
        () => select(users.id).from(users).where(users.email.eq('1')),
        () => select(users.id).from(users).where(users.name.eq(null)),
        () => select(users.id).from(users).where(users.name.ne(null)),
        () => select(users.email).from(users).where(users.id.eq(1)),
        () => select(users.id, users.email).from(users).where(users.id.eq(1)),
        () => select({ x: users.id }).from(users).where(users.id.eq(1)),
        () => select(users.id).from(users.$alias('u')).where(users.id.eq(1)),
        () => select(users.id).from(posts).where(users.id.eq(1)),
      ],
      [
        () =>
          select(users.id)
            .from(users)
            .where(users.id.in([1])),
        () =>
          select(users.id)
            .from(users)
            .where(users.id.in([1, 2])),
        () =>
          select(users.id)
            .from(users)
            .where(users.id.in([1, 2, 3])),
        () => select(users.id).from(users).where(users.id.in([])),
        () => select(users.id).from(users).where(users.id.notIn([])),
        () =>
          select(users.id)
            .from(users)
            .where(users.id.notIn([1])),
        () =>
          select(users.id)
            .from(users)
            .where(users.id.in(select(posts.id).from(posts))),
      ],
      [
        () => select(users.id).from(users).limit(1),
        () => select(users.id).from(users).offset(1),
        () => select(users.id).from(users).limit(1).offset(1),
        () => select(users.id).from(users).orderBy(users.id),
        () => select(users.id).from(users).orderBy(users.id.desc()),
        () => select(users.id).from(users).orderBy(users.id.desc().nullsFirst()),
        () => select(users.id).from(users).distinct(),
        () => select(users.id).from(users).groupBy(users.id),
        () => select(users.id).from(users).groupBy(users.id).having(count().gt(1)),
        () => select(users.id).from(users).forUpdate(),
      ],
      [
        () => select(users.id).from(users).where(users.email.like('a')),
        () => select(users.id).from(users).where(users.email.ilike('a')),
        () => select(users.id).from(users).where(users.email.notLike('a')),
        () => select(users.id).from(users).where(users.id.between(1, 2)),
        () => select(users.id).from(users).where(users.id.notBetween(1, 2)),
        () =>
          select(users.id)
            .from(users)
            .where(users.id.eq(1).and(users.id.eq(2))),
        () =>
          select(users.id)
            .from(users)
            .where(users.id.eq(1).or(users.id.eq(2))),
      ],
      [
        () => sql`select ${1}`,
        () => sql`select ${1} + 1`,
        () => sql`select ${sql.id('a', 'b')}`,
        () => sql`select ${sql.id('a.b')}`,
        () => sql`select ${sql.id('ab')}`,
        () => sql`select ${sql.join([1, 2])}`,
        () => sql`select ${sql.join([1, 2, 3])}`,
        () => sql`select ${sql.join([1, 2], sql` + `)}`,
        () => sql.raw('select 1'),
        () => sql.raw('select 2'),
      ],
    ];
    clearCompileCache();
    for (const group of groups) {
      const rendered = group.map((make) => uncached(make, dialect));
      for (let round = 0; round < 2; round++) {
        group.forEach((make, i) => assert.equal(outcome(make(), dialect), rendered[i]));
      }
      const texts = rendered.map((r) => (JSON.parse(r) as [string])[0]);
      assert.equal(
        new Set(texts).size,
        texts.length,
        `distinct SQL expected: ${texts.join(' | ')}`,
      );
    }
  });

  test(`a hostile value never changes the SQL (${dialect.name})`, () => {
    clearCompileCache();
    const hostile: unknown[] = [
      "'; drop table users; --",
      '$1',
      '?',
      { kind: 'raw', parts: ['1; drop table users'], args: [] },
      { kind: 'column', table: 'x', name: 'y', type: null, propertyName: 'y' },
      ['a', 'b'],
      { toString: () => 'select 1' },
    ];
    // Wrapped in value(): a plain value compared with a column is checked against the
    // column's type first (value-check.ts), and these must reach the compiler.
    const statement = (v: unknown) =>
      select(users.id)
        .from(users)
        .where(
          users.name.eq(value(v as string, users.name.ir.type)),
          users.email.in([value(v as string, users.email.ir.type), 'x']),
        );
    const harmless = compile(statement('x'), dialect);
    for (const v of hostile) {
      const compiled = compile(statement(v), dialect);
      assert.equal(compiled.sql, harmless.sql);
      assert.equal(compiled.parameters.length, 3);
    }
    assert.equal(compileCacheStats(dialect).hits, hostile.length);
  });
}

test('the shape cache keeps at most maxShapes shapes, evicting the oldest', () => {
  configureCompileCache({ maxShapes: 4 });
  const shape = (n: number) =>
    select(users.id)
      .from(users)
      .where(users.id.in(Array.from({ length: n }, (_, i) => i)));
  for (let n = 1; n <= 10; n++) compile(shape(n), postgresDialect);
  const stats = compileCacheStats(postgresDialect);
  assert.ok(stats.size <= 4, `size ${stats.size}`);
  assert.ok(stats.evictions >= 6, `evictions ${stats.evictions}`);
  assert.equal(stats.misses, 10);
  compile(shape(10), postgresDialect); // recent: still there
  assert.equal(compileCacheStats(postgresDialect).hits, 1);
  compile(shape(1), postgresDialect); // the oldest: evicted, rendered again
  assert.equal(compileCacheStats(postgresDialect).misses, 11);
});

test('the shape cache keeps at most maxChars of SQL; maxShapes 0 turns it off', () => {
  configureCompileCache({ maxChars: 200 });
  const wide = select(users.id)
    .from(users)
    .where(users.id.in(Array.from({ length: 50 }, (_, i) => i)));
  compile(wide, postgresDialect); // longer than half the limit: not kept
  assert.equal(compileCacheStats(postgresDialect).size, 0);
  configureCompileCache({ maxShapes: 0, maxChars: defaults.maxChars });
  compile(select(users.id).from(users), postgresDialect);
  compile(select(users.id).from(users), postgresDialect);
  assert.equal(compileCacheStats(postgresDialect).size, 0);
  assert.equal(compileCacheStats(postgresDialect).hits, 0);
  assert.throws(() => configureCompileCache({ maxShapes: -1 }), /non-negative integer/);
});

/** A deep copy of a node tree (the per-object cache does not know it; the shape does). */
function clone<T>(n: T): T {
  if (Array.isArray(n)) return n.map(clone) as T;
  if (n === null || typeof n !== 'object' || n instanceof Date || Buffer.isBuffer(n)) return n;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) out[k] = k === 'value' ? v : clone(v);
  return out as T;
}

/**
 * Every statement one change away from `root`: one string, flag, number or null field
 * changed, or one list one item shorter or longer (values of value nodes left alone).
 */
function* variants(root: unknown): Generator<unknown> {
  function* at(n: unknown, replace: (v: unknown) => unknown): Generator<unknown> {
    if (Array.isArray(n)) {
      if (n.length > 0) {
        yield replace(n.slice(0, -1));
        yield replace([...n, n[n.length - 1]]);
      }
      for (let i = 0; i < n.length; i++) {
        yield* at(n[i], (v) => replace(n.map((x, j) => (j === i ? v : x))));
      }
      return;
    }
    if (typeof n === 'string') {
      yield replace(`${n}x`);
      yield replace(null);
    } else if (typeof n === 'boolean') yield replace(!n);
    else if (typeof n === 'number') yield replace(n + 1);
    else if (n === null) yield replace('x');
    else if (typeof n === 'object' && !(n instanceof Date) && !Buffer.isBuffer(n)) {
      const o = n as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        if (k === 'kind' || (o['kind'] === 'value' && k === 'value')) continue;
        yield* at(o[k], (v) => replace({ ...o, [k]: v }));
      }
    }
  }
  yield* at(root, (v) => v);
}

test('every compiler case, and every one-change variant of it, compiles as rendering does', () => {
  configureCompileCache({ maxShapes: 100_000 });
  for (const dialect of dialects) {
    clearCompileCache();
    const statements: StatementNode[] = [];
    for (const statement of Object.values(cases)) {
      const root = (statement as { toStatementNode(): StatementNode }).toStatementNode();
      statements.push(root);
      for (const v of variants(root)) statements.push(v as StatementNode);
    }
    assert.ok(statements.length > 1000, `${statements.length} statements`);
    const rendered = statements.map((s) => uncached(() => clone(s), dialect));
    // Warm: every shape stored; then again, hits: each must still be what it renders to.
    for (let round = 0; round < 2; round++) {
      statements.forEach((s, i) => {
        assert.equal(outcome(clone(s), dialect), rendered[i], `statement ${i}`);
      });
    }
    assert.ok(compileCacheStats(dialect).hits > statements.length / 2);
  }
});

test('a dialect hook that compiles something does not disturb the values being bound', () => {
  const other = (i: number) => select(users.id).from(users).where(users.id.eq(i));
  let depth = 0;
  const reentrant: SqlDialect = {
    ...postgresDialect,
    toDriverValue: (value, type) => {
      // Walks again (same dialect, same shared walk), once per outer value.
      if (depth++ === 0) compile(other(7), reentrant);
      depth--;
      return postgresDialect.toDriverValue(value, type);
    },
  };
  const statement = (a: number, b: string) =>
    select(users.id).from(users).where(users.id.eq(a), users.email.eq(b));
  compile(statement(1, 'x'), reentrant);
  const hit = compile(statement(2, 'y'), reentrant);
  assert.deepEqual(hit.parameters, [2, 'y']);
  assert.ok(compileCacheStats(reentrant).hits >= 1);
});

test('with maxShapes 1 one shape is held', () => {
  configureCompileCache({ maxShapes: 1 });
  for (let n = 1; n <= 3; n++) {
    compile(
      select(users.id)
        .from(users)
        .where(users.id.in(Array.from({ length: n }, (_, i) => i))),
      sqliteDialect,
    );
    assert.equal(compileCacheStats(sqliteDialect).size, 1);
  }
});
