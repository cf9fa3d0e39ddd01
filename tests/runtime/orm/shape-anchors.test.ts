// The object kept alive per mapper for its hidden class (shape-anchors.ts) must hold no
// user data: each column value is swapped for a stand-in of the same kind. Its twins
// (anchorTwin) must have the real object's hidden class (checked with V8's own
// %HaveSameMap in a child process: natives syntax is off in the test runner), and the
// anchors must do their job: code compiled against per-session classes survives a
// full collection.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { placeholderOf } from '../../../packages/runtime/src/core/shape-anchors.js';
import { runNative } from '../../support/natives.js';

test('placeholderOf: a stand-in of the same kind, never the value itself', () => {
  assert.equal(placeholderOf(42), 0);
  assert.equal(placeholderOf(1.5), 0);
  assert.equal(placeholderOf('secret'), '');
  assert.equal(placeholderOf(true), false);
  assert.equal(placeholderOf(12n), 0n);
  assert.equal(placeholderOf(null), null);
  assert.equal(placeholderOf(undefined), undefined);
  const date = new Date(86_400_000);
  const dateStandIn = placeholderOf(date);
  assert.ok(dateStandIn instanceof Date && dateStandIn !== date);
  assert.equal(dateStandIn.getTime(), 0);
  assert.equal(placeholderOf(Buffer.from('secret')), null);
  assert.equal(placeholderOf({ token: 'secret' }), null);
});

test('anchorTwin: a twin has the hidden class of the real object, none of its data, once per shape', () => {
  const result = runNative(`
    import { anchorTwin } from './packages/runtime/src/core/shape-anchors.ts';
    import { Model } from './packages/runtime/src/orm/mapping/model.ts';
    import { STATE } from './packages/runtime/src/orm/state/instance-state.ts';
    class User extends Model {}
    // As a flush leaves a new object: its init, its state slot set, then the key and a
    // server default read back.
    const real = new User({ email: 'secret@example.com', karma: 1.5 });
    real[STATE] = { state: true };
    real.id = 7;
    real.createdAt = new Date();
    const twin = anchorTwin(User, real, () => new User());
    const second = new User({ email: 'other', karma: 2.5 });
    second[STATE] = { state: true };
    second.id = 8;
    second.createdAt = new Date();
    const again = anchorTwin(User, second, () => new User());
    const other = new User({ karma: 1, email: 'x' });
    const otherTwin = anchorTwin(User, other, () => new User());
    console.log(JSON.stringify({
      same: %HaveSameMap(real, twin),
      otherSame: %HaveSameMap(other, otherTwin),
      differs: !%HaveSameMap(twin, otherTwin),
      keys: Reflect.ownKeys(twin).map(String),
      values: [twin.email, twin.karma, twin[STATE], twin.id, twin.createdAt.getTime()],
      again,
    }));
  `);
  assert.deepEqual(result, {
    same: true,
    otherSame: true,
    differs: true,
    keys: ['email', 'karma', 'id', 'createdAt', 'Symbol(dbgen.orm.state)'],
    values: ['', 0, null, 0, 0],
    again: null,
  });
});

test('a full collection between select-in loads on fresh sessions keeps their optimized code', () => {
  // V8 internals are only visible with natives syntax, so the load runs in a child process.
  const script = fileURLToPath(new URL('./fixtures/code-after-gc.ts', import.meta.url));
  const out = execFileSync(
    process.execPath,
    [
      '--allow-natives-syntax',
      '--expose-gc',
      '--conditions=dbgen-source',
      '--import',
      'tsx',
      script,
    ],
    { encoding: 'utf8' },
  );
  const { loaded, before, after } = JSON.parse(out) as {
    loaded: number;
    before: string[];
    after: string[];
  };
  assert.equal(loaded, 60);
  // Compiled against the maps of a child-group list and of an object state, which die
  // with their session: without their anchors the collection discards this code.
  for (const name of ['ChildGroups.list', 'InstanceState.relations'])
    assert.ok(before.includes(name), `${name} was optimized for the test`);
  assert.deepEqual(after, before);
});
