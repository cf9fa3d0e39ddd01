/**
 * What of a schema a dialect keeps: the projection two schemas are compared by when one
 * came from DBML and the other from a live database (introspection), e.g. by
 * `migrate status` (drift) and by tests. Names, types, nullability, defaults, keys,
 * uniques, indexes, foreign keys and checks are kept; ORM facts and source spans are not,
 * nor what the dialect cannot store (comments and index methods on SQLite, check
 * expressions on PostgreSQL, which rewrites them).
 */
import type { DefaultIR, SchemaIR } from '../schema/ir.js';
import { postgresType } from '../dialects/postgres/ddl.js';
import { sqliteType } from '../dialects/sqlite/ddl.js';
import { storedDefault } from '../dialects/sqlite/storage.js';
import { normalizeSchema } from './names.js';
import { isIdentityKey, type DialectName } from './render.js';
import { parseType, typeKey } from './types.js';

function defaultKey(value: DefaultIR | null): string | null {
  if (value === null || value.kind === 'null') return null;
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
  const byName = <T extends { name: string | null }>(a: T, b: T): number =>
    String(a.name).localeCompare(String(b.name));
  const usedEnums = new Set(
    schema.tables.flatMap((t) =>
      t.columns.flatMap((c) => (c.type.enum ? [`${c.type.enum.schema}.${c.type.enum.name}`] : [])),
    ),
  );
  return {
    enums: schema.enums
      .filter((e) => pg || usedEnums.has(`${e.schema}.${e.name}`))
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
            !pg && isIdentityKey(t, c.name)
              ? 'integer' // SQLite's rowid key is INTEGER whatever was written (and 64-bit)
              : c.type.logical === 'enum' && (pg || c.type.arrayDims === 0)
                ? typeKey(c.type)
                : typeKey(parseType(pg ? postgresType(c.type) : sqliteType(c.type))),
          nullable: c.nullable && !c.primaryKey,
          default: defaultKey(pg ? c.default : storedDefault(c)),
          autoIncrement: pg
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
          .map((c) => ({ name: c.name, expression: pg ? null : c.expression })),
        foreignKeys: [...t.foreignKeys].sort(byName).map((f) => ({
          name: f.name,
          columns: f.columns,
          target: f.target,
          targetColumns: f.targetColumns,
          onDelete: f.onDelete,
          onUpdate: f.onUpdate,
        })),
      })),
  };
}
