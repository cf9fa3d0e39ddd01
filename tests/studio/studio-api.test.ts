/**
 * `dbgen studio`'s API on every dialect, against a real database: browsing with filters,
 * sorting and paging, following relations both ways, staging edits with their SQL,
 * committing them as one transaction, discarding, stale-row conflicts, and requests
 * without the token or from another origin refused.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql, type Engine } from '@dbgen/runtime';
import { startStudio, type RunningStudio } from '@dbgen/cli';
import { forEachDialect } from '../support/databases.js';
import { call, createStudioTables, raw, studioSchema } from './support.js';

type Row = Record<string, unknown>;

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  let studio: RunningStudio;
  /** What the engine ran, statement by statement (echo with parameters). */
  const ran: string[] = [];

  before(async () => {
    engine = makeEngine({ echo: 'debug', logger: (line) => ran.push(line) });
    await createStudioTables(engine, dialect);
    studio = await startStudio({ engine, schema: studioSchema() });
  });
  after(() => studio.close());

  const rows = async (body: Row) => {
    const response = await call(studio, 'POST', '/api/rows', body);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body as { rows: Row[]; total: number };
  };
  const userNamed = async (email: string) => {
    const page = await rows({
      table: 'public.users',
      filters: [{ column: 'email', op: 'eq', value: email }],
    });
    assert.equal(page.rows.length, 1);
    return page.rows[0] as Row;
  };
  const dbUser = async (id: number) =>
    (await engine.execute(sql`select name, email, version from users where id = ${id}`))
      .rows[0] as Row;

  test('the schema lists every table with its key, version column and relations both ways', async () => {
    const { status, body } = await call(studio, 'GET', '/api/schema');
    assert.equal(status, 200);
    // MariaDB answers to the mysql dialect under its own name.
    assert.equal(body['dialect'], dialect === 'mysql' ? engine.dialect.name : dialect);
    assert.match(String(body['dialect']), dialect === 'mysql' ? /^(mysql|mariadb)$/ : /./);
    const tables = body['tables'] as Row[];
    assert.deepEqual(
      tables.map((t) => t['key']),
      ['public.users', 'public.posts'],
    );
    const [users, posts] = tables as [Row, Row];
    assert.deepEqual(users['primaryKey'], ['id']);
    assert.equal(users['versionColumn'], 'version');
    assert.equal(posts['versionColumn'], null);
    const edge = {
      name: null,
      from: 'public.posts',
      columns: ['author_id'],
      to: 'public.users',
      toColumns: ['id'],
    };
    assert.deepEqual(posts['parents'], [edge]);
    assert.deepEqual(users['children'], [edge]);
  });

  test('browse: sorted, paged, with the total of all pages', async () => {
    const page = await rows({
      table: 'public.users',
      sort: [{ column: 'email', direction: 'desc' }],
      limit: 2,
      offset: 1,
    });
    assert.equal(page.total, 5);
    assert.deepEqual(
      page.rows.map((r) => r['email']),
      ['edsger@example.org', 'barbara@example.org'],
    );
    assert.deepEqual(Object.keys(page.rows[0]!), ['id', 'email', 'name', 'version']);
  });

  test('filter: contains (any case), comparison, null', async () => {
    const contains = await rows({
      table: 'public.users',
      filters: [{ column: 'name', op: 'contains', value: 'LOVE' }],
    });
    assert.deepEqual(
      contains.rows.map((r) => r['email']),
      ['ada@example.org'],
    );
    assert.equal(contains.total, 1);
    const gt = await rows({
      table: 'public.users',
      filters: [{ column: 'id', op: 'gt', value: '3' }],
    });
    assert.deepEqual(
      gt.rows.map((r) => r['id']),
      [4, 5],
    );
    const nulls = await rows({
      table: 'public.users',
      filters: [{ column: 'name', op: 'isNull' }],
    });
    assert.deepEqual(
      nulls.rows.map((r) => r['email']),
      ['edsger@example.org'],
    );
    const both = await rows({
      table: 'public.posts',
      filters: [
        { column: 'author_id', op: 'eq', value: 1 },
        { column: 'title', op: 'contains', value: 'sketch' },
      ],
    });
    assert.deepEqual(
      both.rows.map((r) => r['title']),
      ['Sketch of the Engine'],
    );
  });

  test('follow a relation both ways: a post to its author, an author to their posts', async () => {
    const post = (
      await rows({
        table: 'public.posts',
        filters: [{ column: 'title', op: 'contains', value: 'Machinery' }],
      })
    ).rows[0]!;
    const schema = (await call(studio, 'GET', '/api/schema')).body['tables'] as Row[];
    const [users, posts] = schema as [Row, Row];
    const [toAuthor] = posts['parents'] as { columns: string[]; to: string; toColumns: string[] }[];
    const author = await rows({
      table: toAuthor!.to,
      filters: toAuthor!.toColumns.map((column, i) => ({
        column,
        op: 'eq',
        value: post[toAuthor!.columns[i]!],
      })),
    });
    assert.deepEqual(
      author.rows.map((r) => r['email']),
      ['alan@example.org'],
    );
    const [toPosts] = users['children'] as {
      from: string;
      columns: string[];
      toColumns: string[];
    }[];
    const ada = await userNamed('ada@example.org');
    const adasPosts = await rows({
      table: toPosts!.from,
      filters: toPosts!.columns.map((column, i) => ({
        column,
        op: 'eq',
        value: ada[toPosts!.toColumns[i]!],
      })),
      sort: [{ column: 'title', direction: 'asc' }],
    });
    assert.deepEqual(
      adasPosts.rows.map((r) => r['title']),
      ['Notes on the Analytical Engine', 'Sketch of the Engine'],
    );
  });

  test('stage two edits, preview their exact SQL, commit them as one transaction', async () => {
    const grace = await userNamed('grace@example.org');
    const update = await call(studio, 'POST', '/api/changes', {
      kind: 'update',
      table: 'public.users',
      original: grace,
      values: { name: 'Rear Admiral Grace Hopper' },
    });
    assert.equal(update.status, 200, JSON.stringify(update.body));
    const insert = await call(studio, 'POST', '/api/changes', {
      kind: 'insert',
      table: 'public.posts',
      values: { author_id: String(grace['id']), title: 'The First Bug', views: '7' },
    });
    assert.equal(insert.status, 200, JSON.stringify(insert.body));
    const { changes } = (await call(studio, 'GET', '/api/changes')).body as {
      changes: { id: number; kind: string; sql: string; parameters: unknown[]; key: Row | null }[];
    };
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['update', 'insert'],
    );
    const [u, i] = changes as [(typeof changes)[0], (typeof changes)[0]];
    // The update sets the name and bumps the version, and finds the row by key and version.
    assert.match(
      u.sql,
      /^update .*users.* set .*name.* = .*version.* = .*version.* \+ .* where .*id.* = .* and .*version.* = /i,
    );
    assert.deepEqual(u.parameters, ['Rear Admiral Grace Hopper', 1, grace['id'], 1]);
    assert.deepEqual(u.key, { id: grace['id'] });
    assert.match(i.sql, /^insert into .*posts.*author_id.*title.*views/i);
    assert.deepEqual(i.parameters, [grace['id'], 'The First Bug', 7]);
    // Staged is not written.
    assert.equal((await dbUser(grace['id'] as number))['name'], 'Grace Hopper');

    ran.length = 0;
    const commit = await call(studio, 'POST', '/api/commit', {});
    assert.equal(commit.status, 200, JSON.stringify(commit.body));
    assert.equal(commit.body['committed'], 2);
    assert.deepEqual(commit.body['changes'], []);
    // What commit ran is what the preview showed, statement for statement, values and all.
    const executed = ran.map((line) => line.replace(/^\[dbgen\] [\d.]+ ms /, ''));
    // One transaction around them: begin, the two statements, commit.
    assert.match(executed[0]!, /^(begin|begin immediate|start transaction)$/);
    assert.deepEqual(executed.slice(1), [
      `${u.sql} -- ${JSON.stringify(u.parameters)}`,
      `${i.sql} -- ${JSON.stringify(i.parameters)}`,
      'commit',
    ]);
    assert.deepEqual(await dbUser(grace['id'] as number), {
      name: 'Rear Admiral Grace Hopper',
      email: 'grace@example.org',
      version: 2,
    });
    const bug = await engine.execute(
      sql`select author_id, views from posts where title = ${'The First Bug'}`,
    );
    assert.deepEqual(bug.rows, [{ author_id: grace['id'], views: 7 }]);
  });

  test('discard drops the staged changes and writes nothing', async () => {
    const barbara = await userNamed('barbara@example.org');
    await call(studio, 'POST', '/api/changes', {
      kind: 'delete',
      table: 'public.users',
      original: barbara,
    });
    const staged = await call(studio, 'POST', '/api/changes', {
      kind: 'update',
      table: 'public.users',
      original: barbara,
      values: { name: null },
    });
    assert.equal((staged.body['changes'] as unknown[]).length, 2);
    const discard = await call(studio, 'POST', '/api/discard', {});
    assert.equal(discard.status, 200);
    assert.equal(discard.body['discarded'], 2);
    assert.deepEqual((await call(studio, 'GET', '/api/changes')).body['changes'], []);
    assert.equal((await dbUser(barbara['id'] as number))['name'], 'Barbara Liskov');
  });

  test('a row changed since it was read (version column) is a conflict: nothing is written', async () => {
    const ada = await userNamed('ada@example.org');
    await call(studio, 'POST', '/api/changes', {
      kind: 'update',
      table: 'public.users',
      original: ada,
      values: { name: 'A. A. Lovelace' },
    });
    const newPost = await call(studio, 'POST', '/api/changes', {
      kind: 'insert',
      table: 'public.posts',
      values: { author_id: ada['id'], title: 'Never written' },
    });
    assert.equal(newPost.status, 200);
    // Someone else saves the row meanwhile (and bumps its version, as an ORM session does).
    await engine.execute(
      sql`update users set name = ${'Augusta Ada King'}, version = version + 1 where id = ${ada['id']}`,
    );
    const commit = await call(studio, 'POST', '/api/commit', {});
    assert.equal(commit.status, 409, JSON.stringify(commit.body));
    assert.match(
      String(commit.body['error']),
      /stale rows: change #\d+ targets a row that changed since it was read; nothing was written/,
    );
    const [conflict] = commit.body['conflicts'] as Row[];
    assert.deepEqual((conflict as Row)['current'], {
      id: ada['id'],
      email: 'ada@example.org',
      name: 'Augusta Ada King',
      version: 2,
    });
    assert.equal((await dbUser(ada['id'] as number))['name'], 'Augusta Ada King');
    const unwritten = await engine.execute(
      sql`select id from posts where title = ${'Never written'}`,
    );
    assert.deepEqual(unwritten.rows, [], 'the other change of the transaction was rolled back');
    // The staged changes stay, for the user to look at and discard or unstage.
    assert.equal(
      ((await call(studio, 'GET', '/api/changes')).body['changes'] as unknown[]).length,
      2,
    );
    await call(studio, 'POST', '/api/discard', {});
  });

  test('without a version column, the original values guard the row', async () => {
    const post = (
      await rows({
        table: 'public.posts',
        filters: [{ column: 'title', op: 'eq', value: 'Sketch of the Engine' }],
      })
    ).rows[0]!;
    const staged = await call(studio, 'POST', '/api/changes', {
      kind: 'update',
      table: 'public.posts',
      original: post,
      values: { views: 100 },
    });
    const change = staged.body['change'] as { sql: string; parameters: unknown[] };
    assert.match(
      change.sql,
      /where .*id.* = .* and .*author_id.* = .* and .*title.* = .* and .*views.* = /i,
    );
    await engine.execute(
      sql`update posts set title = ${'Sketch of the Analytical Engine'} where id = ${post['id']}`,
    );
    const commit = await call(studio, 'POST', '/api/commit', {});
    assert.equal(commit.status, 409);
    const views = await engine.execute(sql`select views from posts where id = ${post['id']}`);
    assert.deepEqual(views.rows, [{ views: 0 }]);
    // Unstaged and staged again from the row as it is now, it commits.
    await call(studio, 'POST', '/api/discard', {});
    const fresh = (
      await rows({
        table: 'public.posts',
        filters: [{ column: 'id', op: 'eq', value: post['id'] }],
      })
    ).rows[0]!;
    await call(studio, 'POST', '/api/changes', {
      kind: 'update',
      table: 'public.posts',
      original: fresh,
      values: { views: 100 },
    });
    assert.equal((await call(studio, 'POST', '/api/commit', {})).status, 200);
    assert.deepEqual(
      (await engine.execute(sql`select views from posts where id = ${post['id']}`)).rows,
      [{ views: 100 }],
    );
  });

  test('a deleted row is a conflict too, and a refused statement rolls back the others', async () => {
    const edsger = await userNamed('edsger@example.org');
    await call(studio, 'POST', '/api/changes', {
      kind: 'update',
      table: 'public.users',
      original: edsger,
      values: { name: 'E. W. Dijkstra' },
    });
    // The email is unique: the database refuses the second change.
    await call(studio, 'POST', '/api/changes', {
      kind: 'insert',
      table: 'public.users',
      values: { email: 'ada@example.org' },
    });
    const refused = await call(studio, 'POST', '/api/commit', {});
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.match(
      String(refused.body['error']),
      /^change #\d+ \(insert public\.users\) was refused by the database: .*nothing was written$/,
    );
    assert.equal((await dbUser(edsger['id'] as number))['name'], null);
    await call(studio, 'POST', '/api/discard', {});

    await call(studio, 'POST', '/api/changes', {
      kind: 'delete',
      table: 'public.users',
      original: edsger,
    });
    await engine.execute(sql`delete from users where id = ${edsger['id']}`);
    const gone = await call(studio, 'POST', '/api/commit', {});
    assert.equal(gone.status, 409);
    assert.equal((gone.body['conflicts'] as Row[])[0]!['current'], null);
    await call(studio, 'POST', '/api/discard', {});
  });

  test('unstage one change; bad input is a 4xx naming what is wrong, and stages nothing', async () => {
    const alan = await userNamed('alan@example.org');
    const first = await call(studio, 'POST', '/api/changes', {
      kind: 'delete',
      table: 'public.users',
      original: alan,
    });
    const id = (first.body['change'] as { id: number }).id;
    assert.deepEqual((await call(studio, 'DELETE', `/api/changes/${id}`)).body['changes'], []);
    const bad = [
      [
        { kind: 'update', table: 'public.nope', original: alan, values: { name: 'x' } },
        404,
        /unknown table "public\.nope"/,
      ],
      [
        { kind: 'update', table: 'public.users', original: alan, values: { nope: 'x' } },
        400,
        /table "users" has no column "nope"/,
      ],
      [
        { kind: 'insert', table: 'public.posts', values: { author_id: 'two', title: 't' } },
        400,
        /posts\.author_id: expected an integer, found "two"/,
      ],
      [
        { kind: 'update', table: 'public.users', original: alan, values: { version: 9 } },
        400,
        /version column/,
      ],
      [{ kind: 'merge', table: 'public.users' }, 400, /unknown change kind "merge"/],
    ] as const;
    for (const [body, status, message] of bad) {
      const response = await call(studio, 'POST', '/api/changes', body);
      assert.equal(response.status, status, JSON.stringify(response.body));
      assert.match(String(response.body['error']), message);
    }
    const filter = await call(studio, 'POST', '/api/rows', {
      table: 'public.users',
      filters: [{ column: 'id', op: 'regex', value: 1 }],
    });
    assert.equal(filter.status, 400);
    assert.match(String(filter.body['error']), /unknown filter operator "regex"/);
    // Lists of the wrong shape are named too (they were a 500 "internal error").
    const shapes = [
      [{ filters: [null] }, /each filter must be an object \{ column, op, value \}, found null/],
      [{ filters: 'id' }, /filters must be a list, found "id"/],
      [{ sort: 'id' }, /sort must be a list, found "id"/],
      [{ sort: [7] }, /each sort must be an object \{ column, direction \}, found 7/],
    ] as const;
    for (const [body, message] of shapes) {
      const response = await call(studio, 'POST', '/api/rows', { table: 'public.users', ...body });
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.match(String(response.body['error']), message);
    }
    assert.deepEqual((await call(studio, 'GET', '/api/changes')).body['changes'], []);
  });

  test('requests without the token, or from another origin or host, are refused', async () => {
    const noToken = await raw(studio, 'GET', '/api/schema');
    assert.equal(noToken.status, 401);
    assert.match(String(noToken.body['error']), /missing or wrong x-studio-token header/);
    // One character changed; never to the one it was (a random token ends in "x" once in 64).
    const last = studio.token.endsWith('x') ? 'y' : 'x';
    const wrong = await raw(studio, 'POST', '/api/commit', {
      headers: {
        'x-studio-token': `${studio.token.slice(0, -1)}${last}`,
        'content-type': 'application/json',
      },
      body: '{}',
    });
    assert.equal(wrong.status, 401);
    const inQuery = await raw(studio, 'GET', `/api/schema?token=${studio.token}`);
    assert.equal(inQuery.status, 401, 'the token counts only in its header');
    const otherOrigin = await raw(studio, 'POST', '/api/discard', {
      headers: {
        'x-studio-token': studio.token,
        origin: 'http://evil.example',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    assert.equal(otherOrigin.status, 403);
    assert.match(
      String(otherOrigin.body['error']),
      /origin "http:\/\/evil\.example" are not allowed/,
    );
    const rebound = await raw(studio, 'GET', '/api/schema', {
      headers: { 'x-studio-token': studio.token, host: `evil.example:${studio.port}` },
    });
    assert.equal(rebound.status, 403);
    const ownOrigin = await raw(studio, 'GET', '/api/schema', {
      headers: { 'x-studio-token': studio.token, origin: studio.origin },
    });
    assert.equal(ownOrigin.status, 200);
    // A form post (no JSON content type) cannot drive the API either.
    const form = await raw(studio, 'POST', '/api/commit', {
      headers: {
        'x-studio-token': studio.token,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'a=1',
    });
    assert.equal(form.status, 415);
    assert.ok(studio.url.startsWith('http://127.0.0.1:'));
  });
});
