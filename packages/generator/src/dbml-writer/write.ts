/**
 * Schema IR → DBML text, for `dbgen pull`: what an introspected database looks like as a
 * schema file `dbgen check` accepts. Canonical, so that two pulls of one database give
 * the same text whatever the dialect or the catalog's order: enums and tables by name,
 * columns in the table's order, uniques, indexes, checks and refs by name, types in one
 * spelling per logical type, and the whole in `dbgen format`'s style.
 */
import type {
  ColumnIR,
  ColumnTypeIR,
  DefaultIR,
  EnumIR,
  ForeignKeyIR,
  IndexIR,
  SchemaIR,
  TableIR,
} from '@dbgen/runtime';
import { defaultName, normalizeSchema } from '@dbgen/runtime';
import { formatDbml } from '../dbml/format.js';
import { parseDbml } from '../dbml/parse.js';

/** `"name"`; DBML escapes a double quote inside with a backslash. */
function quote(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function qualified(schema: string, name: string): string {
  return schema === 'public' ? quote(name) : `${quote(schema)}.${quote(name)}`;
}

/** A DBML string literal: single-quoted, or triple-quoted when it spans lines. */
function text(value: string): string {
  if (value.includes('\n')) return `'''${value.replace(/\\/g, '\\\\').replace(/'''/g, "\\'''")}'''`;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function expression(sql: string): string {
  return `\`${sql.replace(/`/g, '\\`')}\``;
}

const CANONICAL: Partial<Record<ColumnTypeIR['logical'], string>> = {
  smallint: 'smallint',
  integer: 'integer',
  bigint: 'bigint',
  real: 'real',
  double: 'float8',
  decimal: 'decimal',
  boolean: 'boolean',
  char: 'char',
  varchar: 'varchar',
  text: 'text',
  uuid: 'uuid',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  interval: 'interval',
  json: 'json',
  jsonb: 'jsonb',
  bytes: 'bytea',
};

const TAKES_ARGS = new Set([
  'decimal',
  'char',
  'varchar',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
]);

function typeText(type: ColumnTypeIR): string {
  const dims = '[]'.repeat(type.arrayDims);
  if (type.logical === 'enum' && type.enum)
    return qualified(type.enum.schema, type.enum.name) + dims;
  const name = CANONICAL[type.logical];
  if (name === undefined) {
    const raw = type.raw.replace(/^"|"$/g, '');
    return /^[A-Za-z_][\w]*(\([\d, ]*\))?(\[\])*$/.test(raw) ? raw : quote(raw);
  }
  const args =
    type.args.length > 0 && TAKES_ARGS.has(type.logical) ? `(${type.args.join(',')})` : '';
  // MySQL's UNSIGNED (a range from 0) is kept as the last word, quoted: `"integer unsigned"`.
  if (/ unsigned$/.test(type.name)) return `${quote(`${name}${args} unsigned`)}${dims}`;
  return `${name}${args}${dims}`;
}

function defaultText(value: DefaultIR): string {
  switch (value.kind) {
    case 'number':
      return String(value.value);
    case 'string':
      return text(value.value);
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'expression':
      return expression(value.sql);
  }
}

function settings(list: string[]): string {
  return list.length === 0 ? '' : ` [${list.join(', ')}]`;
}

function columnLine(table: TableIR, column: ColumnIR): string {
  const pk = table.primaryKey?.columns ?? [];
  const list: string[] = [];
  if (pk.length === 1 && pk[0] === column.name) list.push('pk');
  if (column.autoIncrement) list.push('increment');
  if (!column.nullable && !(pk.length === 1 && pk[0] === column.name)) list.push('not null');
  if (column.unique) list.push('unique');
  if (column.default !== null) list.push(`default: ${defaultText(column.default)}`);
  for (const check of column.checks) list.push(`check: ${expression(check.expression)}`);
  const generated = column.generated
    ? `@dbgen generated: \`${column.generated.expression}\`${column.generated.stored ? '' : ', virtual'}`
    : null;
  // Its module goes in the table's note (tableBlock).
  const jsonType = column.jsonType ? `@dbgen type: ${column.jsonType.name}` : null;
  const note = [column.note, generated, jsonType].filter((s) => s !== null).join('\n');
  if (note !== '') list.push(`note: ${text(note)}`);
  return `  ${quote(column.name)} ${typeText(column.type)}${settings(list)}`;
}

function columnsPart(columns: readonly string[]): string {
  return columns.length === 1 ? quote(columns[0] ?? '') : `(${columns.map(quote).join(', ')})`;
}

function indexLine(index: IndexIR): string {
  const parts = index.parts.map((p) => (p.kind === 'column' ? quote(p.name) : expression(p.sql)));
  const head = parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(', ')})`;
  const list: string[] = [];
  if (index.unique) list.push('unique');
  if (index.name !== null) list.push(`name: ${text(index.name)}`);
  if (index.type !== null) list.push(`type: ${index.type}`);
  const note = [index.note, indexDirective(index)].filter((s) => s !== null).join('\n');
  if (note !== '') list.push(`note: ${text(note)}`);
  return `    ${head}${settings(list)}`;
}

/** The `@dbgen` line of an index note: what DBML has no syntax for (docs/schema.md). */
function indexDirective(index: IndexIR): string | null {
  const entries: string[] = [];
  if (index.where !== undefined) entries.push(`where: \`${index.where}\``);
  if (index.include?.length) entries.push(`include: (${index.include.join(', ')})`);
  return entries.length === 0 ? null : `@dbgen ${entries.join(', ')}`;
}

/**
 * Sticky notes named `dbgen pull: <table key>` are what introspection read but the IR
 * cannot hold (PostgreSQL's NULLS NOT DISTINCT, MySQL's ON UPDATE CURRENT_TIMESTAMP):
 * written as `//` comments above the table, so the pulled file says so, where it applies.
 */
const REMARK = /^dbgen pull: (.+)$/;

function remarksOf(ir: SchemaIR): Map<string, string[]> {
  const byTable = new Map<string, string[]>();
  for (const note of ir.notes) {
    const key = REMARK.exec(note.name)?.[1];
    if (key === undefined) continue;
    const lines = note.content.split(/\r\n|\r|\n/).map((line) => `// ${line}`.trimEnd());
    byTable.set(key, [...(byTable.get(key) ?? []), ...lines]);
  }
  return byTable;
}

function tableBlock(
  table: TableIR,
  uniquesAreConstraints: boolean,
  remarks: readonly string[] = [],
): string {
  const lines = [...remarks, `Table ${qualified(table.schema, table.name)} {`];
  for (const column of table.columns) lines.push(columnLine(table, column));
  const indexLines: string[] = [];
  const pk = table.primaryKey;
  if (pk && pk.columns.length > 1) indexLines.push(`    ${columnsPart(pk.columns)} [pk]`);
  // DBML has no named or composite unique constraint: a unique index stands for it,
  // marked `@dbgen constraint` where the database tells the two apart, so that the
  // schema read back has the constraint (push then keeps it; as an index, push dropped
  // the constraint, and what the index lacks with it, e.g. NULLS NOT DISTINCT).
  for (const u of table.uniques) {
    const list = ['unique', ...(u.name !== null ? [`name: ${text(u.name)}`] : [])];
    if (uniquesAreConstraints) list.push(`note: '@dbgen constraint'`);
    indexLines.push(`    ${columnsPart(u.columns)}${settings(list)}`);
  }
  for (const index of table.indexes) indexLines.push(indexLine(index));
  if (indexLines.length > 0) lines.push('', '  indexes {', ...indexLines, '  }');
  if (table.checks.length > 0) {
    lines.push('', '  checks {');
    for (const check of table.checks) {
      lines.push(
        `    ${expression(check.expression)}${settings(check.name !== null ? [`name: ${text(check.name)}`] : [])}`,
      );
    }
    lines.push('  }');
  }
  // A view is written as the table of its rows, its query in the note's `@dbgen` line.
  const view = table.view
    ? `@dbgen view: \`${table.view.sql.replace(/\s+/g, ' ')}\`${table.view.materialized ? ', materialized' : ''}`
    : null;
  const search = table.search
    ? `@dbgen search: (${table.search.columns.join(', ')})${table.search.language !== undefined ? `, language: ${table.search.language}` : ''}`
    : null;
  // The module of the table's `@dbgen type:` names, in the table's note (a Project's
  // dbgen_types is not written): one per table, as a table note holds one.
  const typesFrom = table.columns.find((c) => c.jsonType)?.jsonType?.from;
  const types = typesFrom === undefined ? null : `@dbgen types: ${JSON.stringify(typesFrom)}`;
  const note = [table.note, view, search, types].filter((s) => s !== null).join('\n');
  if (note !== '') lines.push('', `  Note: ${text(note)}`);
  lines.push('}');
  return lines.join('\n');
}

/**
 * The enum's own note (PostgreSQL's COMMENT ON TYPE) as `//` comments above it: DBML has
 * notes on enum values only (an Enum takes no settings and no Note element, in the spec
 * and in the reference parser), so a `Note:` inside would fail to parse. Push leaves the
 * comment as it is (the diff has no enum-note change); the lines say so.
 */
function enumNoteComment(e: EnumIR): string[] {
  if (e.note === null) return [];
  return [
    `// The database's note on enum ${qualified(e.schema, e.name)}, kept here as a comment (DBML has no enum note; push leaves it as it is):`,
    ...e.note.split(/\r\n|\r|\n/).map((line) => `// ${line}`.trimEnd()),
  ];
}

function enumBlock(e: EnumIR): string {
  const lines = [...enumNoteComment(e), `Enum ${qualified(e.schema, e.name)} {`];
  for (const value of e.values) {
    lines.push(
      `  ${quote(value.name)}${settings(value.note !== null ? [`note: ${text(value.note)}`] : [])}`,
    );
  }
  lines.push('}');
  return lines.join('\n');
}

function endpoint(key: string, columns: readonly string[]): string {
  const dot = key.indexOf('.');
  const table = qualified(key.slice(0, dot), key.slice(dot + 1));
  return `${table}.${columns.length === 1 ? quote(columns[0] ?? '') : `(${columns.map(quote).join(', ')})`}`;
}

function refLine(table: TableIR, fk: ForeignKeyIR): string {
  const list: string[] = [];
  if (fk.onDelete) list.push(`delete: ${fk.onDelete}`);
  if (fk.onUpdate) list.push(`update: ${fk.onUpdate}`);
  const name = fk.name !== null ? ` ${quote(fk.name)}` : '';
  const arrow = fk.oneToOne ? '-' : '>';
  return `Ref${name}: ${endpoint(table.key, fk.columns)} ${arrow} ${endpoint(fk.target, fk.targetColumns)}${settings(list)}`;
}

/** Code-unit order (not the locale's), so that every machine sorts alike. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By name, unnamed last; ties (and unnamed ones) by what they cover. */
function byNameThen<T extends { readonly name: string | null }>(
  what: (item: T) => string,
): (a: T, b: T) => number {
  return (a, b) =>
    compareText(a.name === null ? '\uffff' : a.name, b.name === null ? '\uffff' : b.name) ||
    compareText(what(a), what(b));
}

/** `ir` in canonical order: what the database's catalog order must not change. */
function canonical(ir: SchemaIR): SchemaIR {
  const key = (x: { schema: string; name: string }): string => `${x.schema}.${x.name}`;
  return {
    ...ir,
    enums: [...ir.enums].sort((a, b) => compareText(key(a), key(b))),
    tables: [...ir.tables]
      .sort((a, b) => compareText(a.key, b.key))
      .map((t) => ({
        ...t,
        uniques: [...t.uniques].sort(byNameThen((u) => u.columns.join(','))),
        indexes: [...t.indexes].sort(byNameThen((i) => JSON.stringify(i.parts))),
        checks: [...t.checks].sort(byNameThen((c) => c.expression)),
        foreignKeys: [...t.foreignKeys].sort(byNameThen((f) => f.columns.join(','))),
      })),
  };
}

/** `text` in `dbgen format`'s style (as written, should it not parse: it always should). */
function formatted(text: string): string {
  const parsed = parseDbml(text, 'pulled.dbml');
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return text;
  return formatDbml(parsed.file, text);
}

/**
 * `table` with each single-column unique constraint of the default name written as its
 * column's `[unique]`: DBML has no unique constraint but that one, and a unique index in
 * its place is another object (PostgreSQL drops the constraint to create it, which fails
 * when a foreign key uses it; SQLite rebuilds the table), so push and drift checks would
 * not take the pulled file for the database. Others stay named unique indexes.
 */
function columnUniques(table: TableIR): TableIR {
  const pk = table.primaryKey?.columns ?? [];
  const lifted = table.uniques.filter((u) => {
    const [column] = u.columns;
    return (
      u.columns.length === 1 &&
      column !== undefined &&
      !(pk.length === 1 && pk[0] === column) &&
      u.name === defaultName(table.name, [column], 'key')
    );
  });
  if (lifted.length === 0) return table;
  const liftedColumns = new Set(lifted.map((u) => u.columns[0]));
  return {
    ...table,
    columns: table.columns.map((c) => (liftedColumns.has(c.name) ? { ...c, unique: true } : c)),
    uniques: table.uniques.filter((u) => !lifted.includes(u)),
  };
}

/**
 * `ir` with column uniques where they name back to the same constraint: each lifted one
 * is checked against the names dbgen gives (another name may have taken the default).
 */
function withColumnUniques(ir: SchemaIR): SchemaIR {
  const lifted = { ...ir, tables: ir.tables.map(columnUniques) };
  const named = normalizeSchema(lifted);
  const same = ir.tables.every((table, i) => {
    const uniques = named.tables[i]?.uniques ?? [];
    return table.uniques.every((u) =>
      uniques.some((n) => n.name === u.name && n.columns.join('\0') === u.columns.join('\0')),
    );
  });
  return same ? lifted : ir;
}

/** The DBML text of `ir`: enums, tables (columns, indexes, checks, notes), then refs. */
export function writeDbml(ir: SchemaIR): string {
  const schema = canonical(withColumnUniques(ir));
  // MySQL's unique constraint is its unique index (one object): nothing to mark there.
  const uniquesAreConstraints = !/mysql|mariadb/i.test(ir.project?.databaseType ?? '');
  const remarks = remarksOf(ir);
  const blocks = [
    ...schema.enums.map(enumBlock),
    ...schema.tables.map((t) => tableBlock(t, uniquesAreConstraints, remarks.get(t.key))),
  ];
  const refs = schema.tables.flatMap((t) => t.foreignKeys.map((fk) => refLine(t, fk)));
  if (refs.length > 0) blocks.push(refs.join('\n'));
  return formatted(`${blocks.join('\n\n')}\n`);
}
