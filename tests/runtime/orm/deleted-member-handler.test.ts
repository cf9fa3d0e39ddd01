// A handler's change to a collection that held an object the flush deleted is written, on
// every dialect. After the DELETEs the flush takes the deleted objects out of loaded
// collections (deleted-references.ts); it made the whole live list the collection's clean
// state, so a member an `afterDelete` handler had pushed meanwhile was never inserted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectinload } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Player, Team } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  test('afterDelete: a member pushed to the collection the deleted one left is inserted', async () => {
    const seed = t.session();
    const team = new Team({ name: 'T' });
    seed.addAll([new Player({ name: 'old', team }), team]);
    await seed.commit();
    await seed.close();

    const s = t.session();
    const [loaded] = await s.query(Team).options(selectinload('players')).all();
    s.on('afterDelete', Player, () => {
      loaded!.players.push(new Player({ name: 'replacement', team: loaded! }));
    });
    s.delete(loaded!.players[0]!);
    await s.commit();
    const rows = await t.rows('select name from players order by id');
    assert.deepEqual(
      rows.map((r) => r['name']),
      ['replacement'],
    );
    assert.deepEqual(
      loaded!.players.map((p) => p.name),
      ['replacement'],
    );
    t.rec.clear();
    await s.commit();
    assert.deepEqual(
      t.rec.sql().filter((q) => /^\s*(insert|update|delete)/i.test(q)),
      [],
      'nothing left to write',
    );
  });
});
