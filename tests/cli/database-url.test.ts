/**
 * Which database a command touches: DATABASE_URL beats a `url` in dbgen.config.json
 * (a deploy points the project at production through the environment), `--url` beats
 * both, and every command that opens a database names it on stderr, password hidden.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { query } from '../migrate/support/run.js';

const SCHEMA = `Table todos {
  id integer [pk, increment]
  title text [not null]
}
`;

/** Runs the CLI in-process with DATABASE_URL set to `url` (restored after). */
async function withDatabaseUrl(url: string | undefined, argv: string[], cwd: string) {
  const saved = process.env['DATABASE_URL'];
  if (url === undefined) delete process.env['DATABASE_URL'];
  else process.env['DATABASE_URL'] = url;
  try {
    return await runCli(argv, cwd);
  } finally {
    if (saved === undefined) delete process.env['DATABASE_URL'];
    else process.env['DATABASE_URL'] = saved;
  }
}

/** `url` with a password added: trust authentication ignores it, the output must hide it. */
function withPassword(url: string): string {
  const parsed = new URL(url);
  parsed.password = 'hunter2';
  return parsed.toString();
}

describe('the database URL: environment over the config file, flags over both', () => {
  let dir: string;
  let pg: TestDatabase;
  before(async () => {
    pg = await createTestDatabase('postgres');
    dir = mkdtempSync(join(tmpdir(), 'dbgen-url-'));
    writeFileSync(join(dir, 'schema.dbml'), SCHEMA);
    writeFileSync(join(dir, 'dbgen.config.json'), JSON.stringify({ url: 'sqlite:./todo.db' }));
    const created = await withDatabaseUrl(undefined, ['migrate', 'new', 'initial'], dir);
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await pg.drop();
  });

  test('DATABASE_URL=postgres://… migrate up migrates PostgreSQL, not the url of the file', async () => {
    const url = withPassword(pg.url);
    const run = await withDatabaseUrl(url, ['migrate', 'up'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^applied 0001_initial\.js/);
    const shown = url.replace(':hunter2@', ':***@');
    assert.equal(run.stderr, `database: ${shown} (from DATABASE_URL)`);
    assert.doesNotMatch(run.stdout + run.stderr, /hunter2/);
    assert.equal(existsSync(join(dir, 'todo.db')), false, 'the file-configured SQLite database');
    const rows = await query(pg.url, 'SELECT count(*) AS n FROM dbgen_migrations');
    assert.equal(Number(rows[0]?.['n']), 1);
  });

  test('--url beats DATABASE_URL; without either, the file decides and is named', async () => {
    const flagged = await withDatabaseUrl(
      pg.url,
      ['migrate', 'up', '--url', 'sqlite:./flag.db'],
      dir,
    );
    assert.equal(flagged.code, 0, flagged.stderr);
    assert.equal(flagged.stderr, 'database: sqlite:./flag.db (from --url)');
    assert.equal(existsSync(join(dir, 'flag.db')), true);
    const fromFile = await withDatabaseUrl('', ['migrate', 'current'], dir);
    assert.equal(fromFile.code, 1);
    assert.equal(
      fromFile.stderr,
      `error: SQLite database not found: ${join(dir, 'todo.db')} (from "sqlite:./todo.db"); this command only reads, so it does not create one`,
    );
    const up = await withDatabaseUrl('', ['migrate', 'up'], dir);
    assert.equal(up.stderr, 'database: sqlite:./todo.db (from dbgen.config.json)');
  });

  test('pull names the database it read', async () => {
    const run = await withDatabaseUrl(pg.url, ['pull'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, `database: ${pg.url} (from DATABASE_URL)`);
    assert.match(run.stdout, /^Table todos \{/m);
  });
});
