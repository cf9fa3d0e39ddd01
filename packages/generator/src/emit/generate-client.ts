/**
 * `generateClient`: schema file in, client folder out. Compiles the schema, emits the
 * client and writes only what changed; on errors it writes nothing and returns the
 * diagnostics. A `ClientGenerator` keeps its emitter (and so prettier's cache) between runs,
 * which is what watch mode uses.
 */
import { resolve } from 'node:path';
import type { SchemaIR } from '@dbgen/runtime';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ParseCache } from '../dbml/parse-cache.js';
import { compileSchema } from '../ir/index.js';
import { ClientEmitter, type EmitOptions } from './emit-client.js';
import { clientPackageJson } from './header.js';
import { assertOwnOutput } from './output-owner.js';
import { portablePath } from './portable-path.js';
import { OutputCache, writeClient } from './write-client.js';

/** What a schema compiler returns: the IR (null on errors), diagnostics, and every file read. */
export interface CompiledSchema {
  readonly ir: SchemaIR | null;
  readonly diagnostics: readonly Diagnostic[];
  /** Absolute paths of the entry file and every file it imports (`use`), as far as known. */
  readonly files: readonly string[];
  /** The text of each file read, for rendering diagnostics. */
  readonly sources?: ReadonlyMap<string, string>;
}

export type SchemaCompiler = (path: string) => CompiledSchema | Promise<CompiledSchema>;

export interface GenerateOptions {
  /** The schema's entry file. */
  readonly schema: string;
  /** The folder to generate into. */
  readonly out: string;
  /** Relative paths are resolved against it, and headers name the schema relative to it. */
  readonly cwd?: string;
  readonly prettier?: EmitOptions['prettier'];
  /** Defaults to the ir area's `compileSchema`. */
  readonly compile?: SchemaCompiler;
}

export interface RunOptions {
  /**
   * Called once the schema compiled and the client is emitted, before anything is
   * written: a reason returned skips the write (the result's `skipped`). Watch mode uses it
   * to leave the folder alone when the schema files changed while they were read, or the
   * entry file is empty (an editor's in-place save is between its truncation and write).
   */
  readonly beforeWrite?: (compiled: CompiledSchema) => string | null;
}

export type GenerateResult =
  | {
      readonly ok: true;
      /** Why nothing was written although the schema compiled (see {@link RunOptions}). */
      readonly skipped?: string;
      /** Files written, deleted (relative to `out`, sorted), and how many were already right. */
      readonly written: readonly string[];
      readonly deleted: readonly string[];
      readonly unchanged: number;
      /** The schema files read (absolute). */
      readonly files: readonly string[];
      readonly warnings: readonly Diagnostic[];
      readonly sources: ReadonlyMap<string, string>;
      readonly milliseconds: number;
    }
  | {
      readonly ok: false;
      /** Nothing was written. */
      readonly diagnostics: readonly Diagnostic[];
      readonly files: readonly string[];
      /** The text of each schema file, for rendering the diagnostics. */
      readonly sources: ReadonlyMap<string, string>;
      readonly milliseconds: number;
    };

export class ClientGenerator {
  private readonly emitter = new ClientEmitter();
  private readonly written = new OutputCache();
  /** Watch mode: a save of one file of a multi-file schema re-parses only that file. */
  private readonly parseCache = new ParseCache();
  readonly schema: string;
  readonly out: string;
  private readonly cwd: string;

  constructor(private readonly options: GenerateOptions) {
    this.cwd = options.cwd ?? process.cwd();
    this.schema = resolve(this.cwd, options.schema);
    this.out = resolve(this.cwd, options.out);
  }

  async run(options: RunOptions = {}): Promise<GenerateResult> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const compiled = await (this.options.compile
      ? this.options.compile(this.schema)
      : compileSchema(this.schema, { parseCache: this.parseCache }));
    const sources = compiled.sources ?? new Map<string, string>();
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (compiled.ir === null || errors.length > 0) {
      return {
        ok: false,
        diagnostics: errors,
        files: compiled.files,
        sources,
        milliseconds: elapsed(),
      };
    }
    const schemaPath = portablePath(this.cwd, this.schema);
    const files = await this.emitter.emit(compiled.ir, {
      schemaPath,
      ...(this.options.prettier ? { prettier: this.options.prettier } : {}),
    });
    files.set('package.json', clientPackageJson(schemaPath, portablePath(this.out, this.schema)));
    const skipped = options.beforeWrite?.(compiled) ?? null;
    if (skipped === null) await assertOwnOutput(this.out, this.schema, this.cwd);
    const result =
      skipped === null
        ? await writeClient(this.out, files, this.written)
        : { written: [], deleted: [], unchanged: 0, skipped };
    return {
      ok: true,
      ...result,
      files: compiled.files,
      warnings: compiled.diagnostics.filter((d) => d.severity !== 'error'),
      sources,
      milliseconds: elapsed(),
    };
  }
}

/**
 * Compiles `schema` and writes its client into `out` (relative paths against `cwd`):
 * only changed files are rewritten, files of removed tables deleted (only dbgen's, only in
 * `out`); on schema errors nothing is written and the diagnostics are returned.
 */
export function generateClient(options: GenerateOptions): Promise<GenerateResult> {
  return new ClientGenerator(options).run();
}
