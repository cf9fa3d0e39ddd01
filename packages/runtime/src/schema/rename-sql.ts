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

/** `sql` with every reference to the column `from` naming `to` instead. */
export function renameColumnInSql(sql: string, from: string, to: string): string {
  let out = '';
  let at = 0;
  while (at < sql.length) {
    const char = sql[at] ?? '';
    const rest = sql.slice(at);
    let end: number;
    if (char === "'") {
      out += sql.slice(at, (end = quotedEnd(sql, at, "'")));
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
    } else if (char === '"' || char === '`' || char === '[') {
      end = quotedEnd(sql, at, char === '[' ? ']' : char);
      const token = sql.slice(at, end);
      out += unquoted(token) === from ? spelled(to, token) : token;
    } else if (/[0-9]/.test(char)) {
      // A number (1e5, 0x1F, 2.5): its letters are not names.
      end = at + 1;
      while (end < sql.length && /[0-9A-Za-z_.]/.test(sql[end] ?? '')) end += 1;
      out += sql.slice(at, end);
    } else if (BARE_START.test(char)) {
      end = at + 1;
      while (end < sql.length && BARE_PART.test(sql[end] ?? '')) end += 1;
      const token = sql.slice(at, end);
      // Followed by `(` it is a function, by `.` a table's or schema's name.
      const call = /^\s*[(.]/.test(sql.slice(end));
      out += !call && token.toLowerCase() === from.toLowerCase() ? spelled(to, token) : token;
    } else {
      out += char;
      end = at + 1;
    }
    at = end;
  }
  return out;
}
