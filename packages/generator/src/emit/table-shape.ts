/**
 * What a table's two files (`<table>.d.ts` and `<table>.js`) are made of, decided once:
 * its typed columns, the relations its class declares, what `new Model(...)` requires, its
 * query methods. See docs/contracts.md for the shape.
 */
import type { ColumnIR } from '@dbgen/runtime';
import { propertyKey } from './names.js';
import type { ClientPlan, TablePlan } from './plan.js';
import { primaryKeyColumns, queryMethods, type QueryMethod } from './query-methods.js';
import { relationType } from './relations.js';
import { columnType, enumTypeOf } from './types.js';

/** A property name a class cannot declare as a field. */
const UNDECLARABLE = new Set(['constructor']);

export interface TypedColumn {
  readonly column: ColumnIR;
  /** The TS type, with `| null` when nullable. */
  readonly type: string;
  /** The property key as written (`email`, `'first name'`). */
  readonly key: string;
}

export interface DeclaredRelation {
  /** The property key as written. */
  readonly key: string;
  readonly type: string;
  readonly doc: string;
  /** The target class when the relation is a reference the init may take (owning side). */
  readonly initType: string | null;
}

export interface TableShape {
  readonly tp: TablePlan;
  /** False for a table without a primary key: no relations, methods, or registerModel. */
  readonly registered: boolean;
  readonly columns: readonly TypedColumn[];
  readonly enumTypes: ReadonlySet<string>;
  readonly usesJson: boolean;
  /**
   * The names the table's `.d.ts` declares or imports from its own client (class, row,
   * columns and init types, table constant, enum types, related classes): runtime imports
   * and globals with the same name are referred to otherwise there (`$Model`, `globalThis.Date`).
   */
  readonly localNames: ReadonlySet<string>;
  /** Classes of other tables it refers to → their files. */
  readonly targetFiles: ReadonlyMap<string, string>;
  readonly relations: readonly DeclaredRelation[];
  /** `name: () => Target` entries for registerModel. */
  readonly thunks: readonly string[];
  /** Columns `new Model(...)` requires; the other columns are optional. */
  readonly required: readonly TypedColumn[];
  readonly optional: readonly TypedColumn[];
  readonly methods: readonly QueryMethod[];
}

/** NOT NULL without default, increment or generation: the database needs a value. */
function needsValue(column: ColumnIR): boolean {
  return !column.nullable && column.default === null && !column.autoIncrement && !column.generated;
}

export function tableShape(tp: TablePlan, plan: ClientPlan): TableShape {
  const { table, className } = tp;
  const enumTypes = new Set<string>();
  for (const column of table.columns) {
    const enumType = enumTypeOf(column, plan);
    if (enumType !== null) enumTypes.add(enumType);
  }
  // A table without a primary key cannot be registered with the ORM (its identity map
  // needs one): its class types rows, but gets no relations and no query methods.
  const registered = primaryKeyColumns(table).length > 0;
  const targetFiles = new Map<string, string>();
  const relations: DeclaredRelation[] = [];
  const thunks: string[] = [];
  const declared = new Set(table.columns.map((c) => c.propertyName));
  const declaredNames = new Set<string>();
  // Foreign key columns the ORM fills from a reference given in the init instead.
  const settableByReference = new Set<string>();
  for (const relation of registered ? table.orm.relations : []) {
    const target = plan.tablesByKey.get(relation.target);
    const type = relationType(relation, table, plan);
    if (!target || !type) continue;
    if (target.className !== className) targetFiles.set(target.className, target.file);
    thunks.push(`${propertyKey(relation.name)}: () => ${target.className}`);
    if (declared.has(relation.name) || UNDECLARABLE.has(relation.name)) continue;
    declared.add(relation.name);
    declaredNames.add(relation.name);
    const via = relation.owning
      ? `${table.name}.${relation.localColumns.join(', ')}`
      : relation.through
        ? relation.through.table
        : `${target.table.name}.${relation.targetColumns.join(', ')}`;
    const reference =
      relation.owning && (relation.kind === 'many-to-one' || relation.kind === 'one-to-one');
    if (reference) for (const name of relation.localColumns) settableByReference.add(name);
    relations.push({
      key: propertyKey(relation.name),
      type,
      doc: `${relation.kind} → ${target.className} (via ${via}). Throws when not loaded.`,
      initType: reference ? type : null,
    });
  }
  const localNames = new Set([
    className,
    tp.tableVar,
    tp.rowName,
    tp.columnsName,
    tp.initName,
    ...enumTypes,
    ...targetFiles.keys(),
  ]);
  let usesJson = false;
  const columns = table.columns.map((column): TypedColumn => {
    const type = columnType(column, plan, localNames);
    usesJson ||= type.usesJson;
    return { column, type: type.full, key: propertyKey(column.propertyName) };
  });
  const required = columns.filter(
    (c) => needsValue(c.column) && !settableByReference.has(c.column.name),
  );
  const optional = columns.filter((c) => !required.includes(c));
  return {
    tp,
    registered,
    columns,
    enumTypes,
    usesJson,
    localNames,
    targetFiles,
    relations,
    thunks,
    required,
    optional,
    methods: registered ? queryMethods(tp, plan, declaredNames, localNames) : [],
  };
}
