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

/** Scopes built on demand and kept for one request (the files do not change during it). */
export class ScopeCache {
  private readonly scopes = new Map<string, Scope>();

  constructor(readonly readFile: ReadFile) {}

  get(path: string): Scope {
    const absolute = resolve(path);
    let scope = this.scopes.get(absolute);
    if (!scope) {
      scope = buildScope(absolute, this.readFile);
      this.scopes.set(absolute, scope);
    }
    return scope;
  }
}
