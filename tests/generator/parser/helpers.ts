/** Shared helpers of the parser tests. */
import { parseDbml, type DbmlFile } from '@dbgen/generator';

export { CORPUS, corpusFilesUnder as dbmlFilesUnder } from '../../support/corpus.js';

/** A value with every `span`, `nameSpan`, `columnSpans` removed (AST comparison "modulo spans"). */
export function withoutSpans<T>(value: T): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      key === 'span' || key === 'nameSpan' || key === 'columnSpans' ? undefined : v,
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
