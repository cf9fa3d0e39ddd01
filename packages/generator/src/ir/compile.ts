/**
 * The schema pipeline: load the entry file and its imports, parse, build the IR,
 * validate. Never throws on any input: every problem is a diagnostic.
 */
import { resolve } from 'node:path';
import type { SchemaIR } from '@dbgen/runtime';
import type { DbmlFile } from '../dbml/ast.js';
import { loadDbmlModules } from '../dbml/index.js';
import { readFromDisk } from '../dbml/modules.js';
import type { ParseCache } from '../dbml/parse-cache.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { buildSchema } from './build.js';

export interface CompileOptions {
  /** Reads a file by absolute path; undefined when it does not exist. Default: the disk. */
  readFile?(absPath: string): string | undefined;
  /** Keeps parse results between compiles (watch mode): unchanged files are not re-parsed. */
  parseCache?: ParseCache;
}

export interface CompileResult {
  /** The IR, or null when any error was found. */
  readonly ir: SchemaIR | null;
  /** Every diagnostic of every stage, in file then source order. */
  readonly diagnostics: Diagnostic[];
  /** The files read, entry first (absolute paths). */
  readonly files: string[];
  /** Their text, for rendering diagnostics. */
  readonly sources: Map<string, string>;
}

/** Orders diagnostics by file (entry first), then position; keeps the order of equals. */
function sortDiagnostics(diagnostics: Diagnostic[], files: readonly string[]): Diagnostic[] {
  const rank = new Map(files.map((f, i) => [f, i]));
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const fa = a.d.span === undefined ? -1 : (rank.get(a.d.span.file) ?? files.length);
      const fb = b.d.span === undefined ? -1 : (rank.get(b.d.span.file) ?? files.length);
      if (fa !== fb) return fa - fb;
      const oa = a.d.span?.offset ?? -1;
      const ob = b.d.span?.offset ?? -1;
      return oa !== ob ? oa - ob : a.i - b.i;
    })
    .map(({ d }) => d);
}

/**
 * Drops semantic *warnings* inside a table or element that has a syntax error: they are
 * most likely its echo (a `[pk` left open loses the key, then "no primary key" follows).
 * Errors are all kept.
 */
function withoutCascades(
  semantic: readonly Diagnostic[],
  syntax: readonly Diagnostic[],
): Diagnostic[] {
  // Error offsets per file, sorted: one binary search per warning (a scan of every error
  // per warning was quadratic on files with thousands of both).
  const broken = new Map<string, number[]>();
  for (const e of syntax) {
    if (e.severity !== 'error' || e.span === undefined) continue;
    const offsets = broken.get(e.span.file) ?? [];
    offsets.push(e.span.offset);
    broken.set(e.span.file, offsets);
  }
  if (broken.size === 0) return [...semantic];
  for (const offsets of broken.values()) offsets.sort((a, b) => a - b);
  return semantic.filter((d) => {
    const span = d.span;
    if (d.severity !== 'warning' || span === undefined) return true;
    const offsets = broken.get(span.file);
    if (offsets === undefined) return true;
    let low = 0; // the first error at or after the warning's start
    let high = offsets.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offsets[mid]! < span.offset) low = mid + 1;
      else high = mid;
    }
    return !(low < offsets.length && offsets[low]! <= span.endOffset);
  });
}

/** Compiles a schema file (and what it imports) into the IR. */
export function compileSchema(entryPath: string, options: CompileOptions = {}): CompileResult {
  const readFile = options.readFile ?? readFromDisk;
  const entry = resolve(entryPath);
  try {
    // The parser area's loader reads and parses the files (reporting missing files and
    // elements at their `use`); names are resolved per file by the builder's scopes, so
    // every table keeps its declared name whatever alias an importer gives it.
    const cache = options.parseCache;
    const loaded = loadDbmlModules(entry, {
      readFile,
      ...(cache ? { parse: (source: string, path: string) => cache.parse(source, path) } : {}),
    });
    cache?.sweep();
    const files = new Map<string, DbmlFile>(loaded.modules.map((m) => [m.path, m.file]));
    const fileNames = [...loaded.files];
    const sources = new Map(loaded.modules.map((m) => [m.path, m.source]));
    const diagnostics = [...loaded.diagnostics];
    const parseFailed = diagnostics.some((d) => d.severity === 'error');
    // Semantic checks run even after syntax errors (the parser recovers), so one run
    // reports everything; the IR is only returned when there is no error at all.
    const built = buildSchema(files);
    for (const d of withoutCascades(built.diagnostics, diagnostics)) diagnostics.push(d);
    return {
      ir: parseFailed ? null : built.ir,
      diagnostics: sortDiagnostics(diagnostics, fileNames),
      files: fileNames,
      sources,
    };
  } catch (error) {
    // A bug of ours must not crash an editor or a watcher: report it as a diagnostic.
    return {
      ir: null,
      diagnostics: [
        {
          code: 'DBML299',
          severity: 'error',
          message: `internal error while compiling the schema (please report it): ${(error as Error).stack ?? String(error)}`,
        },
      ],
      files: [entry],
      sources: new Map(),
    };
  }
}

/** Compiles schema text held in memory (imports are read from disk relative to `path`). */
export function compileSchemaSource(
  source: string,
  path: string,
  options: CompileOptions = {},
): CompileResult {
  const absolute = resolve(path);
  const readFile = options.readFile ?? readFromDisk;
  return compileSchema(absolute, {
    ...options,
    readFile: (p) => (p === absolute ? source : readFile(p)),
  });
}
