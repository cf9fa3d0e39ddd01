/**
 * `dbgen studio` on bad input: each fails before serving, with one line naming what is
 * wrong, a non-zero exit code, no stack trace, and no password printed.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { STUDIO_SCHEMA } from './support.js';

let dir = '';
let busy: Server;
let busyPort = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dbgen-studio-cli-'));
  writeFileSync(join(dir, 'schema.dbml'), STUDIO_SCHEMA);
  writeFileSync(join(dir, 'dbgen.config.json'), '{ "schema": "schema.dbml" }\n');
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});

after(async () => {
  await new Promise((resolve) => busy.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const cases: readonly {
  name: string;
  argv: () => string[];
  error: () => string;
  code?: number;
}[] = [
  {
    name: 'a missing schema file',
    argv: () => ['studio', '--schema', 'nope.dbml', '--url', 'sqlite::memory:'],
    error: () => `error: schema file not found: ${dir}/nope.dbml`,
  },
  {
    name: 'a SQLite file that does not exist (never created)',
    argv: () => ['studio', '--url', 'sqlite:./missing.db'],
    error: () => `error: database file not found: ${dir}/missing.db (from sqlite:./missing.db)`,
  },
  {
    name: 'an unreachable server (password hidden)',
    argv: () => ['studio', '--url', 'postgresql://postgres:secret@127.0.0.1:1/x'],
    error: () =>
      'error: cannot connect to postgresql://postgres:***@127.0.0.1:1/x: could not connect to PostgreSQL: connect ECONNREFUSED 127.0.0.1:1',
  },
  {
    name: 'a URL no dialect serves',
    argv: () => ['studio', '--url', 'oracle://u:secret@h/x'],
    error: () =>
      'error: unsupported database URL "oracle://u:***@h/x": use postgres://user@host:port/db, mysql://user@host:port/db, sqlite:./file.db or sqlite::memory:',
  },
  {
    name: 'a --port that is not a number (usage: exit 2)',
    argv: () => ['studio', '--url', 'sqlite::memory:', '--port', 'eighty'],
    error: () => 'error: --port must be a port number from 0 to 65535, found "eighty"',
    code: 2,
  },
  {
    name: 'a port already in use',
    argv: () => ['studio', '--url', 'sqlite::memory:', '--port', String(busyPort)],
    error: () => `error: port ${busyPort} on 127.0.0.1 is in use: pick another with --port`,
  },
];

for (const { name, argv, error, code } of cases) {
  test(name, async () => {
    const run = await runCli(argv(), dir);
    assert.equal(run.code, code ?? 1, run.stderr);
    const lines = run.stderr.split('\n').filter((l) => !l.startsWith('database: '));
    assert.deepEqual(lines, [error()]);
    assert.equal(run.stdout, '');
    assert.doesNotMatch(run.stderr, /secret|\n\s+at /);
    assert.equal(existsSync(join(dir, 'missing.db')), false, 'no SQLite file was created');
  });
}
