/**
 * Diagnostics for the open documents: what `dbgen check <file>` reports for each, shown
 * in that file. Each document remembers the files its check read, so a change to an
 * imported file re-checks every open document that imports it.
 */
import type { Diagnostic } from '@dbgen/generator';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { checkSchema } from '../check-diagnostics.js';
import type { ReadFile } from './scope.js';

/** An LSP diagnostic at the same line and column `dbgen check` prints (0-based here). */
export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const span = d.span;
  const range = span
    ? {
        start: { line: span.line - 1, character: span.column - 1 },
        end: { line: span.endLine - 1, character: span.endColumn - 1 },
      }
    : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return {
    range,
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: 'dbgen',
    message: d.message,
  };
}

/**
 * Which diagnostics go to which file. An open document shows what its own check found in
 * it; a file it imports that is not open shows what the importer's check found there (so
 * a broken import is visible without opening it). Once that file is open, its own check
 * speaks for it.
 */
export class DiagnosticsTracker {
  /** Open document path → every file its last check read (itself included). */
  private readonly reads = new Map<string, ReadonlySet<string>>();

  constructor(private readonly readFile: ReadFile) {}

  /**
   * Checks `path` as `dbgen check` would: the diagnostics of `path` (with those located
   * nowhere) and of each file it read that `isOpen` says is not open (maybe none, which
   * clears what an earlier check showed there).
   */
  check(path: string, isOpen: (path: string) => boolean): Map<string, LspDiagnostic[]> {
    const { result, diagnostics } = checkSchema(path, { readFile: this.readFile });
    this.reads.set(path, new Set([path, ...result.files]));
    const byFile = new Map<string, LspDiagnostic[]>([[path, []]]);
    for (const file of result.files) if (file !== path && !isOpen(file)) byFile.set(file, []);
    for (const d of diagnostics) byFile.get(d.span?.file ?? path)?.push(toLspDiagnostic(d));
    return byFile;
  }

  /** The open documents to check again after `changed` changed: itself and its importers. */
  affectedBy(changed: string, open: readonly string[]): string[] {
    return open.filter((path) => path === changed || this.reads.get(path)?.has(changed) === true);
  }

  /**
   * Forgets a closed document; the files whose diagnostics only its checks showed (to be
   * cleared), itself included.
   */
  forget(path: string): string[] {
    const read = this.reads.get(path) ?? new Set([path]);
    this.reads.delete(path);
    const stillRead = new Set([...this.reads.values()].flatMap((files) => [...files]));
    return [...read].filter((file) => !stillRead.has(file));
  }
}
