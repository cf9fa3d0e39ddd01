/**
 * The typed static query methods of a model: get by primary key, get by each unique
 * constraint or unique index, find by each index prefix, and a loader per relation. They
 * take the session first and call only the public Session / Query API.
 */
import type { ColumnIR, TableIR } from '@dbgen/runtime';
import {
  camelCase,
  NameAllocator,
  pascalCase,
  propertyKey,
  quote,
  safeIdentifier,
} from './names.js';
import type { ClientPlan, TablePlan } from './plan.js';
import { columnType } from './types.js';
import { relationType } from './relations.js';

/** Statics every class (or the runtime's Model) already has; a generated method must not shadow them. */
const CLASS_STATICS = [
  'c',
  'name',
  'length',
  'prototype',
  'caller',
  'arguments',
  'bind',
  'call',
  'apply',
];

function primaryKeyColumns(table: TableIR): readonly string[] {
  if (table.primaryKey && table.primaryKey.columns.length > 0) return table.primaryKey.columns;
  return table.columns.filter((c) => c.primaryKey).map((c) => c.name);
}

/** Column lists that identify at most one row, besides the primary key. */
function uniqueColumnSets(table: TableIR): string[][] {
  const sets: string[][] = [];
  for (const c of table.columns) if (c.unique) sets.push([c.name]);
  for (const u of table.uniques) sets.push([...u.columns]);
  for (const index of table.indexes) {
    if (!index.unique) continue;
    const names = index.parts.map((p) => (p.kind === 'column' ? p.name : null));
    if (names.every((n): n is string => n !== null)) sets.push(names);
  }
  return sets;
}

/** Each prefix of each index's leading columns (up to the first expression part). */
function indexPrefixes(table: TableIR): string[][] {
  const prefixes: string[][] = [];
  const pk = primaryKeyColumns(table);
  for (let n = 1; n < pk.length; n++) prefixes.push(pk.slice(0, n));
  for (const index of table.indexes) {
    const leading: string[] = [];
    for (const part of index.parts) {
      if (part.kind !== 'column') break;
      leading.push(part.name);
      prefixes.push([...leading]);
    }
  }
  return prefixes;
}

const setKey = (columns: readonly string[]): string => JSON.stringify([...columns].sort());
const listKey = (columns: readonly string[]): string => JSON.stringify(columns);

export interface QueryMethods {
  /** Source of each static method, in a stable order. */
  readonly methods: readonly string[];
  readonly usesSession: boolean;
}

/** How a column is reached on the table constant: `users.email` or `users['e-mail']`. */
function columnAccess(tableVar: string, column: ColumnIR): string {
  const key = propertyKey(column.propertyName);
  return key.startsWith("'") ? `${tableVar}[${key}]` : `${tableVar}.${key}`;
}

export function queryMethods(tp: TablePlan, plan: ClientPlan): QueryMethods {
  const { table, className, tableVar } = tp;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const statics = new NameAllocator(CLASS_STATICS);
  const methods: string[] = [];

  const resolve = (names: readonly string[]): ColumnIR[] | null => {
    const cols = names.map((n) => byName.get(n));
    return cols.every((c): c is ColumnIR => c !== undefined) && cols.length > 0 ? cols : null;
  };
  const params = (cols: readonly ColumnIR[]) => {
    const local = new NameAllocator(['session']);
    return cols.map((c) => ({
      column: c,
      name: local.allocate(safeIdentifier(camelCase(c.propertyName))),
      type: columnType(c, plan).full,
    }));
  };
  const signature = (ps: ReturnType<typeof params>): string =>
    ['session: Session', ...ps.map((p) => `${p.name}: ${p.type}`)].join(', ');
  const filters = (ps: ReturnType<typeof params>): string =>
    ps.map((p) => `.filter(${columnAccess(tableVar, p.column)}.eq(${p.name}))`).join('');
  const suffix = (cols: readonly ColumnIR[]): string =>
    cols.map((c) => pascalCase(c.propertyName)).join('And');

  const pk = resolve(primaryKeyColumns(table));
  const unique = new Set<string>();
  if (pk) {
    unique.add(setKey(pk.map((c) => c.name)));
    const ps = params(pk);
    const key = ps.length === 1 ? (ps[0]?.name ?? '') : `[${ps.map((p) => p.name).join(', ')}]`;
    methods.push(
      `/** The ${className} with this primary key, or null; answered from the identity map when it can be. */\n` +
        `static ${statics.allocate('get')}(${signature(ps)}): Promise<${className} | null> {\n` +
        `return session.get(${className}, ${key});\n}`,
    );
  }
  for (const names of uniqueColumnSets(table)) {
    const cols = resolve(names);
    if (!cols || unique.has(setKey(names))) continue;
    unique.add(setKey(names));
    const ps = params(cols);
    methods.push(
      `/** The ${className} with this ${cols.map((c) => c.name).join(', ')} (unique), or null. */\n` +
        `static ${statics.allocate(`getBy${suffix(cols)}`)}(${signature(ps)}): Promise<${className} | null> {\n` +
        `return session.query(${className})${filters(ps)}.oneOrNone();\n}`,
    );
  }
  const seen = new Set<string>();
  for (const names of indexPrefixes(table)) {
    const cols = resolve(names);
    if (!cols || unique.has(setKey(names)) || seen.has(listKey(names))) continue;
    seen.add(listKey(names));
    const ps = params(cols);
    methods.push(
      `/** Every ${className} with this ${cols.map((c) => c.name).join(', ')} (indexed). */\n` +
        `static ${statics.allocate(`findBy${suffix(cols)}`)}(${signature(ps)}): Promise<${className}[]> {\n` +
        `return session.query(${className})${filters(ps)}.all();\n}`,
    );
  }
  for (const relation of table.orm.relations) {
    const type = relationType(relation, table, plan);
    if (!type) continue;
    const entity = new NameAllocator(['session']).allocate(camelCase(className));
    const prop = propertyKey(relation.name);
    const read = prop.startsWith("'") ? `${entity}[${prop}]` : `${entity}.${prop}`;
    methods.push(
      `/** Loads ${relation.kind} ${quote(relation.name)} of a ${className} into it, and returns it. */\n` +
        `static async ${statics.allocate(`load${pascalCase(relation.name)}`)}(session: Session, ${entity}: ${className}): Promise<${type}> {\n` +
        `await session.load(${entity}, ${quote(relation.name)});\nreturn ${read};\n}`,
    );
  }
  return { methods, usesSession: methods.length > 0 };
}
