// The exact statements a flush emits (order, batching, only changed columns), on both
// dialects: SQLAlchemy's assert_sql_execution style, captured from the engine's echo hook.
// Placeholders are normalised to `?` so one expectation serves both dialects.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { Session, sql, StaleDataError, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { createSchema, recordingEngine, resetData, type Recorder } from './fixtures/db.js';
import { Category, Counter, Player, Post, Profile, Tag, Team, User } from './fixtures/models.js';

// Placeholders as `?`, MySQL's backtick quotes as double quotes.
const norm = (sql: string): string => sql.replace(/\$\d+/g, '?').replace(/`/g, '"');

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  let rec: Recorder;
  let ready = false;
  beforeEach(async () => {
    if (!ready) {
      ({ engine, rec } = recordingEngine(makeEngine));
      await createSchema(engine, dialect);
      ready = true;
    }
    await resetData(engine, dialect);
    rec.clear();
  });
  const sessions: Session[] = [];
  const open = (): Session => {
    const s = new Session(engine);
    sessions.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.close();
  });
  const statements = (): [string, unknown[]][] => rec.take().map((r) => [norm(r.sql), r.params]);
  /** `<head> where <column> in (...keys)`: on PostgreSQL one array parameter (sql.ts matchAny). */
  const byKeys = (head: string, column: string, keys: unknown[]): [string, unknown[]] =>
    dialect === 'postgres'
      ? [`${head} where "${column}" = any(?)`, [keys]]
      : [`${head} where "${column}" in (${keys.map(() => '?').join(', ')})`, keys];

  test('a new object graph: parents first, one multi-row INSERT ... RETURNING per table', async () => {
    const s = open();
    const ann = new User({ email: 'ann@x.org', name: 'Ann' });
    const bob = new User({ email: 'bob@x.org' });
    ann.posts.push(new Post({ title: 'a1' }), new Post({ title: 'a2', body: 'text' }));
    bob.posts.push(new Post({ title: 'b1' }));
    s.addAll([ann, bob]);
    await s.flush();
    assert.deepEqual(statements(), [
      [
        'insert into "users" ("email", "name") values (?, ?), (?, ?) returning "id"',
        ['ann@x.org', 'Ann', 'bob@x.org', null],
      ],
      [
        'insert into "posts" ("author_id", "title", "body") values (?, ?, ?), (?, ?, ?), (?, ?, ?) returning "id"',
        [1, 'a1', null, 1, 'a2', 'text', 2, 'b1', null],
      ],
    ]);
    assert.deepEqual([ann.id, bob.id], [1, 2]);
    assert.deepEqual(
      ann.posts.map((p) => [p.id, p.authorId]),
      [
        [1, 1],
        [2, 1],
      ],
    );
    await s.commit();
  });

  test('UPDATE sets only the changed columns; no statement when nothing net changed', async () => {
    const s = open();
    const u = new User({ email: 'u@x.org', name: 'U' });
    s.add(u);
    await s.flush();
    rec.clear();
    u.name = 'V';
    await s.flush();
    assert.deepEqual(statements(), [['update "users" set "name" = ? where "id" = ?', ['V', 1]]]);
    u.name = 'W';
    u.name = 'V'; // back to the flushed value: no net change
    u.email = 'u@x.org';
    await s.flush();
    assert.deepEqual(statements(), []);
    await s.commit();
  });

  test('rows changing the same columns are batched into one UPDATE', async () => {
    const s = open();
    const posts = [1, 2, 3].map(
      (i) => new Post({ title: `t${i}`, author: new User({ email: `u${i}@x.org` }) }),
    );
    s.addAll(posts);
    await s.flush();
    rec.clear();
    posts[0]!.title = 'x1';
    posts[2]!.title = 'x3';
    posts[1]!.body = 'b2';
    await s.flush();
    // A VALUES table joined where the dialect has UPDATE ... FROM; a CASE per column on MySQL.
    const batched: Record<typeof dialect, [string, unknown[]]> = {
      sqlite: [
        'update "posts" set "title" = "v"."c1" from (select column1 as "k1", column2 as "c1" from (values (?, ?), (?, ?))) as "v" where "posts"."id" = "v"."k1"',
        [1, 'x1', 3, 'x3'],
      ],
      postgres: [
        'update "posts" set "title" = "v"."c1" from (values (cast(? as integer), cast(? as text)), (?, ?)) as "v"("k1", "c1") where "posts"."id" = "v"."k1"',
        [1, 'x1', 3, 'x3'],
      ],
      mysql: [
        'update "posts" set "title" = case "id" when ? then ? when ? then ? else "title" end where "id" in (?, ?)',
        [1, 'x1', 3, 'x3', 1, 3],
      ],
    };
    assert.deepEqual(statements(), [
      batched[dialect],
      ['update "posts" set "body" = ? where "id" = ?', ['b2', 2]],
    ]);
    await s.commit();
    const titles = await engine.execute(sql`select id, title, body from posts order by id`);
    assert.deepEqual(
      titles.rows.map((r) => [Number(r['id']), r['title'], r['body']]),
      [
        [1, 'x1', null],
        [2, 't2', 'b2'],
        [3, 'x3', null],
      ],
    );
  });

  test('versioned rows in one batch: each matches its loaded version; one stale row fails the batch', async () => {
    const s = open();
    const counters = [1, 2, 3].map((i) => new Counter({ name: `c${i}`, value: 0 }));
    s.addAll(counters);
    await s.commit();
    rec.clear();
    for (const c of counters) c.value = 10;
    await s.flush();
    const versioned: Record<typeof dialect, string> = {
      sqlite:
        'update "counters" set "value" = "v"."c1", "version" = "counters"."version" + ? from (select column1 as "k1", column2 as "ver", column3 as "c1" from (values (?, ?, ?), (?, ?, ?), (?, ?, ?))) as "v" where "counters"."id" = "v"."k1" and "counters"."version" = "v"."ver"',
      postgres:
        'update "counters" set "value" = "v"."c1", "version" = "counters"."version" + ? from (values (cast(? as integer), cast(? as integer), cast(? as integer)), (?, ?, ?), (?, ?, ?)) as "v"("k1", "ver", "c1") where "counters"."id" = "v"."k1" and "counters"."version" = "v"."ver"',
      mysql:
        'update "counters" set "value" = case "id" when ? then ? when ? then ? when ? then ? else "value" end, "version" = "version" + ? where ("id" = ? and "version" = ?) or ("id" = ? and "version" = ?) or ("id" = ? and "version" = ?)',
    };
    assert.deepEqual(
      statements().map(([text]) => text),
      [versioned[dialect]],
    );
    assert.deepEqual(
      counters.map((c) => c.version),
      [2, 2, 2],
    );
    await s.commit();

    // Another transaction moves the second row's version on: the next batch must fail as a
    // whole, naming the version check, and write nothing.
    await engine.execute(sql`update counters set version = version + 1 where name = 'c2'`);
    for (const c of counters) c.value = 20;
    await assert.rejects(s.commit(), (e: unknown) => {
      assert.ok(e instanceof StaleDataError);
      assert.match(
        e.message,
        /expected to match 3 row\(s\); 2 matched.*version check on "version"/,
      );
      return true;
    });
    const rows = await engine.execute(sql`select name, value, version from counters order by name`);
    assert.deepEqual(
      rows.rows.map((r) => [r['name'], Number(r['value']), Number(r['version'])]),
      [
        ['c1', 10, 2],
        ['c2', 10, 3],
        ['c3', 10, 2],
      ],
    );
  });

  test('deletes go children first, batched per table', async () => {
    const s = open();
    const u = new User({ email: 'd@x.org' });
    u.posts.push(new Post({ title: 'p1' }), new Post({ title: 'p2' }));
    u.profile = new Profile({ bio: 'hi' });
    s.add(u);
    await s.commit();
    rec.clear();
    s.delete(u); // posts and profile are loaded: their FKs cascade, so they go too
    await s.flush();
    assert.deepEqual(statements(), [
      byKeys('delete from "post_tags"', 'post_id', [1, 2]),
      ['delete from "profiles" where "id" = ?', [1]],
      byKeys('delete from "posts"', 'id', [1, 2]),
      ['delete from "users" where "id" = ?', [1]],
    ]);
    await s.commit();
  });

  test('a self-reference inserts parents before children (in waves), deletes children first', async () => {
    const s = open();
    const root = new Category({ name: 'root' });
    const a = new Category({ name: 'a', parent: root });
    const b = new Category({ name: 'b', parent: root });
    const a1 = new Category({ name: 'a1', parent: a });
    s.addAll([a1, b, a, root]);
    await s.flush();
    assert.deepEqual(statements(), [
      [
        'insert into "categories" ("parent_id", "name") values (?, ?) returning "id"',
        [null, 'root'],
      ],
      [
        'insert into "categories" ("parent_id", "name") values (?, ?), (?, ?) returning "id"',
        [1, 'b', 1, 'a'],
      ],
      ['insert into "categories" ("parent_id", "name") values (?, ?) returning "id"', [3, 'a1']],
    ]);
    s.delete(root);
    s.delete(a);
    s.delete(a1);
    s.delete(b);
    await s.flush();
    assert.deepEqual(statements(), [
      byKeys('delete from "categories"', 'id', [4, 2]),
      ['delete from "categories" where "id" = ?', [3]],
      ['delete from "categories" where "id" = ?', [1]],
    ]);
    await s.commit();
  });

  test('a cycle through a nullable FK: INSERT with NULL, then UPDATE', async () => {
    const s = open();
    const team = new Team({ name: 'Reds' });
    const cap = new Player({ name: 'Cap', team });
    team.captain = cap;
    s.add(team);
    await s.flush();
    assert.deepEqual(statements(), [
      ['insert into "teams" ("name", "captain_id") values (?, ?) returning "id"', ['Reds', null]],
      ['insert into "players" ("name", "team_id") values (?, ?) returning "id"', ['Cap', 1]],
      ['update "teams" set "captain_id" = ? where "id" = ?', [1, 1]],
    ]);
    assert.equal(team.captainId, cap.id);
    await s.commit();
  });

  test('a versioned row: UPDATE/DELETE match the loaded version and bump it', async () => {
    const s = open();
    const c = new Counter({ name: 'hits', value: 0 });
    s.add(c);
    await s.flush();
    assert.deepEqual(statements(), [
      [
        'insert into "counters" ("name", "value", "version") values (?, ?, ?) returning "id"',
        ['hits', 0, 1],
      ],
    ]);
    c.value = 1;
    await s.flush();
    assert.deepEqual(statements(), [
      [
        'update "counters" set "value" = ?, "version" = "version" + ? where "id" = ? and "version" = ?',
        [1, 1, 1, 1],
      ],
    ]);
    assert.equal(c.version, 2);
    s.delete(c);
    await s.flush();
    assert.deepEqual(statements(), [
      ['delete from "counters" where "id" = ? and "version" = ?', [1, 2]],
    ]);
    await s.commit();
  });

  test('many-to-many: link rows inserted after both sides, deleted on removal', async () => {
    const s = open();
    const p = new Post({ title: 'p', author: new User({ email: 'm@x.org' }) });
    const t1 = new Tag({ name: 'orm' });
    const t2 = new Tag({ name: 'sql' });
    p.tags.push(t1, t2);
    s.add(p);
    await s.flush();
    // Tables without a dependency between them go in name order: tags before users.
    assert.deepEqual(statements(), [
      ['insert into "tags" ("name") values (?), (?) returning "id"', ['orm', 'sql']],
      ['insert into "users" ("email", "name") values (?, ?) returning "id"', ['m@x.org', null]],
      [
        'insert into "posts" ("author_id", "title", "body") values (?, ?, ?) returning "id"',
        [1, 'p', null],
      ],
      ['insert into "post_tags" ("post_id", "tag_id") values (?, ?), (?, ?)', [1, 1, 1, 2]],
    ]);
    p.tags.splice(0, 1);
    await s.flush();
    assert.deepEqual(statements(), [
      ['delete from "post_tags" where "post_id" = ? and "tag_id" = ?', [1, 1]],
    ]);
    await s.commit();
  });

  test('moving a child to another parent is one UPDATE of its FK; removing an orphan deletes it', async () => {
    const s = open();
    const a = new User({ email: 'a@x.org' });
    const b = new User({ email: 'b@x.org' });
    const p1 = new Post({ title: 'p1' });
    const p2 = new Post({ title: 'p2' });
    a.posts.push(p1, p2);
    s.addAll([a, b]);
    await s.flush();
    rec.clear();
    a.posts.splice(0, 1);
    b.posts.push(p1);
    await s.flush();
    assert.deepEqual(statements(), [['update "posts" set "author_id" = ? where "id" = ?', [2, 1]]]);
    a.posts.length = 0; // p2's FK is NOT NULL: removing it deletes the orphan
    await s.flush();
    assert.deepEqual(statements(), [
      ['delete from "post_tags" where "post_id" = ?', [2]],
      ['delete from "posts" where "id" = ?', [2]],
    ]);
    await s.commit();
  });
});
