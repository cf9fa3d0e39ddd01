/**
 * `dbgen generate [--schema FILE] [--out DIR] [--watch]`: writes the typed client.
 * Errors print the schema's diagnostics, exit 1 and write nothing. `--watch` regenerates
 * on every save of the schema or of a file it imports, keeps the last good output through
 * errors, and stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
 */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  ClientGenerator,
  OutputConflictError,
  renderDiagnosticList,
  type Diagnostic,
  type CompiledSchema,
  type GenerateResult,
  type RunOptions,
} from '@dbgen/generator';
import { loadConfig } from '../config.js';
import { CliError } from '../errors.js';
import { fileErrorLine } from '../file-errors.js';
import type { CommandContext } from '../command-context.js';
import { assertSchemaFile } from '../schema-input.js';
import { watchSchema, type WatchRun } from './watch-schema.js';

interface GenerateFlags {
  schema?: string;
  out?: string;
  watch?: boolean;
}

export function register(program: Command, context: CommandContext): void {
  program
    .command('generate')
    .description('generate the typed client from the schema')
    .option('--schema <file>', 'the DBML entry file (default: from config)')
    .option('--out <dir>', 'folder to generate into (default: from config)')
    .option('--watch', 'regenerate on every save of the schema or a file it imports')
    .action(async (flags: GenerateFlags) => {
      const config = loadConfig(
        {
          ...(flags.schema !== undefined ? { schema: flags.schema } : {}),
          ...(flags.out !== undefined ? { out: flags.out } : {}),
        },
        context.cwd,
      );
      // A mistyped path fails at once, also with --watch (rather than waiting for a file).
      assertSchemaFile(resolve(context.cwd, config.schema));
      const generator = new ClientGenerator({
        schema: config.schema,
        out: config.out,
        cwd: context.cwd,
      });
      if (flags.watch) {
        await watchGenerate(generator, context);
        return;
      }
      const result = await runOnce(generator, context);
      if (!result.ok) context.setExitCode(1);
    });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Runs the generator and reports: what changed and how long it took, or the diagnostics. */
async function runOnce(
  generator: ClientGenerator,
  context: CommandContext,
  options: RunOptions = {},
): Promise<GenerateResult> {
  const { output } = context;
  const where = relative(context.cwd, generator.out) || '.';
  // Diagnostics name their files relative to the working directory.
  const shownAs = { color: output.color, fileName: (file: string) => relative(context.cwd, file) };
  let result: GenerateResult;
  try {
    result = await generator.run(options);
  } catch (error) {
    if (error instanceof OutputConflictError) throw new CliError(error.message);
    // An output folder that cannot be made or written (a file of its name, no permission).
    const line = fileErrorLine(error);
    if (line !== null) throw new CliError(line);
    throw error;
  }
  if (!result.ok) {
    for (const block of renderDiagnosticList(result.diagnostics, result.sources, shownAs)) {
      output.error(block);
    }
    output.error(
      `${relative(context.cwd, generator.schema)}: ${plural(result.diagnostics.length, 'error')}; nothing written to ${where}/`,
    );
    return result;
  }
  for (const block of renderDiagnosticList(result.warnings, result.sources, shownAs)) {
    output.error(block);
  }
  if (result.skipped !== undefined) {
    output.info(`${result.skipped}; nothing written to ${where}/`);
    return result;
  }
  const changes = [
    ...(result.written.length > 0 ? [`wrote ${result.written.join(', ')}`] : []),
    ...(result.deleted.length > 0 ? [`deleted ${result.deleted.join(', ')}`] : []),
  ];
  const total = result.written.length + result.unchanged;
  output.info(
    changes.length > 0
      ? `${where}/: ${changes.join('; ')} (${result.unchanged} unchanged) in ${result.milliseconds} ms`
      : `${where}/: up to date (${plural(total, 'file')}) in ${result.milliseconds} ms`,
  );
  return result;
}

/** `--watch`: regenerates on every save, through the shared schema watcher. */
async function watchGenerate(generator: ClientGenerator, context: CommandContext): Promise<void> {
  const entry = relative(context.cwd, generator.schema);
  await watchSchema(
    generator.schema,
    async (run) => {
      const result = await runOnce(generator, context, {
        beforeWrite: (compiled) => whileSaving(compiled, generator.schema, entry, run),
      });
      // A run that saw the files change under it runs again; an empty entry waits for the
      // save's write, whose file event (or the fingerprint check) starts the next run.
      return {
        ...result,
        retry: result.ok && result.skipped !== undefined && run.changedSinceStart(),
      };
    },
    context,
  );
}

/**
 * Why a watch run must not write what it compiled, or null: an editor saving in place
 * truncates the file, then writes it, and a run reading between the two sees an empty file
 * (a valid schema of no tables: the write would delete every table's files) or, with the
 * fingerprints recorded before the read, a file that changed while it was read.
 */
function whileSaving(
  compiled: CompiledSchema,
  schema: string,
  shownAs: string,
  run: WatchRun,
): string | null {
  if (run.changedSinceStart()) return `${shownAs} changed while it was read (a save in progress)`;
  // Only a 0-byte entry: whitespace or comments alone are a schema someone wrote.
  if (compiled.sources?.get(schema) === '') {
    return `${shownAs} is empty (an editor in the middle of saving it?)`;
  }
  return null;
}
