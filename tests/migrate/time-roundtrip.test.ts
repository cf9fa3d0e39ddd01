/**
 * Time columns round trip on every dialect: `time` (microseconds: TIME(6) on MySQL) and
 * `time(n)` are created, pulled back as written and no drift.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { migrate, runCli } from './support/run.js';

const SCHEMA = `Table t {
  id integer [pk]
  plain time
  milli time(3)
  whole time(0)
}
`;

for (const dialect of DIALECTS) {
  describe(`time columns round trip on ${dialect}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
    });
    after(() => db.drop());

    test('time and time(n) pull back as written, with no drift', async () => {
      writeFileSync(join(db.dir, 'schema.dbml'), SCHEMA);
      await migrate(db.dir, db.url, ['new', 'init', '--schema', 'schema.dbml']);
      await migrate(db.dir, db.url, ['up']);
      const status = await migrate(db.dir, db.url, ['status']);
      assert.match(status.stdout + status.stderr, /drift: none/);
      const pulled = await runCli(['pull', '--url', db.url], db.dir);
      assert.equal(pulled.code, 0, pulled.stderr);
      const columns = pulled.stdout.split('\n').filter((l) => /^ {2}(plain|milli|whole) /.test(l));
      assert.deepEqual(columns, ['  plain time', '  milli time(3)', '  whole time(0)']);
    });
  });
}
