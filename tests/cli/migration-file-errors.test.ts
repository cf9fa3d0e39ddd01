/**
 * A migration that cannot apply, or cannot be loaded, is named in the error: the file
 * (and revision) whose operation fails against the schema before it, and the file and
 * line of a syntax error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dbgen-migfile-'));
  writeFileSync(join(dir, 'schema.dbml'), 'Table t {\n  id integer [pk]\n}\n');
  for (const argv of [
    ['migrate', 'new', 'init', '--schema', 'schema.dbml'],
    ['migrate', 'new', 'bad', '--empty', '--schema', 'schema.dbml'],
  ]) {
    const run = await runCli(argv, dir);
    assert.equal(run.code, 0, run.stderr);
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Rewrites the hand-written migration's `up`; returns its file name and revision. */
function editBad(up: string): { file: string; revision: string } {
  const file = readdirSync(join(dir, 'migrations')).find((f) => /^0002_.*\.js$/.test(f)) ?? '';
  const path = join(dir, 'migrations', file);
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace(/^export const up = \(op\) => \[\];$/m, up));
  const revision = /export const revision = "([0-9a-f]+)"/.exec(text)?.[1] ?? '';
  return { file, revision };
}

const stderrOf = (stderr: string): string => stderr.replace(/^database: .*\n?/m, '');

describe('migration files named in errors', () => {
  test('an operation that cannot apply names its migration', async () => {
    const { file, revision } = editBad("export const up = (op) => [op.dropColumn('t', 'nope')];");
    const run = await runCli(['migrate', 'up', '--url', 'sqlite:./x.db'], dir);
    assert.equal(run.code, 1);
    assert.equal(
      stderrOf(run.stderr),
      `error: ${file} (${revision}), up: dropColumn: column public.t.nope does not exist`,
    );
  });

  test('a syntax error names the file and line', async () => {
    const { file } = editBad("export const up = (op) => [op.dropColumn('t', 'x'))];");
    const lines = readFileSync(join(dir, 'migrations', file), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.startsWith('export const up')) + 1;
    const run = await runCli(['migrate', 'up', '--url', 'sqlite:./x.db'], dir);
    assert.equal(run.code, 1);
    assert.equal(
      stderrOf(run.stderr),
      `error: ${join(dir, 'migrations', file)}:${line}: cannot be loaded: Unexpected token ')'`,
    );
  });
});
