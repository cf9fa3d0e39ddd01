// The schema compiler on the hostile inputs of issue 15, at the sizes: compile and
// render (as `dbgen check` does: the first 50 diagnostics). Each took over 6 s of CPU
// before; target: each under 1 s of CPU. `npm run bench -- hostile`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as sources from '@dbgen/generator';

// The compiled JavaScript when built (as parse.bench.ts), else the sources.
const dist = new URL('../packages/generator/dist/index.js', import.meta.url);
const generator: typeof sources = existsSync(fileURLToPath(dist))
  ? ((await import(dist.href)) as typeof sources)
  : sources;
const { compileSchemaSource, renderDiagnosticList, renderDiagnostics } = generator;

function randomText(length: number): string {
  let x = 7;
  const chars: string[] = [];
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    chars.push(String.fromCharCode(x % 256));
  }
  return chars.join('');
}

const INPUTS: [string, () => string][] = [
  [
    '100,000 line breaks in an open settings list',
    () => `Table t {\n  id int [pk,${'\n'.repeat(100_000)}`,
  ],
  ['20,000 duplicate columns', () => `Table t {\n  id int [pk]\n${'  a int\n'.repeat(20_000)}}\n`],
  [
    '100,000 zero-width / RTL characters',
    () => `Table t {\n  id int [pk]\n  ${'\u200b \u202e '.repeat(25_000)}\n}\n`,
  ],
  [
    '10,000 enums + 10,000 refs to nowhere',
    () =>
      `${Array.from({ length: 10_000 }, (_, i) => `Enum e${i} { a }\nRef: x${i}.a > y${i}.b`).join('\n')}\n`,
  ],
  [
    'brackets nested 20,000 deep',
    () => `DiagramView v {\n  x ${'('.repeat(20_000)}1${')'.repeat(20_000)}\n}\n`,
  ],
  ['blocks nested 20,000 deep, never closed', () => `DiagramView v {\n${'x {\n'.repeat(20_000)}`],
  ['2 MB of random bytes', () => randomText(2_000_000)],
  ['2 MB of random bytes without NUL', () => randomText(2_000_000).replaceAll('\u0000', ' ')],
];

export default async function bench(): Promise<void> {
  console.log(
    '| input | diagnostics | compile + render 50, CPU ms | render all, CPU ms | met (< 1 s) |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const [name, make] of INPUTS) {
    const source = make();
    let before = process.cpuUsage();
    const result = compileSchemaSource(source, '/bench/hostile.dbml');
    renderDiagnosticList(result.diagnostics, result.sources).join('\n');
    let used = process.cpuUsage(before);
    const compileMs = (used.user + used.system) / 1000;
    before = process.cpuUsage();
    renderDiagnostics(result.diagnostics, source);
    used = process.cpuUsage(before);
    const renderMs = (used.user + used.system) / 1000;
    console.log(
      `| ${name} | ${result.diagnostics.length} | ${compileMs.toFixed(0)} | ${renderMs.toFixed(0)} | ${compileMs < 1000 ? 'yes' : 'NO'} |`,
    );
  }
}
