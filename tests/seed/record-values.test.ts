/**
 * Records values as DBML's spec reads them, seeded on every dialect: a `backtick` value is
 * a database expression (inserted as SQL, not stored as its text), a decimal keeps every
 * digit written (in a record and in a default), `'Y'`/`'N'`/`'T'`/`'F'` are booleans, and
 * `''` is null outside string columns (an empty string inside them).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, it } from 'node:test';
import {
  defineTable,
  SeedError,
  seedRecords,
  selectFrom,
  type Column,
  type Engine,
  type SchemaIR,
} from '@dbgen/runtime';
import { compileSchemaSource } from '@dbgen/generator';
import { forEachDialect } from '../support/databases.js';
import { createTables } from '../support/create-tables.js';

function compile(source: string): SchemaIR {
  const result = compileSchemaSource(source, join(process.cwd(), 'records.dbml'));
  assert.ok(result.ir, result.diagnostics.map((d) => d.message).join('\n'));
  return result.ir;
}

/** The current time as each dialect writes it into a timestamp column. */
const NOW: Record<string, string> = {
  sqlite: "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
  postgres: 'now()',
  mysql: 'now()',
};

const schema = (dialect: string) => `
Table items {
  id int [pk]
  label varchar(20)
  made varchar(20)
  total int
  at timestamp
  exact decimal(30,20) [default: 0.12345678901234567891]
  scaled decimal(10,2)
  ok boolean
  n int
  records (id, label, made, total, at, scaled, ok, n) {
    1, 'a', \`upper('x')\`, \`1 + 2 * 3\`, \`${NOW[dialect]}\`, 1.5e2, 'Y', ''
    2, '', 'b', 4, '2024-01-15 10:30:00', 0.5, 'n', 7
    3, 'c', 'c', 5, null, 2, 'T', null
    4, 'd', 'd', 6, null, 3, 'f', 8
  }
}

Table exact_records {
  id int [pk]
  amount decimal(30,20)
  records (id, amount) {
    1, 0.12345678901234567891
  }
}
`;

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  let ir: SchemaIR;
  before(async () => {
    engine = makeEngine();
    ir = compile(schema(dialect));
    await createTables(engine, ir, dialect);
    await seedRecords(engine, ir);
  });

  const rows = async (name: string) => {
    const table = defineTable<{ id: Column<unknown>; [property: string]: Column<unknown> }>(
      ir.tables.find((t) => t.name === name)!,
    );
    return (await engine.execute(selectFrom(table).orderBy(table.id))).rows;
  };

  it('inserts a backtick value as a database expression, not as its text', async () => {
    const [first] = await rows('items');
    assert.equal(first?.made, 'X');
    assert.equal(first?.total, 7);
    assert.ok(first?.at instanceof Date, 'now() gave a timestamp');
    assert.ok(Math.abs((first.at as Date).getTime() - Date.now()) < 24 * 3600 * 1000);
  });

  it('keeps every digit of a decimal record and default; reads exponents exactly', async () => {
    const [item] = await rows('items');
    assert.equal(item?.exact, '0.12345678901234567891'); // the column's default
    assert.equal(item?.scaled, '150.00');
    const [record] = await rows('exact_records');
    assert.equal(record?.amount, '0.12345678901234567891');
  });

  it("reads 'Y'/'N'/'T'/'F' as booleans and '' as null outside string columns", async () => {
    const all = await rows('items');
    assert.deepEqual(
      all.map((r) => r.ok),
      [true, false, true, false],
    );
    assert.deepEqual(
      all.map((r) => r.n),
      [null, 7, null, 8],
    );
    assert.equal(all[1]?.label, ''); // a string column keeps the empty string
  });

  it('refuses a value that does not fit, naming the record, before writing', async () => {
    // `dbgen check` refuses this schema; IR given to seedRecords from code is refused too.
    const records = ir.records.map((r) =>
      r.table === 'public.items'
        ? { ...r, rows: r.rows.map((row, i) => (i === 2 ? row.with(3, 99999999999) : row)) }
        : r,
    );
    const bad = { ...ir, records };
    await assert.rejects(seedRecords(engine, bad), (error: unknown) => {
      assert.ok(error instanceof SeedError);
      assert.match(
        error.message,
        /"public\.items" record 3, column "total": 99999999999 is not an integer from -2147483648 to 2147483647/,
      );
      return true;
    });
  });
});
