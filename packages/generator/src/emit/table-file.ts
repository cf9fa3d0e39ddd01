/**
 * One generated file per table: the row interface, the typed columns, the table constant
 * with its IR, the constructor's init interface, and the model class with its typed query
 * methods, registered with the ORM. The shape is the contract in docs/contracts.md.
 */
import type { ColumnIR } from '@dbgen/runtime';
import { docComment, noteComment } from './comments.js';
import { headerLine } from './header.js';
import { localImport, RuntimeImports } from './imports.js';
import { tableIRLiteral } from './ir-literal.js';
import { propertyKey, quote } from './names.js';
import type { ClientPlan, TablePlan } from './plan.js';
import { queryMethods } from './query-methods.js';
import { relationType } from './relations.js';
import { columnType } from './types.js';

/** Property names the class cannot declare as fields (they would break the class). */
const UNDECLARABLE = new Set(['constructor', 'prototype', 'c']);

function hasPrimaryKey({ table }: TablePlan): boolean {
  return (table.primaryKey?.columns.length ?? 0) > 0 || table.columns.some((c) => c.primaryKey);
}

function isRequiredInInit(column: ColumnIR): boolean {
  return !column.nullable && column.default === null && !column.autoIncrement;
}

function relationComment(kind: string, target: string, via: string): string {
  return docComment(`${kind} → ${target} (via ${via}). Throws when not loaded.`);
}

export function emitTableFile(tp: TablePlan, plan: ClientPlan, schemaPath: string): string {
  const { table, className, tableVar, rowName, columnsName, initName, irVar } = tp;
  const enumTypes = new Set<string>();
  const targetClasses = new Map<string, string>(); // class → file
  let usesJson = false;
  const typed = table.columns.map((column) => {
    const type = columnType(column, plan);
    if (type.enumType) enumTypes.add(type.enumType);
    usesJson ||= type.usesJson;
    return { column, type, key: propertyKey(column.propertyName) };
  });

  const relationLines: string[] = [];
  const thunks: string[] = [];
  const declared = new Set(table.columns.map((c) => c.propertyName));
  for (const relation of table.orm.relations) {
    const target = plan.tablesByKey.get(relation.target);
    const type = relationType(relation, table, plan);
    if (!target || !type) continue;
    if (target.className !== className) targetClasses.set(target.className, target.file);
    thunks.push(`${propertyKey(relation.name)}: () => ${target.className}`);
    if (declared.has(relation.name) || UNDECLARABLE.has(relation.name)) continue;
    declared.add(relation.name);
    const via = relation.owning
      ? `${table.name}.${relation.localColumns.join(', ')}`
      : relation.through
        ? `${relation.through.table}`
        : `${target.table.name}.${relation.targetColumns.join(', ')}`;
    relationLines.push(
      `${relationComment(relation.kind, target.className, via)}\ndeclare ${propertyKey(relation.name)}: ${type};`,
    );
  }

  const localNames = new Set([
    className,
    tableVar,
    rowName,
    columnsName,
    initName,
    irVar,
    ...enumTypes,
    ...targetClasses.keys(),
  ]);
  const rt = new RuntimeImports(localNames);
  const Column = table.columns.length > 0 ? rt.type('Column') : 'Column';
  const Table = rt.type('Table');
  const TableIR = rt.type('TableIR');
  const defineTable = rt.value('defineTable');
  const Model = rt.value('Model');
  const registerModel = hasPrimaryKey(tp) ? rt.value('registerModel') : '';
  if (usesJson) rt.type('JsonValue');
  const methods = queryMethods(tp, plan);
  if (methods.usesSession) rt.type('Session');

  const required = typed.filter((t) => isRequiredInInit(t.column));
  const optional = typed.filter((t) => !isRequiredInInit(t.column));
  const fields = typed.filter((t) => !UNDECLARABLE.has(t.column.propertyName));
  const q = JSON.stringify(table.name);

  const out: string[] = [];
  out.push(`${headerLine(schemaPath)}\n`);
  out.push(rt.render());
  out.push(localImport(enumTypes, 'enums', true));
  for (const [cls, file] of [...targetClasses].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(localImport([cls], file, false));
  }
  out.push(
    `\n/** A row of ${q} as the database returns it, keyed by property name. */\n` +
      `export interface ${rowName} {\n${typed.map((t) => `${t.key}: ${t.type.full};`).join('\n')}\n}\n`,
  );
  out.push(
    `\n/** The columns of ${q} as typed expressions for the query builder and the Query API. */\n` +
      `export interface ${columnsName} {\n` +
      typed.map((t) => `readonly ${t.key}: ${Column}<${t.type.full}>;`).join('\n') +
      `\n}\n`,
  );
  out.push(`\n// prettier-ignore\nconst ${irVar}: ${TableIR} = ${tableIRLiteral(table)};\n`);
  out.push(
    `\n${noteComment(table.note) || `/** Table ${q}. */\n`}` +
      `export const ${tableVar}: ${Table}<${columnsName}> = ${defineTable}<${columnsName}>(${irVar});\n`,
  );
  out.push(
    `\n/** What \`new ${className}(...)\` takes: NOT NULL columns without default or increment are required. */\n` +
      `export interface ${initName} {\n` +
      [
        ...required.map((t) => `${t.key}: ${t.type.full};`),
        ...optional.map((t) => `${t.key}?: ${t.type.full};`),
      ].join('\n') +
      `\n}\n`,
  );
  const fieldLines = fields.map(
    (t) =>
      `${t.column.note ? `${docComment(t.column.note)}\n` : ''}declare ${t.key}: ${t.type.full};`,
  );
  const init = required.length > 0 ? `init: ${initName}` : `init: ${initName} = {}`;
  out.push(
    `\n${noteComment(table.note) || `/** A row of ${q} as an object the session tracks. */\n`}` +
      `export class ${className} extends ${Model} {\n` +
      `/** The mapped table; \`${className}.c.x\` is \`${tableVar}.x\`. */\n` +
      `static readonly c: ${Table}<${columnsName}> = ${tableVar};\n` +
      [...fieldLines, ...relationLines].join('\n') +
      `\nconstructor(${init}) {\nsuper(init);\n}\n` +
      methods.methods.map((m) => `\n${m}`).join('\n') +
      `}\n`,
  );
  if (hasPrimaryKey(tp)) {
    out.push(`${registerModel}(${className}, ${tableVar}, { ${thunks.join(', ')} });\n`);
  } else {
    // registerModel rejects a table without a primary key (the identity map needs one); the
    // table still works with the query builder, and the class documents its rows.
    out.push(`// Not registered with the ORM: ${q} has no primary key.\n`);
  }
  return out.join('');
}
