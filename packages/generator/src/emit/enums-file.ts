/**
 * `enums.ts`: per enum, a string-literal union type and a runtime constant of the same
 * name (`Status.active === 'active'`), so values can be listed and compared at run time.
 */
import { docComment, noteComment } from './comments.js';
import { headerLine } from './header.js';
import { quote } from './names.js';
import type { ClientPlan } from './plan.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function objectKey(name: string): string {
  // `__proto__: ...` in a literal sets the prototype instead of a property.
  if (name === '__proto__') return `['__proto__']`;
  return IDENTIFIER.test(name) ? name : quote(name);
}

export function emitEnumsFile(plan: ClientPlan, schemaPath: string): string {
  const out = [`${headerLine(schemaPath)}\n`];
  if (plan.enums.size === 0) out.push('\nexport {};\n');
  for (const { enumIR, typeName } of plan.enums.values()) {
    const label = JSON.stringify(
      enumIR.schema === 'public' ? enumIR.name : `${enumIR.schema}.${enumIR.name}`,
    );
    const values = enumIR.values.map((v) => v.name);
    const union = values.length > 0 ? values.map(quote).join(' | ') : 'never';
    out.push(
      `\n${noteComment(enumIR.note) || `/** Values of enum ${label}. */\n`}` +
        `export type ${typeName} = ${union};\n`,
    );
    out.push(
      `\n/** The values of enum ${label} by name, in schema order. */\n` +
        (enumIR.values.length === 0
          ? `export const ${typeName} = {} as const;\n`
          : `export const ${typeName} = {\n` +
            enumIR.values
              .map(
                (v) =>
                  `${v.note ? `  ${docComment(v.note)}\n` : ''}  ${objectKey(v.name)}: ${quote(v.name)},\n`,
              )
              .join('') +
            `} as const;\n`),
    );
  }
  return out.join('');
}
