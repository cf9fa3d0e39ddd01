/**
 * `npm run demo` in a clean copy of the repository: a `git clone` of the committed tree
 * with the installed node_modules linked in (the workspace packages pointing at the
 * clone's own packages), so the demo builds, generates and runs as after `npm install`.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { createEngine, sql } from '@dbgen/runtime';
import { createTestDatabase } from './support/databases.js';
import { EXPECTED, MIGRATION_LOG, SCHEMA_DIAGNOSTICS } from './examples/expected.js';
import { assertBlocksInOrder, repoRoot } from './examples/support.js';

const run = promisify(execFile);
const TOPICS = [
  'The schema',
  'Generate the client',
  'Create the database',
  'Raw SQL',
  'Query builder',
  'ORM models',
  'Session and transactions',
  'Query API',
  'Migrations',
];
const EXAMPLE_OF: Record<string, string> = {
  'The schema': 'schema',
  'Raw SQL': 'raw-sql',
  'Query builder': 'query-builder',
  'ORM models': 'orm-models',
  'Session and transactions': 'session-and-transactions',
  'Query API': 'query-api',
  Migrations: 'migrations',
};

let work = '';
let clone = '';

/** node_modules of the clone: every installed package, but @dbgen/* from the clone itself. */
function linkNodeModules(): void {
  const modules = join(clone, 'node_modules');
  mkdirSync(join(modules, '@dbgen'), { recursive: true });
  for (const entry of readdirSync(join(repoRoot, 'node_modules'))) {
    if (entry === '@dbgen') continue;
    symlinkSync(join(repoRoot, 'node_modules', entry), join(modules, entry));
  }
  for (const name of readdirSync(join(repoRoot, 'node_modules', '@dbgen'))) {
    symlinkSync(join('..', '..', 'packages', name), join(modules, '@dbgen', name));
  }
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'dbgen-demo-'));
  clone = join(work, 'repo');
  execFileSync('git', ['clone', '--quiet', repoRoot, clone]);
  linkNodeModules();
});

after(() => {
  rmSync(work, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  const vars: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete vars['DATABASE_URL'];
  delete vars['DBGEN_ECHO'];
  delete vars['NODE_OPTIONS']; // the test runner's tsx/conditions must not leak into the demo
  return vars;
}

test('npm run demo builds, generates and walks through every topic, leaving nothing behind', async () => {
  const { stdout } = await run('npm', ['run', '--silent', 'demo'], {
    cwd: clone,
    env: env(),
    maxBuffer: 32 * 1024 * 1024,
  });
  // Every topic, numbered, in order.
  assertBlocksInOrder(
    stdout,
    TOPICS.map((title, i) => `== ${i + 1}/${TOPICS.length} ${title}`),
  );
  assert.match(stdout, /^generated\/: wrote .*users\.d\.ts, users\.js/m);
  assert.match(stdout, /^export type UserInit = InitOf<UserRow, /m);
  assert.match(stdout, /^CREATE TABLE "users" \($/m);
  // Each example's results, and the SQL the engine echoed (with parameter values).
  for (const [title, example] of Object.entries(EXAMPLE_OF)) {
    const section = stdout.slice(stdout.indexOf(`${title}\n== examples/${example}.ts`));
    assertBlocksInOrder(section, EXPECTED[example]!('sqlite'));
  }
  for (const line of [...MIGRATION_LOG, ...SCHEMA_DIAGNOSTICS]) assert.match(stdout, line);
  assert.match(
    stdout,
    /^ {2}SQL> select username, display_name from users where email = \? -- \["ada@example.org"\]$/m,
  );
  assert.match(stdout, /^ {2}SQL> savepoint `dbgen_sp_1`$/m);
  assert.match(stdout, /^== Where to go next$/m);
  assert.match(stdout, /^demo finished in [\d.]+ s$/m);
  // Nothing left behind: no database file, no file git would see.
  assert.equal(existsSync(join(clone, 'demo.db')), false);
  const status = execFileSync('git', ['status', '--porcelain'], { cwd: clone, encoding: 'utf8' });
  assert.equal(status, '');
});

test('--keep leaves the database of the last step (the migrated schema) behind', async () => {
  const { stdout } = await run(
    process.execPath,
    ['scripts/demo.mjs', '--keep', '--db', 'kept.db'],
    {
      cwd: clone,
      env: env(),
      maxBuffer: 32 * 1024 * 1024,
    },
  );
  assert.match(stdout, /^kept the database of the last step: kept\.db$/m);
  const engine = createEngine(`sqlite:${join(clone, 'kept.db')}`);
  try {
    const history = await engine.execute(sql`select name from dbgen_migrations`);
    assert.deepEqual(history.rows, [{ name: 'create blog' }]);
    const users = await engine.execute(sql`select count(*) as n from users`);
    assert.deepEqual(users.rows, [{ n: 0 }]);
  } finally {
    await engine.close();
  }
});

test('the demo runs on MariaDB (DATABASE_URL of an empty database)', async () => {
  const db = await createTestDatabase('mysql');
  try {
    const { stdout } = await run(process.execPath, ['scripts/demo.mjs'], {
      cwd: clone,
      env: { ...env(), DATABASE_URL: db.url },
      maxBuffer: 32 * 1024 * 1024,
    });
    assertBlocksInOrder(
      stdout,
      TOPICS.map((title, i) => `== ${i + 1}/${TOPICS.length} ${title}`),
    );
    assert.match(stdout, /^CREATE TABLE `users` \($/m);
    for (const line of MIGRATION_LOG) assert.match(stdout, line);
    assert.match(stdout, /^demo finished in [\d.]+ s$/m);
  } finally {
    await db.drop();
  }
});
