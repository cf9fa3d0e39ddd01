/**
 * The tokens of a SQL expression, for ./sql-expression.ts: words (keywords and unquoted
 * names, in lower case: the database folds them), quoted names (verbatim, without their
 * quotes: `"a"` and `` `a` `` are the name a), string literals (verbatim, quotes kept),
 * numbers and operators. Throws a SyntaxError on an unterminated quote.
 */

export interface Token {
  readonly kind: 'word' | 'name' | 'string' | 'number' | 'op';
  readonly text: string;
}

const OPERATORS = [
  '!~~*',
  '~~*',
  '!~~',
  '->>',
  '#>>',
  '::',
  '<>',
  '!=',
  '<=',
  '>=',
  '||',
  '~~',
  '->',
  '#>',
  '@>',
  '<@',
  '&&',
];

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      // Quoted: a doubled quote is one quote character inside.
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= sql.length) throw new SyntaxError('unterminated quote');
        if (sql[j] === ch && sql[j + 1] === ch) {
          text += ch;
          j += 2;
        } else if (sql[j] === ch) break;
        else text += sql[j++];
      }
      tokens.push(
        ch === "'"
          ? { kind: 'string', text: `'${text.replace(/'/g, "''")}'` }
          : { kind: 'name', text },
      );
      i = j + 1;
      continue;
    }
    const number = /^(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?/i.exec(sql.slice(i));
    if (number) {
      tokens.push({ kind: 'number', text: number[0].toLowerCase() });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0].toLowerCase() });
      i += word[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => sql.startsWith(o, i)) ?? ch;
    tokens.push({ kind: 'op', text: op });
    i += op.length;
  }
  return tokens;
}
