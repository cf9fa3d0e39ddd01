/** Runs the dbgen CLI in-process with captured output, for CLI tests. */
import { main } from '@dbgen/cli';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a run printed, one entry a line (as `main` hands its output over). */
export interface CliLines {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** `dbgen <argv>` in `cwd`; resolves to its exit code and the lines it printed. */
export async function runCliLines(argv: readonly string[], cwd: string): Promise<CliLines> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    cwd,
    output: { info: (l) => out.push(l), error: (l) => err.push(l), color: false },
  });
  return { code, out, err };
}

/** `dbgen <argv>` in `cwd`; resolves to its exit code and what it printed. */
export async function runCli(argv: readonly string[], cwd: string): Promise<CliRun> {
  const { code, out, err } = await runCliLines(argv, cwd);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
