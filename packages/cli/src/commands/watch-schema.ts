/**
 * Watching a schema and the files it imports, for the commands with `--watch` (generate,
 * diagram): runs the command's step on start and after every save, keeps running through
 * errors, and stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
 */
import { dirname, relative, resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { CliError } from '../errors.js';
import { fileErrorLine } from '../file-errors.js';
import type { CommandContext } from '../command-context.js';
import { FINGERPRINT_CHECK_MS, Fingerprints } from './fingerprints.js';

/** Quiet time after the last file event before running again (editors write in bursts). */
const DEBOUNCE_MS = 40;

/** What one run of the watched step reports. */
export interface WatchStepResult {
  /** False when the schema had errors (the step then kept its last good output). */
  readonly ok: boolean;
  /** The files the schema is made of (entry and imports), to watch from now on. */
  readonly files: readonly string[];
  /**
   * The schema files changed while the step read them, so it wrote nothing: run it again
   * after the debounce (the save's own file event may have come before the step started).
   */
  readonly retry?: boolean;
}

/** What a step may ask of the watcher about the run it is in. */
export interface WatchRun {
  /** True when a watched file changed (or appeared, or vanished) since this run began. */
  changedSinceStart(): boolean;
}

/** What a failed run prints: the user's mistake in one line, a bug with its stack. */
function watchErrorText(error: unknown): string {
  if (error instanceof CliError) return `error: ${error.message}`;
  const line = fileErrorLine(error);
  if (line !== null) return `error: ${line}`;
  return `dbgen: internal error (please report it):\n${(error as Error).stack ?? String(error)}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Watches `schema` and its imports until SIGINT/SIGTERM, running `step` first and after
 * each change; resolves once everything is closed. `step` reports its own output; a
 * {@link CliError} it throws is printed and watching goes on.
 */
export async function watchSchema(
  schema: string,
  step: (run: WatchRun) => Promise<WatchStepResult>,
  context: CommandContext,
): Promise<void> {
  const { output } = context;
  const watched = new Set<string>([resolve(schema)]);
  // Folders, not files: a watch on a file path lost saves that followed an editor's
  // rename-save when the machine was busy (reproduced in the watch test). A folder's watch
  // sees every write and rename in it; events are filtered down to the watched files.
  const folders = new Set<string>([dirname(resolve(schema))]);
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

  const runStep = async (): Promise<void> => {
    let result: WatchStepResult | null = null;
    // Recorded before the files are read: a save during the run shows as a change later.
    fingerprints.record(watched);
    try {
      result = await step({ changedSinceStart: () => fingerprints.changed() });
    } catch (error) {
      // In watch mode nothing a run throws is fatal: the step runs from a timer, where a
      // rethrown error would be an unhandled rejection that ends the process. A user error
      // (a file in the way of the output) is one line; anything else is reported as the
      // bug it is, and the next save runs the step again.
      output.error(watchErrorText(error));
    }
    if (result && !result.ok) output.error(`kept the last good output; watching for changes`);
    if (result) updateWatched(result.files, result.ok);
    fingerprints.recordNew(watched);
    if (result?.retry) schedule();
  };

  const updateWatched = (files: readonly string[], complete: boolean): void => {
    const next = new Set([schema, ...files].map((f) => resolve(f)));
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
          await runStep();
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

  running = runStep().finally(() => {
    running = null;
  });
  await running;
  await ready;
  // Listening before saying so: a signal sent as soon as "watching" is read must stop us.
  const stopped = new Promise<void>((stop) => {
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
  output.info(
    `watching ${relative(context.cwd, schema)}${
      watched.size > 1 ? ` and ${plural(watched.size - 1, 'imported file')}` : ''
    } for changes; press Ctrl-C to stop`,
  );

  await stopped;
  await running;
  await watcher.close();
  output.info('stopped watching');
}
