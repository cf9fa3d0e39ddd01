/**
 * Document formatting through dbgen's own formatter (the one `dbgen format` runs). As
 * with `dbgen format`, a file with syntax errors is left alone: the formatter prints
 * what it parsed, and a half-parsed file would lose text.
 */
import { formatDbml, parseDbml } from '@dbgen/generator';

/** Syntax problems (the parser's codes, below the module loader's DBML150). */
function isSyntaxError(d: { severity: string; code: string }): boolean {
  return d.severity === 'error' && /^DBML1[0-4]\d$/.test(d.code);
}

/** The formatted text of `source`, or undefined when it has syntax errors. */
export function formatSource(source: string, path: string): string | undefined {
  const parsed = parseDbml(source, path);
  if (parsed.diagnostics.some(isSyntaxError)) return undefined;
  return formatDbml(parsed.file, source);
}
