// A raw SQL text holding several statements, on every dialect. SQLite's driver ran the
// first and dropped the rest without a word (`create temp table t ...; insert ...` created
// the table and inserted nothing); now such a text is refused before any of it runs, as
// MySQL/MariaDB refuse it. PostgreSQL runs them all and answers with the last statement's
// result (its driver handed back an array, and reading its rows crashed the process).
// One statement with a trailing `;`, `;` in strings, names and comments, and a SQLite
// trigger's body (statements between BEGIN and END) stay one statement.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueryError, sql } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';

forEachDialect((dialect, makeEngine) => {
  test('several statements in one text: PostgreSQL answers with the last, the others refuse and run none', async () => {
    const engine = makeEngine();
    await engine.execute(sql.raw('create table multi (x integer)'));
    const text = sql.raw('insert into multi (x) values (1); insert into multi (x) values (2)');
    if (dialect === 'postgres') {
      const both = await engine.execute(sql.raw('select 1 as a; select 2 as b'));
      assert.deepEqual(both.rows, [{ b: 2 }]);
      await engine.execute(text);
    } else {
      await assert.rejects(engine.execute(text), (error: unknown) => {
        assert.ok(error instanceof QueryError, String(error));
        if (dialect === 'sqlite') assert.match(error.message, /more than one statement/);
        return true;
      });
      await assert.rejects(
        engine.transaction((tx) => tx.execute(text)),
        (error: unknown) => error instanceof QueryError,
      );
    }
    const { rows } = await engine.execute(sql<{ n: number }>`select count(*) as n from multi`);
    assert.equal(Number(rows[0]!.n), dialect === 'postgres' ? 2 : 0);
  });

  test('one statement stays one: a trailing ;, and ; in strings, quoted names and comments', async () => {
    const engine = makeEngine();
    const name = dialect === 'mysql' ? '`a;b`' : '"a;b"';
    await engine.execute(sql.raw(`create table semi (${name} varchar(20));`));
    await engine.execute(sql.raw(`insert into semi values ('x;y') -- a comment; with a ;\n`));
    await engine.execute(sql.raw(`insert into semi values ('it''s;') /* ; */ ;  `));
    const { rows } = await engine.execute(sql.raw(`select ${name} as v from semi order by 1;`));
    assert.deepEqual(
      rows.map((r) => r['v']),
      ["it's;", 'x;y'],
    );
  });
});

forEachDialect(
  (_dialect, makeEngine) => {
    test('a trigger whose body holds statements (and a CASE ... END) is one statement', async () => {
      const engine = makeEngine();
      await engine.execute(sql.raw('create table src (x integer)'));
      await engine.execute(sql.raw('create table log (y integer, kind text)'));
      await engine.execute(
        sql.raw(`create temp trigger copy after insert on src begin
          insert into log values (new.x, case when new.x > 1 then 'big' else 'small' end);
          insert into log values (new.x * 10, 'ten');
        end;`),
      );
      await engine.execute(sql.raw('insert into src values (2)'));
      const { rows } = await engine.execute(sql.raw('select y, kind from log order by y'));
      assert.deepEqual(
        rows.map((r) => [Number(r['y']), r['kind']]),
        [
          [2, 'big'],
          [20, 'ten'],
        ],
      );
      await assert.rejects(
        engine.execute(
          sql.raw('create trigger t2 after insert on src begin select 1; end; select 2'),
        ),
        /more than one statement/,
      );
    });
  },
  ['sqlite'],
);
