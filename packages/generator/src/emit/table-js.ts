/**
 * `<table>.js`: the table's implementation — its IR, the table object, the model class
 * with its query methods, registered with the ORM. Plain JavaScript, so no user's `tsc`
 * checks it; its types are the `.d.ts` beside it.
 */
import { headerLine } from './header.js';
import { localImport, RuntimeImports } from './imports.js';
import { tableIRStatement } from './ir-literal.js';
import { callWithObject } from './layout.js';
import { compareNames } from './names.js';
import { methodDefinition } from './query-methods.js';
import type { TableShape } from './table-shape.js';

export function emitTableImplementation(shape: TableShape, schemaPath: string): string {
  const { tp } = shape;
  const { table, className, tableVar, irVar } = tp;
  const scope = new Set([className, tableVar, irVar, ...shape.targetFiles.keys()]);
  const rt = new RuntimeImports(scope);
  const defineTable = rt.value('defineTable');
  const Model = rt.value('Model');
  const registerModel = shape.registered ? rt.value('registerModel') : '';
  const out: string[] = [`${headerLine(schemaPath)}\n`, rt.render()];
  // Only the registerModel thunks use other tables' classes.
  if (shape.thunks.length > 0) {
    for (const [cls, file] of [...shape.targetFiles].sort(([a], [b]) => compareNames(a, b))) {
      out.push(localImport([cls], file, false));
    }
  }
  out.push(
    `\n${tableIRStatement(irVar, table, scope)}`,
    `\nexport const ${tableVar} = ${defineTable}(${irVar});\n`,
    `\nexport class ${className} extends ${Model} {\n` +
      `  static c = ${tableVar};\n` +
      shape.methods.map((m) => `\n${methodDefinition(m)}`).join('') +
      `}\n`,
  );
  if (shape.registered) {
    out.push(callWithObject(registerModel, [className, tableVar], shape.thunks));
  }
  return out.join('');
}
