import type { Output } from './output.js';

/** What every command's `register` receives. */
export interface CommandContext {
  readonly output: Output;
  /** The working directory commands resolve relative paths against. */
  readonly cwd: string;
  /** Set by a command to the exit code it wants (1 when it found errors, say). */
  setExitCode(code: number): void;
}
