/**
 * A table's IR for the generated file, as JSON text parsed at import:
 *
 *     const usersIR = JSON.parse(String.raw`{
 *       "alias": null,
 *       "columns": [
 *         {"autoIncrement":true,...},
 *       ...
 *     }`);
 *
 * Why not an object literal: prettier would spread it over ten times as many lines, and
 * V8 parses JSON text faster than the same object as code. (It lives in the `.js`, which
 * no user's tsc reads; in the earlier `.ts` client a literal also cost about a third of the
 * type-check time.) JSON text reads the same, one line per column, index, relation.
 * `String.raw` keeps JSON's backslash escapes as they are; the only characters a template
 * literal would interpret, a backtick and `${`, are written as JSON escapes.
 *
 * Source spans are dropped (they name files on the generating machine, and the runtime
 * does not need them) and keys are sorted, so the text depends only on the IR's content.
 */
import type { TableIR } from '@dbgen/runtime';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (key === 'span') continue;
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const hasObjects = (v: unknown): v is unknown[] =>
  Array.isArray(v) && v.length > 0 && v.some((x) => typeof x === 'object' && x !== null);

/** JSON laid out one array element of objects per line, nested records spread only when they hold such arrays. */
function layout(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (hasObjects(value)) {
    return `[\n${value.map((v) => `${inner}${JSON.stringify(v)}`).join(',\n')}\n${indent}]`;
  }
  if (isRecord(value) && (indent === '' || Object.values(value).some(hasObjects))) {
    const entries = Object.entries(value).map(
      ([k, v]) => `${inner}${JSON.stringify(k)}: ${layout(v, inner)}`,
    );
    return `{\n${entries.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** The JSON text of the table's IR, safe inside a `String.raw` template literal. */
export function tableIRJson(table: TableIR): string {
  return layout(canonical(table), '').replace(/`/g, '\\u0060').replace(/\$\{/g, '\\u0024{');
}

/**
 * The statement that defines the IR constant. `scope` is the names the file declares or
 * imports: a class `String` (table `strings`) or `JSON` (`@dbgen class: JSON`) is declared
 * below this statement, so a bare `String.raw` there reads the class in its temporal dead
 * zone and the import throws; such a file reaches the globals through `globalThis` (as
 * `types.ts` does for `Date`). Other files keep the short form, so their output is unchanged.
 */
export function tableIRStatement(
  irVar: string,
  table: TableIR,
  scope: ReadonlySet<string>,
): string {
  const g = scope.has('JSON') || scope.has('String') ? 'globalThis.' : '';
  return `const ${irVar} = ${g}JSON.parse(${g}String.raw\`${tableIRJson(table)}\`);\n`;
}
