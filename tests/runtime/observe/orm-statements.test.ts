// The ORM's statements reach engine.on('statement') like any other, on every dialect:
// a session's INSERT and its loads are in its transaction, with their operation and table.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Session, type Engine, type StatementEvent } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { createSchema } from '../orm/fixtures/db.js';
import { User } from '../orm/fixtures/models.js';

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await createSchema(engine, dialect);
  });

  test("a session's flush and load, as listeners see them", async () => {
    const events: StatementEvent[] = [];
    const off = engine.on('statement', (event) => void events.push(event));
    const session = new Session(engine);
    try {
      session.add(new User({ email: 'ada@example.org', name: 'Ada' }));
      await session.commit();
      const loaded = await session.query(User).all();
      assert.equal(loaded.length, 1);
    } finally {
      await session.close();
      off();
    }
    const begin = dialect === 'mysql' ? 'START TRANSACTION' : 'BEGIN';
    assert.deepEqual(
      events.map((e) => [e.operation, e.table, e.inTransaction]),
      [
        [begin, undefined, false],
        ['INSERT', 'users', true],
        ['COMMIT', undefined, true],
        [begin, undefined, false],
        ['SELECT', 'users', true],
        ['ROLLBACK', undefined, true],
      ],
    );
    const [, insert, , , select] = events;
    assert.equal(insert!.rowCount, 1);
    assert.deepEqual(insert!.parameters.includes('ada@example.org'), false);
    assert.equal(select!.rowCount, 1);
  });
});
