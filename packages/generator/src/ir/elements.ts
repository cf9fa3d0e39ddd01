/**
 * The schema's other elements as IR: enums, the project, records (sample data) and table
 * groups.
 */
import type { EnumIR, ProjectIR, RecordsIR, RecordValueIR, TableGroupIR } from '@dbgen/runtime';
import type {
  DbmlFile,
  EnumNode,
  ProjectNode,
  RecordsNode,
  TableNode,
  ValueNode,
} from '../dbml/ast.js';
import { CODES } from './codes.js';
import { numberText, numberValue, settingText } from './columns.js';
import { columnOf, type Reporter, type TableDraft } from './context.js';
import { PROJECT_KEYS } from './extensions.js';
import { splitName, type Scope } from './scope.js';
import { checkRecordValue } from './validate-records.js';

/** A decimal number written without an exponent. */
const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;

export function enumToIR(node: EnumNode): EnumIR {
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

export function projectToIR(node: ProjectNode, reporter: Reporter): ProjectIR {
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

function recordValue(value: ValueNode): RecordValueIR {
  switch (value.kind) {
    case 'string':
    case 'color':
      return value.value;
    case 'number': {
      // As written where a number would print otherwise (`00123`, `1.50`, `-0`): a text
      // column stores the digits typed, a decimal keeps its scale, and number columns read
      // the text as they read a quoted one. (A number made `00123` into '123'.)
      const n = numberValue(value.value);
      const text = numberText(value.value);
      return typeof n === 'number' && PLAIN_DECIMAL.test(text) && String(n) !== text ? text : n;
    }
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'expression':
      // A database expression (`now()`), inserted as SQL: as text it was stored verbatim.
      return { sql: value.sql };
    case 'identifier':
      return value.name.parts[value.name.parts.length - 1] ?? null; // enum value `Status.active`
  }
}

export function buildRecords(
  tables: readonly TableDraft[],
  draftByNode: ReadonlyMap<TableNode, TableDraft>,
  topLevel: readonly { node: RecordsNode; scope: Scope | undefined }[],
  reporter: Reporter,
): RecordsIR[] {
  const out: RecordsIR[] = [];
  const done = new Set<string>();
  const add = (table: TableDraft, node: RecordsNode, scope: Scope | undefined): void => {
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
      // A short record is refused too, not filled: the seed would write NULL to the columns
      // it lacks, where the author may have counted on their defaults.
      if (row.values.length !== columns.length) {
        const hint =
          row.values.length < columns.length ? ' (write an empty field for a NULL: `1, , 3`)' : '';
        reporter.error(
          CODES.badRecords,
          `this record has ${row.values.length} value(s) but the Records block names ${columns.length} column(s)${hint}`,
          row.span,
        );
      }
      // Each value against its column, as the seed will read it: `check` then means `seed` loads.
      return row.values.map((value, i) => {
        const ir = recordValue(value);
        const column = columnOf(table, columns[i] ?? '');
        if (column !== undefined) checkRecordValue(table, column, value, ir, scope, reporter);
        return ir;
      });
    });
    out.push({ table: table.key, columns, rows });
  };
  for (const table of tables) for (const node of table.records) add(table, node, table.scope);
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
    add(table, node, scope);
  }
  return out;
}

export function buildTableGroups(
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
      const colorSetting = element.settings.find((s) => s.name === 'color');
      const color = colorSetting === undefined ? null : settingText(colorSetting);
      groups.push({ name: groupName, tables: keys, note, ...(color !== null ? { color } : {}) });
    }
  }
  return groups;
}
