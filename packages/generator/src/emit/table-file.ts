/**
 * One generated file per table: the row interface, the typed columns, the table constant
 * with its IR, the constructor's init interface, and the model class with its typed query
 * methods, registered with the ORM. The shape is the contract in docs/contracts.md; the
 * layout is prettier's (layout.ts).
 */
import type { ColumnIR } from '@dbgen/runtime';
import { docComment, noteComment } from './comments.js';
import { headerLine } from './header.js';
import { localImport, RuntimeImports } from './imports.js';
import { tableIRStatement } from './ir-literal.js';
import { callWithObject, interfaceBlock } from './layout.js';
import { compareNames, propertyKey } from './names.js';
import type { ClientPlan, TablePlan } from './plan.js';
import { primaryKeyColumns, queryMethods } from './query-methods.js';
import { relationType } from './relations.js';
import { columnType } from './types.js';

/** A property name a class cannot declare as a field. */
const UNDECLARABLE = new Set(['constructor']);

function isRequiredInInit(column: ColumnIR): boolean {
  return !column.nullable && column.default === null && !column.autoIncrement;
}

export function emitTableFile(tp: TablePlan, plan: ClientPlan, schemaPath: string): string {
  const { table, className, tableVar, rowName, columnsName, initName, irVar } = tp;
  const I = '  ';
  const enumTypes = new Set<string>();
  let usesJson = false;
  const typed = table.columns.map((column) => {
    const type = columnType(column, plan);
    if (type.enumType) enumTypes.add(type.enumType);
    usesJson ||= type.usesJson;
    return { column, type: type.full, key: propertyKey(column.propertyName) };
  });

  // A table without a primary key cannot be registered with the ORM (its identity map
  // needs one): its class types rows, but gets no relations and no query methods.
  const registered = primaryKeyColumns(table).length > 0;
  const targetFiles = new Map<string, string>(); // imported class → its file
  const relationFields: string[] = [];
  const thunks: string[] = [];
  const declared = new Set(table.columns.map((c) => c.propertyName));
  const declaredRelations = new Set<string>();
  for (const relation of registered ? table.orm.relations : []) {
    const target = plan.tablesByKey.get(relation.target);
    const type = relationType(relation, table, plan);
    if (!target || !type) continue;
    if (target.className !== className) targetFiles.set(target.className, target.file);
    thunks.push(`${propertyKey(relation.name)}: () => ${target.className}`);
    if (declared.has(relation.name) || UNDECLARABLE.has(relation.name)) continue;
    declared.add(relation.name);
    declaredRelations.add(relation.name);
    const via = relation.owning
      ? `${table.name}.${relation.localColumns.join(', ')}`
      : relation.through
        ? relation.through.table
        : `${target.table.name}.${relation.targetColumns.join(', ')}`;
    const doc = `${relation.kind} → ${target.className} (via ${via}). Throws when not loaded.`;
    relationFields.push(
      `${I}${docComment(doc)}\n${I}declare ${propertyKey(relation.name)}: ${type};\n`,
    );
  }

  const rt = new RuntimeImports(
    new Set([
      className,
      tableVar,
      rowName,
      columnsName,
      initName,
      irVar,
      ...enumTypes,
      ...targetFiles.keys(),
    ]),
  );
  const defineTable = rt.value('defineTable');
  const Model = rt.value('Model');
  const registerModel = registered ? rt.value('registerModel') : '';
  const Column = typed.length > 0 ? rt.type('Column') : '';
  if (usesJson) rt.type('JsonValue');
  const methods = registered ? queryMethods(tp, plan, declaredRelations) : [];
  if (methods.length > 0) rt.type('Session');
  const Table = rt.type('Table');
  const TableIR = rt.type('TableIR');

  const required = typed.filter((t) => isRequiredInInit(t.column));
  const optional = typed.filter((t) => !isRequiredInInit(t.column));
  const q = JSON.stringify(table.name);
  const out: string[] = [
    `${headerLine(schemaPath)}\n`,
    rt.render(),
    localImport(enumTypes, 'enums', true),
  ];
  for (const [cls, file] of [...targetFiles].sort(([a], [b]) => compareNames(a, b))) {
    out.push(localImport([cls], file, false));
  }
  out.push(
    '\n' +
      interfaceBlock(
        `/** A row of ${q} as the database returns it, keyed by property name. */\n`,
        rowName,
        typed.map((t) => `${t.key}: ${t.type};`),
      ),
    '\n' +
      interfaceBlock(
        `/** The columns of ${q} as typed expressions for the query builder and the Query API. */\n`,
        columnsName,
        typed.map((t) => `readonly ${t.key}: ${Column}<${t.type}>;`),
      ),
    `\n${tableIRStatement(irVar, TableIR, table)}`,
    `\n${noteComment(table.note) || `/** Table ${q}. */\n`}` +
      `export const ${tableVar}: ${Table}<${columnsName}> = ${defineTable}<${columnsName}>(${irVar});\n`,
    '\n' +
      interfaceBlock(
        `/** What \`new ${className}(...)\` takes: NOT NULL columns without default or increment are required. */\n`,
        initName,
        [
          ...required.map((t) => `${t.key}: ${t.type};`),
          ...optional.map((t) => `${t.key}?: ${t.type};`),
        ],
      ),
  );

  const fields = typed
    .filter((t) => !UNDECLARABLE.has(t.column.propertyName))
    .map(
      (t) =>
        `${t.column.note ? `${I}${docComment(t.column.note)}\n` : ''}${I}declare ${t.key}: ${t.type};\n`,
    );
  const init = required.length > 0 ? `init: ${initName}` : `init: ${initName} = {}`;
  out.push(
    `\n${noteComment(table.note) || `/** A row of ${q} as an object the session tracks. */\n`}` +
      `export class ${className} extends ${Model} {\n` +
      `${I}/** The mapped table: \`${className}.c.x\` is \`${tableVar}.x\`. */\n` +
      `${I}static readonly c: ${Table}<${columnsName}> = ${tableVar};\n` +
      [...fields, ...relationFields].join('') +
      `${I}constructor(${init}) {\n${I}${I}super(init);\n${I}}\n` +
      methods.map((m) => `\n${m}`).join('') +
      `}\n`,
  );
  if (registered) {
    out.push(callWithObject(registerModel, [className, tableVar], thunks));
  } else {
    out.push(`// Not registered with the ORM: ${q} has no primary key.\n`);
  }
  return out.join('');
}
