/**
 * The lexer tracks offsets only and computes lines and columns on demand (`lines.ts`).
 * These tests hold those numbers to what chevrotain's full position tracking gives, on
 * the awkward cases: CRLF, a lone CR, multi-line tokens, a token ending in line breaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IToken } from 'chevrotain';
import { Lexer } from '../../../packages/generator/src/dbml/chevrotain.js';
import { parseDbml } from '@dbgen/generator';
import { allTokens } from '../../../packages/generator/src/dbml/tokens.js';

const fullLexer = new Lexer(allTokens, { positionTracking: 'full', recoveryEnabled: true });

/** Comment spans as chevrotain's full tracking numbers them (same convention as `tokenSpan`). */
function chevrotainCommentSpans(source: string): unknown[] {
  const comments = (fullLexer.tokenize(source).groups['comments'] ?? []) as IToken[];
  return comments.map((c) => ({
    line: c.startLine,
    column: c.startColumn,
    endLine: c.endLine,
    endColumn: (c.endColumn ?? 0) + 1,
    offset: c.startOffset,
    endOffset: (c.endOffset ?? 0) + 1,
  }));
}

function ourCommentSpans(source: string): unknown[] {
  return parseDbml(source, 'x.dbml').file.comments.map(({ span }) => ({
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
    offset: span.offset,
    endOffset: span.endOffset,
  }));
}

const cases: Record<string, string> = {
  'LF lines': 'Table a {\n  id int // one\n}\n/* two\n lines */\n',
  'CRLF lines': 'Table a {\r\n  id int // one\r\n}\r\n/* two\r\n lines */ // after\r\n',
  'lone CR lines': 'Table a {\r  id int // one\r}\r/* two\r lines */\r// last',
  'comment ending in one line break (unterminated at the end)': 'Table a {\n}\n/* open\n',
  'comment ending in several line breaks (unterminated at the end)': 'Table a {\n}\n/* open\n\n\n',
  'comment ending in CRLF line breaks': 'Table a {\r\n}\r\n/* open\r\n\r\n',
};

for (const [name, source] of Object.entries(cases)) {
  test(`comment spans match chevrotain's full position tracking: ${name}`, () => {
    const expected = chevrotainCommentSpans(source);
    assert.ok(expected.length > 0);
    assert.deepEqual(ourCommentSpans(source), expected);
  });
}

test('a lexer error is placed where chevrotain places it, after CRLF and lone CR lines', () => {
  const source = 'Table a {\r\n  id int\r}\r\n  \u00a4\n';
  const [expected] = fullLexer.tokenize(source).errors;
  const error = parseDbml(source, 'x.dbml').diagnostics.find((d) => d.code === 'DBML101');
  assert.deepEqual(
    error && { line: error.span?.line, column: error.span?.column, offset: error.span?.offset },
    { line: 4, column: 3, offset: 25 },
  );
  assert.deepEqual(
    { line: expected?.line, column: expected?.column, offset: expected?.offset },
    { line: 4, column: 3, offset: 25 },
  );
});
