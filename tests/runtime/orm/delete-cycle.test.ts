// Deletes across a cycle of tables (teams.captain_id → players, players.team_id → teams):
// the deleted team's captain_id, the key the commit order leaves out, is set to NULL
// before the players go. Before, deleting a team whose players were loaded (so deleted by
// the flush, children first) failed with a foreign key violation: the team's row still
// pointed at its captain. With the players not loaded the database cascaded them, except
// on MySQL/MariaDB, where the cascade failed the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectinload } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Player, Team } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  /** A team with players p1 (its captain) and p2; returns the team's id. */
  async function seed(): Promise<number> {
    const s = t.session();
    const team = new Team({ name: 'T' });
    const p1 = new Player({ name: 'p1', team });
    s.add(new Player({ name: 'p2', team }));
    team.captain = p1;
    s.add(team);
    await s.commit();
    await s.close();
    return team.id;
  }

  const counts = async (): Promise<[number, number]> => [
    Number((await t.rows('select count(*) as n from teams'))[0]!['n']),
    Number((await t.rows('select count(*) as n from players'))[0]!['n']),
  ];

  test('deleting a team whose players are loaded clears its captain first', async () => {
    await seed();
    const s = t.session();
    const team = await s.query(Team).options(selectinload('players')).one();
    const captainId = team.captainId;
    assert.notEqual(captainId, null);
    s.delete(team);
    t.rec.clear();
    await s.commit();
    assert.deepEqual(await counts(), [0, 0]);
    const sql = t.statements();
    const clear = sql.findIndex((q) => q.startsWith('update "teams" set "captain_id"'));
    const firstDelete = sql.findIndex((q) => q.startsWith('delete'));
    assert.ok(clear >= 0 && clear < firstDelete, sql.join('\n'));
    // The object keeps the values the user saw (the row is gone).
    assert.equal(team.captainId, captainId);
  });

  test('deleting the team and its captain explicitly, nothing loaded', async () => {
    const id = await seed();
    const s = t.session();
    const team = (await s.get(Team, id))!;
    const captain = (await s.get(Player, team.captainId!))!;
    s.delete(captain);
    s.delete(team);
    await s.commit();
    assert.deepEqual(await counts(), [0, 0]);
  });

  test('deleting a team whose players are not loaded (the database cascades them)', async () => {
    const id = await seed();
    const s = t.session();
    s.delete((await s.get(Team, id))!);
    await s.commit();
    assert.deepEqual(await counts(), [0, 0]);
  });

  test('a failed delete leaves the objects as they were', async () => {
    const id = await seed();
    const s = t.session();
    const team = await s.query(Team).options(selectinload('players')).one();
    const captainId = team.captainId;
    // Another team's captain is this team's captain too: its DELETE fails, after the
    // UPDATE that cleared the deleted team's captain.
    s.add(new Team({ name: 'U', captainId }));
    await s.commit();
    s.delete(team);
    t.rec.clear();
    await assert.rejects(s.commit());
    assert.ok(t.statements().some((q) => q.startsWith('update "teams" set "captain_id"')));
    assert.equal(team.captainId, captainId);
    assert.deepEqual(await counts(), [2, 2]);
    const row = await t.rows(`select captain_id from teams where id = ${id}`);
    assert.equal(Number(row[0]!['captain_id']), captainId);
  });
});
