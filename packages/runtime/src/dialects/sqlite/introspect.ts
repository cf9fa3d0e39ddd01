/**
 * Reads a live SQLite database back into the schema IR. Columns, keys, indexes and
 * foreign keys come from PRAGMAs; constraint names and CHECK expressions, which no
 * PRAGMA reports, are read from the CREATE TABLE text SQLite keeps verbatim. Enum
 * columns are recognised by the `enum:<schema>.<name>` checks dbgen's DDL writes, and
 * tables named `schema.name` are split back (see ddl.ts).
 */
import { splitSqliteSearch } from './search-introspect.js';
import type {
  CheckIR,
  ColumnIR,
  EnumIR,
  ForeignKeyIR,
  IndexIR,
  ReferentialAction,
  SchemaIR,
  SearchIR,
  TableIR,
} from '../../schema/ir.js';
import { qualifiedKey } from '../../schema/ir.js';
import type {
  IntrospectOptions,
  SqlSession as MigrationConnection,
  SqlRow as Row,
} from '../../core/dialect-contract.js';
import { quoteString } from '../../schema/render.js';
import { emptySchema } from '../../schema/state.js';
import { enumType, parseType } from '../../schema/types.js';
import { SQLITE_ENUM_CHECK_PREFIX } from './ddl.js';
import { logicalTypeText, schemaDefault, SQLITE_TYPE_CHECK_PREFIX } from './storage.js';
import {
  enumValues,
  parseCreateIndex,
  parseCreateTable,
  parseSqliteDefault,
} from './create-table-text.js';

const ACTIONS: Readonly<Record<string, ReferentialAction | null>> = {
  'NO ACTION': null,
  RESTRICT: 'restrict',
  CASCADE: 'cascade',
  'SET NULL': 'set null',
  'SET DEFAULT': 'set default',
};

function splitName(name: string): { schema: string; name: string } {
  const dot = name.indexOf('.');
  return dot < 0
    ? { schema: 'public', name }
    : { schema: name.slice(0, dot), name: name.slice(dot + 1) };
}

const str = (value: unknown): string => String(value);

/** The schema of the SQLite database `connection` is connected to. */
export async function introspectSqlite(
  connection: MigrationConnection,
  options: IntrospectOptions = {},
): Promise<SchemaIR> {
  const exclude = new Set(options.exclude ?? []);
  const q = (sql: string, params: unknown[] = []): Promise<Row[]> => connection.query(sql, params);
  const all = (
    await q(
      `SELECT name, sql, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
  ).filter((row) => !exclude.has(str(row['name'])) && !str(row['name']).startsWith('_dbgen_'));
  // FTS5 tables (and their shadow tables) are the search of another table, not tables.
  const { tables: master, searches } = splitSqliteSearch(all);
  const enums: EnumIR[] = [];
  const tables: TableIR[] = [];
  for (const row of master) {
    const sqliteName = str(row['name']);
    const { schema, name } = splitName(sqliteName);
    const key = qualifiedKey(schema, name);
    // A view: its query is what follows `CREATE VIEW <name> AS`; it has no constraints.
    const view =
      row['type'] === 'view'
        ? str(row['sql']).replace(
            /^\s*CREATE\s+(?:TEMP(?:ORARY)?\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|\S+)\s+AS\s+/i,
            '',
          )
        : null;
    const parsed =
      view === null
        ? parseCreateTable(str(row['sql']))
        : { checks: [], named: [], generated: new Map<string, string>() };
    const info = await q(`PRAGMA table_xinfo(${quoteString(sqliteName)})`);
    const autoIncrement = /\bAUTOINCREMENT\b/i.test(str(row['sql']));
    const pkColumns = info
      .filter((c) => Number(c['pk']) > 0)
      .sort((a, b) => Number(a['pk']) - Number(b['pk']))
      .map((c) => str(c['name']));

    const enumColumns = new Map<string, { schema: string; name: string }>();
    const checks: CheckIR[] = [];
    for (const check of parsed.checks) {
      // A column's type check is part of its type (storage.ts), not a schema check.
      if (check.name?.startsWith(SQLITE_TYPE_CHECK_PREFIX)) continue;
      const values = check.name?.startsWith(SQLITE_ENUM_CHECK_PREFIX)
        ? enumValues(check.expression)
        : null;
      if (!values || !check.name) {
        checks.push(check);
        continue;
      }
      const ref = splitName(check.name.slice(SQLITE_ENUM_CHECK_PREFIX.length));
      enumColumns.set(values.column, ref);
      if (!enums.some((e) => e.schema === ref.schema && e.name === ref.name)) {
        enums.push({
          ...ref,
          values: values.values.map((v) => ({ name: v, note: null })),
          note: null,
        });
      }
    }

    const columns: ColumnIR[] = info
      .filter((c) => [0, 2, 3].includes(Number(c['hidden'])))
      .map((c) => {
        const columnName = str(c['name']);
        const expression = parsed.generated.get(columnName);
        const generated =
          Number(c['hidden']) === 0 || expression === undefined
            ? {}
            : { generated: { expression, stored: Number(c['hidden']) === 3 } };
        const ref = enumColumns.get(columnName);
        const primaryKey = pkColumns.includes(columnName);
        const declared = str(c['type'] || 'blob');
        return {
          name: columnName,
          type: ref ? enumType(ref.schema, ref.name) : parseType(logicalTypeText(declared)),
          // An INTEGER PRIMARY KEY is the rowid: never null, whatever PRAGMA says.
          nullable: !(Number(c['notnull']) === 1 || (primaryKey && autoIncrement)),
          primaryKey,
          unique: false,
          autoIncrement: primaryKey && pkColumns.length === 1 && autoIncrement,
          default: schemaDefault(
            parseSqliteDefault(c['dflt_value'] === null ? null : str(c['dflt_value'])),
            declared,
          ),
          checks: [],
          note: null,
          propertyName: columnName,
          ...generated,
        };
      });

    const namedOf = (
      kind: 'UNIQUE' | 'FOREIGN' | 'PRIMARY',
      cols: readonly string[],
      references?: string,
    ): string | undefined =>
      parsed.named.find(
        (n) =>
          n.kind === kind &&
          n.columns.join(',') === cols.join(',') &&
          (references === undefined || n.references === references),
      )?.name;

    const indexes: IndexIR[] = [];
    const uniques: { name: string; columns: string[] }[] = [];
    const indexList = await q(`PRAGMA index_list(${quoteString(sqliteName)})`);
    for (const index of [...indexList].sort((a, b) =>
      str(a['name']).localeCompare(str(b['name'])),
    )) {
      const indexName = str(index['name']);
      const partial = Number(index['partial']) === 1;
      if (index['origin'] === 'pk') continue;
      const parts = await q(`PRAGMA index_xinfo(${quoteString(indexName)})`);
      const keyParts = parts
        .filter((p) => Number(p['key']) === 1)
        .sort((a, b) => Number(a['seqno']) - Number(b['seqno']));
      const names = keyParts.map((p) => (p['name'] === null ? null : str(p['name'])));
      if (index['origin'] === 'u') {
        const cols = names.map((n) => n ?? '');
        uniques.push({
          name: namedOf('UNIQUE', cols) ?? `${name}_${cols.join('_')}_key`,
          columns: cols,
        });
        continue;
      }
      let expressions: string[] = [];
      let where: string | undefined;
      if (names.some((n) => n === null) || partial) {
        const sqlRow = await q(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?`, [
          indexName,
        ]);
        const parsed = parseCreateIndex(str(sqlRow[0]?.['sql'] ?? ''));
        expressions = parsed.expressions;
        if (partial) where = parsed.where;
      }
      indexes.push({
        name: indexName,
        parts: names.map((n, k) =>
          n === null
            ? { kind: 'expression', sql: expressions[k] ?? '' }
            : { kind: 'column', name: n },
        ),
        unique: Number(index['unique']) === 1,
        type: null,
        note: null,
        ...(where !== undefined ? { where } : {}),
      });
    }

    const fkRows = await q(`PRAGMA foreign_key_list(${quoteString(sqliteName)})`);
    const foreignKeys: ForeignKeyIR[] = [];
    for (const id of [...new Set(fkRows.map((r) => Number(r['id'])))].sort((a, b) => b - a)) {
      const rows = fkRows
        .filter((r) => Number(r['id']) === id)
        .sort((a, b) => Number(a['seq']) - Number(b['seq']));
      const first = rows[0];
      if (!first) continue;
      const target = splitName(str(first['table']));
      const cols = rows.map((r) => str(r['from']));
      foreignKeys.push({
        name:
          namedOf(
            'FOREIGN',
            cols,
            `${str(first['table'])}(${rows.map((r) => str(r['to'])).join(',')})`,
          ) ?? `${name}_${cols.join('_')}_fkey`,
        columns: cols,
        target: qualifiedKey(target.schema, target.name),
        targetColumns: rows.map((r) => str(r['to'])),
        onDelete: ACTIONS[str(first['on_delete'])] ?? null,
        onUpdate: ACTIONS[str(first['on_update'])] ?? null,
        oneToOne: false,
      });
    }

    tables.push({
      key,
      schema,
      name,
      alias: null,
      note: null,
      columns,
      primaryKey:
        pkColumns.length > 0
          ? { name: namedOf('PRIMARY', pkColumns) ?? `${name}_pkey`, columns: pkColumns }
          : null,
      uniques,
      indexes,
      checks,
      foreignKeys,
      orm: { className: name, versionColumn: null, relations: [], isJoinTable: false },
      synthesized: false,
      ...(view !== null ? { view: { sql: view.trim() } } : {}),
      ...(searches.has(sqliteName) ? { search: searches.get(sqliteName) as SearchIR } : {}),
    });
  }
  return { ...emptySchema(), enums, tables };
}
