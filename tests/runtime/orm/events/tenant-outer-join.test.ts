// The preserved side of a RIGHT or FULL JOIN through a tenant session holds only the
// tenant's rows (on every dialect; MariaDB has no FULL JOIN), and a filtered table on the
// other side does not turn the outer join into an inner one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { select } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { articles, audit, authors } from './fixtures.js';
import { eventsSuite, seedTwoTenants } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  test('RIGHT and FULL JOIN keep only the tenant rows of a filtered side', async () => {
    await seedTwoTenants(t);
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
