// Replacing an inverse one-to-one whose orphans are deleted (`user.profile = new
// Profile(...)`): the old profile's DELETE runs before the new one's INSERT, since both
// rows hold the same unique profiles.user_id. It used to run after every INSERT, and the
// INSERT failed with a unique violation (as in SQLAlchemy, whose FAQ advises a flush in
// between).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect, selectinload } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { Player, Profile, Team, User } from './fixtures/models.js';
import { ormSuite } from './fixtures/suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = ormSuite(dialect, makeEngine);

  async function seed(): Promise<void> {
    const s = t.session();
    const u = new User({ email: 'a@x.org' });
    u.profile = new Profile({ bio: 'old' });
    s.add(u);
    await s.commit();
    await s.close();
  }

  const profiles = async (): Promise<unknown[]> =>
    (await t.rows('select user_id, bio from profiles')).map((r) => [
      Number(r['user_id']),
      r['bio'],
    ]);

  test('a loaded one-to-one replaced by a new object: the old row goes first', async () => {
    await seed();
    const s = t.session();
    const u = await s.query(User).options(selectinload('profile')).one();
    const old = u.profile!;
    u.profile = new Profile({ bio: 'new' });
    t.rec.clear();
    await s.commit();
    assert.deepEqual(await profiles(), [[u.id, 'new']]);
    const sql = t.statements();
    const del = sql.findIndex((q) => q.startsWith('delete from "profiles"'));
    const ins = sql.findIndex((q) => q.startsWith('insert into "profiles"'));
    assert.ok(del >= 0 && del < ins, sql.join('\n'));
    assert.equal(u.profile.bio, 'new');
    assert.equal(u.profile.user, u);
    void old;
  });

  test('a one-to-one replaced while not loaded: loaded at flush, the old row goes first', async () => {
    await seed();
    const s = t.session();
    const u = (await s.get(User, 1))!;
    u.profile = new Profile({ bio: 'new' });
    await s.commit();
    assert.deepEqual(await profiles(), [[1, 'new']]);
  });

  test('a failed flush after the early DELETE puts everything back', async () => {
    await seed();
    const s0 = t.session();
    const team = new Team({ name: 'T' });
    const captain = new Player({ name: 'c', team });
    team.captain = captain;
    s0.add(team);
    await s0.commit();
    await s0.close();
    const s = t.session({ autoflush: false });
    // The team still points at its captain: this DELETE, the flush's last, fails.
    s.delete((await s.get(Player, captain.id))!);
    const u = await s.query(User).options(selectinload('profile')).one();
    const old = u.profile!;
    u.profile = new Profile({ bio: 'new' });
    t.rec.clear();
    await assert.rejects(s.commit());
    assert.ok(t.statements().some((q) => q.startsWith('delete from "profiles"')));
    assert.deepEqual(await profiles(), [[u.id, 'old']]);
    // The old profile is persistent again, and the replacement still to be written.
    assert.equal(inspect(old).status, 'persistent');
    assert.equal(u.profile.bio, 'new');
  });
});
