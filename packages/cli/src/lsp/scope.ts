/**
 * What one DBML file sees: its own elements plus what its `use`/`reuse` declarations
 * import (the module loader's `elements`), indexed by name. Names resolve per file, as
 * the compiler resolves them, so `u.id` in a file that wrote `use { table users as u }`
 * finds `users` in the file it came from.
 */
import { dirname, resolve } from 'node:path';
import {
  loadDbmlModules,
  type DbmlFile,
  type EnumNode,
  type LoadedModule,
  type TableNode,
  type TablePartialNode,
  type UseNode,
} from '@dbgen/generator';

/** Reads a file (the editor's unsaved text first), or undefined when there is none. */
export type ReadFile = (absPath: string) => string | undefined;

/** `users` and `public.users` are one table (as the module loader and the compiler say). */
export function nameKey(parts: readonly string[]): string {
  return parts.length === 1 ? `public.${parts[0] ?? ''}` : parts.join('.');
}

export interface Scope {
  /** The file's absolute path. */
  readonly path: string;
  /** The file's own syntax tree (undefined when it cannot be read). */
  readonly file: DbmlFile | undefined;
  /** Every file the loader read for this one, itself first. */
  readonly modules: readonly LoadedModule[];
  readonly tables: ReadonlyMap<string, TableNode>;
  readonly enums: ReadonlyMap<string, EnumNode>;
  readonly partials: ReadonlyMap<string, TablePartialNode>;
}

/** The path a `use` in `importer` names: relative to it, `.dbml` optional. */
export function usePath(importer: string, use: UseNode, readFile: ReadFile): string | undefined {
  const base = resolve(dirname(importer), use.path);
  if (readFile(base) !== undefined) return base;
  const withExtension = `${base}.dbml`;
  return !base.endsWith('.dbml') && readFile(withExtension) !== undefined
    ? withExtension
    : undefined;
}

/** Builds the scope of `path`. */
export function buildScope(path: string, readFile: ReadFile): Scope {
  const loaded = loadDbmlModules(path, { readFile });
  const tables = new Map<string, TableNode>();
  const enums = new Map<string, EnumNode>();
  const partials = new Map<string, TablePartialNode>();
  for (const element of loaded.elements) {
    switch (element.kind) {
      case 'table':
        tables.set(nameKey(element.name.parts), element);
        if (element.alias !== null) tables.set(nameKey([element.alias]), element);
        break;
      case 'enum':
        enums.set(nameKey(element.name.parts), element);
        break;
      case 'tablePartial':
        partials.set(element.name, element);
        break;
      default:
        break;
    }
  }
  const own = loaded.modules.find((m) => m.path === resolve(path));
  return { path: resolve(path), file: own?.file, modules: loaded.modules, tables, enums, partials };
}

/** How many files' scopes the store keeps (a workspace's worth; the oldest go first). */
const STORE_LIMIT = 500;

/**
 * Scopes kept between requests: one is reused while every file its loader read (or
 * looked for and did not find) still reads the same, so hovering twice over an unchanged
 * schema parses it once. An open document's text is the same string until it changes,
 * which keeps the check cheap.
 */
export class ScopeStore {
  private readonly entries = new Map<
    string,
    { scope: Scope; reads: ReadonlyMap<string, string | undefined> }
  >();

  scope(path: string, readFile: ReadFile): Scope {
    const kept = this.entries.get(path);
    if (kept && [...kept.reads].every(([file, text]) => readFile(file) === text)) {
      return kept.scope;
    }
    const reads = new Map<string, string | undefined>();
    const scope = buildScope(path, (file) => {
      const text = readFile(file);
      reads.set(file, text);
      return text;
    });
    this.entries.delete(path);
    this.entries.set(path, { scope, reads });
    if (this.entries.size > STORE_LIMIT) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return scope;
  }
}

/**
 * The scopes of one request (the files do not change during it), taken from `store`
 * when one is given.
 */
export class ScopeCache {
  private readonly scopes = new Map<string, Scope>();

  constructor(
    readonly readFile: ReadFile,
    private readonly store = new ScopeStore(),
  ) {}

  get(path: string): Scope {
    const absolute = resolve(path);
    let scope = this.scopes.get(absolute);
    if (!scope) {
      scope = this.store.scope(absolute, this.readFile);
      this.scopes.set(absolute, scope);
    }
    return scope;
  }
}
