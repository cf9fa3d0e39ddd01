/**
 * The guided tour behind `npm run demo`: generates the example client, creates a SQLite
 * database file, and runs every example (examples/*.ts) on it in order, echoing the SQL
 * each step emits (with its parameter values) and printing results as tables.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createEngine, createSchemaSql, sql } from '@dbgen/runtime';
import {
  dialectOf,
  dropExampleTables,
  exampleSchema,
  openExampleDatabase,
  repoRoot,
  type Example,
  withoutExpressionIndexes,
} from '../../examples/setup.js';

export interface DemoOptions {
  /** The SQLite database file (default `demo.db`). */
  readonly db: string;
  /** Leave the database file behind. */
  readonly keep: boolean;
  readonly print: (line: string) => void;
}

interface ExampleTopic {
  readonly title: string;
  /** The example file, under examples/. */
  readonly file: string;
  /** Its exported function. */
  readonly name: string;
  readonly createTables: boolean;
}

/** The examples, in the README's order. */
export const EXAMPLE_TOPICS: readonly ExampleTopic[] = [
  { title: 'Raw SQL', file: 'raw-sql.ts', name: 'rawSql', createTables: true },
  { title: 'Query builder', file: 'query-builder.ts', name: 'queryBuilder', createTables: true },
  { title: 'ORM models', file: 'orm-models.ts', name: 'ormModels', createTables: true },
  {
    title: 'Session and transactions',
    file: 'session-and-transactions.ts',
    name: 'sessionAndTransactions',
    createTables: true,
  },
  { title: 'Query API', file: 'query-api.ts', name: 'queryApi', createTables: true },
  { title: 'Migrations', file: 'migrations.ts', name: 'migrations', createTables: false },
];

/** Every topic title the demo prints, in order. */
export const TOPIC_TITLES: readonly string[] = [
  'The schema',
  'Generate the client',
  'Create the database',
  ...EXAMPLE_TOPICS.map((t) => t.title),
];

/**
 * A server database from DATABASE_URL (PostgreSQL, MySQL, MariaDB: an empty scratch
 * database), or null for the SQLite file.
 */
function serverUrl(): string | null {
  const url = process.env['DATABASE_URL'];
  return url && !/^sqlite/.test(url) ? url : null;
}

/** Empties the server database of the example tables (the SQLite file is removed instead). */
async function clearServer(url: string): Promise<void> {
  const engine = createEngine(url);
  try {
    await dropExampleTables(engine, dialectOf(url));
  } finally {
    await engine.close();
  }
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

/** Runs one example on a fresh database file, echoing its SQL with parameter values. */
async function runExample(
  example: Pick<ExampleTopic, 'file' | 'name' | 'createTables'>,
  options: DemoOptions,
): Promise<void> {
  const server = serverUrl();
  if (server) await clearServer(server);
  else removeDatabase(options.db);
  const module = (await import(`../../examples/${example.file}`)) as Record<string, Example>;
  const run = module[example.name];
  if (!run) throw new Error(`examples/${example.file} exports no ${example.name}()`);
  const context = await openExampleDatabase({
    url: server ?? `sqlite:${options.db}`,
    echo: 'debug',
    print: options.print,
    createTables: example.createTables,
    keep: true,
  });
  try {
    await run(context);
  } finally {
    await context.close();
  }
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const { print } = options;
  const started = performance.now();
  let n = 0;
  const topic = (title: string, what: string): void => {
    n += 1;
    print(
      `\n${'='.repeat(78)}\n== ${n}/${TOPIC_TITLES.length} ${title}\n== ${what}\n${'='.repeat(78)}`,
    );
  };
  const server = serverUrl();
  const url = server ?? `sqlite:${options.db}`;
  const dialect = dialectOf(url);
  const shown = server
    ? url.replace(/\/\/([^:@/]*):[^@]*@/, '//$1:***@')
    : relative(process.cwd(), options.db) || options.db;

  topic(
    'The schema',
    'examples/schema.ts: schema.example.dbml is plain DBML, plus a few dbgen extensions',
  );
  const ir = await exampleSchema();
  await runExample({ file: 'schema.ts', name: 'schema', createTables: false }, options);

  topic(
    'Generate the client',
    'dbgen generate: per table, JavaScript plus its types (.d.ts) in generated/',
  );
  const cli = join(repoRoot, 'packages/cli/dist/bin.js');
  const generate = spawnSync(process.execPath, [cli, 'generate'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  print(`$ dbgen generate\n${(generate.stdout + generate.stderr).trim()}`);
  if (generate.status !== 0) throw new Error('dbgen generate failed');
  const users = readFileSync(join(repoRoot, 'generated/users.d.ts'), 'utf8');
  const init = /export type UserInit = [^;]*;/.exec(users)?.[0];
  if (init) print(`\nfrom generated/users.d.ts:\n${init}`);

  topic(
    'Create the database',
    `the schema's CREATE statements (what \`dbgen sql\` prints), run on ${shown}`,
  );
  if (server) await clearServer(server);
  else removeDatabase(options.db);
  // MariaDB has no expression indexes (MySQL 8.0.13+ has): the example's one is left out.
  const statements = createSchemaSql(
    dialect === 'mysql' ? withoutExpressionIndexes(ir) : ir,
    dialect,
  );
  const engine = createEngine(url);
  try {
    for (const statement of statements) await engine.execute(sql.raw(statement));
  } finally {
    await engine.close();
  }
  const createUsers = statements.find((s) => /^create table "users"/i.test(s));
  print(`${statements.length} statements; the first table:\n${createUsers ?? statements[0] ?? ''}`);

  for (const example of EXAMPLE_TOPICS) {
    topic(
      example.title,
      `examples/${example.file} on a fresh ${shown} (npx tsx examples/${example.file})`,
    );
    await runExample(example, options);
  }

  print(`\n${'='.repeat(78)}\n== Where to go next\n${'='.repeat(78)}`);
  print(
    [
      '- README.md: every topic above, with its example',
      '- examples/*.ts: run one alone with `npx tsx examples/raw-sql.ts`; on PostgreSQL with',
      '  `DATABASE_URL=postgres://user@host/scratch_db npx tsx examples/raw-sql.ts`',
      '- docs/schema.md (DBML and dbgen extensions), docs/generate.md (the client),',
      '  docs/runtime-core.md (engine, sql tag, query builder), docs/orm.md, docs/migrations.md',
      '- `npx dbgen init` in a project of your own, then `npx dbgen generate --watch`',
    ].join('\n'),
  );
  if (options.keep) print(`\nkept the database of the last step: ${shown}`);
  else if (server) await clearServer(server);
  else removeDatabase(options.db);
  print(`\ndemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
