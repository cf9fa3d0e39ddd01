/**
 * Reading what SQLite keeps only as text: constraint names, CHECK expressions and
 * generated columns from the CREATE TABLE statement (no PRAGMA reports them), defaults as
 * `PRAGMA table_info` gives them, and the value lists of dbgen's enum checks. A small
 * tokenizer, not a SQL parser: it knows quoting and parentheses, nothing more.
 */
import type { CheckIR, DefaultIR } from '../../schema/ir.js';

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** The identifier a token names, unquoted; undefined for punctuation and strings. */
  readonly ident?: string;
}

/** Splits SQL into identifiers, strings, numbers and punctuation, keeping offsets. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s+|--[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|'(?:[^']|'')*'|[A-Za-z_][\w$]*|\d+(?:\.\d+)?|[\s\S]/g;
  for (let match = pattern.exec(sql); match; match = pattern.exec(sql)) {
    const text = match[0];
    if (/^\s/.test(text) || text.startsWith('--') || text.startsWith('/*')) continue;
    const start = match.index;
    const quote = text[0];
    let ident: string | undefined;
    if (quote === '"' || quote === '`') ident = text.slice(1, -1).replaceAll(quote + quote, quote);
    else if (quote === '[') ident = text.slice(1, -1);
    else if (/^[A-Za-z_]/.test(text)) ident = text;
    tokens.push({
      text,
      start,
      end: start + text.length,
      ...(ident !== undefined ? { ident } : {}),
    });
  }
  return tokens;
}

/** The comma-separated items of the outermost parenthesised list, as token runs. */
function topLevelItems(tokens: readonly Token[]): Token[][] {
  const items: Token[][] = [];
  let depth = 0;
  let current: Token[] = [];
  for (const token of tokens) {
    if (token.text === '(') {
      depth += 1;
      if (depth === 1) continue;
    }
    if (token.text === ')') {
      depth -= 1;
      if (depth === 0) {
        items.push(current);
        break;
      }
    }
    if (depth === 1 && token.text === ',') {
      items.push(current);
      current = [];
    } else if (depth >= 1) current.push(token);
  }
  return items.filter((item) => item.length > 0);
}

/** The text inside the parentheses that open at `tokens[at]`, and the index after them. */
function parenthesised(
  sql: string,
  tokens: readonly Token[],
  at: number,
): { text: string; next: number } {
  let depth = 0;
  for (let i = at; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (!token) break;
    if (token.text === '(') depth += 1;
    if (token.text === ')' && --depth === 0) {
      return { text: sql.slice(tokens[at]?.end ?? 0, token.start).trim(), next: i + 1 };
    }
  }
  return { text: '', next: tokens.length };
}

const upper = (token: Token | undefined): string => token?.text.toUpperCase() ?? '';

interface ParsedConstraints {
  checks: CheckIR[];
  /** Named table constraints by kind, in order, with their column lists. */
  named: {
    kind: 'UNIQUE' | 'FOREIGN' | 'PRIMARY';
    name: string;
    columns: string[];
    /** For FOREIGN: `table(col, ...)` it references, unquoted. */
    references?: string;
  }[];
  /** Generated columns' expressions (`[GENERATED ALWAYS] AS (expr)`), by column name. */
  generated: Map<string, string>;
}

const TABLE_CONSTRAINTS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

/** Constraint names and checks from a CREATE TABLE statement. */
export function parseCreateTable(sql: string): ParsedConstraints {
  const tokens = tokenize(sql);
  const result: ParsedConstraints = { checks: [], named: [], generated: new Map() };
  for (const item of topLevelItems(tokens)) {
    const column = item[0]?.ident;
    if (column !== undefined && !TABLE_CONSTRAINTS.has(upper(item[0]))) {
      const as = item.findIndex((t, k) => k > 0 && upper(t) === 'AS' && item[k + 1]?.text === '(');
      if (as > 0) result.generated.set(column, parenthesised(sql, item, as + 1).text);
    }
    for (let i = 0; i < item.length; i += 1) {
      let name: string | null = null;
      let at = i;
      if (upper(item[i]) === 'CONSTRAINT') {
        name = item[i + 1]?.ident ?? null;
        at = i + 2;
      }
      const kind = upper(item[at]);
      if (kind === 'CHECK' && item[at + 1]?.text === '(') {
        const { text, next } = parenthesised(sql, item, at + 1);
        result.checks.push({ name, expression: text });
        i = next - 1;
      } else if (name !== null && (kind === 'UNIQUE' || kind === 'FOREIGN' || kind === 'PRIMARY')) {
        const open = item.findIndex((t, k) => k > at && t.text === '(');
        const { text } = open < 0 ? { text: '' } : parenthesised(sql, item, open);
        const columns = tokenize(text).flatMap((t) => (t.ident !== undefined ? [t.ident] : []));
        let references: string | undefined;
        const ref = item.findIndex((t, k) => k > open && upper(t) === 'REFERENCES');
        if (kind === 'FOREIGN' && ref > 0) {
          const target = item[ref + 1]?.ident ?? '';
          const targetOpen = item.findIndex((t, k) => k > ref && t.text === '(');
          const targetColumns = targetOpen < 0 ? '' : parenthesised(sql, item, targetOpen).text;
          const cols = tokenize(targetColumns).flatMap((t) =>
            t.ident !== undefined ? [t.ident] : [],
          );
          references = `${target}(${cols.join(',')})`;
        }
        result.named.push({
          kind,
          name,
          columns,
          ...(references !== undefined ? { references } : {}),
        });
        i = at;
      }
    }
  }
  return result;
}

/** Parses a default as SQLite keeps it: `'x'`, `42`, `TRUE`, `(expr)`, `CURRENT_TIMESTAMP`. */
export function parseSqliteDefault(text: string | null): DefaultIR | null {
  if (text === null) return null;
  const value = text.trim();
  if (/^'(?:[^']|'')*'$/.test(value))
    return { kind: 'string', value: value.slice(1, -1).replace(/''/g, "'") };
  if (/^[-+]?\d+(\.\d+)?$/.test(value)) {
    return {
      kind: 'number',
      value: value.includes('.') || value.replace(/^[-+]/, '').length > 15 ? value : Number(value),
    };
  }
  if (/^true$/i.test(value)) return { kind: 'boolean', value: true };
  if (/^false$/i.test(value)) return { kind: 'boolean', value: false };
  if (/^null$/i.test(value)) return null;
  const inner = value.startsWith('(') && value.endsWith(')') ? value.slice(1, -1).trim() : value;
  return { kind: 'expression', sql: inner };
}

/** `"status" IN ('a', 'b')` → the column and the values. */
export function enumValues(expression: string): { column: string; values: string[] } | null {
  const tokens = tokenize(expression);
  if (upper(tokens[1]) !== 'IN' || tokens[0]?.ident === undefined) return null;
  const values = tokens
    .filter((t) => t.text.startsWith("'"))
    .map((t) => t.text.slice(1, -1).replace(/''/g, "'"));
  return { column: tokens[0].ident, values };
}

/**
 * The key expressions of a CREATE INDEX statement (as written, outer parentheses
 * dropped), and the predicate after WHERE when there is one (a partial index).
 */
export function parseCreateIndex(sql: string): { expressions: string[]; where?: string } {
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t, k) => t.text === '(' && upper(tokens[k - 1]) !== 'INDEX');
  const expressions = topLevelItems(tokens.slice(open)).map((item) =>
    sql.slice(item[0]?.start ?? 0, item[item.length - 1]?.end ?? 0).replace(/^\((.*)\)$/s, '$1'),
  );
  // The predicate is all that follows WHERE after the key list.
  const after = parenthesised(sql, tokens, open).next;
  const keyword = tokens.findIndex((t, k) => k >= after && upper(t) === 'WHERE');
  const predicateStart = tokens[keyword + 1];
  return keyword >= 0 && predicateStart
    ? { expressions, where: sql.slice(predicateStart.start).trim() }
    : { expressions };
}
