// The unit of work's per-session lists start as arrays of any value (core/object-arrays.ts),
// so code compiled against one session's lists still fits the next session's. V8's
// elements kinds are visible only with natives syntax: checked in a child process.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectArray } from '../../../packages/runtime/src/core/object-arrays.js';
import { runNative } from '../../support/natives.js';

test('objectArray: an empty array that takes any value', () => {
  const list = objectArray<object | number>();
  assert.equal(list.length, 0);
  list.push({ a: 1 }, 2);
  assert.deepEqual(list, [{ a: 1 }, 2]);
  assert.notEqual(objectArray(), objectArray(), 'a new array each time');
});

test("the pending set's and the journal's lists are born object arrays, unlike []", () => {
  const result = runNative(`
    import { objectArray } from './packages/runtime/src/core/object-arrays.ts';
    import { PendingSet } from './packages/runtime/src/orm/state/pending-set.ts';
    import { Journal } from './packages/runtime/src/orm/state/journal.ts';
    const pending = new PendingSet();
    const journal = new Journal();
    journal.begin();
    const frame = journal.frames[0];
    console.log(JSON.stringify({
      plain: %HasSmiElements([]),
      helper: %HasObjectElements(objectArray()) && !%HasHoleyElements(objectArray()),
      pending: %HasObjectElements(pending.items),
      cleared: (pending.clear(), %HasObjectElements(pending.items)),
      frames: %HasObjectElements(journal.frames),
      saved: %HasObjectElements(frame.saved),
      added: %HasObjectElements(frame.added),
      rows: %HasObjectElements(frame.rows),
    }));
  `);
  assert.deepEqual(result, {
    plain: true,
    helper: true,
    pending: true,
    cleared: true,
    frames: true,
    saved: true,
    added: true,
    rows: true,
  });
});
