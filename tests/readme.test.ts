/**
 * The README cannot drift: its quick start is the one CI runs, every TypeScript block is a
 * region of an example (which tests/examples runs), every DBML block is in the example
 * schema, every local link resolves, and the CLI reference names every command.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { extractRegions, readmeBlocks, regionText } from '../scripts/demo/readme-regions.js';
import { repoRoot } from './examples/support.js';
import { runCli } from './support/cli.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const blocks = readmeBlocks(readme);

test('the quick start is the two lines CI runs, verbatim', () => {
  assert.ok(
    readme.includes('## Quick start\n\n```sh\nnpm install && npm run demo\nnpm test\n```\n'),
    'README.md must have the quick start block `npm install && npm run demo` / `npm test`',
  );
});

test('every TypeScript block of the README is a region of an example, unchanged', async () => {
  const tsBlocks = blocks.filter((b) => b.lang === 'ts');
  assert.ok(tsBlocks.length >= 20, `expected the README's examples, found ${tsBlocks.length}`);
  for (const block of tsBlocks) {
    assert.ok(
      block.source,
      `README.md:${block.line}: a ts block needs a marker <!-- example: examples/<file>.ts#<region> --> above it`,
    );
    const expected = await regionText(repoRoot, block.source.file, block.source.region);
    assert.equal(
      block.text,
      expected,
      `README.md:${block.line} differs from ${block.source.file}#${block.source.region}; ` +
        'run `node --import tsx scripts/demo/sync-readme.ts`',
    );
  }
});

test('every DBML block of the README is part of the example schema', () => {
  const schema = readFileSync(join(repoRoot, 'schema.example.dbml'), 'utf8');
  const dbml = blocks.filter((b) => b.lang === 'dbml');
  assert.ok(dbml.length > 0);
  for (const block of dbml) {
    assert.ok(schema.includes(block.text), `README.md:${block.line} is not in schema.example.dbml`);
  }
});

test('every local link of the README resolves', () => {
  const anchors = new Set(
    [...readme.matchAll(/^#+ (.+)$/gm)].map((m) =>
      m[1]!
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    ),
  );
  for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^https?:/.test(target!)) continue;
    if (target!.startsWith('#')) {
      assert.ok(anchors.has(target!.slice(1)), `README.md links to a missing section ${target}`);
    } else {
      assert.ok(existsSync(join(repoRoot, target!)), `README.md links to a missing file ${target}`);
    }
  }
});

test('the CLI reference names every command and migrate subcommand of `dbgen --help`', async () => {
  const section = readme.slice(
    readme.indexOf('## CLI reference'),
    readme.indexOf('## Configuration'),
  );
  const commandsOf = (help: string): string[] => {
    const list = help.slice(help.indexOf('Commands:'));
    return [...list.matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  };
  const top = await runCli(['--help'], repoRoot);
  const commands = commandsOf(top.stdout);
  assert.ok(commands.includes('generate') && commands.includes('migrate'), top.stdout);
  for (const command of commands) {
    if (command === 'migrate') continue;
    assert.match(section, new RegExp(`\\| \`dbgen ${command}\\b`), `dbgen ${command} is missing`);
  }
  const migrate = await runCli(['migrate', '--help'], repoRoot);
  for (const sub of commandsOf(migrate.stdout)) {
    assert.match(
      section,
      new RegExp(`\\| \`dbgen migrate ${sub}\\b`),
      `dbgen migrate ${sub} is missing`,
    );
  }
});

test("the README's `dbgen check` sample is what dbgen check prints", async () => {
  const marker = '<!-- readme-check: dbgen check broken.dbml -->';
  const block = blocks.find(
    (b) => b.line > readme.slice(0, readme.indexOf(marker)).split('\n').length,
  );
  assert.ok(readme.includes(marker) && block, `README.md has no block under ${marker}`);
  // The schema of examples/schema.ts#schema-errors, whose diagnostics the README shows
  // (the README's block of that region is checked above): its lines are the region's
  // string literals.
  const region = extractRegions(
    readFileSync(join(repoRoot, 'examples', 'schema.ts'), 'utf8'),
    'examples/schema.ts',
  ).get('schema-errors');
  assert.ok(region, 'examples/schema.ts has no region schema-errors');
  const source = [...region.matchAll(/^\s*'([^'\\]*)',$/gm)].map((m) => m[1]!).join('\n');
  assert.match(source, /^Table users \{\n[^]*\n\}$/);
  const dir = mkdtempSync(join(tmpdir(), 'dbgen-readme-'));
  try {
    writeFileSync(join(dir, 'broken.dbml'), source);
    const run = await runCli(['check', 'broken.dbml'], dir);
    assert.equal(run.code, 1);
    const printed = `${run.stderr}\n${run.stdout}`.replaceAll(`${dir}/`, '/app/');
    assert.equal(block.text, printed);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the benchmark tables have their placeholders for measured numbers', () => {
  for (const name of ['core', 'orm', 'generate', 'parse']) {
    assert.ok(readme.includes(`<!-- bench:${name} -->`), `<!-- bench:${name} --> is missing`);
  }
});
