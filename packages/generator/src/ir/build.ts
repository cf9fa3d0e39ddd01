/**
 * The IR builder: parsed files in, `SchemaIR` plus semantic diagnostics out. Passes:
 * scopes → declarations (duplicates) → tables (partials) → refs → foreign keys and join
 * tables → ORM names → validation → freeze.
 */
import { checkSettingNames } from './settings.js';
import type { ColumnIR, SchemaIR, TableIR } from '@dbgen/runtime';
import type {
  DbmlFile,
  EnumNode,
  ProjectNode,
  RecordsNode,
  RefNode,
  TableNode,
} from '../dbml/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import {
  mapPacked,
  Reporter,
  type ColumnDraft,
  type PendingInlineRef,
  type TableDraft,
} from './context.js';
import { checkDuplicates, checkPartial } from './declarations.js';
import { buildRecords, buildTableGroups, enumToIR, projectToIR } from './elements.js';
import { assignClassNames, assignVersionColumns, deriveRelations } from './orm.js';
import { assignSoftDeleteColumns } from './soft-delete.js';
import { deriveForeignKeys, resolveRefs } from './refs.js';
import { buildScopes, splitName, type Scope } from './scope.js';
import { buildTable, isUniqueConstraint } from './tables.js';
import { normalizeColumns } from './normalize.js';
import {
  validateCheckNames,
  validateIndexNames,
  validateTables,
  warnNearEnums,
} from './validate.js';
import { validateNames } from './validate-property-names.js';
import { assignJsonTypes } from './json-types.js';
import { validateViews } from './views.js';
import { validateSearch } from './search.js';
import { checkTargetDialect, dialectOfDatabaseType } from './target-dialect.js';
import { validateCaseFoldedNames, validateEmptyNames } from './validate-identifiers.js';

/**
 * The runtime's `IR_VERSION`, checked against it by type (`SchemaIR['irVersion']` is
 * `typeof IR_VERSION`, so a new version fails to compile here) instead of imported: the
 * import loaded the whole runtime package, about 115 ms of CPU, into every compile.
 */
const IR_VERSION: SchemaIR['irVersion'] = 1;

export interface BuildResult {
  /** Null when any error was found. */
  readonly ir: SchemaIR | null;
  readonly diagnostics: Diagnostic[];
}

/**
 * Builds the IR of a schema made of `files` (the entry file and everything it imports,
 * keyed by absolute path). Every declaration of every file is part of the schema;
 * imports decide only which names each file can use.
 */
export function buildSchema(files: ReadonlyMap<string, DbmlFile>): BuildResult {
  const reporter = new Reporter();
  // Missing files and unexported elements are the module loader's to report (DBML150/151).
  const { scopes } = buildScopes(files);

  checkDuplicates(files, reporter);
  checkSettingNames(files, reporter);

  // Tables, each built once, looked up by node for ref resolution.
  const tables: TableDraft[] = [];
  const draftByNode = new Map<TableNode, TableDraft>();
  const built = new Set<string>();
  const pending: PendingInlineRef[] = [];
  const refNodes: { node: RefNode; scope: Scope }[] = [];
  const enums: { node: EnumNode; file: string }[] = [];
  const topRecords: { node: RecordsNode; scope: Scope | undefined }[] = [];
  let project: ProjectNode | null = null;
  for (const [path, file] of files) {
    const scope = scopes.get(path);
    for (const element of file.elements) {
      switch (element.kind) {
        case 'table': {
          const { schema, name } = splitName(element.name);
          // A duplicate (reported by checkDuplicates) is not built a second time.
          if (built.has(`${schema}.${name}`)) break;
          built.add(`${schema}.${name}`);
          const draft = buildTable(element, path, scope, reporter, pending);
          tables.push(draft);
          draftByNode.set(element, draft);
          break;
        }
        case 'ref':
          if (scope !== undefined) refNodes.push({ node: element, scope });
          break;
        case 'enum':
          enums.push({ node: element, file: path });
          break;
        case 'records':
          topRecords.push({ node: element, scope });
          break;
        case 'project':
          if (project === null) project = element;
          break;
        default:
          break;
      }
    }
  }
  // Partials are checked as written too, even when no table injects them.
  for (const file of files.values()) {
    for (const element of file.elements) {
      if (element.kind === 'tablePartial') checkPartial(element, reporter);
    }
  }

  const lookup = (scope: Scope, endpoint: { table: TableNode['name'] }): TableDraft | undefined => {
    const decl = scope.lookupTable(endpoint.table);
    return decl === undefined ? undefined : draftByNode.get(decl.node);
  };
  // Before refs: FK type checks and join-table columns see the final column types.
  normalizeColumns(tables, databaseTypeOf(project), reporter);
  const refs = resolveRefs(refNodes, pending, lookup, reporter);
  deriveForeignKeys(refs, tables);

  const enumIR = enums.map(({ node }) => enumToIR(node));
  // Looked up per enum-typed column: a map, not a search of every enum per column; the
  // value names listed once per enum, not once per column with a default.
  const enumsByName = new Map<string, Map<string, readonly string[]>>();
  for (const e of enumIR) {
    let bySchema = enumsByName.get(e.schema);
    if (bySchema === undefined) enumsByName.set(e.schema, (bySchema = new Map()));
    if (!bySchema.has(e.name))
      bySchema.set(
        e.name,
        e.values.map((v) => v.name),
      );
  }
  const enumValues = (schema: string, name: string): readonly string[] | undefined =>
    enumsByName.get(schema)?.get(name);

  const projectIR = project === null ? null : projectToIR(project, reporter);
  assignClassNames(tables, reporter);
  assignVersionColumns(tables, projectIR?.properties['dbgen_version_column'] ?? null, reporter);
  assignSoftDeleteColumns(tables, reporter);
  assignJsonTypes(tables, projectIR?.properties['dbgen_types'] ?? null, reporter);
  deriveRelations(tables);
  validateTables(tables, enumValues, reporter);
  warnNearEnums(tables, enumIR, reporter);
  validateIndexNames(tables, reporter);
  validateCheckNames(tables, reporter);
  validateNames(tables, reporter);
  validateEmptyNames(tables, reporter);
  validateCaseFoldedNames(tables, dialectOfDatabaseType(databaseTypeOf(project)), reporter);
  validateViews(tables, reporter);
  validateSearch(tables, reporter);

  const records = buildRecords(tables, draftByNode, topRecords, reporter);
  const tableGroups = buildTableGroups(files, scopes, reporter);
  const notes = [...files.values()].flatMap((file) =>
    file.elements.flatMap((e) =>
      e.kind === 'stickyNote' ? [{ name: e.name, content: e.value }] : [],
    ),
  );

  const failed = reporter.diagnostics.some((d) => d.severity === 'error');
  const ir: SchemaIR = {
    irVersion: IR_VERSION,
    project: projectIR,
    enums: enumIR,
    tables: mapPacked(tables, freezeTable),
    refs: mapPacked(refs, (r) => r.ir),
    tableGroups,
    records,
    notes,
  };
  // What the declared database lacks, once the schema is valid (the DDL needs it whole).
  if (!failed) checkTargetDialect(ir, databaseTypeOf(project), reporter);
  return { ir: failed ? null : ir, diagnostics: reporter.diagnostics };
}

/** The project's `database_type`, read ahead of the project's IR (which reports its errors). */
function databaseTypeOf(project: ProjectNode | null): string | null {
  const property = project?.properties.find((p) => p.key.toLowerCase() === 'database_type');
  const value = property?.value;
  return value?.kind === 'string'
    ? value.value
    : value?.kind === 'identifier'
      ? value.name.parts.join('.')
      : null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A column's IR, keys in the order the IR has always listed them (`generated` and
 * `jsonType` only when present, before `span`). Written with assignments rather than
 * `...(cond ? {..} : {})` spreads: each spread was a runtime call copying a temporary
 * object, two per column of every table.
 */
function freezeColumn(c: ColumnDraft): ColumnIR {
  const column: Mutable<ColumnIR> = {
    name: c.name,
    type: c.type,
    nullable: c.nullable,
    primaryKey: c.primaryKey,
    unique: c.unique,
    autoIncrement: c.autoIncrement,
    default: c.default,
    checks: c.checks,
    note: c.note,
    propertyName: c.propertyName,
  };
  const ext = c.ext;
  if (ext.generated !== undefined) column.generated = { ...ext.generated };
  if (ext.type !== undefined && ext.typeFrom !== undefined)
    column.jsonType = { name: ext.type, from: ext.typeFrom };
  column.span = c.span;
  return column;
}

/**
 * Compiles only when `Set` names every required field of `T`. {@link freezeTable} builds
 * its objects field by field (to keep the IR's key order) and casts them whole, so a
 * required field added to the IR later must fail to compile here, not go missing.
 */
type SetsEveryRequired<T, Set extends keyof T> = object extends Omit<T, Set> ? true : false;
type Assert<Holds extends true> = Holds;
type FreezeTableSetsEveryField = Assert<TableFieldsSet> | Assert<OrmFieldsSet>;
type TableFieldsSet = SetsEveryRequired<
  TableIR,
  | 'key'
  | 'schema'
  | 'name'
  | 'alias'
  | 'note'
  | 'columns'
  | 'primaryKey'
  | 'uniques'
  | 'indexes'
  | 'checks'
  | 'foreignKeys'
  | 'orm'
  | 'synthesized'
>;
type OrmFieldsSet = SetsEveryRequired<
  TableIR['orm'],
  'className' | 'versionColumn' | 'relations' | 'isJoinTable'
>;

function freezeTable(draft: TableDraft): TableIR {
  const columns = mapPacked(draft.columns, freezeColumn);
  const orm: Partial<Mutable<TableIR['orm']>> = {
    className: draft.className,
    versionColumn: draft.versionColumn,
  };
  if (draft.softDeleteColumn !== undefined) orm.softDeleteColumn = draft.softDeleteColumn;
  orm.relations = draft.relations;
  orm.isJoinTable = draft.isJoinTable;
  // Same key order as before: view and search only when set, headerColor and span last.
  const table: Partial<Mutable<TableIR>> = {
    key: draft.key,
    schema: draft.schema,
    name: draft.name,
    alias: draft.alias,
    note: draft.note,
    columns,
    primaryKey: draft.primaryKey,
  };
  const ext = draft.ext;
  if (ext.view !== undefined)
    table.view = ext.materialized ? { sql: ext.view, materialized: true } : { sql: ext.view };
  if (ext.search !== undefined)
    table.search =
      ext.searchLanguage !== undefined
        ? { columns: [...ext.search], language: ext.searchLanguage }
        : { columns: [...ext.search] };
  // Unique indexes written `@dbgen constraint` are the table's unique constraints.
  table.uniques = draft.indexes.filter(isUniqueConstraint).map((index) => ({
    name: index.name,
    columns: index.parts.flatMap((p) => (p.kind === 'column' ? [p.name] : [])),
  }));
  table.indexes = draft.indexes.filter((index) => !isUniqueConstraint(index));
  table.checks = draft.checks;
  table.foreignKeys = draft.foreignKeys;
  table.orm = orm as TableIR['orm'];
  table.synthesized = draft.synthesized;
  if (draft.headerColor !== undefined) table.headerColor = draft.headerColor;
  if (draft.span !== undefined) table.span = draft.span;
  return table as TableIR;
}
