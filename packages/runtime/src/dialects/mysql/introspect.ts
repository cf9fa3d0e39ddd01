/**
 * Reads a live MySQL/MariaDB database (the connection's current database) back into the
 * schema IR through information_schema: tables, columns (types, defaults,
 * AUTO_INCREMENT, comments), keys, uniques, foreign keys with actions, checks, indexes.
 *
 * The inverse of ddl.ts, so that `dbgen pull` round-trips: TINYINT(1) → boolean (unless
 * it holds other values than 0 and 1: tinyint-flags.ts),
 * CHAR(36) → uuid, DATETIME(6) → timestamp, DECIMAL(65,30) → decimal, LONGTEXT → text,
 * MariaDB's JSON (LONGTEXT with a json_valid check) → json. Inline ENUM(...) types become
 * named enums (named after the column, or `table_column` when that name is taken by
 * other values); a `schema.table` name becomes that schema and table. A key name that
 * other tables' keys share, or that a table has, reads back as `table_column_key`; a
 * prefix key as a whole one with a note that says so (key-names.ts).
 */
import { foldMysqlSearch } from './search-introspect.js';
import { keyNote, prefixKeyNote, qualifyClashingKeys } from './key-names.js';
import type {
  ColumnIR,
  ColumnTypeIR,
  DefaultIR,
  EnumIR,
  ForeignKeyIR,
  IndexIR,
  ReferentialAction,
  SchemaIR,
  TableIR,
} from '../../schema/ir.js';
import { qualifiedKey } from '../../schema/ir.js';
import type { IntrospectOptions, SqlRow as Row, SqlSession } from '../../core/dialect-contract.js';
import { emptySchema } from '../../schema/state.js';
import { PROGRESS_TABLE } from './progress.js';
import { tinyintRemark, tinyintsNotFlags } from './tinyint-flags.js';
import { enumType, parseType, UNSIGNABLE } from '../../schema/types.js';

/** dbgen's own tables: the history and the progress of non-transactional runs. */
const OWN_TABLES = ['dbgen_migrations', PROGRESS_TABLE];

const str = (value: unknown): string => String(value);
const textOrNull = (value: unknown): string | null =>
  value === null || value === undefined || value === '' ? null : String(value);

// InnoDB checks NO ACTION at once, as RESTRICT, and MariaDB reports an unspecified action
// as RESTRICT: both read as the default.
const ACTIONS: Readonly<Record<string, ReferentialAction | null>> = {
  'NO ACTION': null,
  RESTRICT: null,
  CASCADE: 'cascade',
  'SET NULL': 'set null',
  'SET DEFAULT': 'set default',
};

/** `schema.table` (how ddl.ts names a table outside `public`) → [schema, table]. */
function splitName(name: string): [string, string] {
  const dot = name.indexOf('.');
  return dot < 0 ? ['public', name] : [name.slice(0, dot), name.slice(dot + 1)];
}

/** `enum('a','it''s')` → ['a', "it's"]. */
function enumValues(columnType: string): string[] {
  const values: string[] = [];
  const pattern = /'((?:[^'\\]|''|\\.)*)'/g;
  for (let m = pattern.exec(columnType); m; m = pattern.exec(columnType)) {
    values.push((m[1] ?? '').replace(/''/g, "'").replace(/\\(.)/g, '$1'));
  }
  return values;
}

/** A MySQL column type as the IR's type text (inverse of column-definition.ts's `mysqlType`). */
export function mysqlReadType(columnType: string, json = false): ColumnTypeIR {
  const lower = columnType.toLowerCase();
  // ZEROFILL is display only (and implies UNSIGNED, which COLUMN_TYPE then also says).
  const t = lower.replace(/\s+unsigned|\s+zerofill/g, '');
  const read = mysqlReadSigned(t, json);
  // UNSIGNED is a range (0 to 2^n - 1 for integers): kept as the type's last word
  // (`int unsigned`, `decimal(5,2) unsigned`), which DBML reads back as the same type.
  if (!/\bunsigned\b/.test(lower) || !UNSIGNABLE.has(read.logical)) return read;
  const args = read.args.length > 0 ? `(${read.args.join(',')})` : '';
  return parseType(`${read.name}${args} unsigned`);
}

function mysqlReadSigned(t: string, json: boolean): ColumnTypeIR {
  if (json || t === 'json') return parseType('json');
  if (t === 'tinyint(1)') return parseType('boolean');
  if (t === 'char(36)') return parseType('uuid');
  if (t === 'decimal(65,30)') return parseType('decimal');
  const datetime = /^datetime(?:\((\d)\))?$/.exec(t);
  if (datetime)
    return parseType(datetime[1] === '6' ? 'timestamp' : `timestamp(${datetime[1] ?? 0})`);
  // A TIMESTAMP (made outside dbgen, which makes DATETIME) with its own precision, 0
  // when bare: read as `timestamp`, it compared equal to dbgen's DATETIME(6). What it
  // has besides (a range to 2038, ON UPDATE) is in the table's pull remarks.
  const timestamp = /^timestamp(?:\((\d)\))?$/.exec(t);
  if (timestamp) return parseType(`timestamp(${timestamp[1] ?? 0})`);
  // As ddl.ts writes time: TIME(6) for a bare `time`, TIME(n) for `time(n)`; a bare TIME
  // (made outside dbgen) keeps no fraction.
  const time = /^time(?:\((\d)\))?$/.exec(t);
  if (time) return parseType(time[1] === '6' ? 'time' : `time(${time[1] ?? 0})`);
  if (/^(tiny|medium|long)?text$/.test(t)) return parseType('text');
  if (/^(tiny|medium|long)?blob$/.test(t)) return parseType('bytea');
  if (t === 'float') return parseType('real');
  // Display widths (`int(11)`) are not arguments.
  const integer = /^(tinyint|smallint|mediumint|int|bigint)(\(\d+\))?$/.exec(t);
  if (integer) return parseType(integer[1] === 'tinyint' ? 'smallint' : (integer[1] ?? 'int'));
  return parseType(t);
}

/**
 * What the table's columns have that the IR cannot hold, as the sticky note the DBML
 * writer puts above the table (`dbgen pull: <key>`), or null: a TIMESTAMP column (dbgen
 * makes DATETIME), ON UPDATE CURRENT_TIMESTAMP (the IR has no ON UPDATE), and a TINYINT(1)
 * read as an integer (`integers`: it holds values other than 0 and 1, tinyint-flags.ts).
 */
function ofTableRemarks(
  columns: readonly Row[],
  key: string,
  integers: ReadonlySet<string>,
): SchemaIR['notes'][number] | null {
  const lines: string[] = [...[...integers].map(tinyintRemark)];
  for (const c of columns) {
    const name = str(c['name']);
    const type = str(c['type']).toLowerCase();
    const onUpdate = /\bon update (current_timestamp(\(\d*\))?|now\(\))/i.exec(str(c['extra']));
    const timestamp = /^timestamp\b/.test(type);
    if (!timestamp && onUpdate === null) continue;
    const what = [
      ...(timestamp ? [`a MySQL ${type.toUpperCase()} (a range to 2038, kept in UTC)`] : []),
      ...(onUpdate !== null ? [`ON UPDATE ${onUpdate[1]?.toUpperCase() ?? ''}`] : []),
    ].join(' with ');
    lines.push(
      `column ${name} is ${what}, which DBML cannot say: push keeps the column as it is, but a change to it (ALTER ... MODIFY COLUMN, which restates the whole column) makes it DATETIME${onUpdate !== null ? ' without ON UPDATE' : ''}, as a database made from this file has it.`,
    );
  }
  return lines.length === 0 ? null : { name: `dbgen pull: ${key}`, content: lines.join('\n') };
}

/** Parses COLUMN_DEFAULT as MariaDB (quoted literals) or MySQL (bare text) prints it. */
function parseDefault(value: unknown, columnType: string, mariadb: boolean): DefaultIR | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (/^null$/i.test(text)) return null;
  const quoted = /^'((?:[^'\\]|''|\\.)*)'$/s.exec(text);
  const numeric = /^(tiny|small|medium|big)?int|^decimal|^float|^double/.test(columnType);
  if (quoted || (!mariadb && !/\(/.test(text) && !numeric)) {
    const literal = quoted ? (quoted[1] ?? '').replace(/''/g, "'").replace(/\\(.)/g, '$1') : text;
    return { kind: 'string', value: literal };
  }
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    if (columnType === 'tinyint(1)') return { kind: 'boolean', value: text !== '0' };
    return { kind: 'number', value: text.includes('.') || text.length > 15 ? text : Number(text) };
  }
  if (/^current_timestamp(\(\d*\))?$/i.test(text)) return { kind: 'expression', sql: 'now()' };
  return { kind: 'expression', sql: text.replace(/^\((.*)\)$/s, '$1') };
}

/** A check clause without identifier backticks (DBML delimits expressions with them). */
function checkExpression(clause: string): string {
  return clause.replace(/`((?:[^`]|``)+)`/g, (_m, name: string) => name.replace(/``/g, '`'));
}

/**
 * A generation expression without identifier quotes: MySQL writes backticks, MariaDB (in
 * the ANSI_QUOTES mode dbgen's sessions use) double quotes.
 */
function generationExpression(text: string): string {
  return checkExpression(text).replace(/"((?:[^"]|"")+)"/g, (_m, name: string) =>
    name.replace(/""/g, '"'),
  );
}

/** The schema of the database `connection` is connected to. */
export async function introspectMysql(
  connection: SqlSession,
  options: IntrospectOptions = {},
): Promise<SchemaIR> {
  const exclude = new Set([...(options.exclude ?? []), ...OWN_TABLES]);
  const q = (sql: string): Promise<Row[]> => connection.query(sql);
  const version = str((await q('SELECT VERSION() AS "v"'))[0]?.['v']);
  const mariadb = /mariadb/i.test(version);

  const tableRows = (
    await q(`SELECT t.TABLE_NAME AS "name", t.TABLE_COMMENT AS "note", v.VIEW_DEFINITION AS "view"
      FROM information_schema.TABLES t LEFT JOIN information_schema.VIEWS v
        ON v.TABLE_SCHEMA = t.TABLE_SCHEMA AND v.TABLE_NAME = t.TABLE_NAME
      WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE IN ('BASE TABLE', 'VIEW') ORDER BY t.TABLE_NAME`)
  ).filter((row) => !exclude.has(splitName(str(row['name']))[1]));
  if (tableRows.length === 0) return emptySchema();

  const columnRows = await q(`SELECT TABLE_NAME AS "table", COLUMN_NAME AS "name",
      COLUMN_TYPE AS "type", IS_NULLABLE AS "nullable", COLUMN_DEFAULT AS "default",
      EXTRA AS "extra", COLUMN_COMMENT AS "note", GENERATION_EXPRESSION AS "generation"
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
    ORDER BY TABLE_NAME, ORDINAL_POSITION`);
  const constraintRows = await q(`SELECT tc.TABLE_NAME AS "table", tc.CONSTRAINT_NAME AS "name",
      tc.CONSTRAINT_TYPE AS "type", k.COLUMN_NAME AS "column", k.REFERENCED_TABLE_NAME AS "target",
      k.REFERENCED_COLUMN_NAME AS "target_column", r.UPDATE_RULE AS "on_update",
      r.DELETE_RULE AS "on_delete"
    FROM information_schema.TABLE_CONSTRAINTS tc
    JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
      AND k.TABLE_NAME = tc.TABLE_NAME AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
    LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
      AND r.TABLE_NAME = tc.TABLE_NAME AND r.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
    WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
    ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION`);
  const checkRows = mariadb
    ? await q(`SELECT TABLE_NAME AS "table", CONSTRAINT_NAME AS "name", CHECK_CLAUSE AS "clause"
        FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()
        ORDER BY TABLE_NAME, CONSTRAINT_NAME`)
    : await q(`SELECT tc.TABLE_NAME AS "table", tc.CONSTRAINT_NAME AS "name", cc.CHECK_CLAUSE AS "clause"
        FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.CHECK_CONSTRAINTS cc
          ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
        WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK'
        ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME`);
  const indexRows = await q(`SELECT TABLE_NAME AS "table", INDEX_NAME AS "name",
      NON_UNIQUE AS "non_unique", COLUMN_NAME AS "column", INDEX_TYPE AS "method",
      INDEX_COMMENT AS "note", SUB_PART AS "sub_part"
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'
    ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`);

  // TINYINT(1) columns used as small integers (tinyint-flags.ts): read as integers.
  const integerTinyints = await tinyintsNotFlags(
    q,
    tableRows.filter((row) => row['view'] == null).map((row) => str(row['name'])),
    columnRows,
  );

  const enums: EnumIR[] = [];
  /** The enum for an inline ENUM(...) type: reused when another column has the same values. */
  const enumFor = (table: string, column: string, values: string[]): EnumIR => {
    const same = enums.find((e) => e.values.map((v) => v.name).join('\0') === values.join('\0'));
    if (same) return same;
    const name = enums.some((e) => e.name === column) ? `${table}_${column}` : column;
    const created: EnumIR = {
      schema: 'public',
      name,
      values: values.map((v) => ({ name: v, note: null })),
      note: null,
    };
    enums.push(created);
    return created;
  };

  const notes: SchemaIR['notes'][number][] = [];
  const tables: TableIR[] = tableRows.map((row) => {
    const fullName = str(row['name']);
    const [schema, name] = splitName(fullName);
    const integers = integerTinyints.get(fullName) ?? new Set<string>();
    const remarks = ofTableRemarks(
      columnRows.filter((c) => c['table'] === fullName),
      qualifiedKey(schema, name),
      integers,
    );
    if (remarks !== null) notes.push(remarks);
    const ofTable = (rows: Row[]): Row[] => rows.filter((r) => r['table'] === fullName);
    const constraints = ofTable(constraintRows);
    const checks = ofTable(checkRows);
    // MariaDB's JSON is LONGTEXT with a column check `json_valid(col)` named after it.
    const jsonColumns = new Set(
      checks
        .filter((c) => /^json_valid\(`?[^`]+`?\)$/i.test(str(c['clause']).trim()))
        .map((c) => str(c['name'])),
    );
    const pkColumns = constraints
      .filter((c) => c['type'] === 'PRIMARY KEY')
      .map((c) => str(c['column']));
    const columns: ColumnIR[] = ofTable(columnRows).map((c) => {
      const columnName = str(c['name']);
      const written = str(c['type']).toLowerCase();
      // Without its display width a TINYINT(1) reads as the integer (and its default too).
      const columnType = integers.has(columnName)
        ? written.replace(/^tinyint\(1\)/, 'tinyint')
        : written;
      const type = columnType.startsWith('enum(')
        ? enumType('public', enumFor(name, columnName, enumValues(str(c['type']))).name)
        : mysqlReadType(columnType, jsonColumns.has(columnName));
      // EXTRA says `STORED GENERATED` / `VIRTUAL GENERATED` (MySQL, MariaDB 10.2+).
      const generated = /\b(STORED|VIRTUAL) GENERATED\b/i.exec(str(c['extra']));
      return {
        name: columnName,
        type,
        nullable: c['nullable'] === 'YES',
        primaryKey: pkColumns.includes(columnName),
        unique: false,
        autoIncrement: /auto_increment/i.test(str(c['extra'])),
        default: generated ? null : parseDefault(c['default'], columnType, mariadb),
        checks: [],
        note: textOrNull(c['note']),
        propertyName: columnName,
        ...(generated
          ? {
              generated: {
                expression: generationExpression(str(c['generation'])),
                stored: generated[1]?.toUpperCase() === 'STORED',
              },
            }
          : {}),
      };
    });
    const grouped = (type: string): Map<string, Row[]> => {
      const groups = new Map<string, Row[]>();
      for (const c of constraints.filter((k) => k['type'] === type)) {
        const key = str(c['name']);
        groups.set(key, [...(groups.get(key) ?? []), c]);
      }
      return groups;
    };
    const foreignKeys: ForeignKeyIR[] = [...grouped('FOREIGN KEY')].map(([fkName, parts]) => {
      const first = parts[0] as Row;
      const [targetSchema, targetName] = splitName(str(first['target']));
      return {
        name: fkName,
        columns: parts.map((p) => str(p['column'])),
        target: qualifiedKey(targetSchema, targetName),
        targetColumns: parts.map((p) => str(p['target_column'])),
        onDelete: ACTIONS[str(first['on_delete'])] ?? null,
        onUpdate: ACTIONS[str(first['on_update'])] ?? null,
        oneToOne: false,
      };
    });
    const indexGroups = new Map<string, Row[]>();
    for (const i of ofTable(indexRows)) {
      const key = str(i['name']);
      indexGroups.set(key, [...(indexGroups.get(key) ?? []), i]);
    }
    // A key over a prefix of a column (`KEY (title(20))`) says so in its note: DBML has no
    // prefix keys (key-names.ts). A unique one is read as a unique index, which has a note.
    const prefixNote = (indexName: string, unique: boolean): string | null =>
      prefixKeyNote(
        (indexGroups.get(indexName) ?? []).map((p) => ({
          name: str(p['column']),
          prefix: p['sub_part'] == null ? null : Number(p['sub_part']),
        })),
        unique,
      );
    const uniqueGroups = grouped('UNIQUE');
    const uniqueNames = new Set(
      [...uniqueGroups.keys()].filter((uniqueName) => prefixNote(uniqueName, true) === null),
    );
    const indexes: IndexIR[] = [...indexGroups]
      // Unique constraints are listed as uniques; the index InnoDB adds for a foreign key
      // (named after it) comes back by itself when the key is created.
      .filter(([indexName]) => !uniqueNames.has(indexName))
      .filter(([indexName]) => !foreignKeys.some((fk) => fk.name === indexName))
      .map(([indexName, parts]) => {
        const first = parts[0] as Row;
        const method = str(first['method']).toLowerCase();
        const unique = Number(first['non_unique']) === 0;
        return {
          name: indexName,
          parts: parts.map((p) => ({ kind: 'column' as const, name: str(p['column']) })),
          unique,
          type: method === 'btree' || method === 'hash' ? null : method,
          note: keyNote(textOrNull(first['note']), prefixNote(indexName, unique)),
        };
      });
    return {
      key: qualifiedKey(schema, name),
      schema,
      name,
      alias: null,
      // A view's TABLE_COMMENT is the word VIEW, not a note.
      note: row['view'] != null ? null : textOrNull(row['note']),
      columns,
      primaryKey: pkColumns.length > 0 ? { name: null, columns: pkColumns } : null,
      uniques: [...uniqueGroups]
        .filter(([uniqueName]) => uniqueNames.has(uniqueName))
        .map(([uniqueName, parts]) => ({
          name: uniqueName,
          columns: parts.map((p) => str(p['column'])),
        })),
      indexes,
      checks: checks
        .filter((c) => !jsonColumns.has(str(c['name'])))
        .map((c) => ({ name: str(c['name']), expression: checkExpression(str(c['clause'])) })),
      foreignKeys,
      orm: { className: name, versionColumn: null, relations: [], isJoinTable: false },
      synthesized: false,
      // A view's query as the server keeps it (names quoted, the database named).
      ...(row['view'] != null ? { view: { sql: generationExpression(str(row['view'])) } } : {}),
    };
  });
  return {
    ...emptySchema(),
    // Says which database this is (DBML's own database_type): the DBML writer marks no
    // unique as a constraint here, where a unique constraint is its unique index.
    project: {
      name: null,
      databaseType: mariadb ? 'MariaDB' : 'MySQL',
      note: null,
      properties: {},
    },
    enums,
    tables: qualifyClashingKeys(tables.map(foldMysqlSearch)),
    notes,
  };
}
