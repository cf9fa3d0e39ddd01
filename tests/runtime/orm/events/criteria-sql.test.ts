// The exact SQL default criteria add (on every dialect, placeholders as `?`): in WHERE for
// the query's own table, in a joined load's ON clause, in UPDATE and DELETE for a tenant;
// and nothing where no filter applies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinedload } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { Article, Label } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);
  const statements = (): string[] =>
    t.rec.sql().map((s) => s.replace(/\$\d+/g, '?').replace(/`/g, '"'));

  test('a joined load gets the filters of the joined table in its ON clause', async () => {
    const s = t.session({ tenant: 7 });
    await s.query(Article).options(joinedload('author')).all();
    assert.deepEqual(statements(), [
      'select "articles"."id", "articles"."tenant_id" as "tenantId", "articles"."author_id" as "authorId", ' +
        '"articles"."title", "articles"."deleted_at" as "deletedAt", "author_1"."id" as "author_1__id", ' +
        '"author_1"."tenant_id" as "author_1__tenantId", "author_1"."name" as "author_1__name", ' +
        '"author_1"."deleted_at" as "author_1__deletedAt" from "articles" left join "authors" as "author_1" ' +
        'on "articles"."author_id" = "author_1"."id" and ("author_1"."deleted_at" is null and "author_1"."tenant_id" = ?) ' +
        'where "articles"."deleted_at" is null and "articles"."tenant_id" = ?',
    ]);
  });

  test("the flush's UPDATE and DELETE carry the tenant", async () => {
    await t.run("insert into labels (tenant_id, name) values (7, 'a'), (7, 'b')");
    const s = t.session({ tenant: 7 });
    const [a, b] = await s.query(Label).orderBy(Label.c.id).all();
    t.rec.clear();
    a!.name = 'a2';
    s.delete(b!);
    await s.commit();
    assert.deepEqual(statements(), [
      'update "labels" set "name" = ? where "id" = ? and "labels"."tenant_id" = ?',
      'delete from "article_labels" where "label_id" = ? and "article_labels"."tenant_id" = ?',
      'delete from "labels" where "id" = ? and "labels"."tenant_id" = ?',
    ]);
  });

  test('a statement over tables no filter applies to is sent unchanged', async () => {
    const s = t.session();
    await s.query(Label).all();
    assert.deepEqual(statements(), [
      'select "labels"."id", "labels"."tenant_id" as "tenantId", "labels"."name" from "labels"',
    ]);
  });
});
