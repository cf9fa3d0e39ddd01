// `get()` of an object already in the identity map, in a session with a filter that has no
// in-memory test (`modelFilter` without `matches`): the filter cannot vouch for the object
// (a query that switched the filter off may have read it), so the row is read again and
// the filter's condition decides. It used to hand back the object from memory, a row the
// filter hides. Objects the filter keeps are still returned (the same object).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelFilter } from '@dbgen/runtime';
import { forEachDialect } from '../../../support/databases.js';
import { Author } from './fixtures.js';
import { eventsSuite } from './suite.js';

forEachDialect((dialect, makeEngine) => {
  const t = eventsSuite(dialect, makeEngine);

  test('get() does not hand back an object a filter without an in-memory test hides', async () => {
    await t.run(
      "insert into authors (tenant_id, name) values (1, 'one')",
      "insert into authors (tenant_id, name) values (1, 'two')",
    );
    const id = (name: string) => t.idOf('authors', 'name', name);
    const notOne = modelFilter('notOne', Author, (a) => a.name.ne('one'));
    const s = t.session({ filters: [notOne] });
    const everyone = await s.query(Author).withoutFilters('notOne').all(); // an admin read
    assert.equal(everyone.length, 2);
    assert.equal(await s.get(Author, await id('one')), null);
    const two = everyone.find((a) => a.name === 'two');
    assert.equal(await s.get(Author, await id('two')), two);
  });
});
