/**
 * `npm run bench -- generate`: the client generator at scale. Prints figures, asserts none.
 *
 * - compile: `compileSchemaSource` (lex, parse, IR and every validation pass) of a synthetic
 *   1,000-table schema, the first call of the process (JIT cold) and 5 warm ones, CPU and wall
 *   (the same measure as bench:parse, on this bench's schema);
 * - generate: the same schema (10 columns each, 1,500 refs) → client folder,
 *   wall time of compile + emit + write, with the emitter's own (prettier-identical) layout
 *   and with prettier run over every file; output lines and bytes;
 * - tsc: `tsc --noEmit` of a small usage file importing the generated client, under the strict
 *   settings users are told to use (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes,
 *   module nodenext) with skipLibCheck (in every `tsc --init` config: the client's .d.ts files
 *   are then read, not checked), and once more without it. Besides wall and CPU time it prints
 *   tsc's own counters
 *   (`--extendedDiagnostics`: types, instantiations, memory), which, unlike times, do not move
 *   with the machine's load: compare those first when changing the emitted code;
 * - watch: a `dbgen generate --watch` child on a 200-table schema; time from saving a
 *   one-column edit to the changed file being written.
 *
 * `BENCH_ONLY=compile,watch` runs some parts (compile, generate, tsc, watch); all when unset.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generator, loadAverage, spread, timeCompiles } from './parse.bench.js';

const { ClientGenerator, compileSchema } = generator;

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Table i has 10 columns; refs point from t<i>.ref<k>_id to an earlier table's id. */
export function syntheticSchema(tables: number, refs: number): string {
  const lines: string[] = ['Enum status {\n  active\n  disabled\n  archived\n}\n'];
  const refLines: string[] = [];
  let made = 0;
  for (let i = 0; i < tables; i++) {
    const fks: string[] = [];
    for (let k = 0; k < 2 && i > 0 && made < refs && (k === 0 || made < (refs * i) / tables); k++) {
      // Parents spread over earlier tables: each table is referenced by two or three others.
      const target = k === 0 ? Math.floor(i / 2) : Math.floor((i * 2) / 3);
      fks.push(`  ref${k}_id integer [not null]`);
      refLines.push(`Ref: t${i}.ref${k}_id > t${target}.id`);
      made++;
    }
    const filler = [
      '  name varchar(100) [not null]',
      '  note text',
      '  amount decimal(10, 2) [not null, default: 0]',
      "  status status [not null, default: 'active']",
      '  created_at timestamp [not null, default: `now()`]',
      '  payload jsonb',
      '  big bigint',
      '  flag boolean [not null, default: false]',
    ];
    const columns = ['  id integer [pk, increment]', ...fks, ...filler].slice(0, 10);
    lines.push(`Table t${i} {\n${columns.join('\n')}\n\n  indexes {\n    name\n  }\n}\n`);
  }
  return `${lines.join('\n')}\n${refLines.join('\n')}\n`;
}

function countOutput(
  dir: string,
  ext: '.js' | '.d.ts',
): { files: number; lines: number; bytes: number } {
  let lines = 0;
  let bytes = 0;
  const names = readdirSync(dir).filter((f) => f.endsWith(ext));
  for (const name of names) {
    const text = readFileSync(join(dir, name), 'utf8');
    bytes += Buffer.byteLength(text);
    lines += text.split('\n').length - 1;
  }
  return { files: names.length, lines, bytes };
}

const ms = (n: number): string => `${Math.round(n)} ms`;

/** Generates into a fresh folder; `compile` is the share of compiling the schema (timed apart). */
async function timeGenerate(root: string, schema: string, prettier: 'when-needed' | 'always') {
  const out = join(root, `client-${prettier}`);
  let compile = 0;
  const client = new ClientGenerator({
    schema,
    out,
    cwd: root,
    prettier,
    compile: (path) => {
      const started = performance.now();
      const compiled = compileSchema(path);
      compile = performance.now() - started;
      return compiled;
    },
  });
  const started = performance.now();
  const result = await client.run();
  const wall = performance.now() - started;
  if (!result.ok)
    throw new Error(`synthetic schema failed: ${JSON.stringify(result.diagnostics[0])}`);
  return { out, wall, compile };
}

interface TscRun {
  wall: number;
  /** User + system milliseconds, read by /usr/bin/time when present. */
  cpu: number | null;
  /** tsc's `--extendedDiagnostics` lines we report, by name ("Types", "Check time", ...). */
  counters: Map<string, string>;
  errors: string;
}

// Identifiers and Symbols grow with what every table's .d.ts spells out (tsc parses and
// binds each of them on every run), and, like Types, do not move with the machine's load.
const COUNTERS = [
  'Identifiers',
  'Symbols',
  'Types',
  'Instantiations',
  'Memory used',
  'Parse time',
  'Bind time',
  'Check time',
];

/** Wall and CPU time of `tsc -p root --extendedDiagnostics`, and its counters. */
function runTsc(root: string, file: string, skipLibCheck = true): TscRun {
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck,
        noEmit: true,
        types: ['node'],
      },
      files: [file],
    }),
  );
  const timer = existsSync('/usr/bin/time');
  const args = [tsc, '-p', root, '--extendedDiagnostics'];
  const started = performance.now();
  const result = timer
    ? spawnSync('/usr/bin/time', ['-f', 'cpu=%U+%S', process.execPath, ...args], {
        encoding: 'utf8',
      })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wall = performance.now() - started;
  const match = /cpu=([\d.]+)\+([\d.]+)/.exec(result.stderr);
  const cpu = match ? (Number(match[1]) + Number(match[2])) * 1000 : null;
  const counters = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const counter = /^([A-Za-z ]+):\s+(\S+)$/.exec(line.trim());
    if (counter?.[1] && counter[2] && COUNTERS.includes(counter[1]))
      counters.set(counter[1], counter[2]);
  }
  const errors = result.status === 0 ? '' : result.stdout.split('\nFiles:')[0]?.slice(0, 400);
  return { wall, cpu, counters, errors: errors ?? '' };
}

function timeTsc(root: string, client: string): void {
  writeFileSync(join(root, 'empty.ts'), 'export const nothing = 0;\n');
  writeFileSync(
    join(root, 'usage.ts'),
    `import { T1, t1, Status } from './${client}/index.js';\n` +
      `const row = new T1({ name: 'x', ref0Id: 1, ref1Id: 2 });\n` +
      `export const check: string = row.name;\n` +
      `export const where = t1.name.eq('x');\n` +
      `export const active: Status = Status.active;\n`,
  );
  const base = runTsc(root, 'empty.ts');
  const usage = runTsc(root, 'usage.ts');
  const checked = runTsc(root, 'usage.ts', false);
  for (const run of [usage, checked])
    if (run.errors) console.log(`  (tsc reported errors: ${run.errors})`);
  const cpu = (r: { cpu: number | null }) => (r.cpu === null ? '' : `, cpu ${ms(r.cpu)}`);
  console.log(
    `tsc --noEmit, usage file + client:   ${ms(usage.wall)}${cpu(usage)}   target < 3000 ms`,
  );
  console.log(`  the same, skipLibCheck false:      ${ms(checked.wall)}${cpu(checked)}`);
  console.log(`tsc --noEmit, empty file (baseline): ${ms(base.wall)}${cpu(base)}`);
  if (usage.cpu !== null && base.cpu !== null)
    console.log(`  CPU for the client alone (usage − empty): ${ms(usage.cpu - base.cpu)}`);
  const counters = (r: TscRun) =>
    COUNTERS.map((c) => `${c} ${r.counters.get(c) ?? '?'}`).join(', ');
  console.log(`  tsc counters, usage: ${counters(usage)}`);
  console.log(`  tsc counters, usage, skipLibCheck false: ${counters(checked)}`);
  console.log(`  tsc counters, empty: ${counters(base)}`);
}

async function timeWatch(root: string): Promise<{ times: number[]; reported: string[] }> {
  const schema = join(root, 'watch.dbml');
  const out = join(root, 'watch-client');
  const base = syntheticSchema(200, 300);
  writeFileSync(schema, base);
  const child = spawn(
    process.execPath,
    [
      join(repo, 'packages/cli/dist/bin.js'),
      'generate',
      '--watch',
      '--schema',
      schema,
      '--out',
      out,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const waitFor = async (predicate: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!predicate()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; output:\n${stdout}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  await waitFor(() => stdout.includes('watching'), 'the watcher to start');
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    const marker = `edit${round}`;
    const started = performance.now();
    writeFileSync(schema, base.replace('Table t42 {\n', `Table t42 {\n  ${marker} integer\n`));
    await waitFor(() => {
      try {
        return (
          readFileSync(join(out, 't42.d.ts'), 'utf8').includes(marker) &&
          readFileSync(join(out, 't42.js'), 'utf8').includes(marker)
        );
      } catch {
        return false;
      }
    }, `round ${round}`);
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  // What the watcher itself reported per regeneration (compile + emit + write).
  const reported = [...stdout.matchAll(/wrote t42\.d\.ts, t42\.js .* in (\d+) ms/g)].map(
    (m) => `${m[1]} ms`,
  );
  return { times, reported };
}

/** The parts to run (`BENCH_ONLY=compile,watch`); all when unset. */
const ONLY = process.env['BENCH_ONLY']?.split(',') ?? null;
const wanted = (part: 'compile' | 'generate' | 'tsc' | 'watch'): boolean =>
  ONLY === null || ONLY.includes(part);

export default async function bench(): Promise<void> {
  const root = join(repo, '.tmp', `bench-generate-${process.pid}`);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module", "private": true }\n');
  try {
    const schema = join(root, 'schema.dbml');
    const source = syntheticSchema(1000, 1500);
    writeFileSync(schema, source);
    if (wanted('compile')) {
      // Parse + IR + every validation pass, first (JIT cold) and warm: see parse.bench.ts.
      const { cold, jitCold, warm, tables } = timeCompiles(source, 5);
      console.log(`synthetic schema: ${tables} tables, 1500 refs`);
      console.log(
        `compile (parse + IR + validation), first ${jitCold ? 'in the process (JIT cold)' : 'of this bench (JIT warmed by an earlier bench)'}: CPU ${ms(cold.cpu)}, wall ${ms(cold.wall)}`,
      );
      console.log(
        `  warm, median (min–max) of ${warm.length}: CPU ${spread(warm.map((t) => t.cpu))} ms, wall ${spread(warm.map((t) => t.wall))} ms   target < 150 ms`,
      );
    }
    const fast =
      wanted('generate') || wanted('tsc') ? await timeGenerate(root, schema, 'when-needed') : null;
    if (fast && wanted('generate')) {
      const js = countOutput(fast.out, '.js');
      const dts = countOutput(fast.out, '.d.ts');
      console.log(`generate, emitter layout (default):  ${ms(fast.wall)}   target < 3000 ms`);
      console.log(`  of which emit + write:             ${ms(fast.wall - fast.compile)}`);
      const slow = await timeGenerate(root, schema, 'always');
      console.log(`generate, prettier on every file:    ${ms(slow.wall)}`);
      const same = readdirSync(fast.out).every(
        (f) => readFileSync(join(fast.out, f), 'utf8') === readFileSync(join(slow.out, f), 'utf8'),
      );
      console.log(`emitter layout identical to prettier: ${same ? 'yes' : 'NO'}`);
      const size = (s: typeof js) =>
        `${s.files} files, ${s.lines.toLocaleString('en')} lines, ${s.bytes.toLocaleString('en')} bytes`;
      console.log(`output, .js:   ${size(js)}`);
      console.log(`output, .d.ts: ${size(dts)} (all that tsc reads of the client)`);
    }
    if (fast && wanted('tsc')) timeTsc(root, 'client-when-needed');
    console.log(
      `machine load average (1/5/15 min): ${loadAverage()} on ${availableParallelism()} cores`,
    );
    if (wanted('watch')) {
      const watch = await timeWatch(root);
      console.log(
        `watch, 200 tables, save → written:   ${watch.times.map(ms).join(', ')}   target < 300 ms`,
      );
      console.log(`  as the watcher reports them:       ${watch.reported.join(', ')}`);
      const small = readFileSync(join(root, 'watch.dbml'), 'utf8');
      const alone = timeCompiles(small, 5);
      console.log(
        `  compiling that schema alone, CPU median (min–max): ${spread(alone.warm.map((t) => t.cpu))} ms`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
