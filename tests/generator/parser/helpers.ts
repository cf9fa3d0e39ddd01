/** Shared helpers of the parser tests. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDbml, type DbmlFile } from '@dbgen/generator';

export { CORPUS } from '../../support/corpus.js';

/** Every `.dbml` file under `folder` (recursively), sorted. */
export function dbmlFilesUnder(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) return dbmlFilesUnder(path);
      return entry.endsWith('.dbml') ? [path] : [];
    });
}

/** A value with every `span` / `nameSpan` removed (AST comparison "modulo spans"). */
export function withoutSpans<T>(value: T): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      key === 'span' || key === 'nameSpan' ? undefined : v,
    ),
  );
}

/** Parses `source` and returns its elements without spans, asserting there is no error. */
export function elementsOf(source: string): unknown[] {
  const { file, diagnostics } = parseDbml(source, 'test.dbml');
  if (diagnostics.length > 0) {
    throw new Error(`unexpected diagnostics: ${diagnostics.map((d) => d.message).join('; ')}`);
  }
  return withoutSpans(file.elements) as unknown[];
}

export function firstElement(source: string): unknown {
  return elementsOf(source)[0];
}

export type { DbmlFile };
