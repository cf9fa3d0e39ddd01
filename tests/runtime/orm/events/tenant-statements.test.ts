// Core statements through a tenant session read only the tenant's rows wherever a query
// sits in them (on every dialect): in RETURNING, inside LIKE, BETWEEN and window
// functions, in VALUES tables, in ORDER BY / GROUP BY / LIMIT and a compound's ORDER BY,
// in a `sql` fragment's interpolated query.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  count,
  deleteFrom,
  type Expression,
  insertInto,
  max,
  rowNumber,
  select,
  sql,
  valuesTable,
} from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { articles, audit, authors } from './fixtures.js';
import { eventsSuite, seedTwoTenants } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);
  const mysql = dialect === 'mysql';

  /** Tenant 2's title, as a scalar subquery: null when the filter applies. */
  const secret = (a2: number) =>
    select(articles.title).from(articles).where(articles.id.eq(a2)).scalar<string>();

  test('a subquery in RETURNING reads only the tenant rows', async (c) => {
    if (!t.engine.dialect.capabilities.returning) return c.skip('no RETURNING');
    const k = await seedTwoTenants(t);
    const s = t.session({ tenant: 1 });
    const ins = await s.execute(
      insertInto(audit)
        .values({ id: 999999, action: 'a', model: 'm', detail: 'd' })
        .returning(secret(k.a2).as('leak')),
    );
    assert.deepEqual(ins.rows, [{ leak: null }]);
    const del = await s.execute(
      deleteFrom(audit).where(audit.action.eq('a')).returning(secret(k.a2).as('leak')),
    );
    assert.deepEqual(del.rows, [{ leak: null }]);
  });

  test('subqueries in LIKE, BETWEEN, window functions and VALUES tables are filtered', async () => {
    const k = await seedTwoTenants(t);
    const s = t.session({ tenant: 1 });
    const w = await s.execute(select(max(secret(k.a2)).over().as('leak')).from(authors));
    assert.deepEqual(w.rows, [{ leak: null }], 'window function argument');
    const like = await s.execute(
      select(authors.name).from(authors).where(secret(k.a2).like('secret%')),
    );
    assert.equal(like.rows.length, 0, 'LIKE');
    const between = await s.execute(
      select(authors.name).from(authors).where(secret(k.a2).between('s', 't')),
    );
    assert.equal(between.rows.length, 0, 'BETWEEN');
    if (t.engine.dialect.capabilities.valuesTable !== false) {
      const v = valuesTable<{ d: unknown }>('v', { d: audit.detail }, [{ d: secret(k.a2) }]);
      const r = await s.execute(select(v.d).from(v));
      assert.deepEqual(r.rows, [{ d: null }], 'VALUES table');
    }
  });

  test('subqueries in every clause of a SELECT get the tenant condition', async () => {
    const k = await seedTwoTenants(t);
    const s = t.session({ tenant: 1 });
    const sub = () => secret(k.a2);
    const conditions = (): number => {
      const last = t.rec.sql().at(-1) ?? '';
      t.rec.clear();
      return last.replace(/`/g, '"').split('"articles"."tenant_id" = ').length - 1;
    };
    t.rec.clear();
    await s.execute(
      select(
        rowNumber()
          .over({ partitionBy: [sub()], orderBy: [sub()] })
          .as('n'),
      ).from(audit),
    );
    assert.equal(conditions(), 2, 'window PARTITION BY and ORDER BY');
    await s.execute(select(count().as('n')).from(audit).groupBy(sub()).orderBy(sub()));
    assert.equal(conditions(), 2, 'GROUP BY and ORDER BY');
    const oracle = sql`exists ${select(articles.id).from(articles).where(articles.id.eq(k.a2))}`;
    const raw = await s.execute(select(audit.id).from(audit).where(oracle.asExpression<boolean>()));
    assert.equal(raw.rows.length, 0, 'a query interpolated into a sql fragment');
    const rawStatement = await s.execute(sql`select 1 as one where ${oracle}`);
    assert.equal(rawStatement.rows.length, 0, 'a query interpolated into a raw statement');
    if (!mysql) {
      // MySQL takes only constants in LIMIT: the number of tenant 1's articles (1).
      const n = select(count()).from(articles).scalar<number>() as Expression<number>;
      const r = await s.execute(select(audit.id).from(audit).limit(n).offset(n));
      assert.equal(r.rows.length, 1, 'LIMIT and OFFSET count the tenant rows');
      const ids = select(audit.id.as('id')).from(audit);
      const u = await s.execute(ids.unionAll(ids).limit(n).offset(n));
      assert.equal(u.rows.length, 1, "a compound's LIMIT and OFFSET");
    }
    if (dialect === 'postgres') {
      await s.execute(select(audit.id).from(audit).distinctOn(sub()));
      assert.equal(conditions(), 1, 'DISTINCT ON');
    }
  });
});
