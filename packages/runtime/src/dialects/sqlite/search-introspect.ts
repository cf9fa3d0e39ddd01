/**
 * Reading full-text search back from SQLite: an FTS5 table made by search-ddl.ts (named
 * `<table>_fts`, `content='<table>'`) and its shadow tables (`<table>_fts_data`, `_idx`,
 * `_docsize`, `_config`) are not tables of the schema but the `@dbgen search:` of their
 * content table. The porter tokenizer reads back as `language: english`.
 */
import type { SearchIR } from '../../schema/ir.js';

type Row = Record<string, unknown>;

const FTS5 = /^\s*CREATE\s+VIRTUAL\s+TABLE\s+("(?:[^"]|"")+"|\S+)\s+USING\s+fts5\s*\((.*)\)\s*$/is;

function unquote(name: string): string {
  const trimmed = name.trim();
  return trimmed.startsWith('"') ? trimmed.slice(1, -1).replace(/""/g, '"') : trimmed;
}

/** The rows of sqlite_master that are schema tables, and the searches found beside them. */
export function splitSqliteSearch(master: readonly Row[]): {
  tables: Row[];
  searches: Map<string, SearchIR>;
} {
  const searches = new Map<string, SearchIR>();
  const hidden = new Set<string>();
  for (const row of master) {
    const match = FTS5.exec(String(row['sql'] ?? ''));
    if (match === null) continue;
    const ftsName = unquote(match[1] ?? '');
    const args = (match[2] ?? '').split(',').map((a) => a.trim());
    const content = args
      .find((a) => /^content\s*=/i.test(a))
      ?.replace(/^content\s*=\s*'((?:[^']|'')*)'$/i, '$1')
      .replace(/''/g, "'");
    if (content === undefined || ftsName !== `${content}_fts`) continue;
    const columns = args.filter((a) => !a.includes('=')).map(unquote);
    const porter = args.some((a) => /^tokenize\s*=.*porter/i.test(a));
    searches.set(content, { columns, ...(porter ? { language: 'english' } : {}) });
    for (const suffix of ['', '_data', '_idx', '_docsize', '_config', '_content'])
      hidden.add(`${ftsName}${suffix}`);
  }
  return { tables: master.filter((row) => !hidden.has(String(row['name']))), searches };
}
