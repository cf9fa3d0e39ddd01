/**
 * The `--watch` tests' harness: the built CLI (packages/cli/dist/bin.js) run as a child
 * process, its output collected, and a wait for what it prints next.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface WatchProcess {
  readonly child: ChildProcess;
  /** Its exit code, once it has exited. */
  readonly exited: Promise<number | null>;
  /** Everything it printed on stdout so far. */
  stdout(): string;
  /** What it printed on stdout since the last {@link waitFor} of stdout returned. */
  unseenStdout(): string;
  /**
   * Waits (up to a minute) until its new stdout (or stderr) matches `pattern`, and returns
   * that new text; fails the test, showing both streams, on timeout or exit.
   */
  waitFor(stream: 'out' | 'err', pattern: RegExp): Promise<string>;
}

/**
 * For a `describe` of watch tests: builds the CLI before them, kills after each test every
 * watcher it started (one left running, after a failed assertion mid-test, would keep the
 * test process alive through its stdout pipe), and runs `cleanUp` after them all. Returns
 * the function that starts `dbgen <args>` in `cwd` (with NO_COLOR=1 unless `env` is given).
 */
export function watchSuite(
  cleanUp: () => void = () => {},
): (cwd: string, args: readonly string[], env?: NodeJS.ProcessEnv) => WatchProcess {
  const watchers: ChildProcess[] = [];
  before(() => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const built = spawnSync(process.execPath, [tsc, '-b', join(repo, 'packages/cli')], {
      encoding: 'utf8',
    });
    assert.equal(built.status, 0, `build failed: ${built.stdout}${built.stderr}`);
  });
  afterEach(() => {
    for (const proc of watchers.splice(0)) if (proc.exitCode === null) proc.kill('SIGKILL');
  });
  after(cleanUp);
  return (cwd, args, env = { ...process.env, NO_COLOR: '1' }) => {
    const child = spawn(process.execPath, [join(repo, 'packages/cli/dist/bin.js'), ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    watchers.push(child);
    return collect(child);
  };
}

function collect(child: ChildProcess): WatchProcess {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  let seenOut = 0;
  let seenErr = 0;
  return {
    child,
    exited,
    stdout: () => stdout,
    unseenStdout: () => stdout.slice(seenOut),
    async waitFor(stream, pattern) {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const text = stream === 'out' ? stdout.slice(seenOut) : stderr.slice(seenErr);
        if (pattern.test(text)) {
          if (stream === 'out') seenOut = stdout.length;
          else seenErr = stderr.length;
          return text;
        }
        if (Date.now() > deadline || child.exitCode !== null) {
          assert.fail(`no ${pattern} on std${stream}; stdout:\n${stdout}\nstderr:\n${stderr}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
