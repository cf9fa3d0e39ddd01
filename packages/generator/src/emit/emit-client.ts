/**
 * From IR to the files of a typed client (pure: no file system). See docs/generate.md.
 */
import type { SchemaIR } from '@dbgen/runtime';
import { emitEnumsFile } from './enums-file.js';
import { FormatCache } from './format.js';
import { emitIndexFile } from './index-file.js';
import { needsPrettier } from './layout.js';
import { planClient } from './plan.js';
import { emitTableFile } from './table-file.js';

export interface EmitOptions {
  /** The schema path written in each file's header; give it relative, so output is portable. */
  readonly schemaPath: string;
  /**
   * When to run prettier. `'when-needed'` (default): the emitter already lays code out as
   * prettier does, so only files with a line it cannot lay out (over the width) go through
   * prettier — same bytes, a fraction of the time. `'always'`: every file goes through it.
   */
  readonly prettier?: 'when-needed' | 'always';
}

/** Emits the emitter's own layout: relative file path → TypeScript text. */
export function emitSources(ir: SchemaIR, options: { schemaPath: string }): Map<string, string> {
  const plan = planClient(ir);
  const files = new Map<string, string>();
  for (const table of plan.tables) {
    files.set(`${table.file}.ts`, emitTableFile(table, plan, options.schemaPath));
  }
  files.set('enums.ts', emitEnumsFile(plan, options.schemaPath));
  files.set('index.ts', emitIndexFile(plan, options.schemaPath));
  return files;
}

/**
 * A client emitter that remembers prettier's output between runs, so re-emitting a schema
 * after a small edit formats at most the files whose text changed (watch mode).
 */
export class ClientEmitter {
  private readonly cache = new FormatCache();

  async emit(ir: SchemaIR, options: EmitOptions): Promise<Map<string, string>> {
    const always = options.prettier === 'always';
    const entries = await Promise.all(
      [...emitSources(ir, options)].map(
        async ([path, text]) =>
          [path, always || needsPrettier(text) ? await this.cache.format(text) : text] as const,
      ),
    );
    this.cache.sweep();
    return new Map(entries);
  }
}

/**
 * The typed client for `ir`: relative path (`users.ts`, `enums.ts`, `index.ts`) → content,
 * formatted as prettier formats it. Deterministic: the same IR and options give
 * byte-identical files.
 */
export function emitClient(ir: SchemaIR, options: EmitOptions): Promise<Map<string, string>> {
  return new ClientEmitter().emit(ir, options);
}
