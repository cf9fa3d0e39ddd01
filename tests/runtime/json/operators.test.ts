// The JSON and array operators of Core on real databases: one matrix of questions, the
// same answers expected on SQLite, PostgreSQL and MariaDB (docs/runtime-core.md, "JSON and
// arrays"), and the dialect-honest refusals where a dialect cannot answer exactly.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import {
  insertInto,
  select,
  update,
  UnsupportedFeatureError,
  CompileError,
  type Engine,
  type Expression,
} from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { docs, docsSchema } from './schema.js';
import { createTables } from '../../support/create-tables.js';

const ROWS = [
  {
    id: 1,
    doc: {
      name: 'Ann',
      age: 31,
      admin: true,
      address: { city: 'Oslo', zip: '0150' },
      tags: ['a', 'b'],
      note: null,
    },
    plain: { name: 'Ann', n: 1 },
    tags: ['red', 'green'],
    nums: [1, 2, 3],
    moods: ['happy', 'ok'] as const,
  },
  {
    id: 2,
    doc: { name: 'Bob', age: 40, admin: false, address: { city: 'Rome' }, tags: ['b'] },
    plain: { name: 'Bob', n: 2 },
    tags: ['blue'],
    nums: [],
    moods: ['sad'] as const,
  },
  { id: 3, doc: ['x', 'y', 1.5], plain: null, tags: null, nums: [2, 2], moods: [] as const },
  { id: 4, doc: null, plain: null, tags: [], nums: null, moods: null },
];

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createTables(engine, docsSchema, dialect);
    await engine.execute(
      insertInto(docs).values(
        ROWS.map((r) => ({ ...r, moods: r.moods === null ? null : [...r.moods] })),
      ),
    );
  });

  /** The ids of the rows a predicate selects, in id order. */
  const ids = async (where: Expression<boolean>): Promise<number[]> =>
    (await engine.execute(select(docs.id).from(docs).where(where).orderBy(docs.id))).rows.map(
      (r) => r.id,
    );

  /** One selected expression for every row, in id order. */
  const column = async <T>(e: Expression<T>): Promise<T[]> =>
    (await engine.execute(select(e.as('v')).from(docs).orderBy(docs.id))).rows.map((r) => r.v);

  test('path access as JSON: members, nested members, array items; NULL where none', async () => {
    assert.deepEqual(await column(docs.doc.get('name')), ['Ann', 'Bob', null, null]);
    assert.deepEqual(await column(docs.doc.path(['address', 'city'])), [
      'Oslo',
      'Rome',
      null,
      null,
    ]);
    assert.deepEqual(await column(docs.doc.get('address')), [
      { city: 'Oslo', zip: '0150' },
      { city: 'Rome' },
      null,
      null,
    ]);
    assert.deepEqual(await column(docs.doc.path(['tags', 1])), ['b', null, null, null]);
    assert.deepEqual(await column(docs.doc.get(2)), [null, null, 1.5, null]);
    assert.deepEqual(await column(docs.plain.get('n')), [1, 2, null, null]);
  });

  test('path access as text: strings unquoted, numbers and booleans as their text, JSON null as NULL', async () => {
    assert.deepEqual(await column(docs.doc.getText('name')), ['Ann', 'Bob', null, null]);
    assert.deepEqual(await column(docs.doc.getText('age')), ['31', '40', null, null]);
    assert.deepEqual(await column(docs.doc.getText('admin')), ['true', 'false', null, null]);
    assert.deepEqual(await column(docs.doc.getText('note')), [null, null, null, null]);
    assert.deepEqual(await column(docs.doc.pathText(['address', 'zip'])), [
      '0150',
      null,
      null,
      null,
    ]);
    assert.deepEqual(await column(docs.doc.getText(0)), [null, null, 'x', null]);
    assert.deepEqual(await ids(docs.doc.getText('name').eq('Bob')), [2]);
  });

  test('key and path existence: a member holding JSON null exists, an array has no keys', async () => {
    assert.deepEqual(await ids(docs.doc.hasKey('note')), [1]);
    assert.deepEqual(await ids(docs.doc.hasKey('name')), [1, 2]);
    assert.deepEqual(await ids(docs.doc.hasKey('x')), []);
    assert.deepEqual(await ids(docs.doc.hasPath(['address', 'zip'])), [1]);
    assert.deepEqual(await ids(docs.doc.hasPath([1])), [3]);
  });

  test('containment: object subsets, nested, arrays of scalars, a scalar in a top-level array', async () => {
    assert.deepEqual(await ids(docs.doc.contains({ name: 'Ann' })), [1]);
    assert.deepEqual(await ids(docs.doc.contains({ address: { city: 'Rome' } })), [2]);
    assert.deepEqual(await ids(docs.doc.contains({ admin: false })), [2]);
    assert.deepEqual(await ids(docs.doc.contains({ tags: ['b'] })), [1, 2]);
    assert.deepEqual(await ids(docs.doc.contains({ tags: ['a', 'b'], age: 31 })), [1]);
    assert.deepEqual(await ids(docs.doc.contains({ age: 31.0, note: null })), [1]);
    assert.deepEqual(await ids(docs.doc.contains({ age: '31' })), []);
    assert.deepEqual(await ids(docs.doc.contains({})), [1, 2]);
    assert.deepEqual(await ids(docs.doc.contains(['y', 1.5])), [3]);
    assert.deepEqual(await ids(docs.doc.contains('x')), [3]);
    assert.deepEqual(await ids(docs.doc.contains({ address: { city: 'Rome', zip: '1' } })), []);
  });

  test('set at path in an UPDATE: replaces a member, adds one, keeps the rest', async () => {
    await engine.execute(
      update(docs)
        .set({ doc: docs.doc.setPath(['address', 'city'], 'Bergen') })
        .where(docs.id.eq(1)),
    );
    await engine.execute(
      update(docs)
        .set({ doc: docs.doc.setPath(['extra'], { deep: [1, { two: 2 }] }) })
        .where(docs.id.eq(2)),
    );
    const rows = (
      await engine.execute(
        select(docs.id, docs.doc)
          .from(docs)
          .where(docs.id.in([1, 2]))
          .orderBy(docs.id),
      )
    ).rows;
    assert.deepEqual(rows[0]?.doc, { ...ROWS[0]?.doc, address: { city: 'Bergen', zip: '0150' } });
    assert.deepEqual(rows[1]?.doc, { ...ROWS[1]?.doc, extra: { deep: [1, { two: 2 }] } });
    // Put them back for the other tests.
    for (const r of ROWS.slice(0, 2)) {
      await engine.execute(update(docs).set({ doc: r.doc }).where(docs.id.eq(r.id)));
    }
  });

  test('array any and all', async () => {
    assert.deepEqual(await ids(docs.tags.any('blue')), [2]);
    assert.deepEqual(await ids(docs.nums.any(2)), [1, 3]);
    assert.deepEqual(await ids(docs.nums.all(2)), [2, 3]);
    assert.deepEqual(await ids(docs.moods.any('ok')), [1]);
  });

  test('array contains, contained by, overlaps (arrays of enums too)', async () => {
    assert.deepEqual(await ids(docs.tags.contains(['green', 'red'])), [1]);
    assert.deepEqual(await ids(docs.tags.contains([])), [1, 2, 4]);
    assert.deepEqual(await ids(docs.nums.containedBy([1, 2, 3, 4])), [1, 2, 3]);
    assert.deepEqual(await ids(docs.tags.overlaps(['blue', 'red'])), [1, 2]);
    assert.deepEqual(await ids(docs.moods.overlaps(['sad', 'happy'])), [1, 2]);
    assert.deepEqual(await ids(docs.moods.contains(['happy'])), [1]);
  });

  test('array length, and append in an UPDATE (a NULL array becomes one element)', async () => {
    assert.deepEqual(await column(docs.nums.length()), [3, 0, 2, null]);
    await engine.execute(
      update(docs)
        .set({ nums: docs.nums.append(9) })
        .where(docs.id.in([2, 4])),
    );
    await engine.execute(
      update(docs)
        .set({ moods: docs.moods.append('sad') })
        .where(docs.id.eq(1)),
    );
    await engine.execute(
      update(docs)
        .set({ tags: docs.tags.append('new') })
        .where(docs.id.eq(4)),
    );
    const rows = (
      await engine.execute(select(docs.nums, docs.moods, docs.tags).from(docs).orderBy(docs.id))
    ).rows;
    assert.deepEqual(
      rows.map((r) => r.nums),
      [[1, 2, 3], [9], [2, 2], [9]],
    );
    assert.deepEqual(rows[0]?.moods, ['happy', 'ok', 'sad']);
    assert.deepEqual(rows[3]?.tags, ['new']);
  });

  test('what a dialect cannot answer exactly is refused with a typed error, before any SQL runs', async () => {
    if (dialect === 'sqlite') {
      await assert.rejects(
        engine.execute(
          select(docs.id)
            .from(docs)
            .where(docs.doc.contains([{ a: 1 }])),
        ),
        (e) =>
          e instanceof UnsupportedFeatureError &&
          /sqlite has no exact containment of objects or arrays inside arrays/.test(e.message),
      );
      await assert.rejects(
        engine.execute(
          select(docs.id)
            .from(docs)
            .where(docs.doc.containedBy({ a: 1 })),
        ),
        UnsupportedFeatureError,
      );
    } else {
      assert.deepEqual(
        await ids(
          docs.doc.containedBy({
            name: 'Bob',
            age: 40,
            admin: false,
            address: { city: 'Rome' },
            tags: ['b'],
            more: 1,
          }),
        ),
        [2],
      );
    }
    assert.throws(
      () => docs.tags.get('a'),
      (e) =>
        e instanceof CompileError &&
        /"docs"."tags" is of type text\[\]: JSON operators need a json or jsonb column/.test(
          e.message,
        ),
    );
    assert.throws(
      // @ts-expect-error: a JSON column has no element type, so `any` takes nothing plain.
      () => docs.doc.any('a'),
      (e) => e instanceof CompileError && /array operators need an array column/.test(e.message),
    );
    assert.throws(
      () => docs.doc.path(['a', -1]),
      (e) =>
        e instanceof CompileError &&
        /step 1 of the JSON path on "docs"."doc" is -1/.test(e.message),
    );
    assert.throws(() => docs.doc.get('a"b'), CompileError);
  });
});
