/**
 * The parts of `writeClient` that make a failed write leave a usable folder: a bounded
 * parallel map that, on an error, lets every operation in flight finish before it rejects
 * (so nothing lands after the caller heard of the failure), the order in which finished
 * files are put in place, and the sweep of temporary files a killed run left behind.
 */
import { lstat, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isGenerated } from './header.js';

/**
 * `map` over `items` with at most 16 operations in flight (file handles are finite). After
 * the first error no new item starts; it rejects with that error once every worker is done.
 */
export async function inParallel<T, R>(
  items: readonly T[],
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await map(items[i] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(16, items.length) }, worker),
  );
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}

/**
 * The order files are renamed into place, in groups (each group finished before the next
 * starts), so that every file in the folder finds the files it imports at every moment,
 * also when a run stops half-way: `enums.*` first (table declarations import its types; it
 * imports no file of the folder), then tables new to the folder (before the existing ones
 * that now import them), then rewritten tables, then `package.json`, and `index.*` — what
 * applications import — last.
 */
export function renameGroups(names: readonly string[], present: ReadonlySet<string>): string[][] {
  const rank = (name: string): number => {
    if (name.startsWith('enums.')) return 0;
    if (name.startsWith('index.')) return 4;
    if (name === 'package.json') return 3;
    return present.has(name) ? 2 : 1;
  };
  const groups: string[][] = [[], [], [], [], []];
  for (const name of names) groups[rank(name)]?.push(name);
  return groups.filter((g) => g.length > 0);
}

/** `.<name>.<pid>.tmp`: the temporary file a write goes to before its rename. */
export function temporaryName(name: string): string {
  return `.${name}.${process.pid}.tmp`;
}

const TEMPORARY = /^\..+\.(\d+)\.tmp$/;

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, it is someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files a run that was killed (or lost its disk) left in `out`: only
 * regular files named like ours that start with the dbgen header, and not those of a dbgen
 * still running (another process generating into the same folder).
 */
export async function sweepTemporaries(out: string, names: readonly string[]): Promise<void> {
  await inParallel(names, async (name) => {
    const match = TEMPORARY.exec(name);
    if (!match || isRunning(Number(match[1]))) return;
    const path = join(out, name);
    const stat = await lstat(path);
    if (!stat.isFile()) return;
    if (isGenerated(await readFile(path, 'utf8'))) await rm(path, { force: true });
  });
}
