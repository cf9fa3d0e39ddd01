/**
 * Go to definition, find references and rename: each finds the occurrence under the
 * cursor, then (for references and rename) every occurrence of the same symbol in every
 * file that can see it: the open documents, the workspace's DBML files and what they
 * import. Results are plain offsets into files; `server.ts` turns them into LSP ranges.
 */
import { formatName } from '@dbgen/generator';
import { occurrenceAt, occurrencesOf, type Occurrence } from './occurrences.js';
import { nameTakenBy } from './rename-clash.js';
import { usePath, type ScopeCache } from './scope.js';
import { declarationSpan, symbolKey, type DbmlSymbol } from './symbols.js';

/** A stretch of a file, by offsets. */
export interface FileRange {
  readonly file: string;
  readonly offset: number;
  readonly endOffset: number;
}

export interface TextReplacement extends FileRange {
  readonly newText: string;
}

/** A rename the user asked for that cannot be done, said in words. */
export class RenameRefused extends Error {}

function rangeOf(span: { file: string; offset: number; endOffset: number }): FileRange {
  return { file: span.file, offset: span.offset, endOffset: span.endOffset };
}

/** The symbol occurrence at `offset` in `path`. */
export function occurrenceAtCursor(
  path: string,
  offset: number,
  scopes: ScopeCache,
): Occurrence | undefined {
  return occurrenceAt(occurrencesOf(scopes.get(path), scopes), offset);
}

/** The file a `use ... from './x'` at `offset` imports (its path, not a selection). */
function importedFile(path: string, offset: number, scopes: ScopeCache): FileRange | undefined {
  for (const element of scopes.get(path).file?.elements ?? []) {
    if (element.kind !== 'use') continue;
    if (offset < element.span.offset || offset > element.span.endOffset) continue;
    const target = usePath(path, element, scopes.readFile);
    return target === undefined ? undefined : { file: target, offset: 0, endOffset: 0 };
  }
  return undefined;
}

export function definition(path: string, offset: number, scopes: ScopeCache): FileRange[] {
  const at = occurrenceAtCursor(path, offset, scopes);
  if (at) return [rangeOf(declarationSpan(at.symbol))];
  const file = importedFile(path, offset, scopes);
  return file ? [file] : [];
}

/**
 * Every occurrence of `symbol` in `files` and in the files they import, each file read
 * once, in file order.
 */
export function occurrencesOfSymbol(
  symbol: DbmlSymbol,
  files: readonly string[],
  scopes: ScopeCache,
): Occurrence[] {
  const key = symbolKey(symbol);
  const queue = [...files, declarationSpan(symbol).file];
  const done = new Set<string>();
  const result: Occurrence[] = [];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]!;
    if (done.has(file)) continue;
    done.add(file);
    const scope = scopes.get(file);
    for (const module of scope.modules) queue.push(module.path);
    for (const o of occurrencesOf(scope, scopes)) if (symbolKey(o.symbol) === key) result.push(o);
  }
  return result;
}

export function references(
  path: string,
  offset: number,
  includeDeclaration: boolean,
  files: readonly string[],
  scopes: ScopeCache,
): FileRange[] {
  const at = occurrenceAtCursor(path, offset, scopes);
  if (!at) return [];
  return occurrencesOfSymbol(at.symbol, [path, ...files], scopes)
    .filter((o) => includeDeclaration || !o.declaration)
    .map((o) => rangeOf(o.span));
}

/**
 * The span of the last part of a possibly qualified name (`users` in `auth."users"`):
 * what a rename rewrites, leaving the schema as written.
 */
export function lastPartRange(source: string, range: FileRange): FileRange {
  let quoted = false;
  let start = range.offset;
  for (let i = range.offset; i < range.endOffset; i++) {
    const c = source[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === '.' && !quoted) start = i + 1;
  }
  while (start < range.endOffset && /\s/.test(source[start] ?? '')) start++;
  return { file: range.file, offset: start, endOffset: range.endOffset };
}

/** The name under the cursor, if it can be renamed (a table, column, enum or partial). */
export function prepareRename(
  path: string,
  offset: number,
  scopes: ScopeCache,
): { range: FileRange; placeholder: string } | undefined {
  const at = occurrenceAtCursor(path, offset, scopes);
  if (!at) return undefined;
  const source = scopes.readFile(at.span.file) ?? '';
  return { range: lastPartRange(source, rangeOf(at.span)), placeholder: at.written };
}

/**
 * The edits renaming the symbol at the cursor to `newName`: its declaration and every
 * occurrence spelled as declared. An occurrence written through an alias (`Table users
 * as U`, `use { table users as u }`) keeps the alias, which still names the table.
 */
export function rename(
  path: string,
  offset: number,
  newName: string,
  files: readonly string[],
  scopes: ScopeCache,
): TextReplacement[] {
  if (newName.trim() === '') throw new RenameRefused('the new name is empty');
  const at = occurrenceAtCursor(path, offset, scopes);
  if (!at) throw new RenameRefused('there is no table, column, enum or partial here to rename');
  const taken = nameTakenBy(at.symbol, newName, scopes);
  if (taken !== null) throw new RenameRefused(`the name ${newName} is taken: ${taken} has it`);
  const all = occurrencesOfSymbol(at.symbol, [path, ...files], scopes);
  const declared = all.find((o) => o.declaration)?.written ?? at.written;
  const newText = formatName(newName);
  return all
    .filter((o) => o.written === declared)
    .map((o) => ({
      ...lastPartRange(scopes.readFile(o.span.file) ?? '', rangeOf(o.span)),
      newText,
    }));
}
