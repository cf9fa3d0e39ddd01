/**
 * Diagnostics are values, not exceptions: every stage (lexer, parser, module loader,
 * IR builder, validator) returns them, so one run reports every problem of a file.
 */
import type { SourceSpan } from '@dbgen/runtime';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable code, e.g. `DBML001`; documented, never reused for another meaning. */
  readonly code: string;
  readonly severity: Severity;
  /** What was expected and what was found, in words. */
  readonly message: string;
  /** Where; absent only for problems that belong to no file (e.g. a missing schema file). */
  readonly span?: SourceSpan;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
