/**
 * A column's name changed inside SQL text the schema keeps verbatim (check expressions,
 * expression index parts, partial-index predicates, generated-column expressions), as
 * the databases do themselves on `RENAME COLUMN`. The replayed schema must say what the
 * database holds: SQLite rebuilds a table from it, and a stale `qty > 0` would fail the
 * rebuild with "no such column: qty".
 *
 * A small tokenizer, not a parser: identifiers are rewritten where they are whole tokens,
 * bare (compared case-insensitively, as unquoted names are) or quoted with `"…"`, `` `…` ``
 * or `[…]` (compared exactly); string literals, comments, numbers and dollar-quoted
 * strings are copied as they are; a bare word followed by `(` or `.` is not a column.
 */

const BARE_START = /[A-Za-z_\u0080-\uffff]/;
const BARE_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;

/** Where the quoted token that opens at `start` ends: after its `close` quote. */
function quotedEnd(sql: string, start: number, close: string): number {
  let at = start + 1;
  while (at < sql.length) {
    if (sql[at] === close) {
      // A doubled closing quote is the quote itself ('it''s', "a""b").
      if (sql[at + 1] === close && close !== ']') at += 2;
      else return at + 1;
    } else at += 1;
  }
  return sql.length;
}

/** `to` as a token in the place of `written` (quoted the same way, or bare if it can be). */
function spelled(to: string, written: string): string {
  const open = written[0];
  if (open === '"') return `"${to.replace(/"/g, '""')}"`;
  if (open === '`') return `\`${to.replace(/`/g, '``')}\``;
  if (open === '[') return `[${to}]`;
  return PLAIN_NAME.test(to) ? to : `"${to.replace(/"/g, '""')}"`;
}

/** The name a quoted token stands for (`"a""b"` → `a"b`). */
function unquoted(token: string): string {
  const open = token[0] ?? '';
  const close = open === '[' ? ']' : open;
  const inner = token.slice(1, token.endsWith(close) ? -1 : undefined);
  return open === '[' ? inner : inner.split(close + close).join(close);
}

/** A token already read: what it was, for the rules that look back. */
interface Seen {
  readonly kind: 'word' | 'quoted' | 'punct';
  /** A word lower-cased, a quoted name unquoted, punctuation as written. */
  readonly text: string;
}

/** Words after which `[` opens a quoted name (SQLite's `[qty]`), not an array subscript. */
const OPERAND_BEFORE = new Set(
  'and or not when then else case in is like between on where by select return as'.split(' '),
);

/**
 * `sql` with every reference to the column `from` of `table` naming `to` instead. Not a
 * reference: a word after `::` or `AS` (a type: `cast(x as date)`), the field of
 * `extract(year from …)`, a name qualified by another table or by an expression
 * (`other.qty`, `(addr).qty`), and a function name. A string's backslash escape
 * (MySQL's `'it\'s'`) is not read as one: such a string may end early.
 */
export function renameColumnInSql(sql: string, from: string, to: string, table?: string): string {
  let out = '';
  let at = 0;
  let prev: Seen | null = null;
  let prev2: Seen | null = null;
  const seen = (token: Seen): void => {
    prev2 = prev;
    prev = token;
  };
  /** Whether a name token here can be the column (see the rules above). */
  const columnPlace = (): boolean => {
    const p = prev as Seen | null;
    const q = prev2 as Seen | null;
    if (p?.kind === 'punct' && p.text === '::') return false;
    if (p?.kind === 'word' && p.text === 'as') return false;
    if (p?.kind === 'punct' && p.text === '(' && q?.kind === 'word' && q.text === 'extract')
      return false;
    if (p?.kind === 'punct' && p.text === '.')
      return (
        table !== undefined &&
        q !== null &&
        (q.kind === 'word'
          ? q.text === table.toLowerCase()
          : q.kind === 'quoted' && q.text === table)
      );
    return true;
  };
  /** Whether `[` here opens a quoted name rather than an array subscript. */
  const quoteBracket = (): boolean => {
    const p = prev as Seen | null;
    if (p === null) return true;
    if (p.kind === 'quoted') return false;
    if (p.kind === 'word') return OPERAND_BEFORE.has(p.text);
    return p.text !== ')' && p.text !== ']';
  };
  while (at < sql.length) {
    const char = sql[at] ?? '';
    const rest = sql.slice(at);
    let end: number;
    if (char === "'") {
      out += sql.slice(at, (end = quotedEnd(sql, at, "'")));
      seen({ kind: 'punct', text: "'" });
    } else if (rest.startsWith('--')) {
      const newline = sql.indexOf('\n', at);
      out += sql.slice(at, (end = newline < 0 ? sql.length : newline));
    } else if (rest.startsWith('/*')) {
      const close = sql.indexOf('*/', at + 2);
      out += sql.slice(at, (end = close < 0 ? sql.length : close + 2));
    } else if (char === '$' && /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.test(rest)) {
      // A PostgreSQL dollar-quoted string: $$…$$ or $tag$…$tag$.
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest)?.[0] ?? '$$';
      const close = sql.indexOf(tag, at + tag.length);
      out += sql.slice(at, (end = close < 0 ? sql.length : close + tag.length));
      seen({ kind: 'punct', text: "'" });
    } else if (char === '"' || char === '`' || (char === '[' && quoteBracket())) {
      end = quotedEnd(sql, at, char === '[' ? ']' : char);
      const token = sql.slice(at, end);
      const name = unquoted(token);
      const call = /^\s*\(/.test(sql.slice(end));
      out += !call && name === from && columnPlace() ? spelled(to, token) : token;
      seen({ kind: 'quoted', text: name });
    } else if (/[0-9]/.test(char)) {
      // A number (1e5, 0x1F, 2.5): its letters are not names.
      end = at + 1;
      while (end < sql.length && /[0-9A-Za-z_.]/.test(sql[end] ?? '')) end += 1;
      out += sql.slice(at, end);
      seen({ kind: 'punct', text: '0' });
    } else if (BARE_START.test(char)) {
      end = at + 1;
      while (end < sql.length && BARE_PART.test(sql[end] ?? '')) end += 1;
      const token = sql.slice(at, end);
      // Followed by `(` it is a function, by `.` a table's or schema's name.
      const call = /^\s*[(.]/.test(sql.slice(end));
      const column = !call && token.toLowerCase() === from.toLowerCase() && columnPlace();
      out += column ? spelled(to, token) : token;
      seen({ kind: 'word', text: token.toLowerCase() });
    } else if (char === ':' && sql[at + 1] === ':') {
      out += '::';
      end = at + 2;
      seen({ kind: 'punct', text: '::' });
    } else {
      out += char;
      end = at + 1;
      if (!/\s/.test(char)) seen({ kind: 'punct', text: char });
    }
    at = end;
  }
  return out;
}
