// Every command against bad input: a missing or wrong schema path, an unknown dialect, a
// bad or unreachable database URL, an unknown revision, a missing migrations folder. Each
// must fail with one line naming what is wrong, a non-zero exit code and no stack trace.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';

const SCHEMA = `Table users {
  id integer [pk, increment]
  name text
}
`;
/** Nothing listens on port 1; the password must never be printed. */
const UNREACHABLE = 'postgresql://postgres:secret@127.0.0.1:1/x';

interface Case {
  readonly argv: readonly string[];
  /** The one line the command must print (`<dir>` stands for the scratch folder). */
  readonly error: string;
  readonly code?: number;
}

const DB_COMMANDS: readonly (readonly string[])[] = [
  ['migrate', 'up'],
  ['migrate', 'down'],
  ['migrate', 'status'],
  ['migrate', 'history'],
  ['migrate', 'current'],
  ['migrate', 'stamp', 'head'],
  ['pull'],
];

const URL_HELP =
  'use postgres://user@host:port/db, mysql://user@host:port/db, sqlite:./file.db or sqlite::memory:';

const CASES: readonly Case[] = [
  // The schema file.
  ...[
    ['check', 'nope.dbml'],
    ['format', 'nope.dbml'],
    ['sql', '--dialect', 'sqlite', '--schema', 'nope.dbml'],
    ['generate', '--schema', 'nope.dbml'],
    ['generate', '--watch', '--schema', 'nope.dbml'],
    ['migrate', 'new', 'x', '--schema', 'nope.dbml'],
    ['migrate', 'check', '--schema', 'nope.dbml'],
  ].map((argv) => ({ argv, error: 'schema file not found: <dir>/nope.dbml' })),
  ...[
    ['check', 'sub'],
    ['format', 'sub'],
    ['sql', '--dialect', 'sqlite', '--schema', 'sub'],
    ['generate', '--schema', 'sub'],
    ['migrate', 'new', 'x', '--schema', 'sub'],
  ].map((argv) => ({ argv, error: 'schema path is a folder, expected a .dbml file: <dir>/sub' })),
  // The dialect.
  ...[
    ['sql', '--dialect', 'oracle'],
    ['migrate', 'up', '--sql', '--dialect', 'oracle'],
    ['migrate', 'down', '--sql', '--dialect', 'oracle'],
  ].map((argv) => ({
    argv,
    error: 'unknown dialect "oracle": use postgres, sqlite or mysql',
    code: 2,
  })),
  // The database URL: not one, one that names nothing, one that does not parse, one unreachable.
  ...DB_COMMANDS.flatMap((command) => [
    {
      argv: [...command, '--url', 'oracle://u:secret@h/x'],
      error: `unsupported database URL "oracle://u:***@h/x": ${URL_HELP}`,
    },
    {
      argv: [...command, '--url', 'sqlite:'],
      error: `SQLite URL names no file "sqlite:": ${URL_HELP}`,
    },
    {
      argv: [...command, '--url', 'postgresql://u:secret@[bad'],
      error: `invalid PostgreSQL URL "postgresql://u:***@[bad": ${URL_HELP}`,
    },
    {
      argv: [...command, '--url', UNREACHABLE],
      error:
        'cannot connect to postgresql://postgres:***@127.0.0.1:1/x: could not connect to PostgreSQL: connect ECONNREFUSED 127.0.0.1:1',
    },
  ]),
  // The revision.
  ...[
    ['migrate', 'up', 'nope'],
    ['migrate', 'down', 'nope'],
    ['migrate', 'stamp', 'nope'],
    ['migrate', 'up', '--sql', '--from', 'nope'],
    ['migrate', 'down', '--sql', 'nope'],
  ].map((argv) => ({
    argv: [...argv, '--url', 'sqlite:./app.db'],
    error:
      'no migration matches "nope" (use a revision, its prefix, a file number like 0002, head or base)',
  })),
  // The migrations folder.
  ...[
    ['migrate', 'up'],
    ['migrate', 'status'],
    ['migrate', 'up', '--sql'],
  ].map((argv) => ({
    argv: [...argv, '--url', 'sqlite:./app.db', '--migrations', 'nowhere'],
    error:
      'migrations folder not found: <dir>/nowhere (write the first migration with `dbgen migrate new <name>`)',
  })),
];

describe('bad input: one clear line, a non-zero exit, no stack trace', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dbgen-bad-input-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'schema.dbml'), SCHEMA);
    // One migration, so that revisions are looked up among real files.
    const first = await runCli(['migrate', 'new', 'initial', '--url', 'sqlite:./app.db'], dir);
    assert.equal(first.code, 0, first.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const { argv, error, code = 1 } of CASES) {
    test(`dbgen ${argv.join(' ')}`, async () => {
      const run = await runCli(argv, dir);
      // A command that reached the database names it first (tests/cli/database-url.test.ts).
      const stderr = run.stderr.replace(/^database: .*\n/, '');
      assert.equal(stderr, `error: ${error.replace('<dir>', dir)}`);
      assert.equal(run.code, code);
      assert.doesNotMatch(run.stderr, /\n\s+at |secret/);
    });
  }
});
