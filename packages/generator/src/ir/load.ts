/**
 * Reads the entry file and every file it imports (`use` / `reuse`, paths relative to the
 * importing file, `.dbml` optional), parsing each once. A missing file is reported at
 * its `use` line. Import cycles are legal in DBML (declarations are order-free), so a
 * file already read is simply not read again.
 */
import { dirname, resolve } from 'node:path';
import type { DbmlFile } from '../dbml/ast.js';
import { parseDbml } from '../dbml/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { CODES } from './codes.js';

export interface LoadedModules {
  /** Parsed files, entry first. */
  readonly files: DbmlFile[];
  readonly sources: Map<string, string>;
  readonly diagnostics: Diagnostic[];
}

export function loadModules(
  entry: string,
  readFile: (absPath: string) => string | undefined,
): LoadedModules {
  const files: DbmlFile[] = [];
  const sources = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const entryText = readFile(entry);
  if (entryText === undefined) {
    diagnostics.push({
      code: CODES.unknownImport,
      severity: 'error',
      message: `schema file not found: ${entry}`,
    });
    return { files, sources, diagnostics };
  }
  const queue: [string, string][] = [[entry, entryText]];
  sources.set(entry, entryText);
  while (queue.length > 0) {
    const [path, text] = queue.shift()!;
    const parsed = parseDbml(text, path);
    files.push(parsed.file);
    diagnostics.push(...parsed.diagnostics);
    for (const element of parsed.file.elements) {
      if (element.kind !== 'use') continue;
      const base = resolve(dirname(path), element.path);
      const candidates = /\.dbml$/i.test(base) ? [base] : [base, `${base}.dbml`];
      if (candidates.some((c) => sources.has(c))) continue;
      let found = false;
      for (const candidate of candidates) {
        const content = readFile(candidate);
        if (content === undefined) continue;
        sources.set(candidate, content);
        queue.push([candidate, content]);
        found = true;
        break;
      }
      if (!found) {
        diagnostics.push({
          code: CODES.unknownImport,
          severity: 'error',
          message: `file not found: '${element.path}' (looked for ${candidates.join(' and ')})`,
          span: element.span,
        });
      }
    }
  }
  return { files, sources, diagnostics };
}
