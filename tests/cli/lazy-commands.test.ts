/**
 * `dbgen --version` and `dbgen --help` load no command module (and so neither the
 * generator, the runtime, prettier nor chokidar): they must start as fast as node. The
 * modules each run resolves are logged by a module hook; no timing is asserted here.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Command } from 'commander';
import { COMMANDS } from '../../packages/cli/src/commands/catalog.js';
import type { CommandContext } from '../../packages/cli/src/main.js';
import { moduleLog } from '../support/module-log.js';

const root = join(import.meta.dirname, '..', '..');
const HEAVY =
  /packages\/(generator|runtime)\/|node_modules\/(prettier|chokidar|pg|sqlite3)\/|\/commands\/(?!catalog)/;

describe('dbgen --version and --help load no command', () => {
  const log = moduleLog();
  const loadedBy = (args: string[]): { out: string; loaded: string[] } => {
    const run = log.run(args);
    assert.equal(run.status, 0, run.stderr);
    return { out: run.stdout, loaded: run.loaded };
  };

  test('--version', () => {
    const { out, loaded } = loadedBy(['--version']);
    assert.equal(out.trim(), '0.1.0');
    assert.ok(
      loaded.some((url) => url.endsWith('/cli/dist/main.js')),
      'the log works',
    );
    assert.deepEqual(
      loaded.filter((url) => HEAVY.test(url)),
      [],
    );
  });

  test('--help lists every command', () => {
    const { out, loaded } = loadedBy(['--help']);
    for (const entry of COMMANDS)
      assert.match(out, new RegExp(`\\n  ${entry.name}\\b.*${entry.summary.slice(0, 20)}`));
    assert.deepEqual(
      loaded.filter((url) => HEAVY.test(url)),
      [],
    );
  });

  test('a command loads its own module only', () => {
    const { loaded } = loadedBy(['check', '--help']);
    const commands = loaded.filter((url) => /\/cli\/dist\/commands\/[^/]+\.js$/.test(url));
    assert.deepEqual([...new Set(commands.map((url) => url.split('/').pop()))].sort(), [
      'catalog.js',
      'check.js',
    ]);
  });
});

test("each command's description is the summary --help lists", async () => {
  const context = { output: { info() {}, error() {}, color: false }, cwd: root, setExitCode() {} };
  for (const entry of COMMANDS) {
    const program = new Command();
    (await entry.load()).register(program, context as CommandContext);
    assert.equal(program.commands[0]?.name(), entry.name);
    assert.equal(program.commands[0]?.description(), entry.summary);
  }
});
