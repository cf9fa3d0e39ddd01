/**
 * Name resolution: which declarations each file can see by which name.
 *
 * A file sees its own declarations plus what its `use`/`reuse` lines import (under their
 * `as` aliases); a file exports its own declarations plus what it `reuse`s. `use` is not
 * transitive. Tables are also visible by their `as` alias (declared in the same file).
 * Files may import each other in a cycle, so exports are computed to a fixed point.
 */
import { dirname, resolve } from 'node:path';
import type {
  DbmlFile,
  EnumNode,
  QualifiedName,
  StickyNoteNode,
  TableGroupNode,
  TableNode,
  TablePartialNode,
  UseNode,
} from '../dbml/ast.js';

export const DEFAULT_SCHEMA = 'public';

export type DeclKind = 'table' | 'enum' | 'tablepartial' | 'tablegroup' | 'note';

export type Decl =
  | { readonly kind: 'table'; readonly node: TableNode; readonly file: string }
  | { readonly kind: 'enum'; readonly node: EnumNode; readonly file: string }
  | { readonly kind: 'tablepartial'; readonly node: TablePartialNode; readonly file: string }
  | { readonly kind: 'tablegroup'; readonly node: TableGroupNode; readonly file: string }
  | { readonly kind: 'note'; readonly node: StickyNoteNode; readonly file: string };

/** `schema.name` of a possibly qualified name (default schema `public`). */
export function splitName(name: QualifiedName): { schema: string; name: string } {
  const parts = name.parts;
  const last = parts[parts.length - 1] ?? '';
  return parts.length >= 2
    ? { schema: parts.slice(0, -1).join('.'), name: last }
    : { schema: DEFAULT_SCHEMA, name: last };
}

/** The declared `schema.name` of a declaration. */
export function declName(decl: Decl): { schema: string; name: string } {
  switch (decl.kind) {
    case 'table':
    case 'enum':
    case 'tablegroup':
      return splitName(decl.node.name);
    case 'tablepartial':
    case 'note':
      return { schema: DEFAULT_SCHEMA, name: decl.node.name };
  }
}

function symbolKey(kind: DeclKind, schema: string, name: string): string {
  return `${kind}:${schema}.${name}`;
}

/** One file's view of the world. */
export class Scope {
  constructor(private readonly symbols: ReadonlyMap<string, Decl>) {}

  lookup(kind: DeclKind, name: QualifiedName): Decl | undefined {
    const { schema, name: local } = splitName(name);
    return this.symbols.get(symbolKey(kind, schema, local));
  }

  lookupTable(
    name: QualifiedName,
  ): { readonly kind: 'table'; readonly node: TableNode; readonly file: string } | undefined {
    const found = this.lookup('table', name);
    return found?.kind === 'table' ? found : undefined;
  }

  lookupEnum(
    name: QualifiedName,
  ): { readonly kind: 'enum'; readonly node: EnumNode; readonly file: string } | undefined {
    const found = this.lookup('enum', name);
    return found?.kind === 'enum' ? found : undefined;
  }

  lookupPartial(name: string): TablePartialNode | undefined {
    const found = this.symbols.get(symbolKey('tablepartial', DEFAULT_SCHEMA, name));
    return found?.kind === 'tablepartial' ? found.node : undefined;
  }
}

/** Finds the loaded file a `use` path names: relative to the importer, `.dbml` optional. */
export function resolveUsePath(
  fromFile: string,
  path: string,
  files: ReadonlyMap<string, DbmlFile>,
): string | undefined {
  const base = resolve(dirname(fromFile), path);
  for (const candidate of [base, `${base}.dbml`]) if (files.has(candidate)) return candidate;
  return undefined;
}

function ownDeclarations(file: DbmlFile): Decl[] {
  const decls: Decl[] = [];
  for (const element of file.elements) {
    switch (element.kind) {
      case 'table':
        decls.push({ kind: 'table', node: element, file: file.path });
        break;
      case 'enum':
        decls.push({ kind: 'enum', node: element, file: file.path });
        break;
      case 'tablePartial':
        decls.push({ kind: 'tablepartial', node: element, file: file.path });
        break;
      case 'tableGroup':
        decls.push({ kind: 'tablegroup', node: element, file: file.path });
        break;
      case 'stickyNote':
        decls.push({ kind: 'note', node: element, file: file.path });
        break;
      default:
        break;
    }
  }
  return decls;
}

function addOwn(into: Map<string, Decl>, decl: Decl): void {
  const { schema, name } = declName(decl);
  const key = symbolKey(decl.kind, schema, name);
  if (!into.has(key)) into.set(key, decl);
  if (decl.kind === 'table' && decl.node.alias !== null) {
    const aliasKey = symbolKey('table', DEFAULT_SCHEMA, decl.node.alias);
    if (!into.has(aliasKey)) into.set(aliasKey, decl);
  }
}

const KIND_BY_KEYWORD: Readonly<Record<string, DeclKind | 'schema'>> = {
  table: 'table',
  enum: 'enum',
  tablepartial: 'tablepartial',
  tablegroup: 'tablegroup',
  note: 'note',
  schema: 'schema',
};

/** What one `use` line brings from `source` (the target file's exports). */
function imported(use: UseNode, source: ReadonlyMap<string, Decl>): Map<string, Decl> {
  if (use.selections === null) return new Map(source);
  const out = new Map<string, Decl>();
  for (const selection of use.selections) {
    const kind = KIND_BY_KEYWORD[selection.elementKind.toLowerCase()];
    const { schema, name } = splitName(selection.name);
    if (kind === 'schema') {
      const wanted = selection.name.parts.join('.');
      for (const [key, decl] of source) {
        if (key.startsWith(`${decl.kind}:${wanted}.`)) {
          out.set(key, decl);
        }
      }
      continue;
    }
    if (kind === undefined) continue; // the loader reports unknown kinds
    const decl = source.get(symbolKey(kind, schema, name));
    if (decl === undefined) continue; // the loader reports elements not exported
    const visibleAs =
      selection.alias === null
        ? symbolKey(kind, schema, name)
        : symbolKey(kind, DEFAULT_SCHEMA, selection.alias);
    out.set(visibleAs, decl);
    if (decl.kind === 'tablegroup') {
      // A group brings its tables along.
      for (const table of decl.node.tables) {
        const t = splitName(table);
        const tableDecl = source.get(symbolKey('table', t.schema, t.name));
        if (tableDecl !== undefined) out.set(symbolKey('table', t.schema, t.name), tableDecl);
      }
    }
  }
  return out;
}

/** Builds every file's scope (problems with `use` lines are the module loader's to report). */
export function buildScopes(files: ReadonlyMap<string, DbmlFile>): { scopes: Map<string, Scope> } {
  const own = new Map<string, Map<string, Decl>>();
  for (const [path, file] of files) {
    const symbols = new Map<string, Decl>();
    for (const decl of ownDeclarations(file)) addOwn(symbols, decl);
    own.set(path, symbols);
  }
  const uses = new Map<string, { use: UseNode; target: string | undefined }[]>();
  for (const [path, file] of files) {
    uses.set(
      path,
      file.elements
        .filter((e): e is UseNode => e.kind === 'use')
        .map((use) => ({ use, target: resolveUsePath(path, use.path, files) })),
    );
  }
  // Exports: own + reuse'd, to a fixed point (reuse cycles are allowed).
  const exports = new Map<string, Map<string, Decl>>();
  for (const [path, symbols] of own) exports.set(path, new Map(symbols));
  for (let changed = true, rounds = 0; changed && rounds <= files.size + 1; rounds++) {
    changed = false;
    for (const [path, list] of uses) {
      const mine = exports.get(path);
      if (mine === undefined) continue;
      for (const { use, target } of list) {
        if (!use.reexport || target === undefined) continue;
        const source = exports.get(target);
        if (source === undefined) continue;
        for (const [key, decl] of imported(use, source)) {
          if (!mine.has(key)) {
            mine.set(key, decl);
            changed = true;
          }
        }
      }
    }
  }
  const scopes = new Map<string, Scope>();
  for (const [path, list] of uses) {
    const visible = new Map(own.get(path));
    for (const { use, target } of list) {
      if (target === undefined) continue; // the loader reports missing files
      const source = exports.get(target);
      if (source === undefined) continue;
      for (const [key, decl] of imported(use, source)) {
        if (!visible.has(key)) visible.set(key, decl);
      }
    }
    scopes.set(path, new Scope(visible));
  }
  return { scopes };
}
