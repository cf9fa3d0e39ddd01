/**
 * Generated columns in the generated client and at run time: read-only in the types (not
 * in `new Model(...)`, not in Core insert/update values, not assignable on the model; each
 * `@ts-expect-error` below must be an error), never written by the Core or the ORM (a
 * clear ReadOnlyColumnError), and refreshed by the ORM after a flush changes their inputs —
 * on every dialect.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertInto, ReadOnlyColumnError, Session, sql, update } from '@dbgen/runtime';
import { createTables } from '../support/create-tables.js';
import { forEachDialect } from '../support/databases.js';
import { typecheckedClientSuite } from './support.js';

const SCHEMA = `
Table order_lines {
  id integer [pk]
  price integer [not null]
  quantity integer [not null]
  total integer [not null, note: 'price times quantity. @dbgen generated: \`price * quantity\`']
  label varchar(40)
}
`;

const USAGE = `
import { insertInto, update } from '@dbgen/runtime';
import { OrderLine, orderLines } from './client/index.js';

const line = new OrderLine({ id: 1, price: 7, quantity: 3 });
export const total: number = line.total;
export const insert = insertInto(orderLines).values({ id: 2, price: 1, quantity: 1 });
export const change = update(orderLines).set({ quantity: 5 });

// @ts-expect-error a generated column is not in the init
export const badInit = new OrderLine({ id: 3, price: 1, quantity: 1, total: 1 });
// @ts-expect-error a generated column is not in Core's insert values
export const badInsert = insertInto(orderLines).values({ id: 4, price: 1, quantity: 1, total: 1 });
// @ts-expect-error a generated column is not in Core's update values
export const badUpdate = update(orderLines).set({ total: 1 });
export function assign(l: OrderLine): void {
  // @ts-expect-error a generated column is read-only on the model
  l.total = 1;
}
`;

const checked = typecheckedClientSuite('generated', SCHEMA, USAGE);

describe('generated columns in the generated types', () => {
  it('are read and typed, and every write of one is a compile error', () => {
    // An unused @ts-expect-error (a write that compiled) would be reported here.
    assert.deepEqual(checked.errors, []);
  });
});

forEachDialect((dialect, makeEngine) => {
  it('are computed on insert, refreshed after an update of their inputs, and never written', async () => {
    const engine = makeEngine();
    await createTables(engine, checked.ir, dialect);
    const { OrderLine, orderLines } = checked.client;

    const s = new Session(engine);
    const line = new OrderLine({ id: 1, price: 7, quantity: 3 });
    s.add(line);
    await s.commit();
    assert.equal(line.total, 21, 'computed by the database on insert');
    line.quantity = 4;
    await s.commit();
    assert.equal(line.total, 28, 'read back after the update that changed its input');
    line.label = 'x';
    await s.flush();
    assert.equal(line.total, 28);
    line.total = 1;
    await assert.rejects(s.flush(), (error: unknown) => {
      assert.ok(error instanceof ReadOnlyColumnError, String(error));
      assert.match(error.message, /column "total" of "order_lines" is generated/);
      return true;
    });
    await s.close();

    const r = new Session(engine);
    const [loaded] = (await r.query(OrderLine).all()) as unknown as { total: number }[];
    assert.equal(loaded?.total, 28);
    await r.close();

    assert.throws(
      () => insertInto(orderLines).values({ id: 2, price: 1, quantity: 1, total: 1 }),
      ReadOnlyColumnError,
    );
    assert.throws(() => update(orderLines).set({ total: 1 }), ReadOnlyColumnError);
    await engine.execute(insertInto(orderLines).values({ id: 2, price: 2, quantity: 5 }));
    const { rows } = await engine.execute<{ total: number }>(
      sql`select ${sql.id('total')} as ${sql.id('total')} from ${sql.id('order_lines')} where ${sql.id('id')} = ${2}`,
    );
    assert.equal(Number(rows[0]?.total), 10);
    await engine.close();
  });
});
