// Parse + validate a synthetic 1,000-table schema (10 columns each, 1,500 refs) in memory.
// Target: under 150 ms of CPU (warm median). `npm run bench -- parse`; DBGEN_BENCH_RUNS=n for more runs.
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as sources from '@dbgen/generator';

// Measure the compiled JavaScript users run (`npm run bench` builds first), not the sources
// through tsx, whose transform adds overhead of its own; fall back to the sources.
// (generate.bench.ts times its compiles on this same copy.)
const dist = new URL('../packages/generator/dist/index.js', import.meta.url);
export const generator: typeof sources = existsSync(fileURLToPath(dist))
  ? ((await import(dist.href)) as typeof sources)
  : sources;
const { compileSchemaSource, parseDbml } = generator;

const TABLES = 1000;
const REFS = 1500;

/** The synthetic schema: tables t0..t999, each with two FK columns, refs as short `Ref:` lines. */
export function syntheticSchema(tables = TABLES, refs = REFS): string {
  const lines: string[] = [
    "Project bench {\n  database_type: 'PostgreSQL'\n}\n",
    'Enum status {\n  active\n  disabled\n  archived\n}\n',
  ];
  for (let i = 0; i < tables; i++) {
    lines.push(`Table t${i} {
  id integer [pk, increment]
  name varchar(100) [not null]
  email varchar(255) [unique]
  created_at timestamp [not null, default: \`CURRENT_TIMESTAMP\`]
  amount decimal(10, 2) [default: 0]
  active boolean [not null, default: true]
  status status [not null, default: 'active']
  note text [note: 'free text']
  a_id integer
  b_id integer
  indexes {
    (name, created_at) [name: 't${i}_name_created']
  }
}
`);
  }
  let made = 0;
  for (let i = 1; i < tables && made < refs; i++, made++) {
    lines.push(`Ref: t${i}.a_id > t${i - 1}.id [delete: cascade]`);
  }
  for (let i = 1; made < refs; i = (i % (tables - 1)) + 1, made++) {
    lines.push(`Ref: t${i}.b_id > t${(i + 500) % tables}.id`);
  }
  return `${lines.join('\n')}\n`;
}

/** Wall and CPU (user + system) milliseconds of one call. */
export interface Timed {
  readonly wall: number;
  readonly cpu: number;
}

function timed<T>(fn: () => T): [T, Timed] {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return [value, { wall, cpu: (used.user + used.system) / 1000 }];
}

export const median = (list: readonly number[]): number =>
  [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;

/** `median (min–max)` of a list of milliseconds. */
export function spread(list: readonly number[]): string {
  const min = Math.min(...list).toFixed(1);
  const max = Math.max(...list).toFixed(1);
  return `${median(list).toFixed(1)} (${min}–${max})`;
}

export function loadAverage(): string {
  return existsSync('/proc/loadavg')
    ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
    : '?';
}

let compiledBefore = false;

/**
 * What "compile" means in both benches: `compileSchemaSource` — lex, parse, AST, IR and
 * every validation pass — of one schema text. The first call of the process runs with a
 * cold JIT and is reported apart; `runs` warm calls follow, each after a parse-only call
 * (timed apart, for the parse share).
 */
export function timeCompiles(source: string, runs: number) {
  const path = '/bench/synthetic.dbml';
  // Only the first call of the process is JIT cold (`bench parse generate` runs both here).
  const jitCold = !compiledBefore;
  compiledBefore = true;
  const [first, cold] = timed(() => compileSchemaSource(source, path));
  const warm: Timed[] = [];
  const parse: Timed[] = [];
  let result = first;
  for (let run = 0; run < runs; run++) {
    parse.push(timed(() => parseDbml(source, path))[1]);
    const [compiled, time] = timed(() => compileSchemaSource(source, path));
    warm.push(time);
    result = compiled;
  }
  return {
    cold,
    jitCold,
    warm,
    parse,
    errors: result.diagnostics.filter((d) => d.severity === 'error').length,
    tables: result.ir?.tables.length ?? 0,
  };
}

export default async function bench(): Promise<void> {
  const source = syntheticSchema();
  const runs = Number(process.env['DBGEN_BENCH_RUNS'] ?? 10);
  const { cold, jitCold, warm, parse, errors, tables } = timeCompiles(source, runs);
  const times = warm.map((t) => t.wall).sort((a, b) => a - b);
  const cpuTimes = warm.map((t) => t.cpu);
  const total = median(times);
  const parsing = median(parse.map((t) => t.wall));
  const megabytes = Buffer.byteLength(source) / 1024 / 1024;
  console.log(
    '| schema | bytes | runs | median ms | min ms | MB/s | of which parse (median ms) | IR + validation (ms) | tables | errors |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(
    `| ${TABLES} tables, ${REFS} refs | ${Buffer.byteLength(source)} | ${runs} | ${total.toFixed(1)} | ${(times[0] ?? 0).toFixed(1)} | ${(megabytes / (total / 1000)).toFixed(1)} | ${parsing.toFixed(1)} | ${(total - parsing).toFixed(1)} | ${tables} | ${errors} |`,
  );
  const cpu = median(cpuTimes);
  console.log(
    `\nCPU ms of compile (parse + IR + validation), warm, median (min–max) of ${runs}: ${spread(cpuTimes)}; of parse alone: ${spread(parse.map((t) => t.cpu))} (wall time includes waiting for a busy CPU)`,
  );
  console.log(
    `First compile ${jitCold ? 'of the process (JIT cold' : 'of this bench (JIT warmed by an earlier bench'}, not in the median): CPU ${cold.cpu.toFixed(1)} ms, wall ${cold.wall.toFixed(1)} ms`,
  );
  console.log(`machine load average (1/5/15 min): ${loadAverage()}`);
  console.log(`target: warm median under 150 ms of CPU — ${cpu < 150 ? 'met' : 'NOT met'}`);
}
