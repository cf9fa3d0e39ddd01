/**
 * `dbgen studio [--url URL] [--schema FILE] [--port N]`: a local web app for the database
 * behind the schema (browse, filter, follow relations, stage edits, commit them as one
 * transaction). It prints the URL to open, with its token, and serves until Ctrl-C.
 */
import type { Command } from 'commander';
import { redactUrl } from '@dbgen/runtime';
import { loadConfig } from '../config.js';
import type { CommandContext } from '../command-context.js';
import { CliError } from '../errors.js';
import { openEngine } from '../open-engine.js';
import { loadSchemaIR, schemaPath } from '../schema-input.js';
import { startStudio } from '../studio/server.js';

/**
 * The studio's statement timeout: its statements are a page of rows or one staged
 * commit, and a request the page waits on must end (a 503 when the server stopped
 * answering, see studio/server.ts) rather than hang the tab.
 */
const STUDIO_STATEMENT_TIMEOUT_MS = 30_000;

export function register(program: Command, context: CommandContext): void {
  program
    .command('studio')
    .description('browse and edit the database in a local web app (staged, one transaction)')
    .option('--url <url>', 'database URL (default: DATABASE_URL, then the configuration)')
    .option('--schema <file>', 'the DBML schema (default: from the configuration)')
    .option('--port <port>', 'port on 127.0.0.1 (default: a free one)')
    .action(async (options: { url?: string; schema?: string; port?: string }) => {
      const port = parsePort(options.port);
      const schema = loadSchemaIR(schemaPath(options.schema, context));
      const target = loadConfig(options.url ? { url: options.url } : {}, context.cwd);
      const engine = await openEngine(target.url, context.cwd, {
        statementTimeoutMs: STUDIO_STATEMENT_TIMEOUT_MS,
      });
      context.output.error(`database: ${redactUrl(target.url)} (from ${target.urlSource})`);
      let studio;
      try {
        studio = await startStudio({ engine, schema, port, log: context.output.error });
      } catch (error) {
        await engine.close();
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new CliError(`port ${port} on 127.0.0.1 is in use: pick another with --port`);
        }
        throw error;
      }
      context.output.info(`dbgen studio: ${studio.url}`);
      context.output.error('open the URL above (it holds the access token); Ctrl-C stops');
      await untilStopped();
      await studio.close();
      await engine.close();
    });
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new CliError(`--port must be a port number from 0 to 65535, found "${value}"`, 2);
  }
  return port;
}

function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
