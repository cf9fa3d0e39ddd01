/**
 * A SQL expression in a canonical spelling, so that the expression a schema writes and the
 * one a database reads back compare equal when, and only when, the database merely
 * respelled it. Databases rewrite what they store: PostgreSQL writes every operation in
 * parentheses (`price + tax * qty` reads back `(price + (tax * qty))`), adds casts
 * (`(status)::text = 'a'::text`) and turns `IN (...)` into `= ANY (ARRAY[...])`; MySQL
 * and MariaDB quote names in backticks and drop redundant parentheses.
 *
 * So the expression is parsed (operator precedence as PostgreSQL and MySQL share it) and
 * printed again with every operation parenthesised: `(price + tax) * qty` and
 * `price + (tax * qty)` stay apart, as they mean different things. Keywords and unquoted
 * names lose their case (the database folds them), string literals and quoted names keep
 * theirs, casts are left out (PostgreSQL adds them; none of the other dialects has `::`).
 * What does not parse is compared token by token, parentheses included: a difference
 * never disappears because it was not understood.
 */

import { tokenize, type Token } from './sql-tokens.js';

/** Same meaning, another spelling: PostgreSQL reads LIKE back as `~~`, `!=` as `<>`. */
const SYNONYMS: Record<string, string> = {
  '!=': '<>',
  '~~': 'like',
  '~~*': 'ilike',
  '!~~': 'not like',
  '!~~*': 'not ilike',
};

const COMPARISONS = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '~~', '~~*', '!~~', '!~~*']);
const ADDITIVE = new Set(['+', '-']);
const MULTIPLICATIVE = new Set(['*', '/', '%']);
/** The words that continue a type name after its first one. */
const TYPE_WORDS = new Set(['varying', 'precision', 'with', 'without', 'time', 'zone']);
const OTHER_OPERATORS = new Set(['||', '->', '->>', '#>', '#>>', '@>', '<@', '&&', '^']);

class Parser {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }
  private isWord(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'word' && t.text === text;
  }
  private isOp(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'op' && t.text === text;
  }
  private take(): Token {
    const t = this.tokens[this.at++];
    if (t === undefined) throw new SyntaxError('unexpected end');
    return t;
  }
  private expectOp(text: string): void {
    if (!this.isOp(text)) throw new SyntaxError(`expected ${text}`);
    this.at++;
  }
  private expectWord(text: string): void {
    if (!this.isWord(text)) throw new SyntaxError(`expected ${text}`);
    this.at++;
  }

  whole(): string {
    const result = this.or();
    if (this.at !== this.tokens.length) throw new SyntaxError('trailing tokens');
    return result;
  }

  private binary(next: () => string, match: () => string | null): string {
    let left = next();
    for (let op = match(); op !== null; op = match()) left = `(${left} ${op} ${next()})`;
    return left;
  }

  private or(): string {
    return this.binary(
      () => this.and(),
      () => (this.isWord('or') ? (this.at++, 'or') : null),
    );
  }
  private and(): string {
    return this.binary(
      () => this.not(),
      () => (this.isWord('and') ? (this.at++, 'and') : null),
    );
  }
  private not(): string {
    if (this.isWord('not')) {
      this.at++;
      return `(not ${this.not()})`;
    }
    return this.comparison();
  }

  /** Comparisons, IS, IN, LIKE, BETWEEN: one level, as in PostgreSQL. */
  private comparison(): string {
    let left = this.other();
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'op' && COMPARISONS.has(t.text)) {
        this.at++;
        const op = SYNONYMS[t.text] ?? t.text;
        left = this.quantified(left, op) ?? `(${left} ${op} ${this.other()})`;
      } else if (this.isWord('is')) {
        this.at++;
        const not = this.isWord('not') ? (this.at++, ' not') : '';
        if (this.isWord('distinct')) {
          this.at++;
          this.expectWord('from');
          left = `(${left} is${not} distinct from ${this.other()})`;
        } else left = `(${left} is${not} ${this.take().text})`;
      } else if (
        this.isWord('not') &&
        ['in', 'like', 'ilike', 'between'].includes(this.peek(1)?.text ?? '')
      ) {
        this.at++;
        left = this.negatable(left, true);
      } else if (['in', 'like', 'ilike', 'between'].includes(t?.kind === 'word' ? t.text : '')) {
        left = this.negatable(left, false);
      } else return left;
    }
  }

  private negatable(left: string, not: boolean): string {
    const word = this.take().text;
    if (word === 'in') {
      this.expectOp('(');
      const items = this.list(')');
      return `(${left} ${not ? 'not in' : 'in'} (${items.join(', ')}))`;
    }
    if (word === 'between') {
      // PostgreSQL reads BETWEEN back as the two comparisons it stands for.
      const low = this.other();
      this.expectWord('and');
      const high = this.other();
      return not
        ? `((${left} < ${low}) or (${left} > ${high}))`
        : `((${left} >= ${low}) and (${left} <= ${high}))`;
    }
    return `(${left} ${not ? `not ${word}` : word} ${this.other()})`;
  }

  /** `x = ANY (ARRAY[a, b])` (PostgreSQL's IN) as `x in (a, b)`; other ANY/ALL as written. */
  private quantified(left: string, op: string): string | null {
    const word = this.peek()?.text;
    if (this.peek()?.kind !== 'word' || !['any', 'some', 'all'].includes(word ?? '')) return null;
    if (!this.isOp('(', 1)) return null;
    this.at += 2;
    const inner = this.or();
    this.expectOp(')');
    const items = /^array\[(.*)\]$/.exec(inner)?.[1];
    if (items !== undefined && op === '=' && word !== 'all') return `(${left} in (${items}))`;
    if (items !== undefined && op === '<>' && word === 'all') return `(${left} not in (${items}))`;
    return `(${left} ${op} ${word === 'some' ? 'any' : word}(${inner}))`;
  }

  private other(): string {
    return this.binary(
      () => this.additive(),
      () => {
        const t = this.peek();
        return t?.kind === 'op' && OTHER_OPERATORS.has(t.text) ? this.take().text : null;
      },
    );
  }
  private additive(): string {
    return this.binary(
      () => this.multiplicative(),
      () => {
        const t = this.peek();
        return t?.kind === 'op' && ADDITIVE.has(t.text) ? this.take().text : null;
      },
    );
  }
  private multiplicative(): string {
    return this.binary(
      () => this.unary(),
      () => {
        const t = this.peek();
        return t?.kind === 'op' && MULTIPLICATIVE.has(t.text) ? this.take().text : null;
      },
    );
  }
  private unary(): string {
    if (this.isOp('-') || this.isOp('+')) {
      const sign = this.take().text;
      const operand = this.unary();
      // A negative number is one literal (PostgreSQL reads `-1` back as '-1'::integer).
      if (/^[\d.]/.test(operand)) return sign === '-' ? `-${operand}` : operand;
      return `(${sign}${operand})`;
    }
    return this.postfix();
  }

  /** An atom and the casts after it, which are left out. */
  private postfix(): string {
    let value = this.atom();
    while (this.isOp('::')) {
      this.at++;
      this.typeName();
      // '-1'::integer is the number -1.
      const text = /^'(-?\d+(\.\d*)?)'$/.exec(value)?.[1];
      if (text !== undefined) value = text;
    }
    while (this.isOp('[')) {
      this.at++;
      const index = this.or();
      this.expectOp(']');
      value = `${value}[${index}]`;
    }
    return value;
  }

  /** A type name after `::` or `AS`: words, arguments, array brackets. */
  private typeName(): void {
    const first = this.take();
    if (first.kind !== 'word' && first.kind !== 'name') throw new SyntaxError('type');
    // `character varying`, `double precision`, `timestamp with time zone`, `schema.type`.
    for (;;) {
      if (this.isOp('.') && ['word', 'name'].includes(this.peek(1)?.kind ?? '')) this.at += 2;
      else if (TYPE_WORDS.has(this.peek()?.kind === 'word' ? (this.peek()?.text ?? '') : ''))
        this.at++;
      else break;
    }
    if (this.isOp('(')) {
      this.at++;
      this.list(')');
    }
    while (this.isOp('[')) {
      this.at++;
      if (!this.isOp(']')) this.take();
      this.expectOp(']');
    }
  }

  /** Items up to `close`, comma-separated; the closing token taken. */
  private list(close: string): string[] {
    const items: string[] = [];
    if (this.isOp(close)) {
      this.at++;
      return items;
    }
    for (;;) {
      items.push(this.or());
      if (this.isOp(',')) this.at++;
      else break;
    }
    this.expectOp(close);
    return items;
  }

  private atom(): string {
    const t = this.take();
    if (t.kind === 'string' || t.kind === 'number') return t.text;
    if (t.kind === 'name') return this.qualified(t.text);
    if (t.kind === 'op') {
      if (t.text === '(') {
        // Grouping parentheses go: the printed form parenthesises every operation.
        const inner = this.or();
        this.expectOp(')');
        return inner;
      }
      if (t.text === '*') return '*';
      throw new SyntaxError(`unexpected ${t.text}`);
    }
    const word = t.text;
    if (word === 'case') return this.caseExpression();
    if (word === 'array' && this.isOp('[')) {
      this.at++;
      return `array[${this.list(']').join(', ')}]`;
    }
    if (word === 'cast' && this.isOp('(')) {
      this.at++;
      const value = this.or();
      this.expectWord('as');
      this.typeName();
      this.expectOp(')');
      return value;
    }
    // A typed literal (`date '2020-01-01'`, `interval '1 day'`): the literal, as a cast is.
    if (this.peek()?.kind === 'string' && !['null', 'true', 'false'].includes(word))
      return this.take().text;
    if (this.isOp('(')) {
      this.at++;
      return `${word}(${this.list(')').join(', ')})`;
    }
    return this.qualified(word);
  }

  /** `t.c`, `"s"."t"`: a name and what it qualifies. */
  private qualified(first: string): string {
    let name = first;
    while (this.isOp('.')) {
      this.at++;
      const next = this.take();
      if (next.kind !== 'word' && next.kind !== 'name') throw new SyntaxError('name');
      name += `.${next.text}`;
    }
    return name;
  }

  private caseExpression(): string {
    let text = 'case';
    if (!this.isWord('when')) text += ` ${this.or()}`;
    while (this.isWord('when')) {
      this.at++;
      const condition = this.or();
      this.expectWord('then');
      text += ` when ${condition} then ${this.or()}`;
    }
    if (this.isWord('else')) {
      this.at++;
      text += ` else ${this.or()}`;
    }
    this.expectWord('end');
    return `${text} end`;
  }
}

/**
 * `sql` spelled canonically (see above): equal for two spellings of one expression that
 * differ only where a database respells what it stores.
 */
export function expressionKey(sql: string): string {
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch {
    return sql.trim();
  }
  try {
    return new Parser(tokens).whole();
  } catch {
    // Not understood: every token as written (names and keywords in lower case).
    return tokens.map((t) => t.text).join(' ');
  }
}
