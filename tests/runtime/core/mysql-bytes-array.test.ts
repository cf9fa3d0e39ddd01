// A bytes[] column keeps Buffers on every dialect: PostgreSQL natively (bytea[]); MySQL
// and SQLite in JSON, where each element is its `\x` hex text (core/binary-array.ts), not
// the {"type":"Buffer","data":[...]} object JSON.stringify made of it, which read back
// as a plain object.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { defineTable, insertInto, select, type Column, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const blobsIr = table('blobs', [
  column('id', 'integer', { primaryKey: true }),
  column('bs', 'bytea[]', { nullable: true }),
]);
const blobs = defineTable<{ id: Column<number>; bs: Column<(Buffer | null)[] | null> }>(blobsIr);

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, schema([blobsIr]), dialect);
  });

  test('bytes[] elements read back as Buffers, and any() finds them', async () => {
    await engine.execute(
      insertInto(blobs).values([
        { id: 1, bs: [Buffer.from('hi'), null] },
        { id: 2, bs: [new Uint8Array([7, 8]) as Buffer] },
      ]),
    );
    const { rows } = await engine.execute(select(blobs.bs).from(blobs).orderBy(blobs.id));
    assert.deepEqual(
      rows.map((r) => r.bs),
      [[Buffer.from('hi'), null], [Buffer.from([7, 8])]],
    );
    const found = await engine.execute(
      select(blobs.id)
        .from(blobs)
        .where(blobs.bs.any(Buffer.from([7, 8]))),
    );
    assert.deepEqual(
      found.rows.map((r) => r.id),
      [2],
    );
  });
});
