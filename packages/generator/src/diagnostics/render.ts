/**
 * Diagnostics as a compiler prints them:
 *
 *     schema.dbml:3:10: error: expected ']' to close the settings list, found '{' [DBML120]
 *        3 |   id int [pk {
 *          |              ^
 */
import type { Diagnostic } from './diagnostic.js';

const ANSI = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  reset: '\u001b[0m',
};

export interface RenderOptions {
  /** ANSI colours (the CLI decides: TTY, NO_COLOR, FORCE_COLOR). Default false. */
  readonly color?: boolean;
}

/**
 * `file:line:column: severity: message [CODE]`, then the source line and a caret line under
 * the span (1-based lines and columns). `source` is the text of the diagnostic's file; a
 * diagnostic without a span renders as its first line only.
 */
export function renderDiagnostic(d: Diagnostic, source: string, opts: RenderOptions = {}): string {
  const paint = (code: string, text: string): string =>
    opts.color ? `${code}${text}${ANSI.reset}` : text;
  const severity = paint(
    `${ANSI.bold}${d.severity === 'error' ? ANSI.red : ANSI.yellow}`,
    `${d.severity}:`,
  );
  const span = d.span;
  const where = span ? `${span.file}:${span.line}:${span.column}: ` : '';
  const head = `${paint(ANSI.bold, where)}${severity} ${d.message} ${paint(ANSI.dim, `[${d.code}]`)}`;
  if (!span) return head;

  const lines = source.split(/\r\n|\r|\n/);
  const text = lines[span.line - 1];
  if (text === undefined) return head;
  const gutterWidth = String(span.line).length;
  const gutter = (label: string): string => paint(ANSI.cyan, `${label.padStart(gutterWidth)} | `);
  const start = Math.max(0, span.column - 1);
  const end = span.endLine === span.line ? Math.max(start + 1, span.endColumn - 1) : text.length;
  // Keep tabs in the padding so the caret lines up under tab-indented source.
  const padding = text.slice(0, start).replace(/[^\t]/g, ' ');
  const carets = '^'.repeat(Math.max(1, Math.min(end, Math.max(text.length, start + 1)) - start));
  const marker = paint(`${ANSI.bold}${d.severity === 'error' ? ANSI.red : ANSI.yellow}`, carets);
  return `${head}\n${gutter(String(span.line))}${text}\n${gutter('')}${padding}${marker}`;
}

/** Renders several diagnostics of one file, separated by blank lines. */
export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  source: string,
  opts: RenderOptions = {},
): string {
  return diagnostics.map((d) => renderDiagnostic(d, source, opts)).join('\n\n');
}
