// A `bytes[]` column on SQLite (arrays are JSON text there): each element is stored as
// PostgreSQL's text of a bytea (`\x` and hex digits) and read back as a Buffer, and the
// array operators find elements by their bytes (core/binary-array.ts). JSON.stringify made
// `{"type":"Buffer","data":[...]}` of a Buffer and `{"0":7,"1":8}` of a Uint8Array, which
// read back as plain objects; rows stored so still read back as Buffers.
import assert from 'node:assert/strict';
import { before, beforeEach, test } from 'node:test';
import {
  defineTable,
  insertInto,
  select,
  sql,
  update,
  type Column,
  type Engine,
} from '@dbgen/runtime';
import { decodeBinaryElements } from '../../../packages/runtime/src/core/binary-array.js';
import { forEachDialect } from '../../support/databases.js';
import { column, schema, table } from '../../support/ir.js';
import { createTables } from '../../support/create-tables.js';

const blobsIr = table('blobs', [
  column('id', 'integer', { primaryKey: true }),
  column('bs', 'bytea[]', { nullable: true }),
]);
const blobs = defineTable<{ id: Column<number>; bs: Column<Buffer[] | null> }>(blobsIr);

forEachDialect(
  (dialect, makeEngine) => {
    let engine: Engine;
    before(async () => {
      engine = makeEngine();
      await createTables(engine, schema([blobsIr]), dialect);
    });
    beforeEach(async () => {
      await engine.execute(sql`delete from "blobs"`);
    });
    const read = async () =>
      (await engine.execute(select(blobs.id, blobs.bs).from(blobs).orderBy(blobs.id))).rows.map(
        (r) => r.bs,
      );

    test('Buffers and Uint8Arrays are stored as hex text and read back as Buffers', async () => {
      await engine.execute(
        insertInto(blobs).values([
          { id: 1, bs: [Buffer.from('hi'), null as unknown as Buffer, Buffer.alloc(0)] },
          { id: 2, bs: [new Uint8Array([7, 8, 255]) as Buffer] },
        ]),
      );
      const stored = await engine.execute<{ bs: string }>(
        sql`select "bs" from "blobs" order by "id"`,
      );
      assert.deepEqual(
        stored.rows.map((r) => r.bs),
        ['["\\\\x6869",null,"\\\\x"]', '["\\\\x0708ff"]'],
      );
      const got = await read();
      assert.ok(got[0]![0] instanceof Buffer);
      assert.deepEqual(got, [
        [Buffer.from('hi'), null, Buffer.alloc(0)],
        [Buffer.from([7, 8, 255])],
      ]);
    });

    test('any() and append() work on the bytes', async () => {
      await engine.execute(
        insertInto(blobs).values([
          { id: 1, bs: [Buffer.from('a'), Buffer.from('b')] },
          { id: 2, bs: [Buffer.from('c')] },
        ]),
      );
      const ids = (
        await engine.execute(
          select(blobs.id)
            .from(blobs)
            .where(blobs.bs.any(Buffer.from('b'))),
        )
      ).rows.map((r) => r.id);
      assert.deepEqual(ids, [1]);
      await engine.execute(
        update(blobs)
          .set({ bs: blobs.bs.append(new Uint8Array([1, 2]) as Buffer) })
          .where(blobs.id.eq(2)),
      );
      assert.deepEqual((await read())[1], [Buffer.from('c'), Buffer.from([1, 2])]);
    });

    test('rows stored as JSON.stringify wrote Buffers read back as Buffers', async () => {
      await engine.execute(
        sql`insert into "blobs" ("id", "bs") values (1, ${'[{"type":"Buffer","data":[104,105]},null]'}), (2, ${'[{"0":7,"1":8}]'})`,
      );
      assert.deepEqual(await read(), [[Buffer.from('hi'), null], [Buffer.from([7, 8])]]);
    });
  },
  ['sqlite'],
);

test('decodeBinaryElements leaves what is not bytes as it is', () => {
  assert.deepEqual(decodeBinaryElements(['\\x0a', ['\\xff']]), [
    Buffer.from([10]),
    [Buffer.from([255])],
  ]);
  // Not the hex text (odd digits, no prefix), not a Buffer's JSON: unchanged.
  assert.deepEqual(decodeBinaryElements(['\\x0', 'ab', { type: 'Buffer', data: [300] }]), [
    '\\x0',
    'ab',
    { type: 'Buffer', data: [300] },
  ]);
  assert.deepEqual(decodeBinaryElements([{ '0': 1, '2': 3 }]), [{ '0': 1, '2': 3 }]);
});
