/**
 * Telling a binary file from a schema: `dbgen check /bin/ls` must answer "not a text
 * file", not print thousands of syntax errors quoting binary bytes.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { LineMap } from './lines.js';

/**
 * `DBML152` when `source` is not text: it holds a NUL character, which no text format
 * dbgen reads contains (a UTF-16 file, an executable, an image or random bytes all do).
 * The span points at the first NUL. Undefined for text.
 */
export function binaryFileDiagnostic(source: string, file: string): Diagnostic | undefined {
  const at = source.indexOf('\u0000');
  if (at === -1) return undefined;
  const lines = new LineMap(source, 'any');
  const line = lines.lineIndex(at);
  const column = at - lines.lineStart(line) + 1;
  return {
    code: 'DBML152',
    severity: 'error',
    message:
      'not a text file: it contains a NUL byte (a schema is UTF-8 text; is this a binary or UTF-16 file?)',
    span: {
      file,
      line: line + 1,
      column,
      endLine: line + 1,
      endColumn: column + 1,
      offset: at,
      endOffset: at + 1,
    },
  };
}
