/**
 * `enums.d.ts` and `enums.js`: per enum, a string-literal union type and a runtime
 * constant of the same name (`Status.active === 'active'`), so values can be listed and
 * compared at run time.
 */
import { docComment, nameInComment, noteComment } from './comments.js';
import { headerLine } from './header.js';
import { propertyKey, quote } from './names.js';
import type { ClientPlan, EnumPlan } from './plan.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function objectKey(name: string): string {
  // `__proto__: ...` in a literal sets the prototype instead of a property.
  if (name === '__proto__') return `['__proto__']`;
  return IDENTIFIER.test(name) ? name : quote(name);
}

function label({ enumIR }: EnumPlan): string {
  return nameInComment(
    enumIR.schema === 'public' ? enumIR.name : `${enumIR.schema}.${enumIR.name}`,
  );
}

/** The types: `type Status = 'a' | 'b'` and `const Status: { readonly a: 'a'; ... }`. */
export function emitEnumsDeclarations(plan: ClientPlan, schemaPath: string): string {
  const out = [`${headerLine(schemaPath)}\n`];
  if (plan.enums.size === 0) out.push('\nexport {};\n');
  for (const e of plan.enums.values()) {
    const { enumIR, typeName } = e;
    const values = enumIR.values.map((v) => v.name);
    const union = values.length > 0 ? values.map(quote).join(' | ') : 'never';
    out.push(
      `\n${noteComment(enumIR.note) || `/** Values of enum ${label(e)}. */\n`}` +
        `export type ${typeName} = ${union};\n`,
      `\n/** The values of enum ${label(e)} by name, in schema order. */\n` +
        (enumIR.values.length === 0
          ? `export declare const ${typeName}: {};\n`
          : `export declare const ${typeName}: {\n` +
            enumIR.values
              .map(
                (v) =>
                  `${v.note ? `  ${docComment(v.note)}\n` : ''}  readonly ${propertyKey(v.name)}: ${quote(v.name)};\n`,
              )
              .join('') +
            `};\n`),
    );
  }
  return out.join('');
}

/** The runtime constants. */
export function emitEnumsImplementation(plan: ClientPlan, schemaPath: string): string {
  const out = [`${headerLine(schemaPath)}\n`];
  if (plan.enums.size === 0) out.push('\nexport {};\n');
  for (const { enumIR, typeName } of plan.enums.values()) {
    out.push(
      enumIR.values.length === 0
        ? `\nexport const ${typeName} = {};\n`
        : `\nexport const ${typeName} = {\n` +
            enumIR.values.map((v) => `  ${objectKey(v.name)}: ${quote(v.name)},\n`).join('') +
            `};\n`,
    );
  }
  return out.join('');
}
