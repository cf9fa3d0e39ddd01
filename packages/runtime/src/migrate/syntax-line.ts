/**
 * Where a migration file's syntax error is. Node's import of an ES module reports a
 * SyntaxError without its line (Node 20), and a loader hook (tsx) reports its own "Parse
 * error" naming the data: URL the file was imported as. So when a file fails to load, its
 * text is checked again by `node --check` as a module, which prints `[stdin]:<line>` and
 * the SyntaxError. Only on that failure path, and best effort: null when it finds no
 * syntax error or cannot run.
 */
import { spawnSync } from 'node:child_process';

export interface SyntaxProblem {
  /** 1-based. */
  readonly line: number;
  readonly message: string;
}

/** The syntax error of the module `text`, or null when it has none (or none was found). */
export function syntaxProblem(text: string): SyntaxProblem | null {
  try {
    const run = spawnSync(process.execPath, ['--input-type=module', '--check'], {
      input: text,
      encoding: 'utf8',
      timeout: 10_000,
      // The parent's flags (--import tsx, --conditions) have no business in a syntax check.
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const line = /^\[stdin\]:(\d+)/m.exec(run.stderr ?? '');
    const message = /^SyntaxError: (.*)$/m.exec(run.stderr ?? '');
    return line && message ? { line: Number(line[1]), message: message[1] ?? '' } : null;
  } catch {
    return null;
  }
}
