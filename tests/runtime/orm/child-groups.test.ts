// ChildGroups gathers a load's children per parent and cuts one array per parent at the end
// (child-groups.ts says why): each list must hold its children in arrival order, empty
// groups must give empty lists, uniqueList must drop repeats, and release must let go.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChildGroups } from '../../../packages/runtime/src/orm/relations/child-groups.js';

const child = (name: string): { name: string } => ({ name });
const names = (list: object[]): string[] => list.map((c) => (c as { name: string }).name);

test('ChildGroups: children by group, in arrival order; a group without children is empty', () => {
  const groups = new ChildGroups();
  const a = groups.addGroup();
  const empty = groups.addGroup();
  const b = groups.addGroup();
  assert.deepEqual([a, empty, b], [0, 1, 2]);
  for (const [g, n] of [
    [b, 'b1'],
    [a, 'a1'],
    [b, 'b2'],
    [a, 'a2'],
    [a, 'a3'],
  ] as const)
    groups.add(g, child(n));
  groups.finish();
  assert.deepEqual(names(groups.list(a)), ['a1', 'a2', 'a3']);
  assert.deepEqual(names(groups.list(b)), ['b1', 'b2']);
  assert.deepEqual(groups.list(empty), []);
  // Each call cuts a new array: a parent's list is its own to change.
  assert.notEqual(groups.list(a), groups.list(a));
});

test('ChildGroups: uniqueList keeps the first place of a repeated child', () => {
  const groups = new ChildGroups();
  const g = groups.addGroup();
  const [x, y, z] = [child('x'), child('y'), child('z')];
  for (const c of [x, y, x, z, y]) groups.add(g, c);
  groups.finish();
  assert.deepEqual(names(groups.uniqueList(g)), ['x', 'y', 'z']);
  assert.deepEqual(names(groups.list(g)), ['x', 'y', 'x', 'z', 'y']);
});

test('ChildGroups: release drops the children (lists cut before stay intact)', () => {
  const groups = new ChildGroups();
  const g = groups.addGroup();
  groups.add(g, child('only'));
  groups.finish();
  const kept = groups.list(g);
  groups.release();
  assert.deepEqual(names(kept), ['only']);
  assert.deepEqual(groups.list(g), []);
});

test('ChildGroups.sortGroups: each group in comparator order, a group already in it untouched', () => {
  const groups = new ChildGroups();
  const unsorted = groups.addGroup();
  const sorted = groups.addGroup();
  const empty = groups.addGroup();
  for (const [g, n] of [
    [unsorted, 'c'],
    [sorted, 'x'],
    [unsorted, 'a'],
    [sorted, 'y'],
    [unsorted, 'b'],
    [sorted, 'z'],
  ] as const)
    groups.add(g, child(n));
  groups.finish();
  let compares = 0;
  groups.sortGroups((a, b) => {
    compares++;
    const [x, y] = [(a as { name: string }).name, (b as { name: string }).name];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  assert.deepEqual(names(groups.list(unsorted)), ['a', 'b', 'c']);
  assert.deepEqual(names(groups.list(sorted)), ['x', 'y', 'z']);
  assert.deepEqual(groups.list(empty), []);
  assert.ok(compares >= 3, 'every group was checked');
});
