/**
 * Terminal output for every command. Colours come from picocolors (tiny, no
 * dependencies, honours NO_COLOR / FORCE_COLOR and non-TTY output), so no command
 * decides colour on its own.
 */
import pc from 'picocolors';

export interface Output {
  /** Normal output (stdout). */
  info(line: string): void;
  /** Problems and progress that must not pollute piped stdout (stderr). */
  error(line: string): void;
  readonly color: boolean;
}

export const consoleOutput: Output = {
  info: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
  color: pc.isColorSupported,
};

export const colors = pc;
