/**
 * Reads a live PostgreSQL database back into the schema IR: enums, tables, columns
 * (types, defaults, identity), keys, uniques, foreign keys with actions, checks,
 * indexes and comments. Used by `dbgen pull` and by tests comparing a database to the IR.
 */
import { foldPostgresSearch } from './search-introspect.js';
import type {
  ColumnIR,
  DefaultIR,
  EnumIR,
  ForeignKeyIR,
  IndexIR,
  ReferentialAction,
  SchemaIR,
  TableIR,
} from '../../schema/ir.js';
import { qualifiedKey } from '../../schema/ir.js';
import type {
  IntrospectOptions,
  SqlSession as MigrationConnection,
  SqlRow as Row,
} from '../../core/dialect-contract.js';
import { emptySchema } from '../../schema/state.js';
import { enumType, parseType } from '../../schema/types.js';
import { foldUnsigned } from './unsigned.js';

const SYSTEM_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'`;

const ACTIONS: Readonly<Record<string, ReferentialAction | null>> = {
  a: null,
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

const str = (value: unknown): string => String(value);
const strOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

/** Parses a default as `pg_get_expr` prints it: `'x'::text`, `42`, `true`, `now()`. */
export function parsePostgresDefault(sql: string | null): DefaultIR | null {
  if (sql === null) return null;
  const text = sql.trim();
  const literal = /^'((?:[^']|'')*)'(?:::[\w\s".[\]()]+)?$/.exec(text);
  if (literal) {
    const value = (literal[1] ?? '').replace(/''/g, "'");
    const numericCast = /::(integer|bigint|smallint|numeric|real|double precision)$/.test(text);
    return numericCast && value.trim() !== '' && Number.isFinite(Number(value))
      ? {
          kind: 'number',
          value:
            value.includes('.') || Math.abs(Number(value)) > Number.MAX_SAFE_INTEGER
              ? value
              : Number(value),
        }
      : { kind: 'string', value };
  }
  const number = /^\(?(-?\d+(?:\.\d+)?)\)?(?:::[\w\s]+)?$/.exec(text);
  if (number) {
    const raw = number[1] ?? '0';
    return { kind: 'number', value: raw.includes('.') || raw.length > 15 ? raw : Number(raw) };
  }
  if (/^true$/i.test(text)) return { kind: 'boolean', value: true };
  if (/^false$/i.test(text)) return { kind: 'boolean', value: false };
  if (/^null(::.*)?$/i.test(text)) return null;
  return { kind: 'expression', sql: text };
}

/** `CHECK ((price > 0))` → `price > 0`. */
function checkExpression(definition: string): string {
  let expression = definition
    .replace(/^CHECK\s*/i, '')
    .replace(/\s+NOT VALID$/i, '')
    .trim();
  while (
    expression.startsWith('(') &&
    expression.endsWith(')') &&
    balanced(expression.slice(1, -1))
  ) {
    expression = expression.slice(1, -1).trim();
  }
  return expression;
}

function balanced(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth += 1;
    if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function keyList(value: unknown): number[] {
  if (Array.isArray(value)) return value.map(Number);
  return String(value ?? '')
    .replace(/[{}]/g, '')
    .split(/[ ,]+/)
    .filter((s) => s !== '')
    .map(Number);
}

/**
 * Whether the pg_index row `alias` is NULLS NOT DISTINCT (PostgreSQL 15+), read through
 * to_jsonb so that an older server, whose pg_index has no such column, reads null.
 */
const NULLS_NOT_DISTINCT = (alias: string): string =>
  `COALESCE((to_jsonb(${alias}) ->> 'indnullsnotdistinct')::boolean, false)`;

/**
 * What a table has that the IR cannot hold, as the sticky note the DBML writer puts above
 * the table (`dbgen pull: <key>`): the IR's uniques and indexes have no NULLS NOT DISTINCT.
 */
function pullRemarks(key: string, nullsNotDistinct: readonly string[]): SchemaIR['notes'] {
  if (nullsNotDistinct.length === 0) return [];
  const lines = nullsNotDistinct.map(
    (what) =>
      `${what} is NULLS NOT DISTINCT (a second NULL is refused), which DBML cannot say: push keeps it as the database has it, but one made from this file (a new database, or made again after a change to it) lets NULLs repeat.`,
  );
  return [{ name: `dbgen pull: ${key}`, content: lines.join('\n') }];
}

/** The schema of the database `connection` is connected to. */
export async function introspectPostgres(
  connection: MigrationConnection,
  options: IntrospectOptions = {},
): Promise<SchemaIR> {
  const exclude = new Set(options.exclude ?? []);
  const q = (sql: string): Promise<Row[]> => connection.query(sql);

  const enumRows = await q(`
    SELECT n.nspname AS schema, t.typname AS name, e.enumlabel AS value,
           obj_description(t.oid, 'pg_type') AS note
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE ${SYSTEM_SCHEMAS} ORDER BY n.nspname, t.typname, e.enumsortorder`);
  const enums: EnumIR[] = [];
  for (const row of enumRows) {
    let found = enums.find((e) => e.schema === row['schema'] && e.name === row['name']);
    if (!found) {
      found = {
        schema: str(row['schema']),
        name: str(row['name']),
        values: [],
        note: strOrNull(row['note']),
      };
      enums.push(found);
    }
    (found.values as { name: string; note: string | null }[]).push({
      name: str(row['value']),
      note: null,
    });
  }

  const tableRows = (
    await q(`
    SELECT c.oid::int AS oid, n.nspname AS schema, c.relname AS name, obj_description(c.oid, 'pg_class') AS note,
           CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS view,
           c.relkind = 'm' AS materialized
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition AND ${SYSTEM_SCHEMAS}
    ORDER BY n.nspname, c.relname`)
  ).filter((row) => !exclude.has(str(row['name'])));
  if (tableRows.length === 0) return { ...emptySchema(), enums };
  const oids = tableRows.map((row) => Number(row['oid'])).join(',');

  const columnRows = await q(`
    SELECT a.attrelid::int AS oid, a.attnum AS num, a.attname AS name,
           format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
           pg_get_expr(d.adbin, d.adrelid) AS "default", a.attidentity AS identity,
           pg_get_expr(d.adbin, d.adrelid) = format('nextval(%L::regclass)',
             pg_get_serial_sequence(a.attrelid::regclass::text, a.attname)::regclass) AS serial,
           a.attgenerated AS generated,
           col_description(a.attrelid, a.attnum) AS note,
           COALESCE(et.typtype, t.typtype) AS typtype,
           COALESCE(etn.nspname, tn.nspname) AS typschema, COALESCE(et.typname, t.typname) AS typname,
           CASE WHEN t.typcategory = 'A' THEN greatest(a.attndims, 1) ELSE 0 END AS dims
    FROM pg_attribute a
    JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace
    LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
    LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid IN (${oids}) AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attrelid, a.attnum`);
  const constraintRows = await q(`
    SELECT c.conrelid::int AS oid, c.conname AS name, c.contype AS type, c.conkey AS keys,
           c.confrelid::int AS target, c.confkey AS target_keys, c.confdeltype AS on_delete,
           c.confupdtype AS on_update, pg_get_constraintdef(c.oid) AS definition,
           (SELECT ${NULLS_NOT_DISTINCT('x')} FROM pg_index x WHERE x.indexrelid = c.conindid) AS nulls_not_distinct
    FROM pg_constraint c WHERE c.conrelid IN (${oids}) AND c.contype IN ('p', 'u', 'f', 'c')
    ORDER BY c.conrelid, c.conname`);
  const indexRows = await q(`
    SELECT i.indrelid::int AS oid, ic.relname AS name, i.indisunique AS is_unique, am.amname AS method,
           obj_description(i.indexrelid, 'pg_class') AS note,
           ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS parts,
           ARRAY(SELECT i.indkey[k - 1] FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS attnums,
           ARRAY(SELECT i.indkey[k - 1] FROM generate_series(i.indnkeyatts + 1, i.indnatts) k ORDER BY k) AS included,
           pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
           ${NULLS_NOT_DISTINCT('i')} AS nulls_not_distinct
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
    WHERE i.indrelid IN (${oids})
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
    ORDER BY i.indrelid, ic.relname`);

  const tableByOid = new Map(tableRows.map((row) => [Number(row['oid']), row]));
  const columnName = (oid: number, num: number): string =>
    str(columnRows.find((c) => Number(c['oid']) === oid && Number(c['num']) === num)?.['name']);
  const keyOf = (oid: number): string => {
    const row = tableByOid.get(oid);
    return row ? qualifiedKey(str(row['schema']), str(row['name'])) : `unknown.${oid}`;
  };

  const notes: SchemaIR['notes'][number][] = [];
  const tables: TableIR[] = tableRows.map((row) => {
    const oid = Number(row['oid']);
    const key = qualifiedKey(str(row['schema']), str(row['name']));
    notes.push(
      ...pullRemarks(key, [
        ...constraintRows
          .filter(
            (c) =>
              Number(c['oid']) === oid && c['type'] === 'u' && c['nulls_not_distinct'] === true,
          )
          .map((c) => `unique ${str(c['name'])}`),
        ...indexRows
          .filter((i) => Number(i['oid']) === oid && i['nulls_not_distinct'] === true)
          .map((i) => `unique index ${str(i['name'])}`),
      ]),
    );
    const constraints = constraintRows.filter((c) => Number(c['oid']) === oid);
    const pk = constraints.find((c) => c['type'] === 'p');
    const pkColumns = pk ? keyList(pk['keys']).map((n) => columnName(oid, n)) : [];
    const columns: ColumnIR[] = columnRows
      .filter((c) => Number(c['oid']) === oid)
      .map((c) => {
        const dims = Number(c['dims']);
        const type =
          c['typtype'] === 'e'
            ? enumType(str(c['typschema']), str(c['typname']), dims)
            : parseType(str(c['type']));
        // serial/bigserial: a default of nextval of the column's own sequence is how the
        // database increments it, not a default to write back (a new database has no
        // such sequence); an identity column is the same thing spelled the standard way.
        const serial =
          c['serial'] === true && ['smallint', 'integer', 'bigint'].includes(type.logical);
        const identity = c['identity'] === 'a' || c['identity'] === 'd' || serial;
        const name = str(c['name']);
        // A generated column's expression is kept where defaults are (pg_attrdef).
        const generated = c['generated'] === 's';
        return {
          name,
          type,
          nullable: !c['notnull'],
          primaryKey: pkColumns.includes(name),
          unique: false,
          autoIncrement: identity,
          default: generated || serial ? null : parsePostgresDefault(strOrNull(c['default'])),
          checks: [],
          note: strOrNull(c['note']),
          propertyName: name,
          ...(generated ? { generated: { expression: str(c['default']), stored: true } } : {}),
        };
      });
    // MySQL's UNSIGNED, stored as a wider type under a CHECK, read back as the unsigned type.
    const checkRows = constraints.filter((c) => c['type'] === 'c');
    const unsigned = foldUnsigned(
      columns,
      checkRows.map((c) => ({
        name: str(c['name']),
        expression: checkExpression(str(c['definition'])),
      })),
      (check) => {
        const keys = keyList(checkRows.find((c) => str(c['name']) === check.name)?.['keys']);
        return keys.length === 1 ? columnName(oid, keys[0] ?? 0) : null;
      },
    );
    const foreignKeys: ForeignKeyIR[] = constraints
      .filter((c) => c['type'] === 'f')
      .map((c) => {
        const target = Number(c['target']);
        return {
          name: str(c['name']),
          columns: keyList(c['keys']).map((n) => columnName(oid, n)),
          target: keyOf(target),
          targetColumns: keyList(c['target_keys']).map((n) => columnName(target, n)),
          onDelete: ACTIONS[str(c['on_delete'])] ?? null,
          onUpdate: ACTIONS[str(c['on_update'])] ?? null,
          oneToOne: false,
        };
      });
    const indexes: IndexIR[] = indexRows
      .filter((i) => Number(i['oid']) === oid)
      .map((i) => {
        const attnums = keyList(i['attnums']);
        const parts = (i['parts'] as string[]).map((text, k) =>
          attnums[k] === 0
            ? { kind: 'expression' as const, sql: text.replace(/^\((.*)\)$/s, '$1') }
            : { kind: 'column' as const, name: columnName(oid, attnums[k] ?? 0) },
        );
        const method = str(i['method']);
        const included = keyList(i['included']).map((num) => columnName(oid, num));
        const predicate = strOrNull(i['predicate']);
        return {
          name: str(i['name']),
          parts,
          unique: Boolean(i['is_unique']),
          type: method === 'btree' ? null : method,
          note: strOrNull(i['note']),
          ...(predicate !== null ? { where: predicate } : {}),
          ...(included.length > 0 ? { include: included } : {}),
        };
      });
    return {
      key,
      schema: str(row['schema']),
      name: str(row['name']),
      alias: null,
      note: strOrNull(row['note']),
      columns: unsigned.columns,
      primaryKey: pk ? { name: str(pk['name']), columns: pkColumns } : null,
      uniques: constraints
        .filter((c) => c['type'] === 'u')
        .map((c) => ({
          name: str(c['name']),
          columns: keyList(c['keys']).map((n) => columnName(oid, n)),
        })),
      indexes,
      checks: unsigned.checks,
      foreignKeys,
      orm: { className: str(row['name']), versionColumn: null, relations: [], isJoinTable: false },
      synthesized: false,
      // A view's query as PostgreSQL keeps it (rewritten, ending in `;`).
      ...(row['view'] != null
        ? {
            view: {
              sql: str(row['view']).trim().replace(/;$/, ''),
              ...(row['materialized'] ? { materialized: true as const } : {}),
            },
          }
        : {}),
    };
  });
  return { ...emptySchema(), enums, tables: tables.map(foldPostgresSearch), notes };
}
