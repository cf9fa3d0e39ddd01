/**
 * Views in the generated client and at run time: a view's rows are typed from its
 * declared columns, queryable from the Core and from the Query API; writing one (Core
 * insert/update/delete, or an ORM flush) fails with ReadOnlyViewError before any SQL runs —
 * on every dialect.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deleteFrom,
  insertInto,
  ReadOnlyViewError,
  select,
  Session,
  sql,
  update,
} from '@dbgen/runtime';
import { createTables } from '../support/create-tables.js';
import { forEachDialect } from '../support/databases.js';
import { typecheckedClientSuite } from './support.js';

const SCHEMA = `
Table players {
  id integer [pk]
  name varchar(100) [not null]
  score integer [not null]
}

Table top_players {
  id integer [pk]
  name varchar(100) [not null]
  score integer [not null]
  Note: '''The leaderboard.
  @dbgen view: \`SELECT id, name, score FROM players WHERE score > 10\`'''
}
`;

const USAGE = `
import { select, type Session } from '@dbgen/runtime';
import { TopPlayer, topPlayers } from './client/index.js';

export const rows = select(topPlayers.name, topPlayers.score).from(topPlayers);
export async function best(session: Session): Promise<string[]> {
  const found = await session.query(TopPlayer).filter(TopPlayer.c.score.gt(20)).all();
  return found.map((p) => p.name);
}
// @ts-expect-error a view's score is a number
export const wrong: string = new TopPlayer({ id: 1, name: 'x', score: 1 }).score;
`;

const checked = typecheckedClientSuite('views', SCHEMA, USAGE);

describe('views in the generated types', () => {
  it('type their rows from the declared columns, in the Core and the Query API', () => {
    assert.deepEqual(checked.errors, []);
  });
});

forEachDialect((dialect, makeEngine) => {
  it('are read through the Core and the Query API, and refuse every write', async () => {
    const engine = makeEngine();
    await createTables(engine, checked.ir, dialect);
    const { Player, TopPlayer, topPlayers } = checked.client;

    const s = new Session(engine);
    s.addAll([
      new Player({ id: 1, name: 'ann', score: 30 }),
      new Player({ id: 2, name: 'bob', score: 15 }),
      new Player({ id: 3, name: 'cy', score: 5 }),
    ]);
    await s.commit();

    const { rows } = await engine.execute(
      select(topPlayers.name, topPlayers.score).from(topPlayers).orderBy(topPlayers.name),
    );
    assert.deepEqual(rows, [
      { name: 'ann', score: 30 },
      { name: 'bob', score: 15 },
    ]);
    const found = await s.query(TopPlayer).filter(TopPlayer.c.score.gt(20)).all();
    assert.deepEqual(
      found.map((p) => (p as unknown as { name: string }).name),
      ['ann'],
    );

    assert.throws(() => insertInto(topPlayers), ReadOnlyViewError);
    assert.throws(() => update(topPlayers), ReadOnlyViewError);
    assert.throws(() => deleteFrom(topPlayers), ReadOnlyViewError);
    s.add(new TopPlayer({ id: 9, name: 'zed', score: 99 }));
    await assert.rejects(s.commit(), (error: unknown) => {
      assert.ok(error instanceof ReadOnlyViewError, String(error));
      assert.match(
        error.message,
        /"top_players" is a view, mapped read-only: it cannot take an INSERT/,
      );
      return true;
    });
    await s.close();

    const t = new Session(engine);
    const [ann] = (await t
      .query(TopPlayer)
      .filter(TopPlayer.c.name.eq('ann'))
      .all()) as unknown as {
      score: number;
    }[];
    assert.ok(ann);
    ann.score = 1;
    await assert.rejects(t.commit(), ReadOnlyViewError);
    await t.close();
    const { rows: after } = await engine.execute(sql.raw(`select count(*) as "n" from "players"`));
    assert.equal(Number((after[0] as { n: unknown }).n), 3, 'nothing was written');
    await engine.close();
  });
});
