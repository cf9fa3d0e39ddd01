/**
 * `dbgen generate [--schema FILE] [--out DIR] [--watch]`: writes the typed client.
 * Errors print the schema's diagnostics, exit 1 and write nothing. `--watch` regenerates
 * on every save of the schema or of a file it imports, keeps the last good output through
 * errors, and stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
 */
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { watch, type FSWatcher } from 'chokidar';
import {
  ClientGenerator,
  OutputConflictError,
  renderDiagnosticList,
  type Diagnostic,
  type GenerateResult,
} from '@dbgen/generator';
import { loadConfig } from '../config.js';
import { CliError } from '../errors.js';
import type { CommandContext } from '../command-context.js';
import { assertSchemaFile } from '../schema-input.js';
import { FINGERPRINT_CHECK_MS, Fingerprints } from './fingerprints.js';

/** Quiet time after the last file event before regenerating (editors write in bursts). */
const DEBOUNCE_MS = 40;

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
        await watchSchema(generator, context);
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
): Promise<GenerateResult> {
  const { output } = context;
  const where = relative(context.cwd, generator.out) || '.';
  // Diagnostics name their files relative to the working directory.
  const shownAs = { color: output.color, fileName: (file: string) => relative(context.cwd, file) };
  let result: GenerateResult;
  try {
    result = await generator.run();
  } catch (error) {
    if (error instanceof OutputConflictError) throw new CliError(error.message);
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

/** Watches the schema and its imports until SIGINT/SIGTERM; resolves once everything is closed. */
async function watchSchema(generator: ClientGenerator, context: CommandContext): Promise<void> {
  const { output } = context;
  const watched = new Set<string>([resolve(generator.schema)]);
  // Folders, not files: a watch on a file path lost saves that followed an editor's
  // rename-save when the machine was busy (reproduced in the watch test). A folder's watch
  // sees every write and rename in it; events are filtered down to the watched files.
  const folders = new Set<string>([dirname(resolve(generator.schema))]);
  const watcher: FSWatcher = watch([...folders], {
    ignoreInitial: true,
    depth: 0,
    // Editors that save by writing a temporary file and renaming it over the original
    // produce unlink+add; chokidar's atomic mode reports that as one change.
    atomic: true,
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', resolve));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let closing = false;
  const fingerprints = new Fingerprints();

  const regenerate = async (): Promise<void> => {
    let result: GenerateResult | null = null;
    // Recorded before the files are read: a save during the run shows as a change later.
    fingerprints.record(watched);
    try {
      result = await runOnce(generator, context);
    } catch (error) {
      // In watch mode a user error (a foreign file in the way) is reported, not fatal.
      if (!(error instanceof CliError)) throw error;
      output.error(`error: ${error.message}`);
    }
    if (result && !result.ok) output.error(`kept the last good output; watching for changes`);
    if (result) updateWatched(result.files, result.ok);
    fingerprints.recordNew(watched);
  };

  const updateWatched = (files: readonly string[], complete: boolean): void => {
    const next = new Set([generator.schema, ...files].map((f) => resolve(f)));
    for (const f of next) watched.add(f);
    const newFolders = [...next].map((f) => dirname(f)).filter((d) => !folders.has(d));
    for (const d of newFolders) folders.add(d);
    if (newFolders.length > 0) watcher.add(newFolders);
    // After an error the file list may be partial: keep watching what we had.
    if (!complete) return;
    for (const f of [...watched]) if (!next.has(f)) watched.delete(f);
  };

  const schedule = (): void => {
    if (closing) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (running) {
        again = true;
        return;
      }
      running = (async () => {
        do {
          again = false;
          await regenerate();
        } while (again && !closing);
        running = null;
      })();
    }, DEBOUNCE_MS);
  };

  watcher.on('all', (_event, path) => {
    if (watched.has(resolve(path))) schedule();
  });
  watcher.on('error', (error) => output.error(`watch error: ${(error as Error).message}`));
  // The safety net for saves whose file event was lost (see fingerprints.ts).
  const check = setInterval(() => {
    if (!running && fingerprints.changed()) schedule();
  }, FINGERPRINT_CHECK_MS);

  running = regenerate().finally(() => {
    running = null;
  });
  await running;
  await ready;
  output.info(
    `watching ${relative(context.cwd, generator.schema)}${
      watched.size > 1 ? ` and ${plural(watched.size - 1, 'imported file')}` : ''
    } for changes; press Ctrl-C to stop`,
  );

  await new Promise<void>((stop) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      closing = true;
      clearTimeout(timer);
      clearInterval(check);
      stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await running;
  await watcher.close();
  output.info('stopped watching');
}
