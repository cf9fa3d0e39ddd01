// The studio over a database that stopped answering (a partition: a real proxy in front
// of the real server goes silent): a page of rows answers 503 "database not answering"
// once the statement is given up, instead of never answering (the tab hung), and
// answers again when the network is back. The CLI opens the studio's engine with a
// statement timeout for this (commands/studio.ts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startStudio, type RunningStudio } from '@dbgen/cli';
import { forEachDialect } from '../support/databases.js';
import { proxiedEngine, type ProxiedEngine } from '../support/proxied-engine.js';
import { call, createStudioTables, studioSchema } from './support.js';

forEachDialect(
  (dialect, makeEngine) => {
    let proxied: ProxiedEngine;
    let studio: RunningStudio;

    before(async () => {
      const direct = makeEngine();
      await createStudioTables(direct, dialect);
      proxied = await proxiedEngine(dialect === 'postgres' ? 'postgres' : 'mysql', direct, {
        poolSize: 2,
        statementTimeoutMs: 300,
      });
      studio = await startStudio({ engine: proxied.engine, schema: studioSchema() });
    });
    after(async () => {
      await studio.close();
      await proxied.close();
    });

    test(
      'a page of rows answers 503 while the database is silent, and 200 once it answers',
      { timeout: 30_000 },
      async () => {
        const page = { table: 'public.users', limit: 2 };
        assert.equal((await call(studio, 'POST', '/api/rows', page)).status, 200);
        proxied.proxy.silence();
        const silent = await call(studio, 'POST', '/api/rows', page);
        assert.equal(silent.status, 503, JSON.stringify(silent.body));
        assert.match(String(silent.body['error']), /^database not answering: /);
        proxied.proxy.speak();
        const back = await call(studio, 'POST', '/api/rows', page);
        assert.equal(back.status, 200, JSON.stringify(back.body));
        assert.equal((back.body['rows'] as unknown[]).length, 2);
      },
    );
  },
  ['postgres', 'mysql'],
);
