/**
 * Where a second statement starts in a SQL text, for SQLite. The `sqlite3` driver compiles
 * only the first statement of a text and drops the rest without a word, so
 * `create temp table t (x); insert into t values (1)` created the table and inserted
 * nothing. The driver refuses such a text before running any of it (driver.ts), as
 * MySQL/MariaDB do (PostgreSQL runs them all).
 *
 * A small SQLite lexer: strings (`'...'`), quoted names (`"..."`, `` `...` ``, `[...]`),
 * `--` and `/* *\/` comments (SQLite's do not nest), words, and `;`. A `CREATE TRIGGER`
 * holds statements of its own between BEGIN and END: there a `;` ends the text only after
 * the trigger's END (a CASE's END excluded), as `sqlite3_complete()` reads it.
 */

/** The index where a second statement starts in `sql`, or -1 when it holds at most one. */
export function secondStatementAt(sql: string): number {
  // Builder statements never hold `;`: one scan of the text, no lexing.
  const semicolon = sql.indexOf(';');
  if (semicolon === -1) return -1;
  let i = 0;
  let words = 0;
  let trigger = false;
  let cases = 0;
  let firstWord = '';
  let lastWord = '';
  let ended = false;
  while (i < sql.length) {
    const code = sql.charCodeAt(i);
    if (code === 32 || (code >= 9 && code <= 13)) {
      i++;
      continue;
    }
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      continue;
    }
    // Something that is not space or a comment after the first statement ended.
    if (ended) return i;
    if (code === 59 /* ; */) {
      if (!trigger || (lastWord === 'end' && cases === 0)) ended = true;
      lastWord = '';
      i++;
      continue;
    }
    const close =
      code === 39 ? "'" : code === 34 ? '"' : code === 96 ? '`' : code === 91 ? ']' : null;
    if (close !== null) {
      i = quotedEnd(sql, i + 1, close);
      lastWord = '';
      continue;
    }
    if (isWordPart(code)) {
      const start = i;
      while (i < sql.length && isWordPart(sql.charCodeAt(i))) i++;
      const word = sql.slice(start, i).toLowerCase();
      if (++words === 1) firstWord = word;
      // CREATE [TEMP | TEMPORARY] TRIGGER
      if (
        word === 'trigger' &&
        firstWord === 'create' &&
        (words === 2 || (words === 3 && isTempAfterCreate(sql)))
      )
        trigger = true;
      else if (trigger && word === 'case') cases++;
      else if (trigger && word === 'end' && cases > 0) {
        cases--;
        lastWord = '';
        continue;
      }
      lastWord = word;
      continue;
    }
    lastWord = '';
    i++;
  }
  return -1;
}

/** The index after a quoted string or name whose closing character is `close` (doubled inside). */
function quotedEnd(sql: string, i: number, close: string): number {
  for (;;) {
    const end = sql.indexOf(close, i);
    if (end === -1) return sql.length;
    if (close !== ']' && sql[end + 1] === close) {
      i = end + 2;
      continue;
    }
    return end + 1;
  }
}

/** Whether the text starts `CREATE TEMP` / `CREATE TEMPORARY` (the second word is known to be one). */
function isTempAfterCreate(sql: string): boolean {
  return /^\s*create\s+temp(?:orary)?\s/i.test(sql);
}

/** Letters, digits, `_`, `$` and any non-ASCII character: SQLite's identifier characters. */
function isWordPart(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 36 ||
    code >= 128
  );
}
