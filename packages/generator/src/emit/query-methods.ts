/**
 * The typed static query methods of a model: get by primary key, get by each unique
 * constraint or unique index, find by each index prefix, and a loader per relation. They
 * take the session first and call only the public Session / Query API.
 */
import type { ColumnIR, TableIR } from '@dbgen/runtime';
import { docComment } from './comments.js';
import { returnChain, signature, typeReference, WIDTH } from './layout.js';
import { camelCase, NameAllocator, pascalCase, propertyKey, quote } from './names.js';
import type { ClientPlan, TablePlan } from './plan.js';
import { relationType } from './relations.js';
import { columnType } from './types.js';

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

export function primaryKeyColumns(table: TableIR): readonly string[] {
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

/** How a property is read: `users.email` or `users['e-mail']`. */
function memberAccess(object: string, property: string): string {
  const key = propertyKey(property);
  return key === property ? `${object}.${key}` : `${object}[${key}]`;
}

interface Param {
  readonly column: ColumnIR;
  readonly name: string;
  readonly type: string;
}

/**
 * A static query method, rendered twice: its signature in the `.d.ts`, its body in the
 * `.js` (layout.ts lays both out as prettier would).
 */
export interface QueryMethod {
  /** Which runtime type declares it: `GetMethod`, `FindMethod` or `LoadMethod`. */
  readonly kind: 'get' | 'find' | 'load';
  readonly doc: string;
  readonly name: string;
  /** For a loader: the relation (property) it loads. */
  readonly relation?: string;
  /** Parameter names and their TS types, the session first (the `.d.ts` leaves it to the runtime's type). */
  readonly params: readonly { readonly name: string; readonly type: string }[];
  /** The JavaScript body, indented for a method of the class. */
  readonly body: string;
}

const I = '  ';
const II = '    ';

/** The local names of the runtime's method types in the file being emitted. */
export interface MethodTypes {
  readonly get: string;
  readonly find: string;
  readonly load: string;
}

/**
 * `static get: GetMethod<User, [id: number]>;` with its doc: the signature
 * (`(session: Session, id: number) => Promise<User | null>`) comes from the runtime's type,
 * so every table file spells out only what differs (labelled tuple elements keep the
 * parameter names in editors). Cheaper for `tsc` than a method signature per table.
 */
export function methodDeclaration(m: QueryMethod, className: string, types: MethodTypes): string {
  const args =
    m.kind === 'load'
      ? [className, quote(m.relation ?? '')]
      : [
          className,
          `[${m.params
            .slice(1)
            .map((p) => `${p.name}: ${p.type}`)
            .join(', ')}]`,
        ];
  return (
    `${I}${docComment(m.doc)}\n` + typeReference(I, `static ${m.name}: `, types[m.kind], args, ';')
  );
}

/** `static get(session, id) { ... }`. */
export function methodDefinition(m: QueryMethod): string {
  return (
    signature(
      I,
      `static ${m.name}`,
      m.params.map((p) => p.name),
      ' {',
    ) + `${m.body}${I}}\n`
  );
}

/** The static methods of a model, in a stable order. */
export function queryMethods(
  tp: TablePlan,
  plan: ClientPlan,
  /** Relations declared as properties of the class (a loader needs the property). */
  declaredRelations: ReadonlySet<string>,
  /** The names of the table's file (see `TableShape.localNames`). */
  localNames: ReadonlySet<string>,
): QueryMethod[] {
  const { table, className, tableVar } = tp;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const statics = new NameAllocator(CLASS_STATICS);
  const methods: QueryMethod[] = [];
  const session = { name: 'session', type: 'Session' };

  const resolve = (names: readonly string[]): ColumnIR[] | null => {
    const cols = names.map((n) => byName.get(n));
    return cols.length > 0 && cols.every((c): c is ColumnIR => c !== undefined) ? cols : null;
  };
  // A unique lookup takes no null: a unique key does not identify NULLs (rows may share
  // them), so `getByX(session, null)` found every such row and threw. `findBy` may.
  const params = (cols: readonly ColumnIR[], nullable = true): Param[] => {
    const local = new NameAllocator(['session']);
    return cols.map((column) => {
      const type = columnType(column, plan, localNames);
      return {
        column,
        name: local.allocate(camelCase(column.propertyName)),
        type: nullable ? type.full : type.base,
      };
    });
  };
  const filters = (ps: readonly Param[]): string[] =>
    ps.map((p) => `filter(${memberAccess(tableVar, p.column.propertyName)}.eq(${p.name}))`);
  const suffix = (cols: readonly ColumnIR[]): string =>
    cols.map((c) => pascalCase(c.propertyName)).join('And');
  const columnList = (cols: readonly ColumnIR[]): string => cols.map((c) => c.name).join(', ');

  const pk = resolve(primaryKeyColumns(table));
  const unique = new Set<string>();
  if (pk) {
    unique.add(setKey(pk.map((c) => c.name)));
    const ps = params(pk);
    const names = ps.map((p) => p.name);
    const key = names.length === 1 ? (names[0] ?? '') : `[${names.join(', ')}]`;
    let body = `${II}return session.get(${className}, ${key});\n`;
    if (body.length > WIDTH + 1 && names.length > 1) {
      // prettier hugs the last argument, an array: one key part per line.
      body = `${II}return session.get(${className}, [\n${names.map((n) => `${II}  ${n},\n`).join('')}${II}]);\n`;
    }
    methods.push({
      kind: 'get',
      doc: `The ${className} with this primary key, or null; answered from the identity map when it can be.`,
      name: statics.allocate('get'),
      params: [session, ...ps],
      body,
    });
  }
  for (const names of uniqueColumnSets(table)) {
    const cols = resolve(names);
    if (!cols || unique.has(setKey(names))) continue;
    unique.add(setKey(names));
    const ps = params(cols, false);
    methods.push({
      kind: 'get',
      doc: `The ${className} with this ${columnList(cols)} (unique), or null.`,
      name: statics.allocate(`getBy${suffix(cols)}`),
      params: [session, ...ps],
      body: returnChain(II, 'session', [`query(${className})`, ...filters(ps), 'oneOrNone()']),
    });
  }
  const seen = new Set<string>();
  for (const names of indexPrefixes(table)) {
    const cols = resolve(names);
    if (!cols || unique.has(setKey(names)) || seen.has(listKey(names))) continue;
    seen.add(listKey(names));
    const ps = params(cols);
    methods.push({
      kind: 'find',
      doc: `Every ${className} with this ${columnList(cols)} (indexed).`,
      name: statics.allocate(`findBy${suffix(cols)}`),
      params: [session, ...ps],
      body: returnChain(II, 'session', [`query(${className})`, ...filters(ps), 'all()']),
    });
  }
  for (const relation of table.orm.relations) {
    const type = relationType(relation, table, plan);
    if (!type || !declaredRelations.has(relation.name)) continue;
    const entity = new NameAllocator(['session']).allocate(camelCase(className));
    const name = quote(relation.name);
    methods.push({
      kind: 'load',
      relation: relation.name,
      doc: `Loads the ${relation.kind} relation ${name} of a ${className} into it and returns it.`,
      name: statics.allocate(`load${pascalCase(relation.name)}`),
      params: [session, { name: entity, type: className }],
      body: `${II}return session.load(${entity}, ${name});\n`,
    });
  }
  return methods;
}
