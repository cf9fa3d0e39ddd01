/**
 * The emitter lays code out the way prettier would (2-space indent, width 100, single
 * quotes, trailing commas), for the few shapes it emits: prettier then has nothing to
 * change, so formatting can be skipped for speed (see format.ts), and the tests check that
 * prettier leaves every emitted file as it is. Where a shape does not fit the width in a way
 * these helpers know, the file is handed to prettier (see `needsPrettier`).
 */

export const WIDTH = 100;

const fits = (line: string): boolean => line.length <= WIDTH;

/** `import { a, type B } from 'x';`, broken one name per line when too long. */
export function importStatement(
  specifiers: readonly string[],
  from: string,
  typeOnly = false,
): string {
  if (specifiers.length === 0) return '';
  const keyword = typeOnly ? 'import type' : 'import';
  const line = `${keyword} { ${specifiers.join(', ')} } from ${from};`;
  if (fits(line)) return `${line}\n`;
  return `${keyword} {\n${specifiers.map((s) => `  ${s},\n`).join('')}} from ${from};\n`;
}

/**
 * A method head or signature, `static name(a: A, b: B): R {` (or `...: R;` in a `.d.ts`,
 * `static name(a, b) {` in JavaScript): `after` follows the closing parenthesis. The
 * parameters go one per line when the line is too long.
 */
export function signature(
  indent: string,
  head: string,
  params: readonly string[],
  after: string,
): string {
  const line = `${indent}${head}(${params.join(', ')})${after}`;
  if (fits(line)) return `${line}\n`;
  const inner = `${indent}  `;
  return `${indent}${head}(\n${params.map((p) => `${inner}${p},\n`).join('')}${indent})${after}\n`;
}

/**
 * `return receiver.a(x).b(y);` — prettier keeps a member chain on one line when it fits
 * (and its arguments are simple), else puts each call on its own line.
 */
export function returnChain(indent: string, receiver: string, calls: readonly string[]): string {
  const line = `${indent}return ${receiver}${calls.map((c) => `.${c}`).join('')};`;
  if (fits(line)) return `${line}\n`;
  const inner = `${indent}  `;
  return `${indent}return ${receiver}\n${calls.map((c) => `${inner}.${c}`).join('\n')};\n`;
}

/** `f(a, b, { k: v, ... });` with the object spread one entry per line when too long. */
export function callWithObject(
  callee: string,
  args: readonly string[],
  entries: readonly string[],
): string {
  const head = `${callee}(${args.map((a) => `${a}, `).join('')}`;
  const line = `${head}{ ${entries.join(', ')} });`;
  if (entries.length === 0) return `${head}{});\n`;
  if (fits(line)) return `${line}\n`;
  return `${head}{\n${entries.map((e) => `  ${e},\n`).join('')}});\n`;
}

/** A type argument: plain text, a union of members, or an object type's members. */
export type TypeArgument =
  string | { readonly union: readonly string[] } | { readonly members: readonly string[] };

const argumentLine = (arg: TypeArgument): string =>
  typeof arg === 'string'
    ? arg
    : 'union' in arg
      ? arg.union.join(' | ')
      : `{ ${arg.members.join('; ')} }`;

/**
 * `${head}Name<A, B>${after}` on one line when it fits; else, as prettier does, one type
 * argument per line, and an argument that still does not fit broken in turn (a union one
 * `| member` per line, an object type one member per line). Anything longer is prettier's.
 */
export function typeReference(
  indent: string,
  head: string,
  name: string,
  args: readonly TypeArgument[],
  after: string,
): string {
  const line = `${indent}${head}${name}<${args.map(argumentLine).join(', ')}>${after}`;
  if (fits(line)) return `${line}\n`;
  const inner = `${indent}  `;
  const lines = args.map((arg, i) => {
    const comma = i < args.length - 1 ? ',' : '';
    const flat = `${inner}${argumentLine(arg)}${comma}`;
    if (typeof arg === 'string' || fits(flat)) return `${flat}\n`;
    if ('union' in arg) return `${arg.union.map((m) => `${inner}| ${m}`).join('\n')}${comma}\n`;
    return `${inner}{\n${arg.members.map((m) => `${inner}  ${m};\n`).join('')}${inner}}${comma}\n`;
  });
  return `${indent}${head}${name}<\n${lines.join('')}${indent}>${after}\n`;
}

/** `export interface Name {...}` with one member per line (prettier always breaks them). */
export function interfaceBlock(doc: string, name: string, members: readonly string[]): string {
  if (members.length === 0) return `${doc}export interface ${name} {}\n`;
  return `${doc}export interface ${name} {\n${members.map((m) => `  ${m}\n`).join('')}}\n`;
}

/**
 * True when a file has a code line wider than the width, outside comments and the IR's
 * JSON text (a template literal, which prettier leaves as it is): only prettier knows how
 * it breaks that line.
 */
export function needsPrettier(source: string): boolean {
  let inTemplate = false;
  for (const line of source.split('\n')) {
    if (inTemplate) {
      if (line.endsWith('`);')) inTemplate = false;
      continue;
    }
    if (line.endsWith('JSON.parse(String.raw`{') || line.endsWith('globalThis.String.raw`{')) {
      inTemplate = true;
      if (fits(line)) continue;
    }
    if (fits(line)) continue;
    const trimmed = line.trimStart();
    if (trimmed.startsWith('/**') || trimmed.startsWith('*') || trimmed.startsWith('//')) continue;
    return true;
  }
  return false;
}
