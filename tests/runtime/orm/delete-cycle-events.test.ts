// Events of a delete across a cycle of tables (teams.captain_id → players beside
// players.team_id → teams): the flush sets the deleted team's captain_id to NULL by an
// UPDATE before the DELETEs (delete-cycles.ts). That UPDATE is the flush's own step, not
// a change of the object: the team gets beforeDelete/afterDelete only. Before, it also got
// beforeUpdate/afterUpdate (changes `captainId: { old, new: null }`) and was listed among
// afterFlush's `updated`, though from the user's side it was only deleted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectinload, type Session } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Player, Team } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  /** Teams T (captain p1, also p2) and U (captain u1). */
  async function seed(): Promise<void> {
    const s = t.session();
    for (const [name, players] of [
      ['T', ['p1', 'p2']],
      ['U', ['u1']],
    ] as const) {
      const team = new Team({ name });
      const ps = players.map((p) => new Player({ name: p, team }));
      s.addAll(ps);
      team.captain = ps[0]!;
      s.add(team);
    }
    await s.commit();
    await s.close();
  }

  /** Object events of Team and Player as `event Model name`, in firing order. */
  function record(s: Session): string[] {
    const log: string[] = [];
    for (const e of ['beforeUpdate', 'afterUpdate', 'beforeDelete', 'afterDelete'] as const) {
      s.on(e, Team, ({ object }) => void log.push(`${e} Team ${object.name}`));
      s.on(e, Player, ({ object }) => void log.push(`${e} Player ${object.name}`));
    }
    return log;
  }

  test('a deleted team whose captain is cleared first gets delete events only', async () => {
    await seed();
    const s = t.session();
    const team = await s
      .query(Team)
      .filter(Team.c.name.eq('T'))
      .options(selectinload('players'))
      .one();
    const log = record(s);
    let updated: unknown[] = [];
    let deleted: readonly unknown[] = [];
    s.on('afterFlush', (e) => {
      updated = e.updated.map((u) => u.object);
      deleted = e.deleted;
    });
    s.delete(team);
    t.rec.clear();
    await s.commit();
    assert.ok(t.statements().some((q) => q.startsWith('update "teams" set "captain_id"')));
    assert.deepEqual(
      log.filter((l) => l.includes('Update')),
      [],
    );
    assert.deepEqual(
      log.filter((l) => l.includes('Team')),
      ['beforeDelete Team T', 'afterDelete Team T'],
    );
    assert.deepEqual(log.filter((l) => l.includes('Player')).sort(), [
      'afterDelete Player p1',
      'afterDelete Player p2',
      'beforeDelete Player p1',
      'beforeDelete Player p2',
    ]);
    assert.deepEqual(updated, []);
    assert.equal(deleted.includes(team), true);
    assert.equal(
      (await t.rows("select count(*) as n from teams where name = 'T'"))[0]!['n'] == 0,
      true,
    );
  });

  test('a team changed in the same flush still gets its update events', async () => {
    await seed();
    const s = t.session();
    const team = await s
      .query(Team)
      .filter(Team.c.name.eq('T'))
      .options(selectinload('players'))
      .one();
    const other = await s.query(Team).filter(Team.c.name.eq('U')).one();
    const log = record(s);
    const changes: unknown[] = [];
    s.on('beforeUpdate', Team, ({ changes: c }) => void changes.push(c));
    other.name = 'U2';
    s.delete(team);
    await s.commit();
    assert.deepEqual(
      log.filter((l) => l.startsWith('beforeUpdate') || l.startsWith('afterUpdate')),
      ['beforeUpdate Team U2', 'afterUpdate Team U2'],
    );
    assert.deepEqual(changes, [{ name: { old: 'U', new: 'U2' } }]);
    assert.deepEqual(
      (await t.rows('select name from teams order by name')).map((r) => r['name']),
      ['U2'],
    );
  });
});
