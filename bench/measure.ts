// How the ORM and peer benches time one operation done several ways (raw driver, Core, ORM)
// against garbage-collection placement: blocks of runs of one side, blocks alternating.
import { PerformanceObserver } from 'node:perf_hooks';

const BLOCKS = Number(process.env['BENCH_BLOCKS'] ?? 7);
const RUNS_PER_BLOCK = Number(process.env['BENCH_RUNS_PER_BLOCK'] ?? 4);
/**
 * Shortest block (ms of its slowest side): an operation of a few ms gets more runs per
 * block. Four runs of a 5 ms operation are 20 ms, where a scheduler hiccup or a page
 * cache writeback moves a block's mean by 10-20 %: the same code printed SQLite W5 ratios
 * of 1.29 and 1.42 in two runs back to back (2026-12-07).
 */
const MIN_BLOCK_MS = Number(process.env['BENCH_MIN_BLOCK_MS'] ?? 80);

/**
 * Garbage-collection pauses of this process, as V8 reports them (start and duration, ms on
 * the `performance.now()` clock): the ORM keeps an object per row alive for the whole run,
 * so a young-generation collection that falls inside a run must copy them; the raw driver's
 * rows are mostly dead by then. Reported beside the times, it tells how much of a ratio is
 * the collector's.
 */
const gcPauses: [number, number][] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push([e.startTime, e.duration]);
}).observe({ entryTypes: ['gc'] });

/** GC pause ms that started within [from, to]. */
function gcWithin(from: number, to: number): number {
  let sum = 0;
  for (const [start, duration] of gcPauses) if (start >= from && start <= to) sum += duration;
  return sum;
}

/** Wall and this process's CPU time (user + system, ms) of one run, and when it ran. */
async function time(fn: () => Promise<void>): Promise<[number, number, number]> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return [wall, (used.user + used.system) / 1000, start];
}

/** The middle value (of an even count, the mean of the middle two). */
const median = (xs: number[]): number => {
  xs.sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? xs[mid]! : (xs[mid - 1]! + xs[mid]!) / 2;
};

export interface Timing {
  /** Median over blocks of the mean wall ms per run. */
  wall: number;
  /** The same for this process's CPU ms (steadier than wall on a shared machine). */
  cpu: number;
  /** The same for the ms of garbage-collection pauses that began within a run. */
  gc: number;
  /** `wall` over the first side's, in the same process (1 for the first side). */
  ratio: number;
  /** `cpu` over the first side's, in the same process. */
  cpuRatio: number;
}

/** One side's timings from several processes: medians, and the spread of the ratio. */
export interface MergedTiming extends Timing {
  /** The ratios of the processes, lowest first. */
  ratios: number[];
}

/**
 * The timings of one side from each process (`BENCH_PROCESSES`, bench/isolate.ts): each
 * figure is the median over processes, the ratios the median of each process's own ratio
 * (a process's sides met the same machine and the same compiled code; absolute times move
 * by a third between processes, ratios less).
 */
export function mergeTimings(list: readonly Timing[]): MergedTiming {
  const of = (pick: (t: Timing) => number): number => median(list.map(pick));
  return {
    wall: of((t) => t.wall),
    cpu: of((t) => t.cpu),
    gc: of((t) => t.gc),
    ratio: of((t) => t.ratio),
    cpuRatio: of((t) => t.cpuRatio),
    ratios: list.map((t) => t.ratio).sort((a, b) => a - b),
  };
}

/**
 * Rows of timings from each process (`[name, side 0, side 1, ...]`, the same rows in the
 * same order in every process) merged row by row and side by side.
 */
export function mergeProcessRows(
  runs: readonly (readonly [string, ...Timing[]])[][],
): [string, MergedTiming[]][] {
  return runs[0]!.map(([name, ...sides], i) => [
    name,
    sides.map((_, side) => mergeTimings(runs.map((rows) => rows[i]![side + 1] as Timing))),
  ]);
}

/** A merged ratio for a table: `1.21`, or `1.21 (1.10–1.35)` over several processes. */
export function ratioCell(t: MergedTiming): string {
  const r = t.ratio.toFixed(2);
  if (t.ratios.length < 2) return r;
  return `${r} (${t.ratios[0]!.toFixed(2)}–${t.ratios[t.ratios.length - 1]!.toFixed(2)})`;
}

/**
 * Times each side of one operation in alternating blocks (side 0 block, side 1 block, ...,
 * side 0 block, ...): BLOCKS blocks of RUNS_PER_BLOCK timed runs per side (more for a short
 * operation: {@link MIN_BLOCK_MS}), each block after one untimed run; `reset` runs untimed before each run. A block's figure is the mean of
 * its runs, the median over blocks is reported.
 *
 * Why means of blocks, not the median of single interleaved runs: a young-generation
 * collection comes after a fixed amount of allocation, and with raw and ORM runs strictly
 * alternating, a raw and an ORM run together allocated about one collection's worth, so
 * the collection fell at the same place in every pair (measured: in the ORM's run 13
 * times out of 15, 5-9 ms each). The ORM's median then held a pause a good part of which
 * was copying what the raw run before it had left, and the raw median held none. Within a
 * block each side meets the collections its own allocation brings, at its own rate, with
 * its own live data to copy; the untimed run first takes the collection the previous
 * block left due. Blocks still alternate, so all sides meet the same machine load.
 */
export async function measureSides(
  sides: readonly (() => Promise<void>)[],
  reset?: () => Promise<void>,
): Promise<Timing[]> {
  const blocks: { wall: number; cpu: number; gc: number }[][] = sides.map(() => []);
  const runs = await runsPerBlock(sides, reset);
  for (let b = 0; b < BLOCKS; b++) {
    for (let side = 0; side < sides.length; side++) {
      let wall = 0;
      let cpu = 0;
      const windows: [number, number][] = [];
      for (let i = 0; i <= runs; i++) {
        if (reset) await reset();
        const [w, c, start] = await time(sides[side]!);
        if (i === 0) continue;
        wall += w;
        cpu += c;
        windows.push([start, start + w]);
      }
      // GC entries reach the observer after the task that saw them: let them arrive.
      await new Promise((resolve) => setTimeout(resolve, 10));
      let gc = 0;
      for (const [from, to] of windows) gc += gcWithin(from, to);
      blocks[side]!.push({
        wall: wall / runs,
        cpu: cpu / runs,
        gc: gc / runs,
      });
    }
  }
  const medians = blocks.map((list) => ({
    wall: median(list.map((t) => t.wall)),
    cpu: median(list.map((t) => t.cpu)),
    gc: median(list.map((t) => t.gc)),
  }));
  const first = medians[0]!;
  return medians.map((t) => ({ ...t, ratio: t.wall / first.wall, cpuRatio: t.cpu / first.cpu }));
}

/**
 * {@link RUNS_PER_BLOCK}, or more when a block of them would be shorter than
 * {@link MIN_BLOCK_MS}: two untimed runs of each side (warm-up, not counted) give the
 * slowest side's time. Every side gets the same count.
 */
async function runsPerBlock(
  sides: readonly (() => Promise<void>)[],
  reset?: () => Promise<void>,
): Promise<number> {
  let slowest = 0;
  for (const side of sides) {
    // The second run: the first is mostly compiling.
    let wall = 0;
    for (let i = 0; i < 2; i++) {
      if (reset) await reset();
      [wall] = await time(side);
    }
    slowest = Math.max(slowest, wall);
  }
  return Math.max(RUNS_PER_BLOCK, Math.ceil(MIN_BLOCK_MS / Math.max(slowest, 0.1)));
}
