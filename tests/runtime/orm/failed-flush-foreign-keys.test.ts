// A rollback (of a failed flush, or an explicit one) puts back the foreign keys the flush
// copied from parents' keys, as it does the keys themselves. Before, a new parent went back
// to transient without its generated key while its children kept a copy of it: on SQLite
// the key was handed out again and a child silently joined an unrelated new row; on
// PostgreSQL and MariaDB the next commit failed on the foreign key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ForeignKeyViolationError, inspect, UniqueViolationError } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Category, Post, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  const num = (v: unknown): number | null => (v === null ? null : Number(v));

  test('a failed flush leaves a new child without the key of its new parent', async () => {
    const s = t.session();
    s.add(new User({ email: 'taken@x.org' }));
    await s.commit();

    const parent = new Category({ name: 'draft' });
    const child = new Category({ name: 'kept' });
    parent.children.push(child);
    s.add(parent);
    s.add(new User({ email: 'taken@x.org' })); // the flush fails here, after the categories
    await assert.rejects(s.flush(), UniqueViolationError);
    assert.equal(inspect(parent).status, 'transient');
    assert.equal(parent.id, undefined);
    assert.equal(child.parentId ?? null, null);

    // Kept without a parent; another category takes the key the rollback gave back.
    parent.children = [];
    s.add(child);
    s.add(new Category({ name: 'stranger' }));
    await s.commit();
    const rows = await t.rows('select name, parent_id from categories order by name');
    assert.deepEqual(
      rows.map((r) => [r['name'], num(r['parent_id'])]),
      [
        ['kept', null],
        ['stranger', null],
      ],
    );
  });

  test('a failed flush puts back the key of a persistent child moved into a new parent', async () => {
    const s = t.session();
    const old = new User({ email: 'old@x.org' });
    const post = new Post({ title: 'p' });
    old.posts.push(post);
    const root = new Category({ name: 'root' });
    root.children.push(new Category({ name: 'leaf' }));
    s.addAll([old, root]);
    await s.commit();
    await s.close();

    const s2 = t.session();
    const moved = await s2.query(Post).one();
    const fresh = new User({ email: 'new@x.org' });
    fresh.posts.push(moved);
    s2.add(fresh);
    // The DELETEs run last: the UPDATE of the post has run when this one fails (its
    // child, not loaded, still points at it).
    s2.delete(await s2.query(Category).filterBy({ name: 'root' }).one());
    await assert.rejects(s2.flush(), ForeignKeyViolationError);
    assert.equal(inspect(fresh).status, 'transient');
    assert.equal(moved.authorId, 1);
    assert.deepEqual(inspect(moved).modified, []);

    // The retry (the delete undone) writes the move under the new parent's new key.
    s2.add(fresh);
    await s2.commit();
    assert.equal(moved.authorId, fresh.id);
    const rows = await t.rows(
      'select p.title, u.email from posts p join users u on u.id = p.author_id',
    );
    assert.deepEqual(
      rows.map((r) => [r['title'], r['email']]),
      [['p', 'new@x.org']],
    );
  });

  test('rollback() after a flush takes the new parent key out of its new children', async () => {
    const s = t.session();
    const user = new User({ email: 'a@x.org' });
    const post = new Post({ title: 'p' });
    user.posts.push(post);
    s.add(user);
    await s.flush();
    assert.equal(post.authorId, user.id);
    await s.rollback();
    assert.equal(user.id, undefined);
    assert.equal(post.authorId, undefined);
  });

  test('a foreign key the user changed after the flush is left as set by a rollback', async () => {
    const s = t.session();
    const a = new Category({ name: 'a' });
    const b = new Category({ name: 'b' });
    s.addAll([a, b]);
    await s.commit();

    const child = new Category({ name: 'c' });
    a.children.push(child);
    await s.flush();
    assert.equal(child.parentId, a.id);
    child.parentId = b.id;
    await s.rollback();
    assert.equal(child.parentId, b.id);
  });
});
