/**
 * Diagnostics as a compiler prints them:
 *
 *     schema.dbml:3:10: error: expected ']' to close the settings list, found '{' [DBML120]
 *        3 |   id int [pk {
 *          |              ^
 *
 * Whatever the input, the output is safe for a terminal and linear in size: control,
 * bidirectional and invisible characters are written as `<U+XXXX>` (see `visible`), a
 * long source line is shown as a window around the span, and a list of diagnostics shows
 * the first `limit` and counts the rest.
 */
import type { Diagnostic } from './diagnostic.js';
import { visible } from './visible.js';

export { visible } from './visible.js';

const ANSI = {
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  reset: '\u001b[0m',
};

/** Diagnostics `renderDiagnosticList` shows before it only counts the rest. */
export const DEFAULT_DIAGNOSTIC_LIMIT = 50;
/** Source characters shown around a span: a longer line is cut to a window. */
const LINE_WINDOW = 120;
/** Characters of a message shown (messages quote source text, which can be huge). */
const MESSAGE_LIMIT = 400;

export interface RenderOptions {
  /** ANSI colours (the CLI decides: TTY, NO_COLOR, FORCE_COLOR). Default false. */
  readonly color?: boolean;
  /** How a span's file is named (e.g. relative to the working directory). Default: as is. */
  readonly fileName?: (file: string) => string;
}

export interface RenderListOptions extends RenderOptions {
  /** Diagnostics shown; the rest are counted in a last line. Default 50. */
  readonly limit?: number;
}

/** Where each line of the last source rendered starts (rendering many diagnostics of one
 * file looks its lines up once, not once per diagnostic). */
let indexed: { source: string; starts: number[] } | undefined;

function lineStarts(source: string): number[] {
  if (indexed?.source === source) return indexed.starts;
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 10 || (code === 13 && source.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  indexed = { source, starts };
  return starts;
}

/** Offsets of 1-based line `line` (its end excludes the line break), or undefined past the end. */
function lineBounds(source: string, line: number): { start: number; end: number } | undefined {
  const starts = lineStarts(source);
  const start = starts[line - 1];
  if (start === undefined) return undefined;
  let end = starts[line] ?? source.length;
  if (end > start && source.charCodeAt(end - 1) === 10) end--;
  if (end > start && source.charCodeAt(end - 1) === 13) end--;
  return { start, end };
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length} characters)`;
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
  const where = span
    ? `${visible(opts.fileName?.(span.file) ?? span.file)}:${span.line}:${span.column}: `
    : '';
  const message = visible(truncate(d.message, MESSAGE_LIMIT), true);
  const head = `${paint(ANSI.bold, where)}${severity} ${message} ${paint(ANSI.dim, `[${visible(d.code)}]`)}`;
  if (!span) return head;

  const bounds = lineBounds(source, span.line);
  if (bounds === undefined) return head;
  const gutterWidth = String(span.line).length;
  const gutter = (label: string): string => paint(ANSI.cyan, `${label.padStart(gutterWidth)} | `);
  // Columns within the line; only a window of a long line (minified, generated, binary)
  // is cut out of the source, so a diagnostic costs the same on a line of any length.
  const length = bounds.end - bounds.start;
  const start = Math.min(Math.max(0, span.column - 1), length);
  const end = span.endLine === span.line ? Math.max(start + 1, span.endColumn - 1) : length;
  const from = Math.max(0, Math.min(start - LINE_WINDOW / 3, length - LINE_WINDOW));
  const to = Math.min(length, from + LINE_WINDOW);
  const cut = (a: number, b: number): string =>
    visible(source.slice(bounds.start + a, bounds.start + Math.max(a, b)));
  const before = cut(from, start);
  const marked = cut(start, Math.min(end, to));
  const shown = `${from > 0 ? '…' : ''}${before}${marked}${cut(Math.min(end, to), to)}${to < length ? '…' : ''}`;
  // Keep tabs in the padding so the caret lines up under tab-indented source.
  const padding = `${from > 0 ? ' ' : ''}${before.replace(/[^\t]/g, ' ')}`;
  const carets = '^'.repeat(Math.max(1, marked.length));
  const marker = paint(`${ANSI.bold}${d.severity === 'error' ? ANSI.red : ANSI.yellow}`, carets);
  return `${head}\n${gutter(String(span.line))}${shown}\n${gutter('')}${padding}${marker}`;
}

/** Renders several diagnostics of one file, separated by blank lines. */
export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  source: string,
  opts: RenderOptions = {},
): string {
  return diagnostics.map((d) => renderDiagnostic(d, source, opts)).join('\n\n');
}

/**
 * The diagnostics of a run (any files; `sources` maps each `span.file` to its text), one
 * rendered block each, the first `limit` of them, then, when some were left out, a line
 * "… and M more (E errors, W warnings)". Time and output are linear in what is shown.
 */
export function renderDiagnosticList(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  opts: RenderListOptions = {},
): string[] {
  const limit = Math.max(0, opts.limit ?? DEFAULT_DIAGNOSTIC_LIMIT);
  const blocks = diagnostics
    .slice(0, limit)
    .map((d) => renderDiagnostic(d, d.span ? (sources.get(d.span.file) ?? '') : '', opts));
  const rest = diagnostics.length - blocks.length;
  if (rest > 0) {
    let errors = 0;
    for (let i = limit; i < diagnostics.length; i++) {
      if (diagnostics[i]!.severity === 'error') errors++;
    }
    const counts = [
      errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '',
      rest - errors > 0 ? `${rest - errors} warning${rest - errors === 1 ? '' : 's'}` : '',
    ].filter(Boolean);
    blocks.push(`… and ${rest} more (${counts.join(', ')}) not shown`);
  }
  return blocks;
}
