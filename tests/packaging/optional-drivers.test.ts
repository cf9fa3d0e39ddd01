// Database drivers are optional peer dependencies of @dbgen/runtime, loaded when an engine
// for their scheme first connects. Proven on a real app outside the monorepo: the packages
// installed from `npm pack` tarballs with sqlite3 only (from the npm registry, scripts off;
// the monorepo's sqlite3 build is copied in rather than compiled again).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let app = '';

function npm(args: readonly string[], cwd: string): string {
  return execFileSync(NPM, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `code` as an ES module in the app; its exit code and output. */
function runInApp(code: string): { status: number | null; stdout: string; stderr: string } {
  writeFileSync(join(app, 'script.mjs'), code);
  const run = spawnSync(process.execPath, ['script.mjs'], { cwd: app, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

before(
  () => {
    app = mkdtempSync(join(tmpdir(), 'dbgen-app-'));
    const packs = join(app, 'packs');
    mkdirSync(packs);
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli'],
      {
        cwd: ROOT,
      },
    );
    npm(
      [
        'pack',
        '--silent',
        '--pack-destination',
        packs,
        ...['runtime', 'generator', 'cli'].map((p) => join(ROOT, 'packages', p)),
      ],
      ROOT,
    );
    const sqlite3Version = (
      JSON.parse(readFileSync(join(ROOT, 'node_modules/sqlite3/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    writeFileSync(
      join(app, 'package.json'),
      '{ "name": "app", "private": true, "type": "module" }\n',
    );
    npm(
      [
        'install',
        '--prefer-offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        ...['runtime', 'generator', 'cli'].map((p) => join(packs, `dbgen-${p}-0.1.0.tgz`)),
        `sqlite3@${sqlite3Version}`,
      ],
      app,
    );
    cpSync(join(ROOT, 'node_modules/sqlite3/build'), join(app, 'node_modules/sqlite3/build'), {
      recursive: true,
    });
  },
  { timeout: 600_000 },
);

after(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

test('an app with @dbgen/runtime and sqlite3 only has no pg, pg-cursor or mysql2 in npm ls', () => {
  type Tree = { version?: string; dependencies?: Record<string, Tree> };
  const installed = new Set<string>();
  const walk = (tree: Tree): void => {
    for (const [name, dependency] of Object.entries(tree.dependencies ?? {})) {
      // An unmet optional peer is listed without a version: it is not installed.
      if (dependency.version !== undefined) installed.add(name);
      walk(dependency);
    }
  };
  walk(JSON.parse(npm(['ls', '--all', '--json'], app)) as Tree);
  assert.ok(installed.has('@dbgen/runtime') && installed.has('sqlite3'), [...installed].join(', '));
  for (const driver of ['pg', 'pg-cursor', 'mysql2'])
    assert.equal(installed.has(driver), false, driver);
});

test('SQLite works there, and a postgres:// engine fails at createEngine naming what to install', () => {
  const run = runInApp(`
    import { createEngine, sql } from '@dbgen/runtime';
    const engine = createEngine('sqlite::memory:');
    console.log(JSON.stringify((await engine.execute(sql\`select 41 + 1 as answer\`)).rows));
    await engine.close();
    try {
      createEngine('postgres://app@127.0.0.1:5432/app');
      console.log('created');
    } catch (error) {
      console.log(error.name + ' ' + error.code + ': ' + error.message);
    }
  `);
  assert.equal(run.stderr, '');
  assert.deepEqual(run.stdout.trim().split('\n'), [
    '[{"answer":42}]',
    'DriverNotInstalledError CONFIG: the postgres driver is not installed: run `npm install pg pg-cursor` in your app',
  ]);
});

test('the CLI prints that one line for a postgres:// URL, exits 1, no stack trace', () => {
  const run = spawnSync(
    process.execPath,
    [
      join(app, 'node_modules/@dbgen/cli/dist/bin.js'),
      'pull',
      '--url',
      'postgres://app@127.0.0.1:5432/app',
    ],
    { cwd: app, encoding: 'utf8' },
  );
  assert.equal(run.status, 1);
  assert.equal(run.stdout, '');
  assert.equal(
    run.stderr.trim(),
    'error: the postgres driver is not installed: run `npm install pg pg-cursor` in your app',
  );
});

test('importing @dbgen/runtime loads no driver: a missing sqlite3 build breaks only SQLite engines, catchably', async () => {
  const build = join(app, 'node_modules/sqlite3/build');
  renameSync(build, `${build}.away`);
  try {
    const run = runInApp(`
      const runtime = await import('@dbgen/runtime');
      console.log('imported');
      const engine = runtime.createEngine('sqlite::memory:');
      try {
        await engine.execute(runtime.sql\`select 1\`);
      } catch (error) {
        console.log(error.name + ': ' + error.message.split('\\n')[0].slice(0, 40));
      }
      await engine.close();
    `);
    assert.equal(run.stderr, '');
    assert.deepEqual(run.stdout.trim().split('\n'), [
      'imported',
      'ConfigError: could not load the sqlite driver: Could',
    ]);
  } finally {
    renameSync(`${build}.away`, build);
  }
});

test('@opentelemetry/api is an optional peer too: not installed, and tracing: true says what to install', () => {
  // An unmet optional peer is listed without a version: it is not installed.
  const versions: unknown[] = [];
  JSON.parse(npm(['ls', '--all', '--json'], app), (key, value: unknown) => {
    if (key === '@opentelemetry/api') versions.push((value as { version?: string }).version);
    return value;
  });
  assert.deepEqual(
    versions.filter((v) => v !== undefined),
    [],
  );
  const run = runInApp(`
    import { createEngine, sql } from '@dbgen/runtime';
    const engine = createEngine({ url: 'sqlite::memory:', slowStatementMs: 60000 });
    engine.on('statement', (event) => console.log(event.operation ?? 'raw', event.rowCount));
    await engine.execute(sql\`select 1 as one\`);
    await engine.close();
    try {
      createEngine({ url: 'sqlite::memory:', tracing: true });
      console.log('created');
    } catch (error) {
      console.log(error.name + ' ' + error.code + ': ' + error.message);
    }
  `);
  assert.equal(run.stderr, '');
  assert.deepEqual(run.stdout.trim().split('\n'), [
    'raw 1',
    'ConfigError CONFIG: engine option tracing needs the @opentelemetry/api package (an optional peer dependency of @dbgen/runtime): npm install @opentelemetry/api',
  ]);
});
