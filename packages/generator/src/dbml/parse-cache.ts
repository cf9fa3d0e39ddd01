/**
 * Parse results kept between compiles of one schema, by file path and text: a watch save
 * of one file of a multi-file schema re-parses that file only. Reusing an AST is safe
 * because nothing after the parser modifies it (the module loader copies what it renames;
 * the IR builder only reads).
 */
import { parseDbml, type ParseResult } from './parse.js';

export class ParseCache {
  private entries = new Map<string, { readonly source: string; readonly result: ParseResult }>();
  private used = new Set<string>();

  /** `parseDbml(source, path)`, or its result of the last time `path` had this text. */
  parse(source: string, path: string): ParseResult {
    this.used.add(path);
    const hit = this.entries.get(path);
    if (hit !== undefined && hit.source === source) return hit.result;
    const result = parseDbml(source, path);
    this.entries.set(path, { source, result });
    return result;
  }

  /** Forgets the files not parsed since the last call (no longer part of the schema). */
  sweep(): void {
    for (const path of this.entries.keys()) if (!this.used.has(path)) this.entries.delete(path);
    this.used = new Set();
  }
}
