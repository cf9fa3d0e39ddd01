/**
 * A PostgreSQL lexer just good enough for the transaction-pooler guard: it splits SQL
 * text into statements of tokens the way the server reads them, so that what the guard
 * looks for cannot hide from it (`set/**\/x = 1`, `"set_config"(...)`, a second statement
 * after `;`) and what merely looks like it is not refused (the words inside a string
 * literal, a comment, or a dollar-quoted body). Keywords and unquoted names come out
 * lower-cased; quoted names as written, `U&"..."` escapes decoded.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /** word: lower-cased; quoted: the name; punct: the character; string: '' (never looked at). */
  readonly text: string;
}

/** Tokens whose text is never looked at, or is one character: shared, not made per token. */
const STRING: Token = { kind: 'string', text: '' };
const NUMBER: Token = { kind: 'number', text: '' };
const PARAM: Token = { kind: 'param', text: '' };
const PUNCT = new Map<number, Token>();
function punct(code: number): Token {
  let token = PUNCT.get(code);
  if (token === undefined) {
    token = { kind: 'punct', text: String.fromCharCode(code) };
    PUNCT.set(code, token);
  }
  return token;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** A letter, `_`, or any non-ASCII character (PostgreSQL's identifier start). */
function isWordStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 128;
}

function isWordPart(code: number): boolean {
  return isWordStart(code) || isDigit(code) || code === 36; // $
}

/** The index after a block comment starting at `i` (PostgreSQL's nest). */
function blockCommentEnd(sql: string, i: number): number {
  let depth = 0;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return i;
}

/** The index after a quoted run starting at `i` (`quote` doubled inside; `backslash`: E'' escapes). */
function quotedEnd(sql: string, i: number, quote: string, backslash: boolean): number {
  i++;
  while (i < sql.length) {
    const c = sql[i];
    if (backslash && c === '\\') i += 2;
    else if (c === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}

/** `U&"..."` with `\XXXX` / `\+XXXXXX` escapes (or another escape character after UESCAPE). */
function decodeUnicode(body: string, escape: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== escape) out += c;
    else if (body[i + 1] === escape) {
      out += escape;
      i++;
    } else if (body[i + 1] === '+') {
      out += String.fromCodePoint(parseInt(body.slice(i + 2, i + 8), 16) || 0xfffd);
      i += 7;
    } else {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 5), 16) || 0xfffd);
      i += 4;
    }
  }
  return out;
}

/** The last text lexed: the guard checks a statement, then looks for BEGIN/COMMIT in it. */
let lastText = '';
let lastStatements: readonly (readonly Token[])[] = [];

/** The statements of `sql` (split at top-level `;`), each as its tokens; empty ones left out. */
export function sqlStatements(sql: string): readonly (readonly Token[])[] {
  if (sql === lastText) return lastStatements;
  lastStatements = lex(sql);
  lastText = sql;
  return lastStatements;
}

function lex(sql: string): Token[][] {
  const statements: Token[][] = [];
  let current: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql.charCodeAt(i);
    const next = i + 1 < n ? sql.charCodeAt(i + 1) : -1;
    if (c === 32 || (c >= 9 && c <= 13)) i++;
    else if (c === 45 && next === 45) {
      // -- comment
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === 47 && next === 42) i = blockCommentEnd(sql, i);
    else if (c === 39) {
      i = quotedEnd(sql, i, "'", false);
      current.push(STRING);
    } else if ((c === 101 || c === 69) && next === 39) {
      // E'...': backslash escapes
      i = quotedEnd(sql, i + 1, "'", true);
      current.push(STRING);
    } else if (
      (c === 117 || c === 85) &&
      next === 38 &&
      (sql[i + 2] === "'" || sql[i + 2] === '"')
    ) {
      // U&'...' or U&"...", maybe followed by UESCAPE 'c'
      const quote = sql[i + 2] as string;
      const end = quotedEnd(sql, i + 2, quote, false);
      const body = sql.slice(i + 3, end - 1).replaceAll(quote + quote, quote);
      i = end;
      const uescape = /^\s*uescape\s*'(.)'/i.exec(sql.slice(i, i + 40));
      if (uescape) i += uescape[0].length;
      current.push(
        quote === "'"
          ? STRING
          : { kind: 'quoted', text: decodeUnicode(body, uescape?.[1] ?? '\\') },
      );
    } else if (c === 34) {
      const end = quotedEnd(sql, i, '"', false);
      current.push({ kind: 'quoted', text: sql.slice(i + 1, end - 1).replaceAll('""', '"') });
      i = end;
    } else if (c === 36 && isDigit(next)) {
      // $1
      i += 2;
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
      current.push(PARAM);
    } else if (c === 36) {
      // $$...$$ or $tag$...$tag$ (a tag is a name without $)
      let end = i + 1;
      if (isWordStart(next)) {
        end++;
        while (end < n && isWordPart(sql.charCodeAt(end)) && sql.charCodeAt(end) !== 36) end++;
      }
      if (sql.charCodeAt(end) !== 36) {
        current.push(punct(c));
        i++;
      } else {
        const tag = sql.slice(i, end + 1);
        const close = sql.indexOf(tag, end + 1);
        i = close < 0 ? n : close + tag.length;
        current.push(STRING);
      }
    } else if (isWordStart(c)) {
      let end = i + 1;
      while (end < n && isWordPart(sql.charCodeAt(end))) end++;
      current.push({ kind: 'word', text: sql.slice(i, end).toLowerCase() });
      i = end;
    } else if (isDigit(c) || (c === 46 && isDigit(next))) {
      let end = i + 1;
      while (end < n) {
        const d = sql.charCodeAt(end);
        if (!(isWordPart(d) || d === 46) || d === 36) break;
        end++;
      }
      current.push(NUMBER);
      i = end;
    } else if (c === 59) {
      // ;
      if (current.length > 0) statements.push(current);
      current = [];
      i++;
    } else {
      current.push(punct(c));
      i++;
    }
  }
  if (current.length > 0) statements.push(current);
  return statements;
}

/** A word token's keyword (lower-cased), or null for anything else (quoted names included). */
export function keyword(token: Token | undefined): string | null {
  return token?.kind === 'word' ? token.text : null;
}

/** A name as the server resolves it: an unquoted word lower-cased, a quoted one as written. */
export function nameOf(token: Token | undefined): string | null {
  return token?.kind === 'word' || token?.kind === 'quoted' ? token.text : null;
}
