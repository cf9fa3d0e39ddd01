/**
 * A MySQL/MariaDB stream whose connection is killed mid-result (KILL <id> from another
 * session) fails with ConnectionError instead of never settling: mysql2 tells a dying
 * connection only to commands with a callback, which its row stream has not.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { ConnectionError, sql, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';

forEachDialect(
  (_dialect, makeEngine) => {
    let engine: Engine;
    before(async () => {
      engine = makeEngine();
      await engine.execute(sql.raw(`create table "t" ("id" integer primary key)`));
      await engine.execute(sql.raw(`insert into "t" select "seq" from seq_1_to_20000`));
    });

    /** Kills session `id` from a connection of its own. */
    const kill = async (id: number) => {
      const killer = await engine.connect();
      try {
        await killer.execute(sql.raw(`KILL ${Number(id)}`));
      } finally {
        await killer.release();
      }
    };

    // Rows wide enough that the server is still sending when the KILL lands.
    const wide = sql`select "id", connection_id() as "session", repeat('x', 2000) as "pad" from "t"`;

    /** Streams `wide`, killing its session at the 50th row; what the iteration ended with. */
    async function killMidStream(rows: AsyncIterable<{ session: unknown }>): Promise<unknown> {
      let seen = 0;
      try {
        for await (const row of rows) {
          if (++seen === 50) await kill(Number(row.session));
        }
        return `completed after ${seen} rows`;
      } catch (error) {
        return error;
      }
    }

    test(
      'a Connection stream killed mid-result fails with ConnectionError',
      { timeout: 20_000 },
      async () => {
        const conn = await engine.connect();
        try {
          const outcome = await killMidStream(conn.stream(wide, { batchSize: 10 }));
          assert.ok(outcome instanceof ConnectionError, String(outcome));
          assert.match(outcome.message, /connection lost/);
        } finally {
          await conn.release();
        }
        // The dead connection was destroyed, not pooled again.
        const { rows } = await engine.execute(sql`select count(*) as "n" from "t"`);
        assert.equal(Number(rows[0]?.n), 20_000);
      },
    );

    test(
      'with a timeout it fails at once too (no cancelling a dead connection)',
      { timeout: 20_000 },
      async () => {
        const conn = await engine.connect();
        try {
          const started = Date.now();
          const outcome = await killMidStream(
            conn.stream(wide, { batchSize: 10, timeoutMs: 5000 }),
          );
          assert.ok(outcome instanceof ConnectionError, String(outcome));
          // Before the 5 s timeout fired (which then cancelled every 100 ms, forever).
          assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
        } finally {
          await conn.release();
        }
      },
    );

    test(
      'an engine stream killed mid-result fails with ConnectionError',
      { timeout: 20_000 },
      async () => {
        const outcome = await killMidStream(engine.stream(wide, { batchSize: 10 }));
        assert.ok(outcome instanceof ConnectionError, String(outcome));
        const { rows } = await engine.execute(sql`select 1 as "one"`);
        assert.equal(Number(rows[0]?.one), 1);
      },
    );
  },
  ['mysql'],
);
