/**
 * Running the examples as programs: `node --import tsx examples/<name>.ts`, with the
 * workspace packages resolved to their sources (as in every test), on a database given by
 * DATABASE_URL or, without it, the example's own temp SQLite file.
 */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

export interface ProgramRun {
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript program of the repository under tsx; rejects with its output when it fails. */
export async function runTs(
  file: string,
  args: readonly string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<ProgramRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--conditions=dbgen-source', '--import', 'tsx', join(repoRoot, file), ...args],
      { cwd: repoRoot, env: childEnv, maxBuffer: 16 * 1024 * 1024 },
    );
    return { stdout, stderr };
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${file} failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}

/** Writes generated/ for schema.example.dbml (the examples import it); unchanged files stay. */
export async function ensureExampleClient(): Promise<void> {
  await runTs('packages/cli/src/bin.ts', ['generate']);
}

/**
 * Asserts that `expected` blocks occur in `output` in this order, each as consecutive
 * whole lines (a table, say), ignoring trailing spaces.
 */
export function assertBlocksInOrder(output: string, expected: readonly string[]): void {
  const lines = output.split('\n').map((l) => l.trimEnd());
  let from = 0;
  for (const block of expected) {
    const want = block.split('\n').map((l) => l.trimEnd());
    let found = -1;
    for (let i = from; i + want.length <= lines.length; i += 1) {
      if (want.every((w, k) => lines[i + k] === w)) {
        found = i;
        break;
      }
    }
    assert.notEqual(
      found,
      -1,
      `expected, after line ${from + 1}:\n${block}\n\n--- in the output:\n${output}`,
    );
    from = found + want.length;
  }
}
