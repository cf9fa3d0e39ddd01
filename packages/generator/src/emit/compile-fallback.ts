/**
 * STOPGAP until the ir area publishes `compileSchema` (module loader) and the dbml area
 * `renderDiagnostic`: compiles a single-file schema (no `use` imports) with `parseDbml` +
 * `buildSchema`, and renders diagnostics as `file:line:column: message` with a caret.
 */
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseDbml } from '../dbml/index.js';
import { buildSchema } from '../ir/index.js';
import type { CompiledSchema } from './generate-client.js';

const sources = new Map<string, string>();

export async function compileSingleFile(path: string): Promise<CompiledSchema> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch (error) {
    const diagnostic: Diagnostic = {
      code: 'DBML001',
      severity: 'error',
      message: `cannot read schema file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
    return { ir: null, diagnostics: [diagnostic], files: [path] };
  }
  sources.set(path, source);
  const parsed = parseDbml(source, path);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) {
    return { ir: null, diagnostics: parsed.diagnostics, files: [path] };
  }
  const built = buildSchema(new Map([[path, parsed.file]]));
  return {
    ir: built.ir,
    diagnostics: [...parsed.diagnostics, ...built.diagnostics],
    files: [path],
  };
}

export function renderDiagnosticFallback(d: Diagnostic): string {
  if (!d.span) return `${d.severity} ${d.code}: ${d.message}`;
  const { file, line, column } = d.span;
  const text = sources.get(file)?.split(/\r?\n/)[line - 1];
  const head = `${file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`;
  if (text === undefined) return head;
  return `${head}\n  ${text}\n  ${' '.repeat(Math.max(0, column - 1))}^`;
}
