/**
 * `<table>.d.ts`: the table's types, which are all a user's `tsc` reads of it (the
 * implementation is the `.js` beside it, never type-checked by the user). Kept small,
 * because `tsc` parses every table's declarations (index re-exports them all):
 *
 * - `UserRow`, the row, is the one list of column types; the class takes its fields from
 *   it (`interface User extends UserRow {}` merged with the class) and the columns are
 *   `ColumnsOf<UserRow>`, a mapped type `tsc` resolves only when a program uses it;
 * - no conditional types, no unions beyond `| null` and enum values.
 */
import { docComment, nameInComment, noteComment } from './comments.js';
import { headerLine } from './header.js';
import { localImport, RuntimeImports } from './imports.js';
import { interfaceBlock, signature, typeReference, type TypeArgument } from './layout.js';
import { compareNames, quote } from './names.js';
import { methodDeclaration } from './query-methods.js';
import type { TableShape } from './table-shape.js';
import { jsonTypeImports } from './types.js';

const I = '  ';

export function emitTableDeclarations(shape: TableShape, schemaPath: string): string {
  const { tp, columns, relations } = shape;
  const { table, className, tableVar, rowName, columnsName, initName } = tp;
  const rt = new RuntimeImports(shape.localNames);
  const Model = rt.value('Model');
  // Only a table with generated columns uses the (costlier for tsc) marking variant.
  const hasGenerated = columns.some((c) => c.column.generated);
  const ColumnsOf = rt.type(hasGenerated ? 'GeneratedColumnsOf' : 'ColumnsOf');
  if (shape.usesJson) rt.type('JsonValue');
  const has = (kind: string) => shape.methods.some((m) => m.kind === kind);
  const methodTypes = {
    get: has('get') ? rt.type('GetMethod') : '',
    find: has('find') ? rt.type('FindMethod') : '',
    load: has('load') ? rt.type('LoadMethod') : '',
  };
  const InitOf = rt.type('InitOf');
  const Table = rt.type('Table');

  const q = nameInComment(table.name);
  const out: string[] = [
    `${headerLine(schemaPath)}\n`,
    rt.render(),
    localImport(shape.enumTypes, 'enums', true),
    jsonTypeImports(table.columns, shape.localNames),
  ];
  for (const [cls, file] of [...shape.targetFiles].sort(([a], [b]) => compareNames(a, b))) {
    out.push(localImport([cls], file, true));
  }
  // The init is derived from the row (see InitOf): only the required keys and the related
  // objects it may take are spelled out here.
  const refs = relations.flatMap((r) => (r.initType ? [`${r.key}?: ${r.initType}`] : []));
  const required = shape.required.map((c) => quote(c.column.propertyName));
  // Generated columns: read-only on the row and the model, left out of the init and of
  // Core's insert and update values (through GeneratedColumnsOf's second argument).
  const generated = columns
    .filter((c) => c.column.generated)
    .map((c) => quote(c.column.propertyName));
  const generatedArg = generated.length === 0 ? '' : `, ${generated.join(' | ')}`;
  const initArgs: TypeArgument[] = [
    rowName,
    required.length === 0
      ? 'never'
      : required.length === 1
        ? (required[0] ?? '')
        : { union: required },
    ...(refs.length > 0 ? [{ members: refs }] : generated.length > 0 ? ['unknown'] : []),
    ...(generated.length === 0
      ? []
      : generated.length === 1
        ? [generated[0] ?? '']
        : [{ union: generated }]),
  ];
  out.push(
    '\n' +
      interfaceBlock(
        `/** A row of ${q} as the database returns it, keyed by property name. */\n`,
        rowName,
        columns.map(
          (c) =>
            `${c.column.note ? `${docComment(c.column.note)}\n${I}` : ''}${c.column.generated ? 'readonly ' : ''}${c.key}: ${c.type};`,
        ),
      ),
    `\n/** The columns of ${q} as typed expressions for the query builder and the Query API. */\n` +
      `export type ${columnsName} = ${ColumnsOf}<${rowName}${generatedArg}>;\n`,
    `\n${noteComment(table.note) || `/** Table ${q}. */\n`}` +
      `export declare const ${tableVar}: ${Table}<${columnsName}>;\n`,
    `\n/**\n * What \`new ${className}(...)\` takes: NOT NULL columns without default or increment are\n` +
      ` * required, except a foreign key, which may be given as the related object instead.\n */\n` +
      typeReference('', `export type ${initName} = `, InitOf, initArgs, ';'),
  );
  const ctor = shape.required.length > 0 ? `init: ${initName}` : `init?: ${initName}`;
  out.push(
    `\n${noteComment(table.note) || `/** A row of ${q} as an object the session tracks. */\n`}` +
      `export interface ${className} extends ${rowName} {}\n` +
      `export declare class ${className} extends ${Model} {\n` +
      `${I}/** The mapped table: \`${className}.c.x\` is \`${tableVar}.x\`. */\n` +
      `${I}static readonly c: ${Table}<${columnsName}>;\n` +
      relations.map((r) => `${I}${docComment(r.doc)}\n${I}${r.key}: ${r.type};\n`).join('') +
      signature(I, 'constructor', [ctor], ';') +
      shape.methods.map((m) => methodDeclaration(m, className, methodTypes)).join('') +
      `}\n`,
  );
  if (!shape.registered) out.push(`// Not registered with the ORM: ${q} has no primary key.\n`);
  return out.join('');
}
