// Parse + validate a synthetic 1,000-table schema (10 columns each, 1,500 refs) in memory.
// Target: under 150 ms (median). `npm run bench -- parse`; DBGEN_BENCH_RUNS=n for more runs.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as sources from '@dbgen/generator';

// Measure the compiled JavaScript users run (`npm run bench` builds first), not the sources
// through tsx, whose transform adds overhead of its own; fall back to the sources.
const dist = new URL('../packages/generator/dist/index.js', import.meta.url);
const generator: typeof sources = existsSync(fileURLToPath(dist))
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

export default async function bench(): Promise<void> {
  const source = syntheticSchema();
  const runs = Number(process.env['DBGEN_BENCH_RUNS'] ?? 10);
  const times: number[] = [];
  const parseTimes: number[] = [];
  const cpuTimes: number[] = [];
  let errors = 0;
  let tables = 0;
  let coldParse = 0;
  let coldCompile = 0;
  for (let run = 0; run < runs + 1; run++) {
    let start = performance.now();
    parseDbml(source, '/bench/synthetic.dbml');
    const parseOnly = performance.now() - start;
    start = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = compileSchemaSource(source, '/bench/synthetic.dbml');
    const cpu = process.cpuUsage(cpuBefore);
    const elapsed = performance.now() - start;
    if (run === 0) {
      coldParse = parseOnly;
      coldCompile = elapsed;
    } else {
      // the first run warms up the JIT
      times.push(elapsed);
      parseTimes.push(parseOnly);
      // CPU time is less distorted than wall time on a shared, loaded machine.
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    tables = result.ir?.tables.length ?? 0;
  }
  const median = (list: number[]): number =>
    [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
  times.sort((a, b) => a - b);
  const total = median(times);
  const parsing = median(parseTimes);
  const megabytes = Buffer.byteLength(source) / 1024 / 1024;
  console.log(
    '| schema | bytes | runs | median ms | min ms | MB/s | of which parse (median ms) | IR + validation (ms) | tables | errors |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(
    `| ${TABLES} tables, ${REFS} refs | ${Buffer.byteLength(source)} | ${runs} | ${total.toFixed(1)} | ${(times[0] ?? 0).toFixed(1)} | ${(megabytes / (total / 1000)).toFixed(1)} | ${parsing.toFixed(1)} | ${(total - parsing).toFixed(1)} | ${tables} | ${errors} |`,
  );
  console.log(
    `\nCPU time of parse + validate (median): ${median(cpuTimes).toFixed(1)} ms (wall time includes waiting for a busy CPU)`,
  );
  console.log(
    `First run of the process (JIT cold, not in the median): parse ${coldParse.toFixed(1)} ms, then parse + validate ${coldCompile.toFixed(1)} ms`,
  );
  console.log(`target: median under 150 ms — ${total < 150 ? 'met' : 'NOT met'}`);
}
