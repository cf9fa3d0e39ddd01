/**
 * A migration file's JavaScript as the checksum of a migration with data steps sees it
 * (files.ts): what the code says, without how it is laid out. Comments go, whitespace
 * (line breaks, indentation, CRLF) shrinks to one space where two tokens would otherwise
 * join, string literals are written one way (`'a'` and `"a"` alike), and what formatters
 * add or take away goes: trailing commas, semicolons, the parentheses of an arrow
 * function's single parameter (`(r) => ...` is `r => ...`). So a formatter run or a comment is not a change, while an edited helper function a
 * data step calls is. Template literal text and regular expressions are kept as written.
 *
 * A small scanner, not a parser: it only has to tell code from strings, templates,
 * regular expressions and comments, so that nothing inside those is touched.
 */

const WORD = /[\p{L}\p{N}_$\\]/u;

/** Keywords after which a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/** The value of the string literal body `raw` (between its quotes). */
function stringValue(raw: string): string {
  return raw.replace(
    /\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[^])/g,
    (_, e: string) => {
      if (e.startsWith('u{')) return String.fromCodePoint(Number.parseInt(e.slice(2, -1), 16));
      if (e.length > 1 && (e[0] === 'u' || e[0] === 'x'))
        return String.fromCharCode(Number.parseInt(e.slice(1), 16));
      if (e === '\n' || e === '\r' || e === '\r\n' || e === '\u2028' || e === '\u2029') return '';
      return SIMPLE_ESCAPES[e] ?? e;
    },
  );
}

class Scanner {
  private i = 0;
  private readonly out: string[] = [];
  /** Whether whitespace or a comment came since the last token. */
  private gap = false;

  constructor(private readonly text: string) {}

  /** The normalised text of the whole source. */
  run(): string {
    this.code(false);
    return this.out.join('');
  }

  private last(): string {
    return this.out[this.out.length - 1] ?? '';
  }

  private emit(token: string): void {
    const prev = this.last();
    const a = prev.at(-1) ?? '';
    const b = token[0] ?? '';
    // A space only where leaving it out would join two tokens into another one
    // (punctuation is emitted a character at a time: `+ +` is not `++`).
    const joins =
      (WORD.test(a) && WORD.test(b)) ||
      (this.gap && (a === '+' || a === '-') && a === b) ||
      (this.gap && a === '/' && (b === '/' || b === '*'));
    this.out.push(joins ? ` ${token}` : token);
    this.gap = false;
  }

  /** `(r)=>` as `r=>`: drops the parentheses before `=` of an arrow (`>` comes next). */
  private arrowParameter(): void {
    const n = this.out.length;
    const [open, name, close, eq] = this.out.slice(n - 4);
    if (
      open === '(' &&
      close === ')' &&
      eq === '=' &&
      name &&
      /^ ?[\p{L}_$][\p{L}\p{N}_$]*$/u.test(name)
    ) {
      this.out.splice(n - 4, 4, name.trimStart(), '=');
    }
  }

  /** Whether a `/` here starts a regular expression (judged by the token before it). */
  private regexAllowed(): boolean {
    const prev = this.last().trimStart();
    if (prev === '') return true;
    if (BEFORE_REGEX.has(prev)) return true;
    const c = prev.at(-1) ?? '';
    return !WORD.test(c) && !')]}`'.includes(c) && !prev.startsWith('"');
  }

  /** Code up to the end, or (`inTemplate`) up to the `}` closing a template's `${`. */
  private code(inTemplate: boolean): void {
    const t = this.text;
    let depth = 0;
    while (this.i < t.length) {
      const c = t[this.i] ?? '';
      const next = t[this.i + 1] ?? '';
      if (/\s/u.test(c)) {
        this.i += 1;
        this.gap = true;
      } else if (c === '/' && next === '/') {
        while (this.i < t.length && !'\n\r\u2028\u2029'.includes(t[this.i] ?? '')) this.i += 1;
        this.gap = true;
      } else if (c === '/' && next === '*') {
        const end = t.indexOf('*/', this.i + 2);
        this.i = end === -1 ? t.length : end + 2;
        this.gap = true;
      } else if (c === '"' || c === "'") {
        this.string(c);
      } else if (c === '`') {
        this.template();
      } else if (c === '/' && this.regexAllowed()) {
        this.regex();
      } else if (WORD.test(c)) {
        const start = this.i;
        while (this.i < t.length && WORD.test(t[this.i] ?? '')) this.i += 1;
        // A number's `.5` or `1e-3` parts are punctuation here, which keeps them apart alike.
        this.emit(t.slice(start, this.i));
      } else {
        this.i += 1;
        if (c === '{') depth += 1;
        if (c === '}') {
          if (inTemplate && depth === 0) return;
          depth -= 1;
        }
        // A trailing comma says nothing: `f(a, b,)` is `f(a, b)`.
        if ((c === ')' || c === ']' || c === '}') && this.last() === ',') this.out.pop();
        // Nor does a semicolon, to formatters (`semi: false`) and mostly to JavaScript.
        if (c === ';') continue;
        if (c === '>' && !this.gap && this.last() === '=') this.arrowParameter();
        this.emit(c);
      }
    }
  }

  private string(quote: string): void {
    const t = this.text;
    let j = this.i + 1;
    while (j < t.length && t[j] !== quote) j += t[j] === '\\' ? 2 : 1;
    this.emit(JSON.stringify(stringValue(t.slice(this.i + 1, j))));
    this.i = j + 1;
  }

  private template(): void {
    const t = this.text;
    let j = this.i + 1;
    let part = '`';
    for (;;) {
      if (j >= t.length) break;
      const c = t[j] ?? '';
      if (c === '\\') {
        part += t.slice(j, j + 2);
        j += 2;
      } else if (c === '`') {
        part += c;
        j += 1;
        break;
      } else if (c === '$' && t[j + 1] === '{') {
        this.emit(`${part}\${`);
        this.i = j + 2;
        this.code(true);
        j = this.i;
        part = '}';
      } else {
        part += c;
        j += 1;
      }
    }
    this.emit(part);
    this.i = j;
  }

  private regex(): void {
    const t = this.text;
    let j = this.i + 1;
    let inClass = false;
    while (j < t.length && t[j] !== '\n') {
      const c = t[j];
      if (c === '\\') j += 1;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      j += 1;
    }
    j += 1;
    while (j < t.length && WORD.test(t[j] ?? '')) j += 1; // flags
    this.emit(t.slice(this.i, j));
    this.i = j;
  }
}

/** `source` without comments, layout, quote style or trailing commas (see above). */
export function normalizedSource(source: string): string {
  return new Scanner(source).run();
}
