// A flush records a wave of plain pending objects as one journal entry: rolling back must
// still make each of them pending or transient again, also after the entry moved to an
// enclosing frame when a savepoint was released (whole, or split where the enclosing
// frame already had some of its objects).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine, inspect, Session } from '@dbgen/runtime';
import { Journal, type JournalTarget } from '../../../packages/runtime/src/orm/state/journal.js';
import { forEachDialect } from '../../support/databases.js';
import { Post, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  test('a flushed wave rolls back whole after its savepoint was released', async () => {
    const s = t.session();
    const author = new User({ email: 'batch@x.org' });
    s.add(author);
    await s.flush();
    const nested = await s.beginNested();
    const posts = Array.from({ length: 5 }, (_, i) => new Post({ title: `b${i}` }));
    for (const p of posts) {
      p.authorId = author.id;
      s.add(p);
    }
    await s.flush();
    assert.ok(posts.every((p) => typeof p.id === 'number'));
    await nested.commit();
    await s.rollback();
    for (const p of posts) {
      assert.equal(inspect(p).status, 'transient');
      assert.equal(p.id, undefined);
    }
    assert.equal(inspect(author).status, 'transient');
    assert.deepEqual(await t.rows('select id from posts'), []);
  });
});

test('a batch released into a frame that has some of its states is split, each reverted once', () => {
  const s = new Session(createEngine('sqlite::memory:'));
  const posts = Array.from({ length: 4 }, (_, i) => new Post({ title: `s${i}` }));
  s.addAll(posts);
  const states = posts.map((p) => inspect(p));
  const j = new Journal();
  j.begin();
  j.record(states[0]!);
  j.begin();
  j.recordAll(states);
  j.release();
  const calls: string[] = [];
  const target: JournalTarget = {
    detach: (st) => calls.push(`detach ${(st.obj as Post).title}`),
    reattach: (st, pending) => calls.push(`reattach ${(st.obj as Post).title} ${pending}`),
  };
  j.rollback(target);
  for (const p of posts)
    assert.deepEqual(
      calls.filter((c) => c.endsWith(` ${p.title}`) || c.includes(` ${p.title} `)),
      [`detach ${p.title}`, `reattach ${p.title} true`],
    );
  assert.equal(j.depth, 0);
});
