/**
 * SQLite full-text search DDL: an external-content FTS5 table over the searched columns
 * (it stores only the index; the text stays in the table), kept in sync by three triggers,
 * the recipe of SQLite's FTS5 documentation (section 4.4.3). Rows are matched by rowid.
 * `language: english` picks FTS5's porter stemmer; any other language the plain
 * `unicode61` tokenizer.
 */
import type { SearchIR } from '../../schema/ir.js';
import { quoteIdent } from '../../schema/render.js';
import { searchObjectNames } from '../../schema/search.js';

/** `tableName` is the table's name in SQLite (schema folded in, unquoted). */
export function createSqliteSearch(tableName: string, search: SearchIR): string[] {
  const names = searchObjectNames(tableName);
  const fts = quoteIdent(names.ftsTable);
  const columns = search.columns.map(quoteIdent).join(', ');
  const tokenizer = search.language === 'english' ? 'porter unicode61' : 'unicode61';
  return [
    `CREATE VIRTUAL TABLE ${fts} USING fts5(${columns}, content='${tableName.replace(/'/g, "''")}', tokenize='${tokenizer}')`,
    ...sqliteSearchTriggers(tableName, search),
    // Rows already in the table are indexed now; the triggers keep later ones.
    `INSERT INTO ${fts}(${fts}) VALUES ('rebuild')`,
  ];
}

/** The three triggers (also re-made after a table rebuild, which drops them). */
export function sqliteSearchTriggers(tableName: string, search: SearchIR): string[] {
  const names = searchObjectNames(tableName);
  const fts = quoteIdent(names.ftsTable);
  const table = quoteIdent(tableName);
  const columns = search.columns.map(quoteIdent).join(', ');
  const values = (row: string): string =>
    search.columns.map((c) => `${row}.${quoteIdent(c)}`).join(', ');
  const remove = `INSERT INTO ${fts}(${fts}, rowid, ${columns}) VALUES ('delete', old.rowid, ${values('old')});`;
  const add = `INSERT INTO ${fts}(rowid, ${columns}) VALUES (new.rowid, ${values('new')});`;
  const [onInsert, onDelete, onUpdate] = names.triggers.map(quoteIdent) as [string, string, string];
  return [
    `CREATE TRIGGER ${onInsert} AFTER INSERT ON ${table} BEGIN ${add} END`,
    `CREATE TRIGGER ${onDelete} AFTER DELETE ON ${table} BEGIN ${remove} END`,
    `CREATE TRIGGER ${onUpdate} AFTER UPDATE ON ${table} BEGIN ${remove} ${add} END`,
  ];
}

export function dropSqliteSearch(tableName: string): string[] {
  const names = searchObjectNames(tableName);
  return [
    ...names.triggers.map((t) => `DROP TRIGGER IF EXISTS ${quoteIdent(t)}`),
    `DROP TABLE IF EXISTS ${quoteIdent(names.ftsTable)}`,
  ];
}
