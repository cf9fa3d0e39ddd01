// The preserved side of a RIGHT or FULL JOIN through a tenant session holds only the
// tenant's rows (on every dialect; MariaDB has no FULL JOIN), and a filtered table on the
// other side does not turn the outer join into an inner one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { select } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { articles, audit, authors } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  /** Tenant 1: author 'one', article 'a1'; tenant 2: 'two', 'secret'; audit rows by id. */
  async function seed(): Promise<void> {
    await t.run(
      "insert into authors (tenant_id, name) values (1, 'one')",
      "insert into authors (tenant_id, name) values (2, 'two')",
      "insert into articles (tenant_id, author_id, title) values (1, (select id from authors where name = 'one'), 'a1')",
      "insert into articles (tenant_id, author_id, title) values (2, (select id from authors where name = 'two'), 'secret')",
    );
    const id = async (title: string) =>
      Number((await t.rows(`select id from articles where title = '${title}'`))[0]!['id']);
    const a1 = await id('a1');
    const a2 = await id('secret');
    await t.run(
      `insert into audit (id, action, model, detail) values (${a1}, 'x', 'y', 'z'), (${a2}, 'x', 'y', 'z'), (${a2 + 1000}, 'x', 'y', 'z')`,
    );
  }

  test('RIGHT and FULL JOIN keep only the tenant rows of a filtered side', async () => {
    await seed();
    const s = t.session({ tenant: 1 });
    const titles = (rows: readonly Record<string, unknown>[]) =>
      rows.map((x) => x['title'] ?? null).sort();
    const right = await s.execute(
      select(articles.title).from(audit).rightJoin(articles, audit.id.eq(articles.id)),
    );
    assert.deepEqual(titles(right.rows), ['a1']);
    const mine = select(authors.id.as('aid')).from(authors).as('mine');
    const derived = await s.execute(
      select(articles.title).from(mine).rightJoin(articles, mine.aid.eq(articles.authorId)),
    );
    assert.deepEqual(titles(derived.rows), ['a1']);
    // A filtered table on the other side: the rows the outer join adds stay.
    const left = articles.$alias('x');
    const kept = await s.execute(
      select(left.title, audit.id).from(left).rightJoin(audit, audit.id.eq(left.id)),
    );
    assert.deepEqual(titles(kept.rows), ['a1', null, null], "audit's three rows, one matched");
    if (dialect !== 'mysql') {
      const full = await s.execute(
        select(articles.title).from(audit).fullJoin(articles, audit.id.eq(articles.id)),
      );
      assert.deepEqual(titles(full.rows), ['a1', null, null]);
    }
  });
});
