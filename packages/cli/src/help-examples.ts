/**
 * One example per command, shown at the end of its `--help` ("Examples:"). Kept in one
 * place so that every command has one (tests/cli/help-examples.test.ts checks it); outside commands/, which --help must not load and the
 * lines read alike.
 */
import type { Command } from 'commander';

const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  init: ['dbgen init', 'dbgen init --schema db/schema.dbml --out src/db'],
  check: ['dbgen check', 'dbgen check db/schema.dbml --json'],
  format: ['dbgen format', 'dbgen format db/schema.dbml --check'],
  generate: ['dbgen generate', 'dbgen generate --watch'],
  sql: ['dbgen sql --dialect postgres', 'dbgen sql --dialect sqlite --schema db/schema.dbml'],
  pull: ['dbgen pull --url postgres://app@localhost/app --out schema.dbml'],
  studio: ['dbgen studio', 'dbgen studio --url postgres://app@localhost/app --port 4983'],
  migrate: ['dbgen migrate new add_bio', 'dbgen migrate up', 'dbgen migrate down -1'],
  'migrate new': [
    'dbgen migrate new add_bio',
    'dbgen migrate new rename_title --rename posts.name=title',
  ],
  'migrate up': ['dbgen migrate up', 'dbgen migrate up 0003', 'dbgen migrate up --sql'],
  'migrate down': ['dbgen migrate down', 'dbgen migrate down -2', 'dbgen migrate down base'],
  'migrate status': ['dbgen migrate status', 'dbgen migrate status --url postgres://app@db/app'],
  'migrate history': ['dbgen migrate history'],
  'migrate current': ['dbgen migrate current --url sqlite:./app.db'],
  'migrate stamp': ['dbgen migrate stamp head', 'dbgen migrate stamp 0002'],
  'migrate check': ['dbgen migrate check'],
  lsp: ['dbgen lsp --stdio'],
  seed: ['dbgen seed', 'dbgen seed --reset --url postgres://app@localhost/app_dev'],
  diagram: ['dbgen diagram --out schema.svg', 'dbgen diagram --out schema.html --watch'],
  'migrate ready': ['dbgen migrate ready', 'dbgen migrate ready --wait 60000'],
  'migrate heads': ['dbgen migrate heads'],
  'migrate merge': ['dbgen migrate merge', 'dbgen migrate merge -m "join bio and posts"'],
  'migrate reset': ['dbgen migrate reset', 'dbgen migrate reset --yes --url sqlite:./dev.db'],
  'migrate abandon': ['dbgen migrate abandon', 'dbgen migrate abandon 258eb0c4 --yes'],
  push: ['dbgen push', 'dbgen push --force --url postgres://app@localhost/app_dev'],
};

/** Adds the examples of `command` and of its subcommands (named `parent sub`) to their help. */
export function addExamples(command: Command, parent = ''): void {
  const name = parent === '' ? command.name() : `${parent} ${command.name()}`;
  const lines = EXAMPLES[name];
  if (lines) {
    command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`);
  }
  for (const sub of command.commands) addExamples(sub, name);
}
