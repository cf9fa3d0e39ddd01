/**
 * The studio on dbgen's example schema, on every dialect: every table browses, values of
 * every kind (enum, bigint, decimal, timestamp, JSON, composite keys) make the round trip
 * from the browser's JSON through a staged insert and update, and the stale-row guard of a
 * table without a version column finds rows it has just read.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { compileSchema } from '@dbgen/generator';
import type { Engine, SchemaIR } from '@dbgen/runtime';
import { startStudio, type RunningStudio } from '@dbgen/cli';
import { forEachDialect } from '../support/databases.js';
import { withoutExpressionIndexes } from '../support/ir.js';
import { call } from './support.js';
import { createTables } from '../support/create-tables.js';

type Row = Record<string, unknown>;
const ROOT = join(import.meta.dirname, '../..');

function exampleSchema(): SchemaIR {
  const result = compileSchema(join(ROOT, 'schema.example.dbml'));
  if (!result.ir) throw new Error('schema.example.dbml does not compile');
  return result.ir;
}

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  let studio: RunningStudio;
  const schema = exampleSchema();

  before(async () => {
    engine = makeEngine();
    // MariaDB has no expression indexes (users' `lower(email)`); the studio needs no index.
    const tables = dialect === 'mysql' ? withoutExpressionIndexes(schema) : schema;
    await createTables(engine, tables, dialect);
    studio = await startStudio({ engine, schema });
  });
  after(() => studio.close());

  const stage = async (change: Row) => {
    const response = await call(studio, 'POST', '/api/changes', change);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body['change'] as { id: number; sql: string; parameters: unknown[] };
  };
  const commit = async () => {
    const response = await call(studio, 'POST', '/api/commit', {});
    assert.equal(response.status, 200, JSON.stringify(response.body));
  };
  const only = async (table: string, filters: Row[] = []) => {
    const response = await call(studio, 'POST', '/api/rows', { table, filters });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const rows = response.body['rows'] as Row[];
    assert.equal(rows.length, 1, JSON.stringify(rows));
    return rows[0]!;
  };

  test('rows of every kind of value, inserted in foreign-key order in one commit', async () => {
    await stage({
      kind: 'insert',
      table: 'public.users',
      values: { email: 'ada@example.org', username: 'ada', role: 'admin' },
    });
    await stage({
      kind: 'insert',
      table: 'public.posts',
      values: {
        author_id: 1,
        title: 'Notes',
        slug: 'notes',
        view_count: '9007199254740993',
        rating: '4.50',
        published_at: '2024-02-29T12:34:56.000Z',
        status: 'published',
      },
    });
    await stage({
      kind: 'insert',
      table: 'public.attachments',
      values: {
        post_id: 1,
        file_name: 'a.txt',
        size_bytes: '12',
        metadata: { pages: [1, 2], note: 'ü' },
      },
    });
    await stage({ kind: 'insert', table: 'public.tags', values: { name: 'history' } });
    await stage({ kind: 'insert', table: 'public.post_tags', values: { post_id: 1, tag_id: 1 } });
    await commit();

    const user = await only('public.users');
    assert.equal(user['role'], 'admin');
    assert.equal(user['is_active'], true);
    assert.match(String(user['created_at']), /^\d{4}-\d\d-\d\dT/);
    const post = await only('public.posts', [{ column: 'status', op: 'eq', value: 'published' }]);
    assert.equal(post['view_count'], '9007199254740993', 'a bigint beyond 2^53 keeps every digit');
    assert.equal(post['rating'], '4.50');
    assert.equal(post['published_at'], '2024-02-29T12:34:56.000Z');
    const attachment = await only('public.attachments');
    // A document comes as the database's text (its spacing is the database's own).
    const metadata = attachment['metadata'] as { $json: string };
    assert.deepEqual(Object.keys(metadata), ['$json']);
    assert.deepEqual(JSON.parse(metadata.$json), { pages: [1, 2], note: 'ü' });
    assert.equal(attachment['id'], '1', 'a bigint key travels as a string');
    assert.deepEqual(await only('public.post_tags'), { post_id: 1, tag_id: 1 });
  });

  test('every table browses, sorted by each column that has an order', async () => {
    const tables = (await call(studio, 'GET', '/api/schema')).body['tables'] as {
      key: string;
      columns: { name: string; logical: string }[];
    }[];
    assert.equal(tables.length, schema.tables.length);
    for (const table of tables) {
      for (const column of table.columns) {
        const sortable = column.logical !== 'json';
        const response = await call(studio, 'POST', '/api/rows', {
          table: table.key,
          sort: [{ column: column.name, direction: 'desc' }],
        });
        assert.equal(
          response.status,
          sortable ? 200 : 400,
          `${table.key}.${column.name}: ${JSON.stringify(response.body)}`,
        );
      }
    }
  });

  test('updates of an enum, a bigint, a decimal, a timestamp and JSON; guards by version and by values', async () => {
    const post = await only('public.posts');
    const update = await stage({
      kind: 'update',
      table: 'public.posts',
      original: post,
      values: {
        status: 'archived',
        view_count: '9007199254740995',
        rating: '3.25',
        published_at: '2025-01-02T03:04:05.000Z',
      },
    });
    assert.match(update.sql, /version/, 'posts has a version column: it guards the row');
    const attachment = await only('public.attachments');
    const guarded = await stage({
      kind: 'update',
      table: 'public.attachments',
      original: attachment,
      values: { metadata: { pages: [] }, file_name: 'b.txt' },
    });
    // No version column: the original values of exactly comparable columns guard it (not JSON, not timestamps).
    assert.match(guarded.sql, /file_name/);
    assert.doesNotMatch(
      guarded.sql.slice(guarded.sql.toLowerCase().indexOf(' where ')),
      /metadata|uploaded_at/,
    );
    const postTag = await only('public.post_tags');
    await stage({ kind: 'delete', table: 'public.post_tags', original: postTag });
    await commit();

    const after = await only('public.posts');
    assert.equal(after['status'], 'archived');
    assert.equal(after['view_count'], '9007199254740995');
    assert.equal(after['rating'], '3.25');
    assert.equal(after['published_at'], '2025-01-02T03:04:05.000Z');
    assert.equal(after['version'], 2);
    const file = await only('public.attachments');
    const document = JSON.parse((file['metadata'] as { $json: string }).$json) as unknown;
    assert.deepEqual([file['file_name'], document], ['b.txt', { pages: [] }]);
    const left = await call(studio, 'POST', '/api/rows', { table: 'public.post_tags' });
    assert.equal(left.body['total'], 0);
  });

  test('a time typed without a zone is UTC, whatever the time zone the studio runs in', async () => {
    const zone = process.env['TZ'];
    // Node reads TZ again when it changes: the studio now runs five hours behind UTC.
    process.env['TZ'] = 'America/New_York';
    try {
      const typed = await call(studio, 'POST', '/api/rows', {
        table: 'public.posts',
        filters: [{ column: 'published_at', op: 'eq', value: '2025-01-02 03:04:05' }],
      });
      assert.equal(typed.status, 200, JSON.stringify(typed.body));
      assert.deepEqual(
        (typed.body['rows'] as Row[]).map((r) => r['published_at']),
        ['2025-01-02T03:04:05.000Z'],
      );
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });

  test('a value the column cannot hold is refused by name, and the database error is a 422', async () => {
    const user = await only('public.users');
    const badEnum = await call(studio, 'POST', '/api/changes', {
      kind: 'update',
      table: 'public.users',
      original: user,
      values: { role: 'owner' },
    });
    // The enum's values are the schema's: checked before anything is staged.
    assert.equal(badEnum.status, 400, JSON.stringify(badEnum.body));
    assert.equal(
      badEnum.body['error'],
      'users.role: "owner" is not a value of the enum (admin, editor, member)',
    );
    const json = await call(studio, 'POST', '/api/rows', {
      table: 'public.attachments',
      filters: [{ column: 'metadata', op: 'eq', value: 1 }],
    });
    assert.equal(json.status, 400);
    assert.match(
      String(json.body['error']),
      /attachments\.metadata is json: it can only be filtered with isNull or isNotNull/,
    );
    const check = await call(studio, 'POST', '/api/changes', {
      kind: 'update',
      table: 'public.users',
      original: user,
      values: { karma: -5000 },
    });
    assert.equal(check.status, 200);
    const refused = await call(studio, 'POST', '/api/commit', {});
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    await call(studio, 'POST', '/api/discard', {});
  });
});
