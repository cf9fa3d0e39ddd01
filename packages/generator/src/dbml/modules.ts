/**
 * The module system (spec: module-system.md): `use` / `reuse` across files.
 *
 * Visibility, as the spec states it:
 * - a file sees its own elements plus what its `use` and `reuse` declarations import;
 * - a file *exports* its own elements plus what its `reuse` declarations import (`use` is
 *   not transitive: what `b` merely `use`s is invisible to a file that imports `b`);
 * - `use * from './x'` imports everything `x` exports; `use { table t as a } from './x'`
 *   only the named elements. An alias replaces the element's name (`table auth.users as u`
 *   is the table `u`; `enum order_status as Status` is the enum `Status`). Refs and
 *   top-level records come along with the tables they connect (when all their tables are
 *   imported); `tablegroup g` brings the group and its tables; `schema s` every table and
 *   enum of schema `s`.
 * - Circular imports are allowed (DBML is declarative): a cycle is not an error; a file
 *   being loaded contributes its own elements to the cycle.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type {
  DbmlFile,
  QualifiedName,
  RefEndpointNode,
  TableNode,
  TopLevelNode,
  UseNode,
} from './ast.js';
import { binaryFileDiagnostic } from './binary.js';
import { parseDbml, type ParseResult } from './parse.js';

/** One file of a multi-file schema, as read and parsed. */
export interface LoadedModule {
  /** Absolute path. */
  readonly path: string;
  readonly source: string;
  readonly file: DbmlFile;
}

export interface ModuleLoadResult {
  /** Every file read, the entry first; each diagnostic's `span.file` names one of them. */
  readonly modules: readonly LoadedModule[];
  /**
   * What the entry schema contains once its imports are applied, in source order (each
   * `use`/`reuse` replaced by what it imports; aliases applied; no `use` nodes left).
   * Feed this to the IR builder.
   */
  readonly elements: readonly TopLevelNode[];
  /** Absolute paths of every file read (for watch mode), the entry first. */
  readonly files: readonly string[];
  /**
   * Syntax errors of every file, plus `DBML150` file not found, `DBML151` element not
   * exported, `DBML152` not a text file.
   */
  readonly diagnostics: readonly Diagnostic[];
}

export interface ModuleLoadOptions {
  /** Reads a file, or returns undefined when it does not exist. Default: the file system. */
  readonly readFile?: (absPath: string) => string | undefined;
  /** Parses one file; default `parseDbml` (a `ParseCache` reuses unchanged files' ASTs). */
  readonly parse?: (source: string, absPath: string) => ParseResult;
}

/**
 * A schema file's text, or undefined when `absPath` is not a readable regular file: a
 * device (`use * from '/dev/zero'` read forever) or a named pipe (waited on forever) is
 * reported as a file that is not there, never read.
 */
export function readFromDisk(absPath: string): string | undefined {
  try {
    if (!statSync(absPath).isFile()) return undefined;
    return readFileSync(absPath, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Why the file at `absPath` (or, for a `use` without `.dbml`, the first of `candidates`
 * that exists) was not read, for DBML150: a folder, a device or pipe (never read: see
 * `readFromDisk`), a file that cannot be read, or nothing there. Only asked on failure.
 */
function notReadMessage(candidates: readonly string[], shown: string): string {
  for (const path of candidates) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      continue;
    }
    if (stat.isDirectory()) return `not a file but a folder: ${shown}`;
    if (!stat.isFile()) return `not a regular file (a device, pipe or socket): ${shown}`;
    return `file cannot be read: ${shown}`;
  }
  return `file not found: ${shown}`;
}

/** `users` and `public.users` are one table. */
function nameKey(parts: readonly string[]): string {
  return parts.length === 1 ? `public.${parts[0] ?? ''}` : parts.join('.');
}

function rename(element: TopLevelNode, alias: string | null): TopLevelNode {
  if (alias === null) return element;
  switch (element.kind) {
    case 'table':
    case 'enum':
    case 'tableGroup': {
      const name: QualifiedName = { parts: [alias], span: element.name.span };
      return { ...element, name };
    }
    case 'tablePartial':
    case 'stickyNote':
      return { ...element, name: alias };
    default:
      return element;
  }
}

/** The names (`public.x` keys) a table answers to: its name and its `as` alias. */
function tableKeys(table: TableNode): string[] {
  const keys = [nameKey(table.name.parts)];
  if (table.alias !== null) keys.push(nameKey([table.alias]));
  return keys;
}

/**
 * Loads `entryPath` and, recursively, the files it imports. Never throws: a missing or
 * unreadable file is a diagnostic located at the `use` that names it ("file not found:
 * ./x"); a missing entry file is a diagnostic without a span.
 */
export function loadDbmlModules(
  entryPath: string,
  options: ModuleLoadOptions = {},
): ModuleLoadResult {
  const readFile = options.readFile ?? readFromDisk;
  const parse = options.parse ?? parseDbml;
  const modules = new Map<string, LoadedModule>();
  const diagnostics: Diagnostic[] = [];

  function load(absPath: string): LoadedModule | undefined {
    const known = modules.get(absPath);
    if (known) return known;
    const source = readFile(absPath);
    if (source === undefined) return undefined;
    const binary = binaryFileDiagnostic(source, absPath);
    if (binary) {
      // Not parsed: a binary file's "syntax errors" would be thousands of lines of noise.
      const module: LoadedModule = {
        path: absPath,
        source,
        file: { path: absPath, elements: [], comments: [] },
      };
      modules.set(absPath, module);
      diagnostics.push(binary);
      return module;
    }
    const parsed = parse(source, absPath);
    const module: LoadedModule = { path: absPath, source, file: parsed.file };
    modules.set(absPath, module);
    for (const d of parsed.diagnostics) diagnostics.push(d); // (no push(...): it may be huge)
    return module;
  }

  /** The file a `use` names: relative to the importer, `.dbml` optional. */
  function resolveUse(importer: string, use: UseNode): LoadedModule | undefined {
    // No path was read: the syntax error says why; "file not found: " would only add noise.
    if (use.pathMissing === true) return undefined;
    const base = resolve(dirname(importer), use.path);
    const withExtension = base.endsWith('.dbml') ? undefined : `${base}.dbml`;
    const found = load(base) ?? (withExtension === undefined ? undefined : load(withExtension));
    if (!found) {
      diagnostics.push({
        code: 'DBML150',
        severity: 'error',
        // The name with `.dbml` added first (what a `use` without it means), then as written.
        message: notReadMessage(
          withExtension === undefined ? [base] : [withExtension, base],
          use.path,
        ),
        span: use.span,
      });
    }
    return found;
  }

  const exportsOf = new Map<string, TopLevelNode[]>();
  const inProgress = new Set<string>();

  /** What `module` exports: its own elements and its `reuse` imports. */
  function exported(module: LoadedModule): TopLevelNode[] {
    const done = exportsOf.get(module.path);
    if (done) return done;
    if (inProgress.has(module.path)) {
      // A cycle: the module's own elements are all it can contribute at this point.
      return module.file.elements.filter((e) => e.kind !== 'use');
    }
    inProgress.add(module.path);
    const result = visible(module, true);
    inProgress.delete(module.path);
    exportsOf.set(module.path, result);
    return result;
  }

  /** The module's elements in order, each `use` (or only `reuse`) replaced by its imports. */
  function visible(module: LoadedModule, onlyReexports: boolean): TopLevelNode[] {
    const result: TopLevelNode[] = [];
    const seen = new Set<TopLevelNode>();
    const add = (element: TopLevelNode): void => {
      if (!seen.has(element)) {
        seen.add(element);
        result.push(element);
      }
    };
    for (const element of module.file.elements) {
      if (element.kind !== 'use') {
        add(element);
        continue;
      }
      if (onlyReexports && !element.reexport) {
        // Not re-exported, but still read: its problems are the project's, and watch mode
        // must watch it.
        resolveUse(module.path, element);
        continue;
      }
      const target = resolveUse(module.path, element);
      if (target) for (const imported of select(exported(target), element)) add(imported);
    }
    return result;
  }

  /** Applies a `use`'s selection (and aliases) to what its target exports. */
  function select(available: readonly TopLevelNode[], use: UseNode): TopLevelNode[] {
    if (use.selections === null) return [...available];
    const picked = new Map<TopLevelNode, string | null>(); // element → alias
    for (const selection of use.selections) {
      const key = nameKey(selection.name.parts);
      const single = selection.name.parts.length === 1 ? selection.name.parts[0] : undefined;
      const matches = available.filter((e) => {
        switch (selection.elementKind) {
          case 'table':
            return e.kind === 'table' && tableKeys(e).includes(key);
          case 'enum':
            return e.kind === 'enum' && nameKey(e.name.parts) === key;
          case 'tablepartial':
            return e.kind === 'tablePartial' && e.name === single;
          case 'note':
            return e.kind === 'stickyNote' && e.name === single;
          case 'tablegroup':
            return e.kind === 'tableGroup' && nameKey(e.name.parts) === key;
          case 'schema':
            return (
              (e.kind === 'table' || e.kind === 'enum') &&
              nameKey(e.name.parts).startsWith(`${single ?? selection.name.parts.join('.')}.`)
            );
          default:
            return false;
        }
      });
      if (matches.length === 0) {
        diagnostics.push({
          code: 'DBML151',
          severity: 'error',
          message: `'${use.path}' exports no ${selection.elementKind} named '${selection.name.parts.join('.')}'`,
          span: selection.span,
        });
      }
      for (const match of matches) {
        picked.set(match, selection.elementKind === 'schema' ? null : selection.alias);
        if (match.kind === 'tableGroup') {
          const members = new Set(match.tables.map((t) => nameKey(t.parts)));
          for (const e of available) {
            if (e.kind === 'table' && tableKeys(e).some((k) => members.has(k)) && !picked.has(e)) {
              picked.set(e, null);
            }
          }
        }
      }
    }
    // Old table names (and `as` aliases) → the name the importer knows the table by.
    const tableNames = new Map<string, QualifiedName>();
    for (const [element, alias] of picked) {
      if (element.kind !== 'table') continue;
      const known: QualifiedName =
        alias === null ? element.name : { parts: [alias], span: element.name.span };
      for (const key of tableKeys(element)) tableNames.set(key, known);
    }
    const renamedEndpoint = (endpoint: RefEndpointNode): RefEndpointNode | undefined => {
      const known = tableNames.get(nameKey(endpoint.table.parts));
      return known
        ? { ...endpoint, table: { parts: known.parts, span: endpoint.table.span } }
        : undefined;
    };
    const result: TopLevelNode[] = [];
    for (const element of available) {
      if (picked.has(element)) {
        result.push(rename(element, picked.get(element) ?? null));
      } else if (element.kind === 'ref') {
        // A ref comes along when both of its tables are imported.
        const from = renamedEndpoint(element.from);
        const to = renamedEndpoint(element.to);
        if (from && to) result.push({ ...element, from, to });
      } else if (element.kind === 'records' && element.table) {
        const known = tableNames.get(nameKey(element.table.parts));
        if (known)
          result.push({ ...element, table: { parts: known.parts, span: element.table.span } });
      }
    }
    return result;
  }

  const entry = resolve(entryPath);
  const root = load(entry);
  if (!root) {
    return {
      modules: [],
      elements: [],
      files: [],
      diagnostics: [
        { code: 'DBML150', severity: 'error', message: notReadMessage([entry], entryPath) },
      ],
    };
  }
  const elements = visible(root, false);
  const loaded = [...modules.values()];
  // A file imported along two paths is resolved twice; its problems are reported once.
  const unique = new Map<string, Diagnostic>();
  for (const d of diagnostics) {
    unique.set(`${d.code}|${d.span?.file ?? ''}|${d.span?.offset ?? -1}|${d.message}`, d);
  }
  // In file order (the entry first), then in source order.
  const fileOrder = new Map(loaded.map((m, i) => [m.path, i]));
  const sorted = [...unique.values()].sort(
    (a, b) =>
      (fileOrder.get(a.span?.file ?? '') ?? -1) - (fileOrder.get(b.span?.file ?? '') ?? -1) ||
      (a.span?.offset ?? 0) - (b.span?.offset ?? 0),
  );
  return { modules: loaded, elements, files: loaded.map((m) => m.path), diagnostics: sorted };
}
