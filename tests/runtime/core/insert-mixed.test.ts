// Multi-row inserts whose rows set different columns: DEFAULT fills the gaps on
// PostgreSQL; SQLite (no DEFAULT in VALUES) runs one statement per column set, in one
// transaction, with RETURNING rows in input order. Same behaviour on both.
import assert from 'node:assert/strict';
import { before, beforeEach, test } from 'node:test';
import {
  IntegrityError,
  UniqueViolationError,
  insertInto,
  select,
  sql,
  type Engine,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { users } from './schema.js';

const at = new Date('2024-02-03T04:05:06.007Z');

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    const id = dialect === 'postgres' ? 'serial' : 'integer';
    const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
    await engine.execute(
      sql.raw(
        `create table "users" ("id" ${id} primary key, "email" text not null unique, "name" text default 'anon', "created_at" ${ts} not null)`,
      ),
    );
  });
  beforeEach(async () => {
    await engine.execute(sql`delete from "users"`);
  });

  const all = async () =>
    (await engine.execute(select(users.id, users.email, users.name).from(users).orderBy(users.id)))
      .rows;

  test('rows setting different columns get the defaults; RETURNING keeps input order', async () => {
    const result = await engine.execute(
      insertInto(users)
        .values([
          { id: 10, email: 'a@x', createdAt: at },
          { email: 'b@x', name: 'Bea', createdAt: at, id: 5 },
          { id: 7, email: 'c@x', createdAt: at },
          { id: 1, email: 'd@x', name: null, createdAt: at },
        ])
        .returning(users.id, users.email, users.name),
    );
    assert.equal(result.rowCount, 4);
    assert.deepEqual(result.rows, [
      { id: 10, email: 'a@x', name: 'anon' },
      { id: 5, email: 'b@x', name: 'Bea' },
      { id: 7, email: 'c@x', name: 'anon' },
      { id: 1, email: 'd@x', name: null },
    ]);
    assert.deepEqual(await all(), [
      { id: 1, email: 'd@x', name: null },
      { id: 5, email: 'b@x', name: 'Bea' },
      { id: 7, email: 'c@x', name: 'anon' },
      { id: 10, email: 'a@x', name: 'anon' },
    ]);
  });

  test('without RETURNING: the row count of all rows', async () => {
    const result = await engine.execute(
      insertInto(users).values([
        { id: 1, email: 'a@x', createdAt: at },
        { id: 2, email: 'b@x', name: 'B', createdAt: at },
      ]),
    );
    assert.equal(result.rowCount, 2);
    assert.deepEqual(result.rows, []);
    assert.equal((await all()).length, 2);
  });

  test('all or nothing: a failing row leaves no row of the insert behind', async () => {
    await engine.execute(insertInto(users).values({ id: 1, email: 'taken@x', createdAt: at }));
    await assert.rejects(
      engine.execute(
        insertInto(users).values([
          { id: 2, email: 'new@x', name: 'N', createdAt: at },
          { id: 3, email: 'taken@x', createdAt: at },
        ]),
      ),
      (error: unknown) => error instanceof UniqueViolationError && error instanceof IntegrityError,
    );
    assert.deepEqual(await all(), [{ id: 1, email: 'taken@x', name: 'anon' }]);
  });

  test('inside a transaction, and rolled back with it', async () => {
    await assert.rejects(
      engine.transaction(async (tx) => {
        const { rows } = await tx.execute(
          insertInto(users)
            .values([
              { id: 4, email: 'a@x', createdAt: at },
              { id: 3, email: 'b@x', name: 'B', createdAt: at },
            ])
            .returning(users.id),
        );
        assert.deepEqual(rows, [{ id: 4 }, { id: 3 }]);
        assert.equal((await tx.execute(sql`select * from "users"`)).rows.length, 2);
        throw new Error('undo');
      }),
      /undo/,
    );
    assert.deepEqual(await all(), []);
  });
});
