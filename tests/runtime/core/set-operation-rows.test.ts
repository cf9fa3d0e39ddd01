// union / intersect / except take an operand whose rows are read as the first operand's:
// the database names the result after the first query and the compiler converts every
// value by its column types. Another shape is refused by the types (each `@ts-expect-error`
// must fail to compile) and, where the types cannot see it, when the compound is built
// (a CompileError naming the column and both types), before any SQL is sent. Each refused
// case read wrong values before: an integer 6 as `true`, a bigint rounded to a double.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  cast,
  CompileError,
  count,
  defineTable,
  insertInto,
  select,
  type Column,
  type Engine,
  type SelectArg,
  type SelectQuery,
} from '@dbgen/runtime';
import { createTables } from '../../support/create-tables.js';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';

const tIR = table('setop_t', [
  column('id', 'integer', { primaryKey: true }),
  column('flag', 'boolean'),
  column('i', 'integer'),
  column('s', 'smallint', { nullable: true }),
  column('b', 'bigint'),
  column('name', 'varchar(20)'),
]);
interface T {
  readonly id: Column<number>;
  readonly flag: Column<boolean>;
  readonly i: Column<number>;
  readonly s: Column<number | null>;
  readonly b: Column<bigint>;
  readonly name: Column<string>;
}
const t = defineTable<T>(tIR);

/** Compiles only when `A` and `B` are the same type. */
type Equal<A, B> =
  (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const expectType = <X extends true>(): X => true as X;
type RowOf<Q> = NonNullable<Q extends { readonly __row?: infer R } ? R : never>;

// The same names and types compile; an operand whose column may be null makes it `| null`.
const same = select({ x: t.i })
  .from(t)
  .union(select({ x: t.id }).from(t));
expectType<Equal<RowOf<typeof same>, { readonly x: number }>>();
const widened = select({ x: t.i })
  .from(t)
  .unionAll(select({ x: t.s }).from(t));
expectType<Equal<RowOf<typeof widened>, { readonly x: number | null }>>();

const ints = select({ x: t.i }).from(t);
const flags = select({ x: t.flag }).from(t);
const bigs = select({ x: t.b }).from(t);
const pairs = select({ x: t.i, y: t.name }).from(t);
const ys = select({ y: t.i }).from(t);
function typeErrors(): void {
  // @ts-expect-error -- boolean over integer
  void flags.union(ints);
  // @ts-expect-error -- number over bigint
  void ints.intersect(bigs);
  // @ts-expect-error -- a column more
  void ints.except(pairs);
  // @ts-expect-error -- a column fewer
  void pairs.unionAll(ints);
  // @ts-expect-error -- another name
  void ints.union(ys);
  // @ts-expect-error -- a later operand is held to the first one too
  void ints.union(ints).union(flags);
}
void typeErrors;

/** `select` with no row type, to show what building checks on its own. */
const untyped = select as unknown as (...args: SelectArg[]) => SelectQuery<Record<string, unknown>>;

function refusal(pattern: RegExp) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof CompileError, String(e));
    assert.match(e.message, pattern);
    return true;
  };
}

test('an operand of another shape is refused when the compound is built', () => {
  const q = (...args: SelectArg[]) => untyped(...args).from(t);
  assert.throws(
    () => q({ x: t.flag }).union(q({ x: t.i })),
    refusal(/column "x" is boolean in the first query but integer in the other.*cast/),
  );
  assert.throws(
    () => q({ x: t.i }).unionAll(q({ x: t.b })),
    refusal(/"x" is integer in the first query but bigint/),
  );
  assert.throws(() => q({ x: t.b }).intersect(q({ x: t.i })), refusal(/bigint .* integer/));
  assert.throws(() => q({ x: t.i }).except(q({ x: t.i }, t.name)), refusal(/selects 2 column/));
  assert.throws(() => q({ x: t.i }).union(q({ y: t.i })), refusal(/"x" in the first .* "y"/));
  // Each later operand is held to the first one.
  assert.throws(
    () =>
      q({ x: t.i })
        .union(q({ x: t.s }))
        .union(q({ x: t.flag })),
    refusal(/integer in the first query but boolean/),
  );
  // smallint and integer read alike; so do two varchar lengths; an expression of no known
  // type converts nothing and is compared by the types only.
  assert.doesNotThrow(() => q({ x: t.i }).union(q({ x: t.s })));
  assert.doesNotThrow(() => q({ x: t.name }).union(q({ x: cast<string>(t.name, 'varchar(5)') })));
  assert.doesNotThrow(() => q({ x: t.i }).union(q({ x: t.i.plus(1) })));
  assert.doesNotThrow(() => q({ n: count() }).union(q({ n: count() })));
});

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([tIR]), dialect);
    await engine.execute(
      insertInto(t).values([
        { id: 1, flag: true, i: 5, s: 2, b: 9007199254740993n, name: 'a' },
        { id: 2, flag: false, i: 6, s: null, b: 1n, name: 'b' },
      ]),
    );
  });

  test('the refused unions never reach the database; a cast one reads right', async () => {
    const q = (...args: SelectArg[]) => untyped(...args).from(t);
    assert.throws(() => q({ x: t.flag }).union(q({ x: t.i })), CompileError);
    // Cast to the first operand's type, the values keep theirs.
    const { rows } = await engine.execute(
      select({ x: t.b })
        .from(t)
        .where(t.id.eq(1))
        .union(
          select({ x: cast<bigint>(t.i, 'bigint') })
            .from(t)
            .where(t.id.eq(2)),
        ),
    );
    rows.sort((a, b) => (a.x < b.x ? -1 : 1));
    assert.deepEqual(rows, [{ x: 6n }, { x: 9007199254740993n }]);
  });

  test('a nullable operand column comes back null, as typed', async () => {
    const { rows } = await engine.execute(
      select({ x: t.i })
        .from(t)
        .where(t.id.eq(1))
        .unionAll(select({ x: t.s }).from(t).where(t.id.eq(2))),
    );
    const typed: { readonly x: number | null }[] = rows;
    assert.deepEqual(
      [...typed].sort((a, b) => (a.x ?? -1) - (b.x ?? -1)),
      [{ x: null }, { x: 5 }],
    );
  });
});
