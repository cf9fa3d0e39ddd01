// A table without a primary key has no ORM model (the generator registers none), yet a
// session's filters apply to it as to any table with the column (on every dialect): Core
// reads through the session see the tenant's rows only, its INSERTs are checked and its
// UPDATEs and DELETEs reach only the tenant's rows.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defineTable,
  deleteFrom,
  insertInto,
  select,
  TenantViolationError,
  update,
  type Column,
} from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { column, table } from '../../../support/ir.js';
import { eventsSuite } from './suite.js';

const logIR = table('activity_log', [column('tenant_id', 'integer'), column('msg', 'text')], {
  className: 'ActivityLog',
});
const log = defineTable<{ tenantId: Column<number>; msg: Column<string> }>(logIR);

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  async function seed(): Promise<void> {
    await t.run(
      'create table if not exists activity_log (tenant_id integer not null, msg text not null)',
      'delete from activity_log',
      "insert into activity_log (tenant_id, msg) values (1, 'mine'), (2, 'theirs')",
    );
  }

  const rows = async () =>
    (await t.rows('select tenant_id, msg from activity_log order by msg')).map(
      (r) => `${r['tenant_id']}:${r['msg']}`,
    );

  test('a table without a primary key is read, written and guarded for the tenant', async () => {
    await seed();
    const s = t.session({ tenant: 1 });
    const r = await s.execute(select(log.msg).from(log));
    assert.deepEqual(
      r.rows.map((x) => x['msg']),
      ['mine'],
    );
    await assert.rejects(
      s.execute(insertInto(log).values({ tenantId: 2, msg: 'planted' })),
      TenantViolationError,
    );
    await s.execute(insertInto(log).values({ msg: 'added' }));
    const u = await s.execute(update(log).set({ msg: 'changed' }).where(log.msg.eq('theirs')));
    assert.equal(u.rowCount, 0);
    const d = await s.execute(deleteFrom(log).where(log.msg.eq('theirs')));
    assert.equal(d.rowCount, 0);
    await s.commit();
    assert.deepEqual(await rows(), ['1:added', '1:mine', '2:theirs']);
    await t.run('drop table activity_log');
  });
});
