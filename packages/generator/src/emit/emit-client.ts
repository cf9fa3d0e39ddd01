/**
 * From IR to the files of a typed client (pure: no file system). See docs/generate.md.
 */
import type { SchemaIR } from '@dbgen/runtime';
import { emitEnumsFile } from './enums-file.js';
import { FormatCache } from './format.js';
import { emitIndexFile } from './index-file.js';
import { planClient } from './plan.js';
import { emitTableFile } from './table-file.js';

export interface EmitOptions {
  /** The schema path written in each file's header; give it relative, so output is portable. */
  readonly schemaPath: string;
  /** Run prettier over each file (default true); false returns the emitter's own layout. */
  readonly format?: boolean;
}

/** Emits unformatted sources: relative file path → TypeScript text. */
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
 * A client emitter that remembers formatted output between runs, so re-emitting a schema
 * after a small edit only formats the files whose text changed.
 */
export class ClientEmitter {
  private readonly cache = new FormatCache();

  async emit(ir: SchemaIR, options: EmitOptions): Promise<Map<string, string>> {
    const sources = emitSources(ir, options);
    if (options.format === false) return sources;
    const entries = await Promise.all(
      [...sources].map(async ([path, text]) => [path, await this.cache.format(text)] as const),
    );
    this.cache.sweep();
    return new Map(entries);
  }
}

/**
 * The typed client for `ir`: relative path (`users.ts`, `enums.ts`, `index.ts`) → formatted
 * content. Deterministic: the same IR and options give byte-identical files.
 */
export function emitClient(ir: SchemaIR, options: EmitOptions): Promise<Map<string, string>> {
  return new ClientEmitter().emit(ir, options);
}
