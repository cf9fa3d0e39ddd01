/**
 * Reads the DDL that @dbml/core's exporters wrote (`.out.sql` in the corpus: PostgreSQL,
 * MySQL, SQL Server, Oracle) into a small model to compare the IR with: tables, columns
 * and their types, primary keys, foreign keys, indexes. Only the subset those exporters
 * emit is understood.
 */
export interface SqlColumn {
  name: string;
  type: string;
  primaryKey: boolean;
  notNull: boolean;
  unique: boolean;
}

export interface SqlTable {
  key: string; // schema.name, schema `public` when unqualified
  columns: SqlColumn[];
  primaryKey: string[];
}

export interface SqlForeignKey {
  table: string;
  columns: string[];
  target: string;
  targetColumns: string[];
  onDelete: string | null;
  onUpdate: string | null;
}

export interface SqlIndex {
  table: string;
  name: string | null;
  unique: boolean;
  parts: string[];
}

export interface SqlModel {
  tables: SqlTable[];
  foreignKeys: SqlForeignKey[];
  indexes: SqlIndex[];
}

/** Splits on `sep` at paren depth 0, outside quotes. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quote !== null) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '[') quote = ']';
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      out.push(text.slice(start, i));
      start = i + sep.length;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

function unquote(name: string): string {
  const t = name.trim();
  if (/^(".*"|`.*`|\[.*\])$/.test(t)) return t.slice(1, -1);
  return t;
}

const IDENT = String.raw`(?:"[^"]*"|` + '`[^`]*`' + String.raw`|\[[^\]]*\]|[A-Za-z_][\w$]*)`;
const QUALIFIED = `(${IDENT}(?:\\s*\\.\\s*${IDENT})?)`;

function tableKey(qualified: string): string {
  const parts = splitQualified(qualified).map(unquote);
  return parts.length === 2 ? `${parts[0]}.${parts[1]}` : `public.${parts[0]}`;
}

function splitQualified(text: string): string[] {
  const re = new RegExp(IDENT, 'g');
  return text.match(re) ?? [];
}

function columnList(text: string): string[] {
  return splitTop(text, ',').map(unquote);
}

const CONSTRAINT_WORDS =
  /\s(PRIMARY\s+KEY|NOT\s+NULL|NULL|DEFAULT|UNIQUE|GENERATED|AUTO_INCREMENT|IDENTITY|CHECK|REFERENCES|COMMENT|CONSTRAINT)\b/i;

function parseColumn(item: string): SqlColumn {
  const nameMatch = new RegExp(`^(${IDENT})\\s+`).exec(item);
  const name = unquote(nameMatch?.[1] ?? item);
  const rest = ` ${item.slice(nameMatch?.[0].length ?? item.length)}`;
  const cut = CONSTRAINT_WORDS.exec(rest);
  const type = (cut === null ? rest : rest.slice(0, cut.index)).trim();
  const constraints = cut === null ? '' : rest.slice(cut.index);
  // Strip string literals before looking for keywords.
  const bare = constraints.replace(/'(?:[^']|'')*'/g, "''");
  return {
    name,
    type,
    primaryKey: /PRIMARY\s+KEY/i.test(bare),
    notNull: /NOT\s+NULL/i.test(bare),
    unique: /\bUNIQUE\b/i.test(bare),
  };
}

function action(text: string, which: 'DELETE' | 'UPDATE'): string | null {
  const match = new RegExp(
    `ON\\s+${which}\\s+(CASCADE|RESTRICT|SET\\s+NULL|SET\\s+DEFAULT|NO\\s+ACTION)`,
    'i',
  ).exec(text);
  return match?.[1] === undefined ? null : match[1].toLowerCase().replace(/\s+/g, ' ');
}

/** Parses exporter DDL into tables, foreign keys and indexes. */
export function parseExporterSql(sql: string): SqlModel {
  const model: SqlModel = { tables: [], foreignKeys: [], indexes: [] };
  const noComments = sql.replace(/--[^\n]*/g, '').replace(/^\s*GO\s*$/gm, ';');
  for (const statement of splitTop(noComments, ';')) {
    const create = new RegExp(
      `^CREATE\\s+TABLE\\s+${QUALIFIED}\\s*\\(([\\s\\S]*)\\)\\s*$`,
      'i',
    ).exec(statement);
    if (create !== null) {
      const table: SqlTable = { key: tableKey(create[1] ?? ''), columns: [], primaryKey: [] };
      for (const item of splitTop(create[2] ?? '', ',')) {
        const pk = /^(?:CONSTRAINT\s+\S+\s+)?PRIMARY\s+KEY\s*\(([^)]*)\)/i.exec(item);
        if (pk !== null) {
          table.primaryKey = columnList(pk[1] ?? '');
          continue;
        }
        if (/^(CONSTRAINT|UNIQUE|CHECK|INDEX|KEY|FOREIGN)\b/i.test(item)) continue;
        table.columns.push(parseColumn(item));
      }
      if (table.primaryKey.length === 0) {
        table.primaryKey = table.columns.filter((c) => c.primaryKey).map((c) => c.name);
      }
      model.tables.push(table);
      continue;
    }
    const fk = new RegExp(
      `^ALTER\\s+TABLE\\s+${QUALIFIED}\\s+ADD\\s+(?:CONSTRAINT\\s+${IDENT}\\s+)?FOREIGN\\s+KEY\\s*\\(([^)]*)\\)\\s*REFERENCES\\s+${QUALIFIED}\\s*\\(([^)]*)\\)([\\s\\S]*)$`,
      'i',
    ).exec(statement);
    if (fk !== null) {
      model.foreignKeys.push({
        table: tableKey(fk[1] ?? ''),
        columns: columnList(fk[2] ?? ''),
        target: tableKey(fk[3] ?? ''),
        targetColumns: columnList(fk[4] ?? ''),
        onDelete: action(fk[5] ?? '', 'DELETE'),
        onUpdate: action(fk[5] ?? '', 'UPDATE'),
      });
      continue;
    }
    const index = new RegExp(
      `^CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(?:(${IDENT})\\s+)?ON\\s+${QUALIFIED}\\s*(?:USING\\s+\\w+\\s*)?\\(([\\s\\S]*)\\)\\s*$`,
      'i',
    ).exec(statement);
    if (index !== null) {
      model.indexes.push({
        table: tableKey(index[3] ?? ''),
        name: index[2] === undefined ? null : unquote(index[2]),
        unique: index[1] !== undefined,
        parts: splitTop(index[4] ?? '', ',').map(unquote),
      });
    }
  }
  return model;
}
