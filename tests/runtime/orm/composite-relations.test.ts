// Composite foreign keys as ORM relations: `Ref: order_lines.(region, order_no) >
// orders.(region, order_no)` gives a many-to-one and a one-to-many in the client `dbgen
// generate` emits; both load (on demand, select-in, joined), flush parent first with the
// key columns copied from the assigned object, and join in the Query API — on every dialect.
/* eslint-disable @typescript-eslint/no-explicit-any -- the generated client is imported at run time, untyped */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { compileSchemaSource, emitClient } from '@dbgen/generator';
import { joinedload, selectinload, Session, sql, type Engine, type SchemaIR } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { createTables } from '../../support/create-tables.js';

const SCHEMA = `
Table orders {
  region varchar(8) [not null]
  order_no integer [not null]
  customer varchar(50) [not null]
  indexes {
    (region, order_no) [pk]
  }
}

Table order_lines {
  id integer [pk, increment]
  region varchar(8) [not null]
  order_no integer [not null]
  product varchar(50) [not null]
}

Ref: order_lines.(region, order_no) > orders.(region, order_no)
`;

const repoRoot = join(import.meta.dirname, '../../..');
const root = join(repoRoot, '.tmp', `composite-rel-${process.pid}-${Date.now()}`);
let ir: SchemaIR;
let client: any;

before(async () => {
  const compiled = compileSchemaSource(SCHEMA, 'composite.dbml');
  assert.ok(compiled.ir, JSON.stringify(compiled.diagnostics));
  ir = compiled.ir;
  mkdirSync(join(root, 'client'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module", "private": true }\n');
  for (const [file, text] of await emitClient(ir, { schemaPath: 'composite.dbml' })) {
    mkdirSync(join(root, 'client', file, '..'), { recursive: true });
    writeFileSync(join(root, 'client', file), text);
  }
  client = await import(pathToFileURL(join(root, 'client', 'index.js')).href);
});
after(() => rmSync(root, { recursive: true, force: true }));

test('the generator derives both sides of a composite foreign key', () => {
  const lines = ir.tables.find((t) => t.name === 'order_lines')!;
  const orders = ir.tables.find((t) => t.name === 'orders')!;
  const owning = lines.orm.relations.find((r) => r.name === 'order')!;
  assert.deepEqual(
    [owning.kind, owning.localColumns, owning.targetColumns],
    ['many-to-one', ['region', 'order_no'], ['region', 'order_no']],
  );
  const inverse = orders.orm.relations.find((r) => r.name === 'orderLines')!;
  assert.deepEqual(
    [inverse.kind, inverse.localColumns, inverse.targetColumns],
    ['one-to-many', ['region', 'order_no'], ['region', 'order_no']],
  );
});

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  const statements: string[] = [];

  before(async () => {
    engine = makeEngine();
    await createTables(engine, ir, dialect);
    // Only the queries count: a session also sends BEGIN/COMMIT.
    engine.on('statement', (e: { sql: string }) => {
      if (/^\s*select/i.test(e.sql)) statements.push(e.sql);
    });
  });

  /** Two orders with the same number in different regions, so half a key never suffices. */
  async function seed(): Promise<void> {
    const { Order, OrderLine } = client;
    await engine.execute(sql.raw('delete from order_lines'));
    await engine.execute(sql.raw('delete from orders'));
    const s = new Session(engine);
    const eu = new Order({ region: 'eu', orderNo: 1, customer: 'Ada' });
    const us = new Order({ region: 'us', orderNo: 1, customer: 'Bob' });
    // Keys copied from the assigned parent on flush; the parent is inserted first.
    eu.orderLines.push(new OrderLine({ product: 'tea' }), new OrderLine({ product: 'cake' }));
    const line = new OrderLine({ product: 'coffee' });
    line.order = us;
    s.add(line);
    s.add(eu);
    await s.commit();
    assert.deepEqual([line.region, line.orderNo], ['us', 1]);
    await s.close();
    statements.length = 0;
  }

  test('flush: parent before child, both key columns copied from the related object', async () => {
    await seed();
    const rows = await engine.execute(
      sql.raw('select region, order_no, product from order_lines order by product'),
    );
    assert.deepEqual(
      rows.rows.map((r) => [r['region'], Number(r['order_no']), r['product']]),
      [
        ['eu', 1, 'cake'],
        ['us', 1, 'coffee'],
        ['eu', 1, 'tea'],
      ],
    );
  });

  test('on demand and select-in loading match on every key column', async () => {
    await seed();
    const { Order, OrderLine } = client;
    const s: any = new Session(engine);
    const orders = await s
      .query(Order)
      .options(selectinload('orderLines'))
      .orderBy(Order.c.region)
      .all();
    assert.equal(statements.length, 2, statements.join('\n'));
    assert.deepEqual(
      orders.map((o: any) => o.orderLines.map((l: any) => l.product).sort()),
      [['cake', 'tea'], ['coffee']],
    );
    assert.equal(orders[1].orderLines[0].order, orders[1]);

    const coffee = await s.query(OrderLine).filter(OrderLine.c.product.eq('coffee')).one();
    const parent = await s.load(coffee, 'order');
    assert.equal(parent, orders[1], 'the identity map gives the same object for the composite key');
    await s.close();

    const fresh: any = new Session(engine);
    const tea = await fresh.query(OrderLine).filter(OrderLine.c.product.eq('tea')).one();
    const owner: any = await fresh.load(tea, 'order');
    assert.equal(owner.customer, 'Ada');
    const lines: any[] = await fresh.load(owner, 'orderLines');
    assert.deepEqual(lines.map((l) => l.product).sort(), ['cake', 'tea']);
    await fresh.close();
  });

  test('joined loading and Query API joins use every key column', async () => {
    await seed();
    const { Order, OrderLine } = client;
    const s: any = new Session(engine);
    const lines = await s
      .query(OrderLine)
      .options(joinedload('order'))
      .orderBy(OrderLine.c.product)
      .all();
    assert.equal(statements.length, 1);
    assert.deepEqual(
      lines.map((l: any) => [l.product, l.order.customer]),
      [
        ['cake', 'Ada'],
        ['coffee', 'Bob'],
        ['tea', 'Ada'],
      ],
    );
    const bobs = await s
      .query(Order)
      .join('orderLines')
      .filter(OrderLine.c.product.eq('coffee'))
      .all();
    assert.deepEqual(
      bobs.map((o: any) => o.customer),
      ['Bob'],
    );
    const withLines = await s.query(Order).options(joinedload('orderLines')).all();
    assert.deepEqual(withLines.map((o: any) => o.orderLines.length).sort(), [1, 2]);
    await s.close();
  });

  test('a line taken out of its order is deleted (its key columns are NOT NULL)', async () => {
    await seed();
    const { Order } = client;
    const s: any = new Session(engine);
    const eu = await s.get(Order, ['eu', 1]);
    const [tea] = await s
      .load(eu, 'orderLines')
      .then((lines: any[]) => lines.filter((l) => l.product === 'tea'));
    eu.orderLines.splice(eu.orderLines.indexOf(tea), 1);
    await s.commit();
    await s.close();
    const rows = await engine.execute(
      sql.raw(`select product from order_lines where region = 'eu' order by product`),
    );
    assert.deepEqual(
      rows.rows.map((r) => r['product']),
      ['cake'],
    );
  });

  test('moving a line to another order rewrites both key columns', async () => {
    await seed();
    const { Order, OrderLine } = client;
    const s: any = new Session(engine);
    const tea = await s.query(OrderLine).filter(OrderLine.c.product.eq('tea')).one();
    const us = await s.get(Order, ['us', 1]);
    tea.order = us;
    await s.commit();
    await s.close();
    const rows = await engine.execute(
      sql.raw(`select region, order_no from order_lines where product = 'tea'`),
    );
    assert.deepEqual(
      rows.rows.map((r) => [r['region'], Number(r['order_no'])]),
      [['us', 1]],
    );
  });
});
