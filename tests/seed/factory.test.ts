/**
 * Test-data factories on every dialect: defaults numbered per object, overrides, and
 * graphs of related objects given as plain values (one-to-many, many-to-one, one-to-one,
 * many-to-many), inserted by one flush with their foreign keys set from the relations.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { factory } from '@dbgen/runtime';
import { forEachDialect } from '../support/databases.js';
import { Post, Tag, User } from '../runtime/orm/fixtures/models.js';
import { ormSuite } from '../runtime/orm/fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  test('create: defaults, overrides, and a user with posts, a profile and tagged posts', async () => {
    const users = factory(User, (n) => ({ email: `user${n}@example.org` }));
    const posts = factory(Post, (n) => ({ title: `Post ${n}` }));
    const s = t.session();
    const ann = await users.create(s, {
      name: 'Ann',
      posts: [{ title: 'First', tags: [new Tag({ name: 'sql' }), { name: 'orm' }] }, {}],
      profile: { bio: 'Writes about databases' },
    });
    assert.equal(typeof ann.id, 'number');
    assert.equal(ann.email, 'user1@example.org');
    assert.deepEqual(
      ann.posts.map((p) => [p.title, p.authorId]),
      [
        ['First', ann.id],
        ['Post 2', ann.id],
      ],
    );
    // many-to-one from the other side: the author is built with the User factory's defaults
    const post = await posts.create(s, { author: { name: 'Bob' } });
    assert.equal(post.title, 'Post 3');
    assert.equal(post.author.email, 'user2@example.org');
    await s.commit();

    const rows = await t.rows(
      'select u.email, u.name, p.title from users u join posts p on p.author_id = u.id order by p.id',
    );
    assert.deepEqual(
      rows.map((r) => [r['email'], r['name'], r['title']]),
      [
        ['user1@example.org', 'Ann', 'First'],
        ['user1@example.org', 'Ann', 'Post 2'],
        ['user2@example.org', 'Bob', 'Post 3'],
      ],
    );
    const profiles = await t.rows('select bio, user_id from profiles');
    assert.deepEqual(
      profiles.map((r) => [r['bio'], Number(r['user_id'])]),
      [['Writes about databases', ann.id]],
    );
    const tagged = await t.rows(
      'select t.name from post_tags pt join tags t on t.id = pt.tag_id order by t.name',
    );
    assert.deepEqual(
      tagged.map((r) => r['name']),
      ['orm', 'sql'],
    );
  });

  test('createMany: numbered defaults, shared overrides, one flush', async () => {
    const users = factory(User, (n) => ({ email: `many${n}@example.org` }));
    const s = t.session();
    const made = await users.createMany(s, 3, { name: 'Same' });
    assert.deepEqual(
      made.map((u) => u.email),
      ['many1@example.org', 'many2@example.org', 'many3@example.org'],
    );
    await s.commit();
    const rows = await t.rows(`select count(*) as n from users where name = 'Same'`);
    assert.equal(Number(rows[0]?.['n']), 3);
    // build() makes a transient object only: nothing is written
    const built = users.build({ name: 'Not saved' });
    assert.equal(built.email, 'many4@example.org');
    const none = await t.rows(`select count(*) as n from users where name = 'Not saved'`);
    assert.equal(Number(none[0]?.['n']), 0);
  });
});
