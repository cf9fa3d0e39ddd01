/**
 * Tables whose classes are named like what generated code refers to — the runtime's
 * `Model`, `Table`, `JsonValue`, the globals `Date` and `Buffer` — generate a client that
 * type-checks, types its columns with the real runtime and global types (not the
 * shadowing class), and runs on the Session.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Session } from '@dbgen/runtime';
import { createTables } from '../support/create-tables.js';
import { forEachDialect } from '../support/databases.js';
import { typecheckedClientSuite } from './support.js';

const SCHEMA = `
Table models {
  id integer [pk, increment]
  name text [not null]
}
Table tables {
  id integer [pk, increment]
  model_id integer [not null, ref: > models.id]
}
Table json_values {
  id integer [pk, increment]
  data json
  table_id integer [ref: > tables.id]
}
Table dates {
  id integer [pk, increment]
  at timestamp [unique]
  raw bytea
  buffer_id integer [ref: > buffers.id]
}
Table buffers {
  id integer [pk, increment]
  data bytea
}
`;

const USAGE = `
import { Buffer as BufferModel, Date as DateModel, JsonValue, Model, Table } from './client/index.js';
import type { JsonValue as RuntimeJson } from '@dbgen/runtime';

const model = new Model({ name: 'm' });
export const table = new Table({ model });
export const json = new JsonValue({ data: { list: [1, 'two', null] } });
export const data: RuntimeJson | null = json.data;
export const when = new DateModel({ at: new globalThis.Date(0), raw: globalThis.Buffer.from('x') });
export const at: globalThis.Date | null = when.at;
export const raw: globalThis.Buffer | null = when.raw;
export const parent: BufferModel | null = when.buffer;
export const byAt = DateModel.getByAt;

// @ts-expect-error a timestamp column takes a Date, not the class of table dates
export const wrongAt = new DateModel({ at: when });
// @ts-expect-error a json column is the runtime's JsonValue, not the class of table json_values
export const wrongJson: JsonValue = json.data;
// @ts-expect-error a bytea column takes a Buffer, not the class of table buffers
export const wrongRaw = new DateModel({ raw: new BufferModel({}) });
`;

const checked = typecheckedClientSuite('shadowed', SCHEMA, USAGE);

describe('generated names that shadow runtime and global names', () => {
  it('type-check, with the runtime and global types where columns need them', () => {
    assert.deepEqual(checked.errors, []);
  });
});

forEachDialect((dialect, makeEngine) => {
  it('run on the Session', async () => {
    const engine = makeEngine();
    await createTables(engine, checked.ir, dialect);
    const { Model, Table, JsonValue, Date: DateModel, Buffer: BufferModel } = checked.client;
    const s = new Session(engine);
    const model = new Model({ name: 'm' });
    const table = new Table({ model });
    const json = new JsonValue({ data: { list: [1, 'two'] }, table });
    const parent = new BufferModel({ data: Buffer.from([1, 2]) });
    const when = new DateModel({ at: new Date(86_400_000), raw: Buffer.from('x'), buffer: parent });
    s.addAll([json, when]);
    await s.commit();
    await s.close();

    const r = new Session(engine);
    const [loadedJson]: any[] = await r.query(JsonValue).all();
    assert.deepEqual(loadedJson.data, { list: [1, 'two'] });
    assert.equal(loadedJson.tableId, table.id);
    const loadedWhen = await DateModel.getByAt(r, new Date(86_400_000));
    assert.ok(loadedWhen.at instanceof Date);
    assert.equal(loadedWhen.at.getTime(), 86_400_000);
    assert.deepEqual(loadedWhen.raw, Buffer.from('x'));
    assert.equal(loadedWhen.bufferId, parent.id);
    await r.close();
    await engine.close();
  });
});
