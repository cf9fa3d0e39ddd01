// The identity map keeps one object per key whatever the key's shape and order: integer
// keys near each other share a dense array, others (far apart, negative, strings) a Map,
// and a key must be found wherever it was first put.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from '@dbgen/runtime';
import { KeyedStates } from '../../../packages/runtime/src/orm/state/identity-map.js';
import type { InstanceState } from '../../../packages/runtime/src/orm/state/instance-state.js';
import { forEachDialect } from '../../support/databases.js';
import { runNative } from '../../support/natives.js';
import { User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

const fake = (n: number): InstanceState => ({ n }) as unknown as InstanceState;

test('KeyedStates.list holds every mapped entry once, through replacements, removals and clear', () => {
  const m = new KeyedStates();
  const sameEntries = (): void =>
    assert.deepEqual(new Set(m.list), new Set([...m]), 'list and iteration disagree');
  const a = fake(1);
  const b = fake(2);
  const c = fake(3);
  m.set(10, a);
  m.set(3, b); // below the slot range: in the Map
  m.set('k', c);
  m.set(10, a); // the same entry again: not listed twice
  assert.equal(m.list.length, 3);
  sameEntries();
  const a2 = fake(4);
  m.set(10, a2); // replaced: the old entry leaves the list
  assert.equal(m.list.length, 3);
  assert.ok(!m.list.includes(a));
  sameEntries();
  m.deleteState(3, b);
  assert.equal(m.list.length, 2);
  sameEntries();
  m.set(11, b); // added after a rebuild
  sameEntries();
  m.clear();
  assert.equal(m.list.length, 0);
  m.set(5, c);
  assert.deepEqual(m.list, [c]);
  // A large load is not listed as it comes in, but is there at the next scan.
  m.reserve(100);
  for (let k = 6; k < 106; k++) m.set(k, fake(k));
  assert.equal(m.list.length, 101);
  sameEntries();
  m.set(200, a); // and listing resumes after that rebuild
  assert.equal(m.list.length, 102);
  sameEntries();
});

test('KeyedStates: keys below, far past and inside the slot range are all found once', () => {
  const m = new KeyedStates();
  const keys = [1000, 5, 1001, 1003, 1600, -7, 1.5, 'x', 1002, 1500];
  const states = keys.map((_, i) => fake(i));
  keys.forEach((k, i) => m.set(k, states[i] as InstanceState));
  assert.equal(m.size, keys.length);
  keys.forEach((k, i) => assert.equal(m.get(k), states[i]));
  assert.equal(m.get(1004), undefined);
  assert.equal(m.get(999), undefined);
  // Grow the slots over 1600, which went to the Map: it must stay reachable and unique.
  for (let k = 1004; k < 1700; k++) if (k !== 1500 && k !== 1600) m.set(k, fake(k));
  assert.equal(m.get(1600), states[4]);
  const replaced = fake(-1);
  m.set(1600, replaced);
  assert.equal(m.get(1600), replaced);
  const all = [...m];
  assert.equal(all.length, m.size);
  assert.equal(new Set(all).size, all.length);
  m.deleteState(1600, replaced);
  m.deleteState(1001, states[2] as InstanceState);
  m.deleteState(1002, fake(0)); // not the mapped state: no effect
  assert.equal(m.get(1600), undefined);
  assert.equal(m.get(1001), undefined);
  assert.equal(m.get(1002), states[8]);
  let visited = 0;
  m.forEach(() => visited++);
  assert.equal(visited, m.size);
});

test('KeyedStates: a reserved load of 20,000 keys over several slot chunks, in any order', () => {
  const m = new KeyedStates();
  const n = 20_000;
  const states = Array.from({ length: n }, (_, i) => fake(i));
  m.reserve(n);
  // The first key sets the base; the others come scrambled (an ORDER BY on another column),
  // many far past the last slot written but inside the reserved range.
  m.set(100, states[0] as InstanceState);
  for (let j = 1; j < n; j++) {
    const i = (j * 7919) % n || n - 1;
    if (m.get(100 + i) === undefined) m.set(100 + i, states[i] as InstanceState);
  }
  assert.equal(m.size, n);
  for (let i = 0; i < n; i++) assert.equal(m.get(100 + i), states[i]);
  // Slotted keys are visited in key order, by every walk.
  assert.deepEqual([...m], states);
  const walked: InstanceState[] = [];
  m.forEach((st) => walked.push(st as InstanceState));
  assert.deepEqual(walked, states);
  assert.equal(m.list.length, n);
  // Past the reserved chunks: a key near the last one is slotted, a far one goes to the Map.
  const near = fake(-1);
  const far = fake(-2);
  m.set(100 + 3 * 8192 + 5, near);
  m.set(100 + 1_000_000, far);
  assert.equal(m.get(100 + 3 * 8192 + 5), near);
  assert.equal(m.get(100 + 1_000_000), far);
  assert.equal(m.get(100 + 3 * 8192 + 4), undefined);
  // Removal at a chunk's first and last slot.
  m.deleteState(100 + 8192, states[8192] as InstanceState);
  m.deleteState(100 + 8191, states[8191] as InstanceState);
  assert.equal(m.get(100 + 8192), undefined);
  assert.equal(m.get(100 + 8191), undefined);
  assert.equal(m.size, n);
  assert.ok(m.some((st) => st === far));
  m.clear();
  assert.equal(m.size, 0);
  assert.equal(m.get(100), undefined);
  assert.deepEqual([...m], []);
});

test('KeyedStates: keys in runs with wide gaps (select-in children) share the slots', () => {
  // The children of 1,000 parents, ordered by key: runs of ids with gaps wider than a
  // chunk grows by. Slotted keys iterate in key order, Map keys after them: 2000 lands
  // before 2100 only if it took a slot.
  const m = new KeyedStates();
  const keys: number[] = [];
  for (let k = 1; k <= 600; k++) keys.push(k);
  keys.push(2000, 1100, 1600, 2100);
  for (const k of keys) m.set(k, fake(k));
  assert.deepEqual(
    [...m].map((st) => (st as unknown as { n: number }).n),
    [...keys].sort((a, b) => a - b),
  );
  // A run far into a chunk no key reached yet (its slots are made whole, not sparse).
  const far = new KeyedStates();
  const farKeys: number[] = [];
  for (let k = 1; k <= 3000; k++) farKeys.push(k);
  for (let k = 10_000; k < 10_200; k++) farKeys.push(k);
  for (const k of farKeys) far.set(k, fake(k));
  for (const k of farKeys) assert.equal((far.get(k) as unknown as { n: number }).n, k);
  assert.equal(far.get(9_999), undefined);
  assert.deepEqual(
    [...far].map((st) => (st as unknown as { n: number }).n),
    farKeys,
  );
  // Too sparse (fewer than a quarter of the slots used): the Map, after the slotted keys.
  far.set(1_000_000, fake(1_000_000));
  far.set(10_200, fake(10_200));
  assert.deepEqual(
    [...far].map((st) => (st as unknown as { n: number }).n).slice(-2),
    [10_200, 1_000_000],
  );
});

test('KeyedStates: a slot far past a chunk already in use never makes it sparse', () => {
  // V8 turns an array written far past its end into a dictionary (a hash table per
  // access): the chunk is made whole first, whether it is new or already in use.
  const result = runNative(`
    import { KeyedStates } from './packages/runtime/src/orm/state/identity-map.ts';
    const fake = (n) => ({ n });
    const cases = {
      'after 2,000 keys': [[...Array(2000).keys()], [7999]],
      'after a reserved load': [[...Array(2000).keys()], [7999], 2000],
      'after 600 keys': [[...Array(600).keys()], [2000]],
      'a second chunk': [[...Array(5000).keys()], [20000, 10000]],
    };
    const out = {};
    for (const [name, [keys, far, reserve]] of Object.entries(cases)) {
      const m = new KeyedStates();
      if (reserve) m.reserve(reserve);
      for (const k of [...keys, ...far]) m.set(k, fake(k));
      out[name] = {
        sparse: m.chunks.some((c) => %HasDictionaryElements(c)),
        found: [...keys, ...far].every((k) => m.get(k).n === k),
      };
    }
    console.log(JSON.stringify(out));
  `) as Record<string, { sparse: boolean; found: boolean }>;
  for (const [name, { sparse, found }] of Object.entries(result)) {
    assert.equal(sparse, false, `${name}: a chunk became a dictionary`);
    assert.equal(found, true, `${name}: a key lost`);
  }
  assert.equal(Object.keys(result).length, 4);
});

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  test('identity map: scattered integer keys map to one object each', async () => {
    const ids = [700, 3, 701, 5000, 702, 1, 2000];
    const s = t.session();
    s.addAll(ids.map((id) => new User({ id, email: `u${id}@x.org` })));
    await s.commit();
    await s.close();
    const s2 = t.session();
    const byDesc = await s2.query(User).orderBy(User.c.id.desc()).all();
    const byAsc = await s2.query(User).orderBy(User.c.id).all();
    assert.deepEqual(
      byAsc.map((u) => u.id),
      [...ids].sort((a, b) => a - b),
    );
    assert.deepEqual([...byDesc].reverse(), byAsc);
    for (const u of byAsc) {
      assert.equal(await s2.get(User, u.id), u);
      assert.equal(inspect(u).status, 'persistent');
    }
    byAsc[0]!.name = 'changed';
    assert.deepEqual(s2.dirty, [byAsc[0]]);
  });
});
