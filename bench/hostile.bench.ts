// The schema compiler on the hostile inputs of issue 15, at the issue's sizes: compile and
// render (as `dbgen check` does: the first 50 diagnostics). Each took over 6 s of CPU
// before; target: each under 1 s of CPU. Then how the cost grows: n against 4n (linear:
// about 4; quadratic: 16). `npm run bench -- hostile`.
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

/** Inputs made at any size n: their cost must grow linearly (4n about 4 times n, not 16). */
const SCALED: [string, (n: number) => string][] = [
  ['line breaks in an open settings list', (n) => `Table t {\n  id int [pk,${'\n'.repeat(n)}`],
  ['duplicate columns', (n) => `Table t {\n  id int [pk]\n${'  a int\n'.repeat(n / 4)}}\n`],
  [
    'zero-width and right-to-left characters',
    (n) => `Table t {\n  id int [pk]\n  ${'\u200b \u202e '.repeat(n / 4)}\n}\n`,
  ],
  [
    'enums and refs to nowhere',
    (n) =>
      `${Array.from({ length: n / 8 }, (_, i) => `Enum e${i} { a }\nRef: x${i}.a > y${i}.b`).join('\n')}\n`,
  ],
  ['nested brackets', (n) => `DiagramView v {\n  x ${'('.repeat(n / 2)}1${')'.repeat(n / 2)}\n}\n`],
  ['random text', (n) => randomText(n).replaceAll('\u0000', ' ')],
  // Wide tables and many relations: the IR passes look columns and FKs up per column/FK.
  [
    'one table, n/8 distinct columns',
    (n) => `Table t {\n  id int [pk]\n${lines(n / 8, (i) => `  c${i} int [not null]`)}}\n`,
  ],
  [
    'one table, n/16 column pairs with one property name (c1_x, c1X)',
    (n) => `Table t {\n  id int [pk]\n${lines(n / 16, (i) => `  c${i}_x int\n  c${i}X int`)}}\n`,
  ],
  [
    'n/32 enums, each a column default',
    (n) =>
      `${lines(n / 32, (i) => `Enum e${i} { a\n b }`)}Table t {\n  id int [pk]\n${lines(n / 32, (i) => `  c${i} e${i} [default: 'a']`)}}\n`,
  ],
  [
    'one table, n/16 refs to one target',
    (n) =>
      `Table p {\n  id int [pk]\n}\nTable t {\n  id int [pk]\n${lines(n / 16, (i) => `  p${i} int [ref: > p.id]`)}}\n`,
  ],
  [
    'n/64 tables in a chain of refs',
    (n) =>
      lines(
        n / 64,
        (i) => `Table t${i} {\n  id int [pk]\n  up int${i ? ` [ref: > t${i - 1}.id]` : ''}\n}`,
      ),
  ],
];

/** `count` lines made by `line`, each ended by a line break. */
function lines(count: number, line: (i: number) => string): string {
  return Array.from({ length: count }, (_, i) => `${line(i)}\n`).join('');
}

/** CPU ms of compiling `source` and rendering its diagnostics: median of three. */
function cpuTime(source: string): number {
  const times = [0, 1, 2].map(() => {
    const before = process.cpuUsage();
    const result = compileSchemaSource(source, '/bench/scaled.dbml');
    renderDiagnosticList(result.diagnostics, result.sources).join('\n');
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  });
  return times.sort((a, b) => a - b)[1]!;
}

function growth(): void {
  const n = 20_000;
  console.log('\n| input (n = 20,000) | CPU ms at n | CPU ms at 4n | growth (linear ≈ 4) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, make] of SCALED) {
    cpuTime(make(n / 4)); // warm up the code paths
    const small = cpuTime(make(n));
    const large = cpuTime(make(4 * n));
    console.log(
      `| ${name} | ${small.toFixed(0)} | ${large.toFixed(0)} | ${(large / Math.max(small, 1)).toFixed(1)} |`,
    );
  }
}

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
  growth();
}
