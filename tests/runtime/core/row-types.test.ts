// Row types of select lists and RETURNING: checked by the compiler (`npm run typecheck`;
// each `@ts-expect-error` must fail to compile) and, on both databases, against the rows
// that actually come back (positional columns are keyed by their property names).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { count, insertInto, select, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { posts, users, usersTableDdl } from './schema.js';

/** Compiles only when `A` and `B` are the same type. */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(): T => true as T;

// Positional columns: keyed by property name (createdAt, not created_at), typed by column.
const positional = select(users.id, users.createdAt, posts.title).from(users);
type PositionalRow = NonNullable<(typeof positional)['__row']>;
expectType<Equal<PositionalRow, { id: number; createdAt: Date; title: string }>>();
// Mixed with the object form and aliases; an aliased table keeps its property names.
const u = users.$alias('u');
const mixed = select(u.email, { n: count() }, posts.score.as('points')).from(u);
type MixedRow = NonNullable<(typeof mixed)['__row']>;
expectType<Equal<MixedRow, { email: string; readonly n: number; points: number }>>();
// RETURNING takes the same arguments.
const returning = insertInto(users)
  .values({ email: 'x', createdAt: new Date() })
  .returning(users.id, users.name);
type ReturningRow = NonNullable<(typeof returning)['__row']>;
expectType<Equal<ReturningRow, { id: number; name: string | null }>>();

function typeErrors(row: PositionalRow): void {
  // @ts-expect-error -- not selected
  void row.email;
  // @ts-expect-error -- the SQL name is not a key; rows are keyed by property name
  void row.created_at;
  // @ts-expect-error -- id is a number
  const id: string = row.id;
  void id;
}
void typeErrors;

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  const at = new Date('2024-05-06T07:08:09.010Z');
  before(async () => {
    engine = makeEngine();
    await engine.execute(sql.raw(usersTableDdl(dialect)));
    await engine.execute(insertInto(users).values({ id: 1, email: 'a@x', createdAt: at }));
  });

  test('positional columns come back keyed by property name, as typed', async () => {
    const { rows } = await engine.execute(
      select(users.id, users.createdAt, users.name).from(users),
    );
    assert.deepEqual(rows, [{ id: 1, createdAt: at, name: null }]);
    const first = rows[0];
    assert.ok(first);
    const typed: { id: number; createdAt: Date; name: string | null } = first;
    assert.ok(typed.createdAt instanceof Date);
  });
});
