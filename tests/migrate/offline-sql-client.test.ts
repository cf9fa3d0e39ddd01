/**
 * `migrate up --sql` output run by the dialect's own command-line client on a fresh
 * database (what a DBA does with offline SQL), then `migrate status`: every migration
 * applied, no drift. On MySQL/MariaDB the script began with the history table's
 * `CREATE TABLE "dbgen_migrations"`, which the mysql client (no ANSI_QUOTES) refused
 * with 1064; and an `op.sql` text with `'x' || 'y'` would have stored 0 (OR), not 'xy'.
 * The script now starts with dbgen's session settings. Skipped where the client is absent.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from './support/databases.js';
import { migrate, query, runCli } from './support/run.js';
import { ALICE, BOB, INIT, migrationFile, writeTwoHeads } from './support/two-heads.js';

const ROW = 'dddd00000003';

/** Whether `command` runs here (`--version` exits 0). */
function has(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

const mysqlClient = ['mariadb', 'mysql'].find(has);

/** The client command and arguments that run a script read from stdin on `url`, stopping at the first error. */
function client(dialect: string, url: string): [string, string[]] | null {
  if (dialect === 'sqlite')
    return has('sqlite3') ? ['sqlite3', ['-bail', url.slice('sqlite:'.length)]] : null;
  if (dialect === 'postgres')
    return has('psql') ? ['psql', ['-q', '-v', 'ON_ERROR_STOP=1', url]] : null;
  if (!mysqlClient) return null;
  const u = new URL(url);
  const args = ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username)];
  if (u.password) args.push(`-p${decodeURIComponent(u.password)}`);
  return [mysqlClient, [...args, u.pathname.slice(1)]];
}

for (const dialect of DIALECTS) {
  describe(`migrate up --sql run by the ${dialect} client`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(dialect);
      writeTwoHeads(db.dir);
      // Double-quoted names and || in SQL the migration holds: dbgen's session meaning.
      writeFileSync(
        join(db.dir, 'migrations', '0003_row.js'),
        migrationFile(
          ROW,
          ALICE,
          'row',
          `op.sql(\`INSERT INTO "users" ("id", "a") VALUES (1, 'x' || 'y')\`)`,
          `op.sql('DELETE FROM "users" WHERE "id" = 1')`,
        ),
      );
    });
    after(async () => db.drop());

    const absent = !{ sqlite: has('sqlite3'), postgres: has('psql'), mysql: !!mysqlClient }[
      dialect
    ];
    test(
      'applies every migration and records it',
      { skip: absent && 'no command-line client' },
      async () => {
        const printed = await runCli(['migrate', 'up', '--sql', '--dialect', dialect], db.dir);
        assert.equal(printed.code, 0, printed.stderr);
        const [command, args] = client(dialect, db.url) ?? ['', []];
        const ran = spawnSync(command, args, { input: printed.stdout, encoding: 'utf8' });
        assert.equal(
          ran.status,
          0,
          `${command} failed:\n${ran.stderr}\n--- script:\n${printed.stdout}`,
        );
        const rows = await query(db.url, 'SELECT "revision" FROM "dbgen_migrations"');
        assert.deepEqual(rows.map((r) => String(r['revision'])).sort(), [INIT, ALICE, BOB, ROW]);
        const users = await query(db.url, 'SELECT "a" FROM "users"');
        assert.deepEqual(
          users.map((r) => r['a']),
          ['xy'],
        );
        const status = await migrate(db.dir, db.url, ['status']);
        assert.match(status.stdout, /pending: 0/);
        assert.match(status.stdout, /drift: none/);
      },
    );
  });
}
