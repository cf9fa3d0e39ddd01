/**
 * Writing operations back as source: the `op.*(...)` calls a generated migration file
 * holds, laid out as prettier would lay them out.
 */
import type {
  ColumnIR,
  DefaultIR,
  EnumIR,
  ForeignKeyIR,
  IndexIR,
  SearchIR,
  TableIR,
  TableKey,
} from '../schema/ir.js';
import type { ColumnSpec, DefaultSpec, ForeignKeySpec, IndexSpec, TableSpec } from './op-spec.js';
import type { EnumRef, Operation } from '../schema/operations.js';

/** A JS literal for `value`: unquoted keys where possible, single-quoted strings. */
export function jsLiteral(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string'
      ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`
      : String(value);
  }
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    const items = value.map((v) => jsLiteral(v, inner));
    const flat = `[${items.join(', ')}]`;
    return flat.length <= 100 && !flat.includes('\n')
      ? flat
      : `[\n${items.map((i) => inner + i).join(',\n')},\n${indent}]`;
  }
  const entries = Object.entries(value).map(
    ([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : jsLiteral(k)}: ${jsLiteral(v, inner)}`,
  );
  const flat = `{ ${entries.join(', ')} }`;
  return flat.length <= 100 && !flat.includes('\n')
    ? flat
    : `{\n${entries.map((e) => inner + e).join(',\n')},\n${indent}}`;
}

/** How a migration file names an enum: `'mood'` in `public`, else `'auth.mood'`. */
function enumArg(ref: EnumRef): string {
  return ref.schema === 'public' ? ref.name : `${ref.schema}.${ref.name}`;
}

/** How a migration file names a table: `'users'` in `public`, else `'auth.users'`. */
function tableArg(key: TableKey): string {
  return key.startsWith('public.') ? key.slice('public.'.length) : key;
}

function defaultSpec(value: DefaultIR | null): DefaultSpec {
  if (value === null || value.kind === 'null') return null;
  if (value.kind === 'expression') return { sql: value.sql };
  if (value.kind === 'number')
    return typeof value.value === 'number' ? value.value : { number: value.value };
  return value.value;
}

function columnSpec(column: ColumnIR): ColumnSpec {
  const spec: ColumnSpec = { name: column.name };
  const ref = column.type.enum;
  if (column.type.logical === 'enum' && ref) {
    spec.enum = enumArg(ref);
    if (column.type.arrayDims > 0) spec.arrayDims = column.type.arrayDims;
  } else {
    spec.type = column.type.raw;
  }
  if (!column.nullable) spec.nullable = false;
  if (column.primaryKey) spec.primaryKey = true;
  if (column.unique) spec.unique = true;
  if (column.autoIncrement) spec.autoIncrement = true;
  if (column.default !== null && column.default.kind !== 'null')
    spec.default = defaultSpec(column.default);
  if (column.note !== null) spec.note = column.note;
  if (column.checks.length > 0)
    spec.checks = column.checks.map((c) => ({ name: c.name, expression: c.expression }));
  if (column.generated)
    spec.generated = column.generated.stored
      ? { sql: column.generated.expression }
      : { sql: column.generated.expression, stored: false };
  return spec;
}

function foreignKeySpec(fk: ForeignKeyIR): ForeignKeySpec {
  return {
    ...(fk.name !== null ? { name: fk.name } : {}),
    columns: [...fk.columns],
    target: tableArg(fk.target),
    targetColumns: [...fk.targetColumns],
    ...(fk.onDelete ? { onDelete: fk.onDelete } : {}),
    ...(fk.onUpdate ? { onUpdate: fk.onUpdate } : {}),
  };
}

function indexSpec(index: IndexIR): IndexSpec {
  const columnsOnly = index.parts.every((p) => p.kind === 'column');
  const parts = index.parts.map((p) => (p.kind === 'column' ? p.name : { sql: p.sql }));
  return {
    ...(index.name !== null ? { name: index.name } : {}),
    ...(columnsOnly ? { columns: parts as string[] } : { parts }),
    ...(index.unique ? { unique: true } : {}),
    ...(index.type ? { type: index.type } : {}),
    ...(index.note !== null ? { note: index.note } : {}),
    ...(index.where !== undefined ? { where: index.where } : {}),
    ...(index.include?.length ? { include: [...index.include] } : {}),
  };
}

function tableSpec(table: TableIR): TableSpec {
  const spec: TableSpec = { columns: table.columns.map(columnSpec) };
  if (table.primaryKey)
    spec.primaryKey = { name: table.primaryKey.name, columns: [...table.primaryKey.columns] };
  if (table.uniques.length > 0)
    spec.uniques = table.uniques.map((u) => ({ name: u.name, columns: [...u.columns] }));
  if (table.indexes.length > 0) spec.indexes = table.indexes.map(indexSpec);
  if (table.checks.length > 0)
    spec.checks = table.checks.map((c) => ({ name: c.name, expression: c.expression }));
  if (table.foreignKeys.length > 0) spec.foreignKeys = table.foreignKeys.map(foreignKeySpec);
  if (table.note !== null) spec.note = table.note;
  if (table.view) spec.view = table.view.sql;
  if (table.view?.materialized) spec.materialized = true;
  return spec;
}

function call(name: string, args: unknown[], indent: string): string {
  const rendered = args.map((a) => jsLiteral(a, indent));
  const flat = `op.${name}(${rendered.join(', ')})`;
  if (!flat.includes('\n') && flat.length <= 90) return flat;
  // Only the last argument spans lines: keep the call on its first line, as prettier does.
  if (rendered.slice(0, -1).every((r) => !r.includes('\n'))) return flat;
  const inner = indent + '  ';
  return `op.${name}(\n${args.map((a) => inner + jsLiteral(a, inner)).join(',\n')},\n${indent})`;
}

/** `{ columns, language? }` of a search, as `op.createSearch` takes it. */
function searchSpec(search: SearchIR): Record<string, unknown> {
  return {
    columns: [...search.columns],
    ...(search.language !== undefined ? { language: search.language } : {}),
  };
}

/** `op.*(...)` source for `operation`, as a generated migration file writes it. */
export function operationSource(operation: Operation, indent = '  '): string {
  const c = (name: string, ...args: unknown[]): string => call(name, args, indent);
  switch (operation.kind) {
    case 'createTable':
      return c('createTable', tableArg(operation.table.key), tableSpec(operation.table));
    case 'dropTable':
      return c('dropTable', tableArg(operation.table));
    case 'renameTable':
      return c('renameTable', tableArg(operation.table), operation.to);
    case 'addColumn':
      return c('addColumn', tableArg(operation.table), columnSpec(operation.column));
    case 'dropColumn':
      return c('dropColumn', tableArg(operation.table), operation.column);
    case 'alterColumn': {
      const change: Record<string, unknown> = {};
      if (operation.type !== undefined) {
        const ref = operation.type.enum;
        if (operation.type.logical === 'enum' && ref) change['enum'] = enumArg(ref);
        else change['type'] = operation.type.raw;
      }
      if (operation.nullable !== undefined) change['nullable'] = operation.nullable;
      if (operation.default !== undefined) change['default'] = defaultSpec(operation.default);
      if (operation.generated !== undefined)
        change['generated'] =
          operation.generated === null
            ? null
            : operation.generated.stored
              ? { sql: operation.generated.expression }
              : { sql: operation.generated.expression, stored: false };
      if (operation.autoIncrement !== undefined) change['autoIncrement'] = operation.autoIncrement;
      return c('alterColumn', tableArg(operation.table), operation.column, change);
    }
    case 'renameColumn':
      return c('renameColumn', tableArg(operation.table), operation.column, operation.to);
    case 'createIndex':
      return c('createIndex', tableArg(operation.table), indexSpec(operation.index));
    case 'addUnique':
      return c('addUnique', tableArg(operation.table), {
        name: operation.unique.name,
        columns: operation.unique.columns,
      });
    case 'addForeignKey':
      return c('addForeignKey', tableArg(operation.table), foreignKeySpec(operation.foreignKey));
    case 'addCheck':
      return c('addCheck', tableArg(operation.table), {
        name: operation.check.name,
        expression: operation.check.expression,
      });
    // Dropping a named constraint or index: the op has the operation's name.
    case 'dropIndex':
    case 'dropUnique':
    case 'dropForeignKey':
    case 'dropCheck':
      return c(operation.kind, tableArg(operation.table), operation.name);
    case 'createEnum': {
      const e: EnumIR = operation.enum;
      const values = e.values.map((v) => v.name);
      return e.note === null
        ? c('createEnum', enumArg(e), values)
        : c('createEnum', enumArg(e), values, { note: e.note });
    }
    case 'dropEnum':
      return c('dropEnum', enumArg(operation.enum));
    case 'addEnumValue':
      return operation.after === undefined
        ? c('addEnumValue', enumArg(operation.enum), operation.value)
        : c('addEnumValue', enumArg(operation.enum), operation.value, { after: operation.after });
    case 'dropEnumValue':
      return c('dropEnumValue', enumArg(operation.enum), operation.value);
    case 'reorderEnum':
      return c('reorderEnum', enumArg(operation.enum), [...operation.values]);
    case 'setComment':
      return c(
        'setComment',
        tableArg(operation.table),
        operation.column ?? null,
        operation.comment,
      );
    case 'createSearch':
    case 'dropSearch':
      return c(operation.kind, tableArg(operation.table), searchSpec(operation.search));
    case 'raw':
      return c('sql', operation.sql);
    case 'data':
      // Only hand-written migrations hold data steps; autogenerate never writes one.
      throw new TypeError(`data step "${operation.name}" cannot be written back as source`);
  }
}
