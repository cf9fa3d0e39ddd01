// A URL's password never shows in `util.inspect` (at any depth) or `JSON.stringify` of an
// engine, a connection, a transaction or a Session: a logger that serialises them writes
// what they show. The driver's objects reachable from them (PostgreSQL's pool options and
// URL, mysql2's connection config) showed it at depth 3 and in JSON.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import { createEngine, Session, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect, MYSQL_SERVER_URL, PG_SERVER_URL } from '../../support/databases.js';

const SECRET = `pw${randomBytes(6).toString('hex')}`;

/** Everything a logger could print of `value`: deep inspection, and JSON. */
function shown(value: unknown): string {
  const seen = new WeakSet<object>();
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    return typeof v === 'bigint' ? String(v) : v;
  });
  return `${inspect(value, { depth: 12, showHidden: false })}\n${json}`;
}

forEachDialect(
  (dialect, makeEngine) => {
    let engine: Engine;
    let user: string | null = null;
    before(async () => {
      const direct = makeEngine();
      const database = (
        await direct.execute(
          dialect === 'postgres'
            ? sql<{ d: string }>`select current_database() as d`
            : sql<{ d: string }>`select database() as d`,
        )
      ).rows[0]!.d;
      const url = new URL(dialect === 'postgres' ? PG_SERVER_URL : MYSQL_SERVER_URL);
      url.pathname = `/${database}`;
      if (dialect === 'mysql') {
        user = `dbgen_leak_${randomBytes(3).toString('hex')}`;
        await direct.execute(sql.raw(`create user '${user}'@'%' identified by '${SECRET}'`));
        await direct.execute(sql.raw(`grant all on \`${database}\`.* to '${user}'@'%'`));
        url.username = user;
      }
      // PostgreSQL's trust authentication accepts any password, which must still never show.
      url.password = SECRET;
      engine = createEngine(url.toString());
      await engine.execute(sql`select 1 as x`);
    });
    after(async () => {
      await engine.close();
      if (user === null) return;
      // The suite's database is gone by now (its own after runs first): the server's.
      const admin = createEngine(MYSQL_SERVER_URL);
      await admin.execute(sql.raw(`drop user '${user}'@'%'`));
      await admin.close();
    });

    test('no password in inspect or JSON of an engine, a connection, a transaction, a Session', async () => {
      assert.doesNotMatch(shown(engine), new RegExp(SECRET));
      const conn = await engine.connect();
      try {
        await conn.execute(sql`select 1 as x`);
        assert.doesNotMatch(shown(conn), new RegExp(SECRET), 'connection');
      } finally {
        await conn.release();
      }
      await engine.transaction(async (tx) => {
        await tx.execute(sql`select 1 as x`);
        assert.doesNotMatch(shown(tx), new RegExp(SECRET), 'transaction');
      });
      const session = new Session(engine);
      try {
        await session.execute(sql`select 1 as x`);
        assert.doesNotMatch(shown(session), new RegExp(SECRET), 'session');
      } finally {
        await session.close();
      }
    });
  },
  ['postgres', 'mysql'],
);
