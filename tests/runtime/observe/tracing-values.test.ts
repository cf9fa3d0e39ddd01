// With `tracing: { values: false }` (the default) a failed statement's span carries no bound
// value: not in its status message, not in its exception event (message, stacktrace),
// whether the engine's errors hide values (the default) or show them (`echo: { values:
// true }`). Through the real OpenTelemetry SDK, on every dialect.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql, type Engine } from '@dbgen/runtime';
import { forEachDialect } from '../../support/databases.js';
import { registerSdkTracer } from './sdk-tracer.js';

const SECRET = 'TOPSECRET42';
const { exporter } = registerSdkTracer();

forEachDialect((dialect, makeEngine) => {
  let engine: Engine;
  before(async () => {
    engine = makeEngine();
    await engine.execute(
      sql.raw(`create table acc (id integer primary key, api_token varchar(40) unique)`),
    );
    await engine.execute(sql`insert into acc (id, api_token) values (${1}, ${SECRET})`);
  });

  for (const echo of [undefined, { values: true }] as const) {
    test(`a failed statement's span has no value (errors ${echo ? 'showing' : 'hiding'} values)`, async () => {
      const traced = makeEngine({
        tracing: { values: false },
        ...(echo ? { echo, logger: () => undefined } : {}),
      });
      exporter.reset();
      const error = await traced
        .execute(sql`insert into acc (id, api_token) values (${2}, ${SECRET})`)
        .then(
          () => assert.fail('no error'),
          (e: unknown) => e as Error,
        );
      // The error itself shows the value when asked to (PostgreSQL and MariaDB quote it).
      if (echo && dialect !== 'sqlite') assert.match(error.message, new RegExp(SECRET));
      const span = exporter.getFinishedSpans().at(-1);
      assert.ok(span !== undefined);
      assert.equal(span.status.code, 2); // ERROR
      assert.ok((span.status.message ?? '').length > 0);
      assert.ok(!(span.status.message ?? '').includes(SECRET), span.status.message);
      const events = JSON.stringify(span.events);
      assert.match(events, /exception\.message/);
      assert.match(events, /UNIQUE_VIOLATION/);
      assert.ok(!events.includes(SECRET), events);
      assert.ok(!JSON.stringify(span.attributes).includes(SECRET));
    });
  }
});
