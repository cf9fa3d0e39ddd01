import assert from 'node:assert/strict';
import type { SchemaIR, TableIR } from '@dbgen/runtime';
import { compileSchemaSource, type Diagnostic } from '@dbgen/generator';

export const FILE = '/virtual/schema.dbml';

/** Compiles DBML text; fails the test when there is any error. */
export function compileOk(source: string): { ir: SchemaIR; diagnostics: Diagnostic[] } {
  const result = compileSchemaSource(source, FILE, { readFile: () => undefined });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    errors.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`),
    [],
  );
  assert.ok(result.ir);
  return { ir: result.ir, diagnostics: result.diagnostics };
}

/** Compiles DBML text and returns its diagnostics as `CODE line:column` plus messages. */
export function diagnose(source: string): Diagnostic[] {
  return compileSchemaSource(source, FILE, { readFile: () => undefined }).diagnostics;
}

/** `code@line` for each diagnostic of the DBML2xx kind (semantic). */
export function semanticCodes(source: string): string[] {
  return diagnose(source)
    .filter((d) => d.code.startsWith('DBML2'))
    .map((d) => `${d.code}@${d.span?.line ?? '?'}`);
}

export function table(ir: SchemaIR, key: string): TableIR {
  const found = ir.tables.find((t) => t.key === key);
  assert.ok(found, `table ${key} not in IR (have ${ir.tables.map((t) => t.key).join(', ')})`);
  return found;
}

/** The IR without spans, for exact deep comparisons. */
export function withoutSpans<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v: unknown) => (k === 'span' ? undefined : v))) as T;
}
