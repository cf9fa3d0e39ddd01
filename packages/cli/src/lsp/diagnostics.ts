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

export class DiagnosticsTracker {
  /** Open document path → every file its last check read (itself included). */
  private readonly reads = new Map<string, ReadonlySet<string>>();

  constructor(private readonly readFile: ReadFile) {}

  /** Checks `path` as `dbgen check` would; the diagnostics located in it (or nowhere). */
  check(path: string): LspDiagnostic[] {
    const { result, diagnostics } = checkSchema(path, { readFile: this.readFile });
    this.reads.set(path, new Set([path, ...result.files]));
    return diagnostics
      .filter((d) => d.span === undefined || d.span.file === path)
      .map(toLspDiagnostic);
  }

  /** The open documents to check again after `changed` changed: itself and its importers. */
  affectedBy(changed: string, open: readonly string[]): string[] {
    return open.filter((path) => path === changed || this.reads.get(path)?.has(changed) === true);
  }

  forget(path: string): void {
    this.reads.delete(path);
  }
}
