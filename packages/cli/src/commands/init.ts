import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { CliError } from '../errors.js';

const STARTER_SCHEMA = `// Your database, described once. Edit it, then run \`npm run generate\`.
// DBML reference: https://dbml.dbdiagram.io/docs
Project app {
  database_type: 'SQLite'
}

Enum user_role {
  admin
  member
}

Table users {
  id integer [pk, increment]
  email varchar(255) [not null, unique]
  name varchar(100) [not null]
  role user_role [not null, default: 'member']
  created_at timestamp [not null, default: \`CURRENT_TIMESTAMP\`]
}

Table posts {
  id integer [pk, increment]
  author_id integer [not null, ref: > users.id]
  title varchar(200) [not null]
  body text
  published boolean [not null, default: false]
}
`;

interface Scaffold {
  readonly path: string;
  readonly content: string;
}

/** The files `dbgen init` writes; each only when it does not exist yet. */
function scaffoldFiles(schema: string, out: string): Scaffold[] {
  return [
    { path: schema, content: STARTER_SCHEMA },
    {
      path: 'dbgen.config.json',
      content: `${JSON.stringify({ schema, out, migrations: 'migrations' }, null, 2)}\n`,
    },
    { path: '.env', content: 'DATABASE_URL=sqlite:./app.db\n' },
  ];
}

/**
 * Adds `"generate": "dbgen generate"` to package.json's scripts (creating a minimal
 * package.json when there is none). An existing `generate` script is left alone.
 */
function addGenerateScript(cwd: string): 'created' | 'added' | 'kept' {
  const path = join(cwd, 'package.json');
  if (!existsSync(path)) {
    const pkg = {
      name: 'app',
      private: true,
      type: 'module',
      scripts: { generate: 'dbgen generate' },
    };
    writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`, { flag: 'wx' });
    return 'created';
  }
  let pkg: { scripts?: Record<string, string> };
  try {
    pkg = JSON.parse(readFileSync(path, 'utf8')) as typeof pkg;
  } catch (error) {
    throw new CliError(
      `package.json is not valid JSON (${(error as Error).message}); fix it and run init again`,
    );
  }
  if (pkg.scripts?.['generate'] !== undefined) return 'kept';
  pkg.scripts = { ...pkg.scripts, generate: 'dbgen generate' };
  writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
  return 'added';
}

/** `dbgen init`: scaffolds a project the way `prisma init` does, never overwriting a file. */
export function register(program: Command, context: CommandContext): void {
  program
    .command('init')
    .description('Scaffold a starter schema, dbgen.config.json, a generate script and a .env')
    .option('--schema <file>', 'path of the starter schema', 'schema.dbml')
    .option('--out <dir>', 'folder the client will be generated into', 'generated')
    .action((options: { schema: string; out: string }) => {
      const { output, cwd } = context;
      for (const file of scaffoldFiles(options.schema, options.out)) {
        // resolve, not join: an absolute --schema or --out names that place itself.
        const target = resolve(cwd, file.path);
        if (existsSync(target)) {
          output.info(`kept     ${file.path} (exists)`);
          continue;
        }
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, file.content, { flag: 'wx' });
        output.info(`created  ${file.path}`);
      }
      const script = addGenerateScript(cwd);
      output.info(
        script === 'kept'
          ? 'kept     package.json "generate" script (exists)'
          : `${script === 'created' ? 'created ' : 'updated '} package.json ("generate": "dbgen generate")`,
      );
      output.info(`\nNext: edit ${options.schema}, then run \`npm run generate\`.`);
    });
}
