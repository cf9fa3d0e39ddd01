/**
 * The commands, each with its one-line summary and a loader for its module. `main` loads
 * only the module of the command being run: the others (and the generator, the runtime,
 * prettier, chokidar behind them) are never imported, so `dbgen --version` and
 * `dbgen --help` start in the time node itself takes.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';

export interface CommandEntry {
  readonly name: string;
  /** What `dbgen --help` lists; the command module's own description must be the same. */
  readonly summary: string;
  readonly load: () => Promise<{ register(program: Command, context: CommandContext): void }>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'init',
    summary: 'Scaffold a starter schema, dbgen.config.json, a generate script and a .env',
    load: () => import('./init.js'),
  },
  {
    name: 'check',
    summary: 'parse and validate a DBML schema; print every problem found',
    load: () => import('./check.js'),
  },
  {
    name: 'format',
    summary: 'rewrite a DBML schema (and the files it imports) in canonical form',
    load: () => import('./format.js'),
  },
  {
    name: 'generate',
    summary: 'generate the typed client from the schema',
    load: () => import('./generate.js'),
  },
  {
    name: 'sql',
    summary: 'print the CREATE statements for the schema (types, tables, keys, indexes, comments)',
    load: () => import('./sql.js'),
  },
  {
    name: 'migrate',
    summary: 'versioned migrations with upgrade and downgrade (Alembic-style)',
    load: () => import('./migrate.js'),
  },
  {
    name: 'pull',
    summary: 'introspect a live database and print it as DBML',
    load: () => import('./pull.js'),
  },
  {
    name: 'studio',
    summary: 'browse and edit the database in a local web app (staged, one transaction)',
    load: () => import('./studio.js'),
  },
  {
    name: 'lsp',
    summary: 'run the DBML language server (Language Server Protocol over stdio)',
    load: () => import('./lsp.js'),
  },
  {
    name: 'diagram',
    summary: 'draw the schema as an ER diagram (SVG, or an HTML page with pan and zoom)',
    load: () => import('./diagram.js'),
  },
  {
    name: 'seed',
    summary: "load the schema's Records into the database (upsert by key; --reset empties first)",
    load: () => import('./seed.js'),
  },
  {
    name: 'push',
    summary:
      'apply the schema to a dev database without writing a migration (refuses data loss without --force)',
    load: () => import('./push.js'),
  },
];
