/**
 * A path the user gave that cannot be written or read (a missing folder, a file where a
 * folder is wanted) is the user's mistake: one line naming the path and what is wrong,
 * exit 1, no "internal error" and no stack trace. `generate --watch` reports such a
 * failure and goes on watching.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { watchSuite } from '../support/cli-watch.js';

const SCHEMA = 'Table t {\n  id integer [pk]\n}\n';

let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dbgen-paths-'));
  writeFileSync(join(dir, 'schema.dbml'), SCHEMA);
  writeFileSync(join(dir, 'afile'), '');
  const made = await runCli(['migrate', 'new', 'init', '--schema', 'schema.dbml'], dir);
  assert.equal(made.code, 0, made.stderr);
  const up = await runCli(['migrate', 'up', '--url', 'sqlite:./x.db'], dir);
  assert.equal(up.code, 0, up.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The run's stderr without the `database: …` line naming the database. */
const errors = (stderr: string): string => stderr.replace(/^database: .*\n?/m, '');

describe('user paths that cannot be used', () => {
  test('pull --out into a folder that does not exist', async () => {
    const run = await runCli(['pull', '--url', 'sqlite:./x.db', '--out', 'nodir/x.dbml'], dir);
    assert.equal(run.code, 1);
    assert.equal(
      errors(run.stderr),
      `error: cannot write ${join(dir, 'nodir/x.dbml')}: the folder it goes in does not exist (ENOENT)`,
    );
  });

  test('generate --out naming an existing file', async () => {
    const run = await runCli(['generate', '--schema', 'schema.dbml', '--out', 'afile'], dir);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr,
      `error: cannot create the folder ${join(dir, 'afile')}: a file of that name is in the way (EEXIST)`,
    );
  });

  test('migrate up --migrations naming a file', async () => {
    const run = await runCli(
      ['migrate', 'up', '--migrations', 'schema.dbml', '--url', 'sqlite:./x.db'],
      dir,
    );
    assert.equal(run.code, 1);
    assert.equal(
      errors(run.stderr),
      `error: ${join(dir, 'schema.dbml')} is not a folder (the migrations folder must be one)`,
    );
  });
});

describe('generate --watch when writing the output fails (child process)', () => {
  const startWatch = watchSuite();

  test('reports the failure and goes on watching; the next save that can write, writes', async () => {
    const watched = mkdtempSync(join(tmpdir(), 'dbgen-paths-watch-'));
    try {
      const schema = join(watched, 'schema.dbml');
      writeFileSync(schema, SCHEMA);
      const watch = startWatch(watched, [
        'generate',
        '--watch',
        '--schema',
        'schema.dbml',
        '--out',
        'out',
      ]);
      await watch.waitFor('out', /watching schema\.dbml for changes/);
      // A file where the output folder was.
      rmSync(join(watched, 'out'), { recursive: true });
      writeFileSync(join(watched, 'out'), '');
      writeFileSync(schema, `${SCHEMA}// touched\n`);
      const failed = await watch.waitFor(
        'err',
        /error: cannot create the folder .*out: a file of that name is in the way \(EEXIST\)/,
      );
      assert.doesNotMatch(failed, /internal error|\n\s+at /);
      // Still watching: with the file gone, the next save writes the client.
      rmSync(join(watched, 'out'));
      writeFileSync(schema, `${SCHEMA}// touched again\n`);
      await watch.waitFor('out', /out\/: wrote .* in \d+ ms/);
      assert.ok(existsSync(join(watched, 'out', 'index.js')));
      watch.child.kill('SIGINT');
      assert.equal(await watch.exited, 0);
    } finally {
      rmSync(watched, { recursive: true, force: true });
    }
  });
});
