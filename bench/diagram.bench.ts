// `dbgen diagram`'s rendering (layout by elkjs + SVG) of schema.example.dbml and of a
// synthetic 200-table schema (300 refs, 10 groups). No target: layout grows faster than
// linearly with edges; this tracks it. `npm run bench -- diagram`; DBGEN_BENCH_RUNS=n.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as sources from '@dbgen/generator';
import { syntheticSchema } from './parse.bench.js';

const dist = new URL('../packages/generator/dist/index.js', import.meta.url);
const generator: typeof sources = existsSync(fileURLToPath(dist))
  ? ((await import(dist.href)) as typeof sources)
  : sources;
const { compileSchema, compileSchemaSource, renderDiagram } = generator;

function grouped(source: string, tables: number): string {
  const groups: string[] = [];
  for (let g = 0; g < 10; g++) {
    const members = [];
    for (let t = g * (tables / 10); t < (g + 0.5) * (tables / 10); t++) members.push(`  t${t}`);
    groups.push(`TableGroup g${g} {\n${members.join('\n')}\n}`);
  }
  return `${source}\n${groups.join('\n')}\n`;
}

export default async function bench(): Promise<void> {
  const runs = Number(process.env['DBGEN_BENCH_RUNS'] ?? 3);
  const example = compileSchema(fileURLToPath(new URL('../schema.example.dbml', import.meta.url)));
  const big = compileSchemaSource(grouped(syntheticSchema(200, 300), 200), 'bench.dbml');
  if (!example.ir || !big.ir) throw new Error('the bench schemas do not compile');
  console.log('| schema | tables | refs | median ms | median CPU ms | SVG KB |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, ir] of [
    ['schema.example.dbml', example.ir],
    ['synthetic, 10 groups', big.ir],
  ] as const) {
    await renderDiagram(ir, { format: 'svg' }); // warm-up: loads elkjs
    const times: number[] = [];
    // CPU time too: on a shared machine the wall clock mostly measures the neighbours.
    const cpuTimes: number[] = [];
    let size = 0;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      size = (await renderDiagram(ir, { format: 'svg' })).length;
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1000);
      times.push(performance.now() - started);
    }
    const middle = (list: number[]): number =>
      [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
    const median = middle(times);
    console.log(
      `| ${name} | ${ir.tables.length} | ${ir.refs.length} | ${median.toFixed(0)} | ${middle(cpuTimes).toFixed(0)} | ${(size / 1024).toFixed(0)} |`,
    );
  }
}
