// delete() of a row already soft-deleted (loaded with `withDeleted()`) leaves its column
// as it is: the time the row was deleted is kept, and the flush writes nothing for it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDialect } from '../../../support/databases.js';
import { Author, Note } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  const deletedAt = async (name: string): Promise<string> => {
    const [row] = await t.rows(`select deleted_at from authors where name = '${name}'`);
    const v = row!['deleted_at'];
    return v instanceof Date ? v.toISOString() : String(v);
  };
  const updates = () => t.rec.sql().filter((s) => /^update/i.test(s));

  test('a second delete() keeps the time of the first', async () => {
    await t.run(
      "insert into authors (tenant_id, name, deleted_at) values (1, 'old', '2020-01-01 00:00:00')",
    );
    const before = await deletedAt('old');
    assert.match(before, /^2020-01-01/);
    const s = t.session();
    const old = await s.query(Author).withDeleted().filter(Author.c.name.eq('old')).one();
    const was = old.deletedAt;
    t.rec.clear();
    s.delete(old);
    assert.equal(old.deletedAt, was, 'the object keeps its time');
    await s.commit();
    assert.deepEqual(updates(), [], 'nothing to write');
    await s.close();
    assert.equal(await deletedAt('old'), before);
  });

  test('delete() twice in one session: the first time stays, a rollback clears it', async () => {
    await t.run("insert into authors (tenant_id, name) values (1, 'ann')");
    const s = t.session();
    const ann = await s.query(Author).filter(Author.c.name.eq('ann')).one();
    s.delete(ann);
    const first = ann.deletedAt;
    assert.ok(first instanceof Date);
    await new Promise((r) => setTimeout(r, 5));
    s.delete(ann);
    assert.equal(ann.deletedAt, first);
    await s.rollback();
    assert.equal(ann.deletedAt, null, 'rolled back to not deleted');
  });

  test('a boolean soft-delete column already true stays true with no UPDATE', async () => {
    await t.run("insert into notes (tenant_id, body, removed) values (1, 'n', true)");
    const s = t.session();
    const note = await s.query(Note).withDeleted().one();
    t.rec.clear();
    s.delete(note);
    await s.commit();
    assert.equal(note.removed, true);
    assert.deepEqual(updates(), []);
  });
});
