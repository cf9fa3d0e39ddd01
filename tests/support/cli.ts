/** Runs the dbgen CLI in-process with captured output, for CLI tests. */
import { main } from '@dbgen/cli';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `dbgen <argv>` in `cwd`; resolves to its exit code and what it printed. */
export async function runCli(argv: readonly string[], cwd: string): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    cwd,
    output: { info: (l) => out.push(l), error: (l) => err.push(l), color: false },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
