// The README says every command's --help shows an example: each one, and each migrate
// subcommand, ends its help with "Examples:" and lines that start with `$ dbgen`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../support/cli.js';

const commandsOf = (help: string): string[] =>
  [...help.slice(help.indexOf('Commands:')).matchAll(/^ {2}(\w[\w-]*)/gm)]
    .map((m) => m[1]!)
    .filter((c) => c !== 'help');

async function assertExample(argv: string[]): Promise<void> {
  const run = await runCli([...argv, '--help'], process.cwd());
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /\nExamples:\n( {2}\$ dbgen .+\n?)+$/, `dbgen ${argv.join(' ')} --help`);
}

test("every command's --help ends with examples", async () => {
  const commands = commandsOf((await runCli(['--help'], process.cwd())).stdout);
  assert.ok(commands.length >= 7, commands.join(', '));
  for (const command of commands) await assertExample([command]);
  const subcommands = commandsOf((await runCli(['migrate', '--help'], process.cwd())).stdout);
  assert.ok(subcommands.includes('up') && subcommands.includes('stamp'), subcommands.join(', '));
  for (const sub of subcommands) await assertExample(['migrate', sub]);
});
