// The session's pending set is an array plus each state's position: it must behave as the
// insertion-ordered Set it replaced (membership, order, deletes and adds while iterating,
// stale positions after a clear or in another set).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InstanceState } from '../../../packages/runtime/src/orm/state/instance-state.js';
import { PendingSet } from '../../../packages/runtime/src/orm/state/pending-set.js';

const fake = (n: number): InstanceState => ({ n, pendingAt: -1 }) as unknown as InstanceState;
const ns = (xs: Iterable<InstanceState>): number[] =>
  [...xs].map((s) => (s as unknown as { n: number }).n);

test('PendingSet: insertion order, no duplicates, delete and re-add', () => {
  const p = new PendingSet();
  const s = [0, 1, 2, 3].map(fake);
  for (const st of s) p.add(st);
  p.add(s[1]!);
  assert.equal(p.size, 4);
  assert.deepEqual(ns(p), [0, 1, 2, 3]);
  assert.equal(p.delete(s[1]!), true);
  assert.equal(p.delete(s[1]!), false);
  assert.equal(p.has(s[1]!), false);
  p.add(s[1]!);
  assert.deepEqual(ns(p), [0, 2, 3, 1]);
  assert.equal(p.size, 4);
});

test('PendingSet: a stale position (another set, or before clear) is not membership', () => {
  // A state is in at most one set at a time (a session's), as with the Set this replaced.
  const a = new PendingSet();
  const b = new PendingSet();
  const x = fake(1);
  const y = fake(2);
  a.add(x);
  assert.equal(b.has(x), false);
  a.clear();
  assert.equal(a.has(x), false);
  assert.equal(a.size, 0);
  a.add(y); // takes position 0, which x still names
  assert.equal(a.has(x), false);
  b.add(x);
  assert.equal(b.has(x), true);
  assert.equal(a.has(x), false);
  assert.deepEqual(ns(a), [2]);
  assert.deepEqual(ns(b), [1]);
});

test('PendingSet: iteration sees states added meanwhile and skips deleted ones', () => {
  const p = new PendingSet();
  const s = Array.from({ length: 6 }, (_, i) => fake(i));
  p.add(s[0]!);
  p.add(s[1]!);
  p.add(s[2]!);
  const seen: number[] = [];
  p.forEach((st) => {
    const n = (st as unknown as { n: number }).n;
    seen.push(n);
    if (n === 0) p.delete(s[2]!);
    if (n < 3) p.add(s[n + 3]!);
  });
  assert.deepEqual(seen, [0, 1, 3, 4]);
  const viaIterator: number[] = [];
  for (const st of p) {
    viaIterator.push((st as unknown as { n: number }).n);
    if (viaIterator.length === 1) p.add(s[2]!);
  }
  assert.deepEqual(viaIterator, [0, 1, 3, 4, 2]);
});

test('PendingSet: holes are squeezed out, order and membership kept', () => {
  const p = new PendingSet();
  const s = Array.from({ length: 300 }, (_, i) => fake(i));
  for (const st of s) p.add(st);
  for (let i = 0; i < 290; i++) p.delete(s[i]!);
  const extra = fake(1000);
  p.add(extra); // compacts: 300 slots for 10 states
  assert.deepEqual(ns(p), [290, 291, 292, 293, 294, 295, 296, 297, 298, 299, 1000]);
  for (let i = 290; i < 300; i++) assert.equal(p.has(s[i]!), true);
  assert.equal(p.has(s[0]!), false);
  assert.equal(p.size, 11);
});
