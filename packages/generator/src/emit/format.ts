/**
 * Formats generated TypeScript with prettier (the library API). Options are fixed here,
 * not read from the user's project, so the same IR gives the same bytes on every machine.
 * Formatting dominates generation time, so results are cached by the unformatted text:
 * regenerating after a one-table edit formats one file (watch mode).
 */
import { createHash } from 'node:crypto';

/**
 * prettier, imported on first use: the emitter's own layout needs it only for an overlong
 * line, and a compile (the LSP, `dbgen check`) never; loading it costs about 30 ms of CPU.
 */
let prettier: Promise<typeof import('prettier')> | undefined;

export const PRETTIER_OPTIONS = {
  printWidth: 100,
  singleQuote: true,
  trailingComma: 'all',
} as const;

export class FormatCache {
  private cache = new Map<string, string>();
  private used = new Map<string, string>();

  /** Formats `source` as prettier formats a file named `name` (`.js`: babel, else typescript). */
  async format(name: string, source: string): Promise<string> {
    const parser = name.endsWith('.js') ? 'babel' : 'typescript';
    const key = createHash('sha1').update(parser).update('\0').update(source).digest('base64');
    const hit = this.cache.get(key) ?? this.used.get(key);
    const formatted =
      hit ??
      (await (
        await (prettier ??= import('prettier'))
      ).format(source, { ...PRETTIER_OPTIONS, parser }));
    this.used.set(key, formatted);
    return formatted;
  }

  /** Forgets entries not used since the last call, so the cache tracks the current schema. */
  sweep(): void {
    this.cache = this.used;
    this.used = new Map();
  }
}
