/**
 * The IR builder: parsed files in, `SchemaIR` plus semantic diagnostics out. Passes:
 * scopes → declarations (duplicates) → tables (partials) → refs → foreign keys and join
 * tables → ORM names → validation → freeze.
 */
import {
  IR_VERSION,
  type EnumIR,
  type ProjectIR,
  type RecordsIR,
  type SchemaIR,
  type SourceSpan,
  type TableGroupIR,
  type TableIR,
} from '@dbgen/runtime';
import type {
  ColumnNode,
  DbmlFile,
  TablePartialNode,
  EnumNode,
  ProjectNode,
  RecordsNode,
  RefNode,
  TableNode,
  ValueNode,
} from '../dbml/ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CODES } from './codes.js';
import { numberValue, reportDuplicateColumns, settingText } from './columns.js';
import { Reporter, type PendingInlineRef, type TableDraft } from './context.js';
import { PROJECT_KEYS } from './extensions.js';
import { assignClassNames, assignVersionColumns, deriveRelations } from './orm.js';
import { deriveForeignKeys, resolveRefs } from './refs.js';
import { buildScopes, declName, splitName, type Scope } from './scope.js';
import { buildTable } from './tables.js';
import { validateIndexNames, validateNames, validateTables } from './validate.js';

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
  const { scopes, problems } = buildScopes(files);
  for (const problem of problems)
    reporter.error(CODES.unknownImport, problem.message, problem.span);

  checkDuplicates(files, reporter);

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
  const refs = resolveRefs(refNodes, pending, lookup, reporter);
  deriveForeignKeys(refs, tables);

  const enumIR = enums.map(({ node }) => enumToIR(node));
  const enumValues = (schema: string, name: string): readonly string[] | undefined =>
    enumIR.find((e) => e.schema === schema && e.name === name)?.values.map((v) => v.name);

  const projectIR = project === null ? null : projectToIR(project, reporter);
  assignClassNames(tables, reporter);
  assignVersionColumns(tables, projectIR?.properties['dbgen_version_column'] ?? null, reporter);
  deriveRelations(tables);
  validateTables(tables, enumValues, reporter);
  validateIndexNames(tables, reporter);
  validateNames(tables, reporter);

  const records = buildRecords(tables, draftByNode, topRecords, reporter);
  const tableGroups = buildTableGroups(files, scopes, reporter);
  const notes = [...files.values()].flatMap((file) =>
    file.elements.flatMap((e) =>
      e.kind === 'stickyNote' ? [{ name: e.name, content: e.value }] : [],
    ),
  );

  const diagnostics = reporter.diagnostics;
  const failed = diagnostics.some((d) => d.severity === 'error');
  const ir: SchemaIR = {
    irVersion: IR_VERSION,
    project: projectIR,
    enums: enumIR,
    tables: tables.map(freezeTable),
    refs: refs.map((r) => r.ir),
    tableGroups,
    records,
    notes,
  };
  return { ir: failed ? null : ir, diagnostics };
}

/** Duplicate columns and inline refs of a column to itself, in a partial as written. */
function checkPartial(partial: TablePartialNode, reporter: Reporter): void {
  const columns = partial.members.filter((m): m is ColumnNode => m.kind === 'column');
  reportDuplicateColumns(columns, `TablePartial '${partial.name}'`, reporter);
  for (const column of columns) {
    for (const setting of column.settings) {
      const ref = setting.value;
      if (setting.name !== 'ref' || ref === null || ref.kind !== 'inlineRef') continue;
      const target = ref.target;
      const sameTable = target.table.parts.length === 0;
      if (sameTable && target.columns.length === 1 && target.columns[0] === column.name) {
        reporter.error(
          CODES.refSameEndpoint,
          `the two endpoints of this ref are the same (${column.name}); a column cannot reference itself`,
          ref.span,
        );
      }
    }
  }
}

function enumToIR(node: EnumNode): EnumIR {
  const { schema, name } = splitName(node.name);
  return {
    schema,
    name,
    values: node.values.map((v) => {
      const note = v.settings.find((s) => s.name === 'note');
      return { name: v.name, note: note === undefined ? null : settingText(note) };
    }),
    note: null,
    span: node.span,
  };
}

function projectToIR(node: ProjectNode, reporter: Reporter): ProjectIR {
  const properties: Record<string, string> = {};
  let databaseType: string | null = null;
  let note: string | null = node.note?.value ?? null;
  for (const property of node.properties) {
    const key = property.key;
    const text = valueText(property.value);
    if (key.toLowerCase() === 'database_type') databaseType = text;
    else if (key.toLowerCase() === 'note') note = text;
    else {
      properties[key] = text ?? '';
      if (key.startsWith('dbgen_') && !(PROJECT_KEYS as readonly string[]).includes(key)) {
        reporter.error(
          CODES.badExtension,
          `unknown dbgen project setting '${key}'; expected one of: ${PROJECT_KEYS.join(', ')}`,
          property.span,
        );
      }
    }
  }
  const version = properties['dbgen_version_column'];
  if (version !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(version)) {
    const span = node.properties.find((p) => p.key === 'dbgen_version_column')?.span;
    reporter.error(
      CODES.badExtension,
      `dbgen_version_column must be a column name, found '${version}'`,
      span,
    );
  }
  return { name: node.name, databaseType, note, properties };
}

function valueText(value: ValueNode): string | null {
  switch (value.kind) {
    case 'string':
    case 'color':
    case 'number':
      return value.value;
    case 'boolean':
      return String(value.value);
    case 'null':
      return null;
    case 'expression':
      return value.sql;
    case 'identifier':
      return value.name.parts.join('.');
  }
}

function recordValue(value: ValueNode): string | number | boolean | null {
  switch (value.kind) {
    case 'string':
    case 'color':
      return value.value;
    case 'number':
      return numberValue(value.value);
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'expression':
      return value.sql;
    case 'identifier':
      return value.name.parts[value.name.parts.length - 1] ?? null; // enum value `Status.active`
  }
}

function buildRecords(
  tables: readonly TableDraft[],
  draftByNode: ReadonlyMap<TableNode, TableDraft>,
  topLevel: readonly { node: RecordsNode; scope: Scope | undefined }[],
  reporter: Reporter,
): RecordsIR[] {
  const out: RecordsIR[] = [];
  const done = new Set<string>();
  const add = (table: TableDraft, node: RecordsNode): void => {
    if (done.has(table.key)) {
      reporter.error(
        CODES.duplicateRecords,
        `table '${table.name}' already has a Records block; a table has at most one`,
        node.span,
      );
      return;
    }
    done.add(table.key);
    const columns = node.columns.length > 0 ? [...node.columns] : table.columns.map((c) => c.name);
    for (const column of columns) {
      if (!table.columns.some((c) => c.name === column)) {
        reporter.error(
          CODES.unknownColumn,
          `column '${column}' does not exist in table '${table.key}' (in its Records)`,
          node.span,
        );
      }
    }
    const rows = node.rows.map((row) => {
      if (row.values.length > columns.length) {
        reporter.error(
          CODES.badRecords,
          `this record has ${row.values.length} values but the Records block names ${columns.length} column(s)`,
          row.span,
        );
      }
      return row.values.map(recordValue);
    });
    out.push({ table: table.key, columns, rows });
  };
  for (const table of tables) for (const node of table.records) add(table, node);
  for (const { node, scope } of topLevel) {
    if (node.table === null) continue;
    const decl = scope?.lookupTable(node.table);
    const table = decl === undefined ? undefined : draftByNode.get(decl.node);
    if (table === undefined) {
      const { schema, name } = splitName(node.table);
      reporter.error(
        CODES.unknownTable,
        `table '${name}' does not exist in schema '${schema}' (in Records)`,
        node.table.span,
      );
      continue;
    }
    if (node.columns.length === 0) {
      reporter.error(
        CODES.badRecords,
        `Records outside a table must list their columns: records ${table.name}(a, b) { ... }`,
        node.span,
      );
      continue;
    }
    add(table, node);
  }
  return out;
}

function buildTableGroups(
  files: ReadonlyMap<string, DbmlFile>,
  scopes: ReadonlyMap<string, Scope>,
  reporter: Reporter,
): TableGroupIR[] {
  const groups: TableGroupIR[] = [];
  const groupOf = new Map<TableNode, string>();
  for (const [path, file] of files) {
    const scope = scopes.get(path);
    for (const element of file.elements) {
      if (element.kind !== 'tableGroup') continue;
      const groupName = element.name.parts.join('.');
      const keys: string[] = [];
      for (const name of element.tables) {
        const decl = scope?.lookupTable(name);
        if (decl === undefined) {
          const split = splitName(name);
          reporter.error(
            CODES.unknownTable,
            `table '${split.name}' does not exist in schema '${split.schema}' (in TableGroup '${groupName}')`,
            name.span,
          );
          continue;
        }
        const previous = groupOf.get(decl.node);
        if (previous !== undefined) {
          reporter.error(
            CODES.tableInTwoGroups,
            `table "${name.parts.join('.')}" already appears in group "${previous}"; a table belongs to at most one group`,
            name.span,
          );
          continue;
        }
        groupOf.set(decl.node, groupName);
        const { schema, name: table } = splitName(decl.node.name);
        keys.push(`${schema}.${table}`);
      }
      const noteSetting = element.settings.find((s) => s.name === 'note');
      const note =
        element.note?.value ?? (noteSetting === undefined ? null : settingText(noteSetting));
      groups.push({ name: groupName, tables: keys, note });
    }
  }
  return groups;
}

/** Duplicate declarations across all files: tables, enums, partials, groups, notes, aliases. */
function checkDuplicates(files: ReadonlyMap<string, DbmlFile>, reporter: Reporter): void {
  const seen = new Map<string, SourceSpan>();
  const aliases = new Map<string, string>();
  const tableNames = new Set<string>();
  const label: Record<string, string> = {
    table: 'Table',
    enum: 'Enum',
    tablePartial: 'TablePartial',
    tableGroup: 'TableGroup',
    stickyNote: 'Note',
  };
  for (const file of files.values()) {
    for (const element of file.elements) {
      if (element.kind === 'table') {
        const { schema, name } = splitName(element.name);
        tableNames.add(`${schema}.${name}`);
      }
    }
  }
  for (const file of files.values()) {
    for (const element of file.elements) {
      if (
        element.kind !== 'table' &&
        element.kind !== 'enum' &&
        element.kind !== 'tablePartial' &&
        element.kind !== 'tableGroup' &&
        element.kind !== 'stickyNote'
      ) {
        continue;
      }
      const decl =
        element.kind === 'tablePartial'
          ? ({ kind: 'tablepartial', node: element, file: file.path } as const)
          : element.kind === 'stickyNote'
            ? ({ kind: 'note', node: element, file: file.path } as const)
            : element.kind === 'tableGroup'
              ? ({ kind: 'tablegroup', node: element, file: file.path } as const)
              : element.kind === 'enum'
                ? ({ kind: 'enum', node: element, file: file.path } as const)
                : ({ kind: 'table', node: element, file: file.path } as const);
      const { schema, name } = declName(decl);
      const key = `${element.kind}:${schema}.${name}`;
      const nameSpan =
        element.kind === 'table' || element.kind === 'enum' || element.kind === 'tableGroup'
          ? element.name.span
          : element.span;
      if (seen.has(key)) {
        const code =
          element.kind === 'table'
            ? CODES.duplicateTable
            : element.kind === 'enum'
              ? CODES.duplicateEnum
              : CODES.duplicateName;
        reporter.error(
          code,
          `${label[element.kind] ?? element.kind} '${name}' already exists in schema '${schema}'`,
          nameSpan,
        );
      } else seen.set(key, nameSpan);
      if (element.kind === 'enum') checkEnum(element, reporter);
      if (element.kind === 'table' && element.alias !== null) {
        const alias = element.alias;
        const owner = `${schema}.${name}`;
        const previous = aliases.get(alias);
        if (previous !== undefined && previous !== owner) {
          reporter.error(
            CODES.duplicateAlias,
            `alias '${alias}' is already used by table '${previous}'`,
            element.name.span,
          );
        } else if (tableNames.has(`public.${alias}`) && owner !== `public.${alias}`) {
          reporter.error(
            CODES.duplicateAlias,
            `alias '${alias}' of table '${owner}' is the name of another table`,
            element.name.span,
          );
        }
        aliases.set(alias, owner);
      }
    }
  }
}

function checkEnum(node: EnumNode, reporter: Reporter): void {
  const { name } = splitName(node.name);
  if (node.values.length === 0) {
    reporter.error(
      CODES.emptyEnum,
      `enum '${name}' has no values; an enum needs at least one`,
      node.span,
    );
  }
  const values = new Set<string>();
  for (const value of node.values) {
    if (values.has(value.name)) {
      reporter.error(
        CODES.duplicateEnumValue,
        `enum '${name}' lists the value '${value.name}' twice`,
        value.span,
      );
    }
    values.add(value.name);
  }
}

function freezeTable(draft: TableDraft): TableIR {
  const table: TableIR = {
    key: draft.key,
    schema: draft.schema,
    name: draft.name,
    alias: draft.alias,
    note: draft.note,
    columns: draft.columns.map((c) => ({
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
      span: c.span,
    })),
    primaryKey: draft.primaryKey,
    uniques: [],
    indexes: draft.indexes,
    checks: draft.checks,
    foreignKeys: draft.foreignKeys,
    orm: {
      className: draft.className,
      versionColumn: draft.versionColumn,
      relations: draft.relations,
      isJoinTable: draft.isJoinTable,
    },
    synthesized: draft.synthesized,
  };
  return draft.span === undefined ? table : { ...table, span: draft.span };
}
