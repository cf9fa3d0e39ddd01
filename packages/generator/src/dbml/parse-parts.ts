/**
 * Reading a large file part by part: lex a part of about `PART_SIZE` characters, parse it,
 * build its AST, then the next. Parsed whole, a file's tokens (about 10 MB for 1,000
 * tables) all lived until the parse ended, so the garbage collector copied each of them
 * twice (young generation, then promotion to the old one) and marked them again there;
 * a part's tokens are garbage before the next part is read, and die young.
 *
 * A part ends just before a line starting with a letter, where the lexer's state is what it
 * is at the start of a file: outside any `{ }`, `( )` and `[ ]`, after a line break it
 * kept (`LexResult.endsAtTopLevel`, checked once the part is lexed; a part that does not
 * end so is lexed again, twice as long). There the whole file's tokens and the parts'
 * tokens are the same, and each top-level element is parsed from the same tokens. At the
 * first part with a lexical or syntax error, reading in parts stops and the rest of the
 * file is read whole (`parseDbml`), from that part's start, where the parser stands at the
 * top level with no error as the whole-file parse does: error recovery, which may read
 * across lines, and every message and position stay those of the whole-file parse. (Only
 * the step budget of a parse that runs out of it, `DBML124`, may differ by a few steps:
 * the parts end their parses at each cut.)
 */
import type { CstNode } from 'chevrotain';
import type { TopLevelNode } from './ast.js';
import { lex, type LexResult } from './lexer.js';
import { LineMap } from './lines.js';
import { dbmlParser } from './parser.js';
import { AstBuilder } from './visitor.js';

/**
 * Characters per part. Small enough that a part's tokens (about 0.4 MB per 16 KB of
 * schema) are collected in the young generation, large enough that the per-part costs
 * (a lexer and a parser start, a cut to find) do not show.
 */
export const PART_SIZE = 16_384;

/** The first line start at or after `from` (> 0) whose line begins with an ASCII letter. */
function nextCut(source: string, from: number): number {
  for (let i = source.indexOf('\n', from - 1); i !== -1; i = source.indexOf('\n', i + 1)) {
    const letter = source.charCodeAt(i + 1) | 0x20;
    if (letter >= 97 && letter <= 122) return i + 1;
  }
  return -1;
}

/** `source` lexed from `start` to a cut at top level (or the end), and where it ended. */
function lexPart(
  source: string,
  path: string,
  start: number,
  lines: LineMap,
): { lexed: LexResult; end: number } | null {
  for (let size = PART_SIZE; ; size *= 2) {
    const cut = start + size < source.length ? nextCut(source, start + size) : -1;
    const end = cut === -1 ? source.length : cut;
    const lexed = lex(source, path, { start, end, lines });
    // A cut inside a comment, string or expression left it unterminated: no error of the
    // file's, so the part grows before its errors count.
    if (end < source.length && !lexed.endsAtTopLevel) continue;
    return lexed.diagnostics.length > 0 ? null : { lexed, end };
  }
}

/** What `readInParts` read, up to `start`: the rest is to be read whole, if any. */
export interface PartsRead {
  /** Where reading in parts stopped (the file's length when it read it all). */
  readonly start: number;
  readonly builder: AstBuilder;
  readonly lines: LineMap;
  readonly elements: TopLevelNode[];
  readonly comments: LexResult['comments'][number][];
  /** Tokens and parser steps of the parts read. */
  readonly tokens: number;
  readonly steps: number;
}

/**
 * Reads `source` part by part up to the end, or up to the start of the first part with an
 * error: what that part built is dropped, and `parseDbml` reads the rest of the file whole,
 * from where the parser stands at the top level with no error, as the whole-file parse
 * would stand there (the same tokens before, the same elements built).
 */
export function readInParts(source: string, path: string): PartsRead {
  const lines = new LineMap(source, 'any');
  const builder = new AstBuilder(path, source, [], lines);
  const elements: TopLevelNode[] = [];
  const comments: LexResult['comments'][number][] = [];
  const sink = (node: CstNode): void => {
    const element = builder.buildElement(node);
    if (element) elements.push(element);
  };
  let tokens = 0;
  let steps = 0;
  let start = 0;
  const read = (): PartsRead => ({ start, builder, lines, elements, comments, tokens, steps });
  while (start < source.length) {
    const part = lexPart(source, path, start, lines);
    if (!part) return read();
    const built = elements.length;
    const reported = builder.diagnostics.length;
    builder.addComments(part.lexed.comments);
    dbmlParser.begin(part.lexed.tokens);
    let clean = false;
    try {
      dbmlParser.parseFile(sink);
      clean = dbmlParser.errors.length === 0;
    } catch {
      // A stop (the step budget) or a failure: the whole-file reading reports it.
    } finally {
      // A failed part is parsed again by the whole-file reading: its steps count there.
      if (clean) steps += dbmlParser.stepsTaken;
      dbmlParser.end();
    }
    if (!clean) {
      elements.length = built;
      builder.diagnostics.length = reported;
      return read();
    }
    for (const comment of part.lexed.comments) comments.push(comment);
    tokens += part.lexed.tokens.length;
    start = part.end;
  }
  return read();
}
