/**
 * Tokenising: chevrotain's lexer plus one pass that (a) reports broken literals, (b) keeps
 * comments for the formatter, and (c) drops the line breaks the grammar does not care
 * about. DBML is line-oriented inside `{ }` bodies (one column, index or value per line)
 * but free-form inside `( )` and `[ ]`, and repeated blank lines mean nothing anywhere.
 */
import type { ILexerConfig, IToken, TokenType } from 'chevrotain';
import { Lexer } from './chevrotain.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Span } from './ast.js';
import {
  allTokens,
  Backtick,
  Colon,
  Comma,
  BlockComment,
  InvalidNumber,
  LBracket,
  LCurly,
  LParen,
  Newline,
  QuotedName,
  RBracket,
  RCurly,
  RParen,
  StringLiteral,
  TripleString,
} from './tokens.js';
import { LineMap, tokenSpan as spanOf } from './lines.js';
import { findInvalidUnicodeEscape } from './strings.js';

export const LEXER_OPTIONS = {
  // Offsets only: lines and columns are looked up when a span is wanted (`lines.ts`);
  // tracking them for every token tripled the lexing time.
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
  // Error tokens carry their own messages; chevrotain's default texts are replaced below.
  recoveryEnabled: true,
  // The token definitions are fixed: tests/generator/parser/grammar.test.ts validates them
  // once, rather than every process start.
  skipValidations: true,
} as const satisfies ILexerConfig;

const dbmlLexer = new Lexer(allTokens, LEXER_OPTIONS);

/** Added to every token's offsets: where the text being tokenised starts in its file. */
let tokenBase = 0;

// Offset-only tokens get their end offset (which the parser's node locations need) in the
// literal that creates them: set afterwards, as it was, it moved every one of the ~130
// tokens per table to a new shape with an out-of-object property store, an extra
// allocation per token that showed in garbage collection. `createTokenInstance` is the
// lexer's per-instance token factory (chevrotain picks it from `positionTracking`).
(
  dbmlLexer as unknown as {
    createTokenInstance: (image: string, startOffset: number, idx: number, type: unknown) => IToken;
  }
).createTokenInstance = (image, offset, tokenTypeIdx, tokenType) => {
  const startOffset = offset + tokenBase;
  return {
    image,
    startOffset,
    endOffset: startOffset + image.length - 1,
    tokenTypeIdx,
    tokenType,
  } as IToken;
};

export interface LexResult {
  /** Tokens with offsets (`startOffset` and `endOffset`) but no lines or columns. */
  readonly tokens: IToken[];
  /** Lines as the tokens count them, for `tokenSpan`. */
  readonly lines: LineMap;
  readonly comments: { readonly text: string; readonly span: Span }[];
  readonly diagnostics: Diagnostic[];
  /**
   * The tokens end at the top level: outside any `{ }`, `( )` or `[ ]`, the text's last
   * character a line break, and the last token kept a line break (see `parse-parts.ts`).
   */
  readonly endsAtTopLevel: boolean;
}

/** A part of a file to tokenise: `start` to `end` (exclusive), and the whole file's lines. */
export interface LexPart {
  readonly start: number;
  readonly end: number;
  readonly lines: LineMap;
}

function describeChar(ch: string): string {
  if (ch === '\t') return 'a tab';
  const code = ch.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  if (code < 32 || (code >= 0x7f && code <= 0x9f)) return `the control character U+${hex}`;
  // Zero-width, direction and other format characters: invisible, so named by code.
  if (/\p{Cf}/u.test(ch)) return `the invisible character U+${hex}`;
  return `'${ch}'`;
}

/** A run of unexpected characters, quoted and cut short: a message must not repeat a file. */
function quoteRun(run: string): string {
  return run.length <= 20 ? `'${run}'` : `'${run.slice(0, 20)}…' (${run.length} characters)`;
}

/**
 * Tokenises `source`, or only `part` of it (the tokens' offsets are still the file's):
 * `parse.ts` reads a large file part by part, see `parse-parts.ts`.
 */
export function lex(source: string, file: string, part?: LexPart): LexResult {
  const base = part?.start ?? 0;
  tokenBase = base;
  let result: ReturnType<typeof dbmlLexer.tokenize>;
  try {
    result = dbmlLexer.tokenize(part ? source.slice(part.start, part.end) : source);
  } finally {
    tokenBase = 0;
  }
  const lines = part?.lines ?? new LineMap(source, 'any');
  const tokenSpan = (first: IToken, last?: IToken): Span => spanOf(file, lines, first, last);
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, message: string, span: Span): void => {
    diagnostics.push({ code, severity: 'error', message, span });
  };

  for (const e of result.errors) {
    const offset = e.offset + base;
    const ch = source.slice(offset, offset + e.length);
    const line = lines.lineIndex(offset);
    const column = offset - lines.lineStart(line) + 1;
    error(
      'DBML101',
      e.length === 1
        ? `unexpected character ${describeChar(ch)}`
        : `unexpected characters ${quoteRun(ch.replace(/\s+/g, ' '))}`,
      {
        file,
        line: line + 1,
        column,
        endLine: line + 1,
        endColumn: column + e.length,
        offset,
        endOffset: offset + e.length,
      },
    );
  }

  const comments: LexResult['comments'] = [];
  for (const c of (result.groups['comments'] ?? []) as IToken[]) {
    comments.push({ text: c.image, span: tokenSpan(c) });
    if (c.tokenType === BlockComment && !c.image.endsWith('*/')) {
      error(
        'DBML106',
        "unterminated comment: expected '*/' to close the comment opened here",
        tokenSpan(c),
      );
    }
  }

  // One pass: validate literals and compact away insignificant line breaks, in place.
  // Inside `( )` line breaks never matter. Inside `[ ]` (settings) they are allowed where
  // a list can continue (after `[`, `,` or `:`, before `]` or `,`); anywhere else a line
  // break means the list was left open, so it is kept for the parser to report right there.
  // A `{` on the line after a header (`Table users` / `{`) opens that header's body, as in
  // the reference parser: the line breaks before it are dropped too, unless the line before
  // ended a body or opened one (`}` / `{`), where a lone `{` is a mistake to report there.
  const tokens = result.tokens;
  const rawLast = tokens[tokens.length - 1];
  let kept = 0;
  const open: boolean[] = []; // enclosing `(` / `[` nesting, innermost last; true for `[`
  let braces = 0; // `{` not closed yet (for `endsAtTopLevel` only)
  let lastKeptIsBreak = true; // drop leading line breaks
  // The first token after the current run of line breaks (found once per run, so a long
  // run costs linear time, not quadratic).
  let nextAfterBreaks: TokenType | undefined;
  let breaksEndAt = -1;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    if (type === Newline) {
      if (lastKeptIsBreak) continue;
      if (i > breaksEndAt) {
        breaksEndAt = i + 1;
        while (tokens[breaksEndAt]?.tokenType === Newline) breaksEndAt++;
        nextAfterBreaks = tokens[breaksEndAt]?.tokenType;
      }
      const previous = tokens[kept - 1]?.tokenType;
      if (nextAfterBreaks === LCurly && previous !== LCurly && previous !== RCurly) continue;
      if (open.length > 0) {
        if (!open[open.length - 1]) continue;
        const next = nextAfterBreaks;
        if (
          previous === LBracket ||
          previous === Comma ||
          previous === Colon ||
          next === RBracket ||
          next === Comma
        ) {
          continue;
        }
        open.length = 0; // the list was left open: from here on, lines count again
      }
      lastKeptIsBreak = true;
      tokens[kept++] = token;
      continue;
    }
    lastKeptIsBreak = false;
    if (type === LParen || type === LBracket) open.push(type === LBracket);
    else if (type === RParen || type === RBracket) open.pop();
    // A brace always starts or ends a line-oriented body: an unclosed `(` or `[` ends here.
    else if (type === LCurly || type === RCurly) {
      open.length = 0;
      braces += type === LCurly ? 1 : -1;
    } else if (type === StringLiteral || type === QuotedName || type === TripleString) {
      // An unterminated string breaks its line: whatever `(` or `[` it left open ends too.
      if (!checkQuoted(token, tokenSpan, error)) open.length = 0;
    } else if (type === Backtick && (token.image.length < 2 || !token.image.endsWith('`'))) {
      error(
        'DBML105',
        "unterminated expression: expected a closing '`' before the end of the file",
        tokenSpan(token),
      );
    } else if (type === InvalidNumber) {
      error(
        'DBML107',
        `invalid number '${token.image}': a number is digits with at most one decimal point`,
        tokenSpan(token),
      );
    }
    tokens[kept++] = token;
  }
  tokens.length = kept;
  const endsAtTopLevel =
    braces === 0 &&
    open.length === 0 &&
    lastKeptIsBreak &&
    rawLast?.tokenType === Newline &&
    rawLast.endOffset === base + (part ? part.end - part.start : source.length) - 1;
  return { tokens, lines, comments, diagnostics, endsAtTopLevel };
}

/** Reports a broken quoted token; false when it is unterminated. */
function checkQuoted(
  token: IToken,
  tokenSpan: (token: IToken) => Span,
  error: (code: string, message: string, span: Span) => void,
): boolean {
  const image = token.image;
  const type = token.tokenType;
  const quote = type === TripleString ? "'''" : type === QuotedName ? '"' : "'";
  const closed =
    image.length >= 2 * quote.length && image.endsWith(quote) && !endsEscaped(image, quote);
  if (!closed) {
    if (type === TripleString) {
      error(
        'DBML103',
        "unterminated multi-line string: expected ''' before the end of the file",
        tokenSpan(token),
      );
    } else {
      const what = type === QuotedName ? 'quoted name' : 'string';
      error(
        'DBML102',
        `unterminated ${what}: expected a closing ${quote} before the end of the line`,
        tokenSpan(token),
      );
    }
    return false;
  }
  if (image.includes('\\u')) {
    const bad = findInvalidUnicodeEscape(image);
    if (bad) {
      const at = tokenSpan(token);
      const startColumn = at.column + bad.index;
      error(
        'DBML108',
        `invalid escape sequence '${bad.text}': expected '\\u' followed by four hexadecimal digits`,
        {
          file: at.file,
          line: at.line,
          column: startColumn,
          endLine: at.line,
          endColumn: startColumn + bad.text.length,
          offset: token.startOffset + bad.index,
          endOffset: token.startOffset + bad.index + bad.text.length,
        },
      );
    }
  }
  return true;
}

/** True when the closing quote we saw is really an escaped quote (`'abc\'`). */
function endsEscaped(image: string, quote: string): boolean {
  if (quote.length !== 1) return false;
  let backslashes = 0;
  for (let i = image.length - 2; i >= 0 && image[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}
