/**
 * What of a schema a dialect keeps: the projection two schemas are compared by when one
 * came from DBML and the other from a live database (introspection), e.g. by
 * `migrate status` (drift) and by tests. Names, types, nullability, defaults, keys,
 * uniques, indexes, foreign keys and checks are kept; ORM facts and source spans are not,
 * nor what the dialect cannot store (comments and index methods on SQLite, check
 * expressions on PostgreSQL, which rewrites them).
 */
import type { DefaultIR, SchemaIR } from '../schema/ir.js';
import { mysqlType } from '../dialects/mysql/ddl.js';
import { mysqlReadType } from '../dialects/mysql/introspect.js';
import { postgresType } from '../dialects/postgres/ddl.js';
import { sqliteType } from '../dialects/sqlite/ddl.js';
import { normalizeSchema } from './names.js';
import { isIdentityKey, type DialectName } from './render.js';
import { parseType, typeKey } from './types.js';

const NOW = /^(now\(\)|current_timestamp(\(\d*\))?)$/i;

function defaultKey(value: DefaultIR | null): string | null {
  if (value === null || value.kind === 'null') return null;
  if (value.kind === 'expression' && NOW.test(value.sql.trim())) return 'expression:now()';
  if (value.kind === 'number') return `number:${Number(value.value)}`;
  if (value.kind === 'expression')
    return `expression:${value.sql.trim().replace(/\s+/g, ' ').toLowerCase()}`;
  return `${value.kind}:${String(value.value)}`;
}

/** An index expression compared loosely: PostgreSQL adds casts (`lower(email::text)`). */
function expressionKey(sql: string, pg: boolean): string {
  const text = pg
    ? sql.replace(/::"?[a-z_]+(?: (?:varying|precision|with(?:out)? time zone))?"?(\[\])?/gi, '')
    : sql;
  return text.replace(/[\s()]+/g, '').toLowerCase();
}

/** A plain JSON value describing what `dialect` keeps of `ir`, in a stable order. */
export function comparableSchema(ir: SchemaIR, dialect: DialectName): unknown {
  const schema = normalizeSchema(ir);
  const pg = dialect === 'postgres';
  // MySQL keeps types, auto-increment and enums as PostgreSQL does, but not check text.
  const mysql = dialect === 'mysql';
  const typed = pg || mysql;
  /** A type as the dialect stores it and reads it back. */
  const stored = (type: Parameters<typeof postgresType>[0]): string =>
    typeKey(
      mysql
        ? mysqlReadType(mysqlType(type, schema).toLowerCase().replace(/, /g, ','))
        : parseType(pg ? postgresType(type) : sqliteType(type)),
    );
  /** InnoDB's RESTRICT is its NO ACTION: both read back as the default. */
  const action = <A>(a: A): A | null => (mysql && a === 'restrict' ? null : a);
  const byName = <T extends { name: string | null }>(a: T, b: T): number =>
    String(a.name).localeCompare(String(b.name));
  const usedEnums = new Set(
    schema.tables.flatMap((t) =>
      t.columns.flatMap((c) => (c.type.enum ? [`${c.type.enum.schema}.${c.type.enum.name}`] : [])),
    ),
  );
  return {
    // MySQL's enums are column types, compared through their values (see the columns).
    enums: schema.enums
      .filter((e) => !mysql && (pg || usedEnums.has(`${e.schema}.${e.name}`)))
      .map((e) => ({
        key: `${e.schema}.${e.name}`,
        values: e.values.map((v) => v.name),
        note: pg ? e.note : null,
      }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    tables: [...schema.tables]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((t) => ({
        key: t.key,
        note: pg ? t.note : null,
        columns: t.columns.map((c) => ({
          name: c.name,
          type:
            !typed && isIdentityKey(t, c.name)
              ? 'integer' // SQLite's rowid key is INTEGER whatever was written (and 64-bit)
              : c.type.logical === 'enum' && (pg || c.type.arrayDims === 0)
                ? mysql
                  ? `enum:${(schema.enums.find((e) => e.name === c.type.enum?.name)?.values ?? []).map((v) => v.name).join(',')}`
                  : typeKey(c.type)
                : stored(c.type),
          nullable: c.nullable && !c.primaryKey,
          default: defaultKey(c.default),
          autoIncrement: typed
            ? c.autoIncrement && ['smallint', 'integer', 'bigint'].includes(c.type.logical)
            : isIdentityKey(t, c.name),
          note: pg ? c.note : null,
        })),
        primaryKey: t.primaryKey && {
          name: pg ? t.primaryKey.name : null,
          columns: t.primaryKey.columns,
        },
        uniques: [...t.uniques].sort(byName),
        indexes: [...t.indexes].sort(byName).map((i) => ({
          name: i.name,
          unique: i.unique,
          parts: i.parts.map((p) =>
            p.kind === 'column' ? p.name : `(${expressionKey(p.sql, pg)})`,
          ),
          type: pg ? i.type : null,
          note: pg ? i.note : null,
        })),
        checks: [...t.checks]
          .sort(byName)
          .map((c) => ({ name: c.name, expression: typed ? null : c.expression })),
        foreignKeys: [...t.foreignKeys].sort(byName).map((f) => ({
          name: f.name,
          columns: f.columns,
          target: f.target,
          targetColumns: f.targetColumns,
          onDelete: action(f.onDelete),
          onUpdate: action(f.onUpdate),
        })),
      })),
  };
}
