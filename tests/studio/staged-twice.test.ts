/**
 * Two staged edits of one row before a commit (a typo fixed, an update then a delete) go
 * through, on every dialect, with and without a version column. The page shows the row
 * as read, so the second edit carries the same original row as the first; guarded by
 * it, the second found no row (the first had changed it) and the studio reported the
 * row as changed by someone else. The second is guarded by what the first writes now,
 * and a change by someone else between read and commit is still a conflict.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql, type Engine } from '@dbgen/runtime';
import { startStudio, type RunningStudio } from '@dbgen/cli';
import { forEachDialect } from '../support/databases.js';
import { call, createStudioTables, studioSchema } from './support.js';

type Row = Record<string, unknown>;

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  let studio: RunningStudio;
  before(async () => {
    engine = makeEngine();
    await createStudioTables(engine, dialect);
    studio = await startStudio({ engine, schema: studioSchema(), log: () => {} });
  });
  after(() => studio.close());

  const read = async (table: string, id: number): Promise<Row> => {
    const page = await call(studio, 'POST', '/api/rows', {
      table,
      filters: [{ column: 'id', op: 'eq', value: id }],
    });
    return (page.body['rows'] as Row[])[0]!;
  };
  const stage = async (change: Row) => {
    const staged = await call(studio, 'POST', '/api/changes', change);
    assert.equal(staged.status, 200, JSON.stringify(staged.body));
  };
  const commit = async () => call(studio, 'POST', '/api/commit', {});

  test('a row edited twice before commit: both edits written', async () => {
    for (const table of ['public.users', 'public.posts']) {
      const original = await read(table, 1);
      const column = table === 'public.users' ? 'name' : 'title';
      await stage({ kind: 'update', table, original, values: { [column]: 'frist' } });
      await stage({ kind: 'update', table, original, values: { [column]: 'first' } });
      const result = await commit();
      assert.equal(result.status, 200, JSON.stringify(result.body));
      const now = await read(table, 1);
      assert.equal(now[column], 'first');
      if (table === 'public.users')
        assert.equal(Number(now['version']), Number(original['version']) + 2);
    }
  });

  test('an update then a delete of one row: the row is gone', async () => {
    const original = await read('public.posts', 3);
    await stage({ kind: 'update', table: 'public.posts', original, values: { title: 'x' } });
    await stage({ kind: 'delete', table: 'public.posts', original });
    const result = await commit();
    assert.equal(result.status, 200, JSON.stringify(result.body));
    const { rows } = await engine.execute(sql`select count(*) as n from posts where id = 3`);
    assert.equal(Number(rows[0]!['n']), 0);
  });

  test('a change by someone else between read and commit is still a conflict', async () => {
    const original = await read('public.posts', 2);
    await stage({ kind: 'update', table: 'public.posts', original, values: { title: 'mine' } });
    await stage({ kind: 'update', table: 'public.posts', original, values: { views: 5 } });
    await engine.execute(sql`update posts set title = ${'theirs'} where id = 2`);
    const result = await commit();
    assert.equal(result.status, 409, JSON.stringify(result.body));
    const { rows } = await engine.execute(sql`select title, views from posts where id = 2`);
    assert.deepEqual(
      { title: rows[0]!['title'], views: Number(rows[0]!['views']) },
      { title: 'theirs', views: 0 },
    );
    await call(studio, 'POST', '/api/discard', {});
  });
});
