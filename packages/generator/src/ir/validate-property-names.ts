/**
 * The property names generated code gives each model: a column's or relation's property
 * must be legal (not `$…`, not a member every model has) and distinct from the others of
 * its table. Two columns with one camelCase name (`createdAt`, `created_at`) give the later
 * one a fallback name with a warning; other clashes are errors.
 */
import type { RelationIR, SourceSpan } from '@dbgen/runtime';
import { CODES } from './codes.js';
import type { ColumnDraft, Reporter, TableDraft } from './context.js';

/**
 * Instance members of the runtime's `Model` that a column or relation property must not
 * shadow. Names starting with `$` are reserved for the runtime as a rule.
 */
export const RESERVED_MEMBERS: ReadonlySet<string> = new Set([
  'constructor',
  '__proto__',
  'prototype',
  'toJSON',
  'toString',
  'valueOf',
  'hasOwnProperty',
]);

function relationSpan(table: TableDraft, relation: RelationIR): SourceSpan | undefined {
  return table.relationSpans.get(relation) ?? table.span;
}

function describeRelation(relation: RelationIR): string {
  return `${relation.kind} relation to '${relation.target}'`;
}

/** Names generated code will use: properties of each model must be distinct and legal. */
export function validateNames(tables: readonly TableDraft[], reporter: Reporter): void {
  for (const table of tables) {
    const properties = new Map<string, ColumnDraft>();
    // How many columns hold each property name, built at the first fallback (rare).
    let holders: Map<string, number> | undefined;
    for (const column of table.columns) {
      const name = column.propertyName;
      if (name.startsWith('$') || RESERVED_MEMBERS.has(name)) {
        reporter.error(
          CODES.reservedPropertyName,
          `column '${column.name}' of table '${table.name}' would become the property '${name}', which ${name.startsWith('$') ? 'starts with $ (reserved for the runtime)' : 'is a reserved member of every model'}; rename it with a note line '@dbgen property: otherName'`,
          column.extSpan ?? column.span,
        );
      }
      const other = properties.get(name);
      if (other !== undefined && column.ext.property === undefined) {
        // `createdAt` and `created_at` (drizzle-generated schemas have both): the later
        // column gets a fallback name, so that a published schema generates as it is.
        holders ??= countPropertyNames(table.columns);
        const fallback = fallbackProperty(column, holders, properties);
        reporter.warning(
          CODES.propertyNameCollision,
          `columns '${other.name}' and '${column.name}' of table '${table.name}' would both become the property '${name}'; '${column.name}' becomes '${fallback}' (name it with a note line '@dbgen property: otherName')`,
          column.span,
        );
        column.propertyName = fallback;
        holders.set(name, (holders.get(name) ?? 1) - 1);
        holders.set(fallback, (holders.get(fallback) ?? 0) + 1);
        properties.set(fallback, column);
      } else if (other !== undefined) {
        reporter.error(
          CODES.propertyNameCollision,
          `columns '${other.name}' and '${column.name}' of table '${table.name}' would both become the property '${name}'; rename one with a note line '@dbgen property: otherName'`,
          column.extSpan ?? column.span,
        );
      } else properties.set(name, column);
    }
    // The relation itself, described only in a message (most relations have none).
    const relations = new Map<string, RelationIR>();
    for (const relation of table.relations) {
      const column = properties.get(relation.name);
      if (column !== undefined) {
        reporter.error(
          CODES.relationColumnCollision,
          `the ${describeRelation(relation)} of table '${table.name}' is named '${relation.name}', like the property of column '${column.name}'; name the relation with '@dbgen relation: ...' (or 'inverse: ...') in the FK column's note`,
          relationSpan(table, relation),
        );
        continue;
      }
      if (relation.name.startsWith('$') || RESERVED_MEMBERS.has(relation.name)) {
        reporter.error(
          CODES.reservedPropertyName,
          `the ${describeRelation(relation)} of table '${table.name}' is named '${relation.name}', which is reserved; name it with '@dbgen relation: ...' or 'inverse: ...'`,
          relationSpan(table, relation),
        );
      }
      const previous = relations.get(relation.name);
      if (previous !== undefined) {
        reporter.error(
          CODES.relationNameCollision,
          `table '${table.name}' would get two relations named '${relation.name}' (${describeRelation(previous)} and ${describeRelation(relation)}); name one with '@dbgen relation: ...', 'inverse: ...' or 'm2m: ...' in the FK column's note`,
          relationSpan(table, relation),
        );
      } else relations.set(relation.name, relation);
    }
  }
}

/** The number of columns holding each property name. */
function countPropertyNames(columns: readonly ColumnDraft[]): Map<string, number> {
  const holders = new Map<string, number>();
  for (const c of columns) holders.set(c.propertyName, (holders.get(c.propertyName) ?? 0) + 1);
  return holders;
}

/**
 * The property of a column whose camelCase name is taken: its name as written when that is
 * a plain identifier no other column uses, else the camelCase name with the first free
 * number from 2 (`createdAt2`). Deterministic: it depends only on the column order.
 */
function fallbackProperty(
  column: ColumnDraft,
  holders: ReadonlyMap<string, number>,
  taken: ReadonlyMap<string, ColumnDraft>,
): string {
  // Held by another column: counted, not searched (a search per candidate made a table of
  // thousands of colliding names quadratic; bench/hostile.bench.ts).
  const used = (name: string): boolean =>
    taken.has(name) ||
    RESERVED_MEMBERS.has(name) ||
    (holders.get(name) ?? 0) > (column.propertyName === name ? 1 : 0);
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(column.name) && !used(column.name)) return column.name;
  let n = 2;
  while (used(`${column.propertyName}${n}`)) n++;
  return `${column.propertyName}${n}`;
}
