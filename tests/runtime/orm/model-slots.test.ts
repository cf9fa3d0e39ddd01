// registerModel sizes a model's instances for every column (mapping/model.ts,
// reserveColumnSlots): the key and defaults a flush writes into a new object land in the
// object itself, not in a property array beside it. Where they land is V8's business,
// visible only through %DebugPrint with natives syntax, so that check runs in a child
// process. The stand-in instances it builds must not run the model's own constructor, nor
// a column setter the model declares.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineTable, Model, registerModel } from '@dbgen/runtime';
import { column, table } from '../../support/ir.js';
import { runNativeText } from '../../support/natives.js';

/** Where V8 keeps each own property of the object the child prints (%DebugPrint). */
function propertyLocations(register: boolean): string[] {
  const body = `
    import { defineTable, Model, registerModel } from '@dbgen/runtime';
    import { column, table } from './tests/support/ir.ts';
    const users = defineTable(table('slot_users', [
      column('id', 'integer', { primaryKey: true, autoIncrement: true }),
      column('email', 'text'),
      column('name', 'text'),
      column('created_at', 'timestamptz', { default: { kind: 'expression', sql: 'now()' } }),
    ]));
    class User extends Model {}
    ${register ? 'registerModel(User, users);' : ''}
    // Made by the application, then keyed and given its default by a flush.
    const made = [];
    for (let i = 0; i < 20; i++) made.push(new User({ email: 'a' + i, name: 'b' + i }));
    const user = made[19];
    user.id = 20;
    user.createdAt = new Date();
    %DebugPrint(user);
  `;
  return [
    ...runNativeText(body).matchAll(/#(\w+): .*location: (in-object|properties\[\d+\])/g),
  ].map((m) => `${m[1]} ${m[2]?.startsWith('in-object') ? 'in-object' : 'properties'}`);
}

test('a registered model keeps the key and defaults a flush writes in the object itself', () => {
  assert.deepEqual(propertyLocations(true), [
    'email in-object',
    'name in-object',
    'id in-object',
    'createdAt in-object',
  ]);
});

test('without registration the same object keeps them in a property array (the check sees it)', () => {
  assert.deepEqual(propertyLocations(false), [
    'email in-object',
    'name in-object',
    'id properties',
    'createdAt properties',
  ]);
});

const notesIR = table('slot_notes', [
  column('id', 'integer', { primaryKey: true, autoIncrement: true }),
  column('body', 'text'),
]);

test("registering builds its stand-ins without the model's own constructor", () => {
  let constructed = 0;
  class Note extends Model {
    constructor(init: { body: string }) {
      super(init);
      constructed++;
    }
  }
  registerModel(Note, defineTable(notesIR));
  assert.equal(constructed, 0);
  const note = new Note({ body: 'x' }) as Note & { body?: string };
  assert.equal(constructed, 1);
  assert.deepEqual(Object.keys(note), ['body']);
});

test('a column setter the model declares never sees the stand-ins', () => {
  const seen: unknown[] = [];
  class Audited extends Model {
    declare stored: string;
    get body(): string {
      return this.stored;
    }
    set body(value: string) {
      seen.push(value);
      if (typeof value !== 'string') throw new TypeError('body must be a string');
      this.stored = value;
    }
  }
  registerModel(
    Audited,
    defineTable({ ...notesIR, name: 'slot_audited', key: 'public.slot_audited' }),
  );
  assert.deepEqual(seen, [], 'registering called no setter');
  const a = new Audited({ body: 'kept' });
  assert.equal(a.body, 'kept');
  assert.deepEqual(seen, ['kept']);
  assert.throws(() => Object.assign(new Audited(), { body: 1 }), TypeError);
});
