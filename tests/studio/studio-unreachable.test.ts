// The studio over a database that stopped answering (a partition: a real proxy in front
// of the real server goes silent): a page of rows answers 503 "database not answering"
// once the statement is given up, instead of never answering (the tab hung), and
// answers again when the network is back. The CLI opens the studio's engine with a
// statement timeout for this (commands/studio.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createEngine, sql, type Engine } from '@dbgen/runtime';
import { startStudio, type RunningStudio } from '@dbgen/cli';
import { forEachDialect, MYSQL_SERVER_URL, PG_SERVER_URL } from '../support/databases.js';
import { SeveringProxy } from '../support/severing-proxy.js';
import { call, createStudioTables, studioSchema } from './support.js';

forEachDialect(
  (dialect, makeEngine) => {
    let proxy: SeveringProxy;
    let engine: Engine;
    let studio: RunningStudio;

    before(async () => {
      const direct = makeEngine();
      await createStudioTables(direct, dialect);
      const database = (
        await direct.execute(
          dialect === 'postgres'
            ? sql<{ db: string }>`select current_database() as db`
            : sql<{ db: string }>`select database() as db`,
        )
      ).rows[0]!.db;
      const server = new URL(dialect === 'postgres' ? PG_SERVER_URL : MYSQL_SERVER_URL);
      proxy = new SeveringProxy(
        server.hostname,
        Number(server.port || (dialect === 'postgres' ? 5432 : 3306)),
      );
      const through = new URL(server);
      through.port = String(await proxy.start());
      through.pathname = `/${database}`;
      engine = createEngine({ url: through.toString(), poolSize: 2, statementTimeoutMs: 300 });
      studio = await startStudio({ engine, schema: studioSchema() });
    });
    after(async () => {
      await studio.close();
      await engine.close();
      await proxy.close();
    });

    test(
      'a page of rows answers 503 while the database is silent, and 200 once it answers',
      { timeout: 30_000 },
      async () => {
        const page = { table: 'public.users', limit: 2 };
        assert.equal((await call(studio, 'POST', '/api/rows', page)).status, 200);
        proxy.silence();
        const silent = await call(studio, 'POST', '/api/rows', page);
        assert.equal(silent.status, 503, JSON.stringify(silent.body));
        assert.match(String(silent.body['error']), /^database not answering: /);
        proxy.speak();
        const back = await call(studio, 'POST', '/api/rows', page);
        assert.equal(back.status, 200, JSON.stringify(back.body));
        assert.equal((back.body['rows'] as unknown[]).length, 2);
      },
    );
  },
  ['postgres', 'mysql'],
);
