/**
 * What of a schema a dialect keeps: the projection two schemas are compared by when one
 * came from DBML and the other from a live database (introspection), e.g. by
 * `migrate status` (drift) and by tests. Names, types, nullability, defaults, keys,
 * uniques, indexes, foreign keys and checks are kept; ORM facts and source spans are not,
 * nor what the dialect cannot store (comments and index methods on SQLite). Expressions
 * (checks, generated columns, index parts and predicates, expression defaults) compare
 * in a canonical spelling (./sql-expression.ts): databases respell what they store.
 */
import type { ColumnTypeIR, DefaultIR, IndexIR, SchemaIR, UniqueIR } from '../schema/ir.js';
import type { Dialect } from '../core/dialect-contract.js';
import { resolveDialect } from '../core/dialect-lookup.js';
import { normalizeSchema } from './names.js';
import { isIdentityKey } from '../schema/render.js';
import { parseType, typeKey } from '../schema/types.js';
import { expressionKey } from './sql-expression.js';
import { numberKey } from './number-key.js';

const NOW = /^(now\(\)|current_timestamp(\(\d*\))?)$/i;

function defaultKey(value: DefaultIR | null): string | null {
  if (value === null || value.kind === 'null') return null;
  if (value.kind === 'expression' && NOW.test(value.sql.trim())) return 'expression:now()';
  if (value.kind === 'number') return `number:${numberKey(value.value)}`;
  if (value.kind === 'expression') return `expression:${expressionKey(value.sql)}`;
  return `${value.kind}:${String(value.value)}`;
}

/** A unique constraint as the unique index it is where the two are one (MySQL). */
function asIndex(unique: UniqueIR): IndexIR {
  return {
    name: unique.name,
    parts: unique.columns.map((name) => ({ kind: 'column' as const, name })),
    unique: true,
    type: null,
    note: null,
  };
}

/** A plain JSON value describing what `dialect` keeps of `ir`, in a stable order. */
export function comparableSchema(ir: SchemaIR, dialectOrName: Dialect | string): unknown {
  const dialect = resolveDialect(dialectOrName);
  const schema = normalizeSchema(ir);
  const stores = dialect.stores;
  const foldUniques = stores.uniqueIndexesAreConstraints === true;
  const byName = <T extends { name: string | null }>(a: T, b: T): number =>
    String(a.name).localeCompare(String(b.name));
  // An array of an enum stored as JSON (SQLite) keeps no trace of the enum in the database.
  const usedEnums = new Set(
    schema.tables.flatMap((t) =>
      t.columns.flatMap((c) =>
        c.type.enum && (stores.namedEnums || c.type.arrayDims === 0)
          ? [`${c.type.enum.schema}.${c.type.enum.name}`]
          : [],
      ),
    ),
  );
  const enumValues = (type: ColumnTypeIR): string =>
    (schema.enums.find((e) => e.name === type.enum?.name)?.values ?? [])
      .map((v) => v.name)
      .join(',');
  /** A foreign key action as read back (InnoDB's RESTRICT reads back as the default). */
  const action = <A>(a: A): A | null => (stores.restrictIsDefault && a === 'restrict' ? null : a);
  return {
    // Enums that are only column types (MySQL) compare through their columns' values.
    enums: schema.enums
      .filter(
        (e) =>
          !stores.enumsAsColumnTypes &&
          (stores.namedEnums || usedEnums.has(`${e.schema}.${e.name}`)),
      )
      .map((e) => ({
        key: `${e.schema}.${e.name}`,
        values: e.values.map((v) => v.name),
        note: stores.notes ? e.note : null,
      }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    tables: [...schema.tables]
      .sort((a, b) => a.key.localeCompare(b.key))
      .filter((t) => !t.view)
      .map((t) => ({
        key: t.key,
        note: stores.notes ? t.note : null,
        columns: t.columns.map((c) => ({
          name: c.name,
          type:
            stores.rowidKeys && isIdentityKey(t, c.name)
              ? 'integer' // SQLite's rowid key is INTEGER whatever was written (and 64-bit)
              : c.type.logical === 'enum' && (stores.namedEnums || c.type.arrayDims === 0)
                ? stores.enumsAsColumnTypes
                  ? `enum:${enumValues(c.type)}`
                  : typeKey(c.type)
                : typeKey(
                    dialect.storedType?.(c.type, schema) ?? parseType(dialect.columnType(c.type)),
                  ),
          // MariaDB takes no NOT NULL on a generated column: it reads back nullable.
          nullable:
            c.generated && stores.generatedColumnsNullable ? null : c.nullable && !c.primaryKey,
          ...(c.generated
            ? {
                generated: {
                  expression: expressionKey(c.generated.expression),
                  stored: c.generated.stored,
                },
              }
            : {}),
          default: defaultKey(dialect.storedDefault?.(c) ?? c.default),
          autoIncrement: stores.rowidKeys
            ? isIdentityKey(t, c.name)
            : c.autoIncrement && ['smallint', 'integer', 'bigint'].includes(c.type.logical),
          note: stores.notes ? c.note : null,
        })),
        primaryKey: t.primaryKey && {
          name: stores.primaryKeyNames ? t.primaryKey.name : null,
          columns: t.primaryKey.columns,
        },
        // Where a unique constraint is only a unique index (MySQL), both are compared as
        // indexes: the catalog cannot tell which one the schema asked for.
        uniques: foldUniques ? [] : [...t.uniques].sort(byName),
        indexes: [...t.indexes, ...(foldUniques ? t.uniques.map(asIndex) : [])]
          .sort(byName)
          .map((i) => ({
            name: i.name,
            unique: i.unique,
            parts: i.parts.map((p) => (p.kind === 'column' ? p.name : `(${expressionKey(p.sql)})`)),
            type: stores.indexMethods ? i.type : null,
            note: stores.notes ? i.note : null,
            // A predicate reads back rewritten (PostgreSQL adds parentheses and casts).
            ...(i.where !== undefined ? { where: expressionKey(i.where) } : {}),
            ...(i.include?.length ? { include: i.include } : {}),
          })),
        checks: [...t.checks].sort(byName).map((c) => ({
          name: c.name,
          // Compared in a canonical spelling on every dialect: PostgreSQL and MariaDB
          // store a check respelled, but a changed condition is still a change.
          expression: expressionKey(c.expression),
        })),
        foreignKeys: [...t.foreignKeys].sort(byName).map((f) => ({
          name: f.name,
          columns: f.columns,
          target: f.target,
          targetColumns: f.targetColumns,
          onDelete: action(f.onDelete),
          onUpdate: action(f.onUpdate),
        })),
        // The searched columns; the language is not compared (MySQL keeps none, SQLite
        // only whether it stems English words).
        search: t.search ? [...t.search.columns] : null,
      })),
    // A view's query reads back rewritten, and its column types are what its expressions
    // give (SQLite often declares none): a view compares by its name and column names.
    views: [...schema.tables]
      .filter((t) => t.view)
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((t) => ({
        key: t.key,
        materialized: t.view?.materialized ?? false,
        columns: t.columns.map((c) => c.name),
      })),
  };
}
