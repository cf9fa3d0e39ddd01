// Each dialect's half of a benchmark runs in a process of its own.
//
// Why: V8 specialises the hot paths (hydrating rows, the driver glue) on the shapes of the
// rows it has seen. Measured: after the SQLite half in the same process, the ORM's
// PostgreSQL loads were up to 2× slower than in a fresh process, while the raw driver code
// (one call site per driver) was not. An application talks to one database, so a fresh
// process per dialect is what users see.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type BenchDialect = 'sqlite' | 'postgres' | 'mysql';

const DIALECT_ENV = 'DBGEN_BENCH_DIALECT';

/** Runs `moduleUrl` as a child process for `dialect` and returns what its `serveChild` sends. */
export function runInChild<T>(moduleUrl: string, dialect: BenchDialect): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(moduleUrl), [], {
      execArgv: process.execArgv,
      env: { ...process.env, [DIALECT_ENV]: dialect },
    });
    let result: { value: T } | undefined;
    child.on('message', (value) => (result = { value: value as T }));
    child.on('error', reject);
    child.on('exit', (code) =>
      result
        ? resolve(result.value)
        : reject(new Error(`the ${dialect} benchmark exited with code ${code} and no result`)),
    );
  });
}

/**
 * Runs {@link runInChild} `BENCH_PROCESSES` times (1 when unset), one after another, and
 * returns each result. Why more than one: which code V8 optimizes, and against which
 * hidden classes, differs from process to process, and so does a ratio (the same
 * operation printed 0.95, 1.08 and 1.21 in three fresh processes); a median over
 * processes is steadier than any one of them.
 */
export async function runInChildren<T>(moduleUrl: string, dialect: BenchDialect): Promise<T[]> {
  const count = benchProcesses();
  const results: T[] = [];
  for (let i = 0; i < count; i++) results.push(await runInChild<T>(moduleUrl, dialect));
  return results;
}

/** What a table of merged processes says under it, or nothing for one process. */
export function processesNote(): string {
  const n = benchProcesses();
  return n > 1
    ? `\n${n} processes per dialect: medians over processes; a ratio is the median of each process's own (lowest–highest).`
    : '';
}

/** `BENCH_PROCESSES`: fresh processes per dialect (default 1). */
export function benchProcesses(): number {
  const raw = process.env['BENCH_PROCESSES'];
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`BENCH_PROCESSES: expected a whole number of processes ≥ 1, got ${raw}`);
  return n;
}

/**
 * In a process started by {@link runInChild}: runs `bench` for its dialect, sends the result
 * to the parent and exits. Anywhere else it does nothing.
 */
export async function serveChild<T>(bench: (dialect: BenchDialect) => Promise<T>): Promise<void> {
  const dialect = process.env[DIALECT_ENV];
  if (dialect !== 'sqlite' && dialect !== 'postgres' && dialect !== 'mysql') return;
  const send = process.send?.bind(process);
  if (!send) return;
  const result = await bench(dialect);
  send(result, () => process.exit(0));
}

/** The dialects to bench: `BENCH_DIALECTS=mysql,postgres` picks some; all three when unset. */
export function benchDialects(): BenchDialect[] {
  const all: BenchDialect[] = ['sqlite', 'postgres', 'mysql'];
  const wanted = process.env['BENCH_DIALECTS'];
  if (!wanted) return all;
  const names = wanted.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !all.includes(n as BenchDialect));
  if (unknown.length > 0)
    throw new Error(`BENCH_DIALECTS: unknown ${unknown.join(', ')}; have ${all.join(', ')}`);
  return all.filter((d) => names.includes(d));
}
