/**
 * `parseDbml`: source text → AST plus every syntax error of the file. Never throws.
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { EOF } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DbmlFile, Span, TopLevelNode } from './ast.js';
import { lex } from './lexer.js';
import { placeError } from './parse-errors.js';
import { PART_SIZE, readInParts, type PartsRead } from './parse-parts.js';
import { dbmlParser, ParserStepLimitError } from './parser.js';
import { AstBuilder } from './visitor.js';

/** Stable codes of the parser's own diagnostics (the lexer's are DBML101-DBML108). */
const PARSER_CODES: Readonly<Record<string, string>> = {
  MismatchedTokenException: 'DBML120',
  NoViableAltException: 'DBML121',
  EarlyExitException: 'DBML122',
  NotAllInputParsedException: 'DBML123',
};

export interface ParseResult {
  readonly file: DbmlFile;
  readonly diagnostics: Diagnostic[];
}

/** The position just after the last character of `source` (for errors at end of file). */
function endOfFileSpan(source: string, file: string): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = source.length - lineStart + 1;
  return {
    file,
    line,
    column,
    endLine: line,
    endColumn: column,
    offset: source.length,
    endOffset: source.length,
  };
}

function errorSpan(token: IToken, builder: AstBuilder, source: string, file: string): Span {
  if (token.tokenType === EOF || Number.isNaN(token.startOffset))
    return endOfFileSpan(source, file);
  return builder.tokenSpan(token);
}

/** The diagnostic of a parse that stopped early (the step or error budget, or a failure). */
function stopDiagnostic(
  error: unknown,
  builder: AstBuilder,
  source: string,
  path: string,
): Diagnostic {
  if (error instanceof ParserStepLimitError) {
    return {
      code: 'DBML124',
      severity: 'error',
      message: error.message,
      span: errorSpan(error.token, builder, source, path),
    };
  }
  // parseDbml never throws: a failure of our own is still reported as a diagnostic.
  return {
    code: 'DBML129',
    severity: 'error',
    message: `internal parser error (please report it): ${(error as Error).message}`,
    span: endOfFileSpan(source, path),
  };
}

/**
 * Parses one DBML file. Reports every lexical and syntax error at once (the parser
 * recovers and goes on), each with a stable code (`DBML1xx`) and a message naming what
 * was expected and what was found. The AST holds whatever could be read.
 */
export function parseDbml(source: string, path: string): ParseResult {
  // A large file is read in parts up to its first error (see `parse-parts.ts`).
  return parseRest(source, path, source.length >= 2 * PART_SIZE ? readInParts(source, path) : null);
}

/** `parseDbml` reading the file whole, never in parts (the tests compare the two). */
export function parseWhole(source: string, path: string): ParseResult {
  return parseRest(source, path, null);
}

/** Reads the file whole from where `read` stopped, or all of it when `read` is null. */
function parseRest(source: string, path: string, read: PartsRead | null): ParseResult {
  if (read && read.start === source.length) {
    // Read to the end in parts: no lexical or syntax error, as `parseRest` orders them.
    const diagnostics = read.builder.diagnostics.slice();
    diagnostics.sort((a, b) => (a.span?.offset ?? 0) - (b.span?.offset ?? 0));
    return { file: { path, elements: read.elements, comments: read.comments }, diagnostics };
  }
  const lexed = read
    ? lex(source, path, { start: read.start, end: source.length, lines: read.lines })
    : lex(source, path);
  const builder = read?.builder ?? new AstBuilder(path, source, lexed.comments, lexed.lines);
  if (read) builder.addComments(lexed.comments);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  dbmlParser.begin(lexed.tokens, read ?? undefined);
  // Each element's AST is built as soon as it is parsed (see `parseFile`).
  const elements: TopLevelNode[] = read?.elements ?? [];
  let stopped: Diagnostic | undefined;
  try {
    dbmlParser.parseFile((node) => {
      const element = builder.buildElement(node);
      if (element) elements.push(element);
    });
  } catch (error) {
    stopped = stopDiagnostic(error, builder, source, path);
  }
  // Even when the parser stopped, what it found up to there is reported.
  let lastOffset = -1;
  for (const error of dbmlParser.errors as IRecognitionException[]) {
    // Two failures at one token (a list not closed, so its line not ended) are one mistake.
    if (error.token.startOffset === lastOffset) continue;
    lastOffset = error.token.startOffset;
    let message = placeError(error.message, error.context?.ruleStack ?? []);
    let span = errorSpan(error.token, builder, source, path);
    // An unclosed `[` or `(` is only noticed lines later (line breaks mean nothing inside
    // them): point at the end of the line that left it open instead.
    const previous = (error as { previousToken?: IToken }).previousToken;
    const at = previous && !Number.isNaN(previous.startOffset) && builder.tokenSpan(previous);
    if (/^expected '[\])]' to close/.test(message) && at && at.endLine < span.line) {
      span = { ...at, line: at.endLine, column: at.endColumn, offset: at.endOffset };
      message = message.replace(/found .*$/, 'found the end of the line');
    }
    diagnostics.push({
      code: PARSER_CODES[error.name] ?? 'DBML129',
      severity: 'error',
      message,
      span,
    });
  }
  dbmlParser.end();
  for (const d of builder.diagnostics) diagnostics.push(d); // (no push(...): it may be huge)
  if (stopped) diagnostics.push(stopped);
  diagnostics.sort((a, b) => (a.span?.offset ?? 0) - (b.span?.offset ?? 0));
  const comments = read ? [...read.comments, ...lexed.comments] : lexed.comments;
  return { file: { path, elements, comments }, diagnostics };
}
