/**
 * A table's IR as a literal for the generated file: JSON, one line per column, index,
 * relation, ... (prettier would spread it over ten times as many lines, which costs both
 * prettier and tsc time at 1,000 tables, so it is marked `// prettier-ignore`).
 *
 * Source spans are dropped (they name files on the generating machine, and the runtime
 * does not need them) and keys are sorted, so the literal depends only on the IR's content.
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

function block(value: unknown, indent: string): string {
  if (Array.isArray(value) && value.length > 0 && value.some((v) => typeof v === 'object')) {
    const inner = indent + '  ';
    return `[\n${value.map((v) => `${inner}${JSON.stringify(v)},`).join('\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && indent === '') {
    const inner = '  ';
    const entries = Object.entries(value).map(
      ([k, v]) => `${inner}${JSON.stringify(k)}: ${block(v, inner)},`,
    );
    return `{\n${entries.join('\n')}\n}`;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.some(([, v]) => Array.isArray(v) && v.some((x) => typeof x === 'object'))) {
      const inner = indent + '  ';
      return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${block(v, inner)},`).join('\n')}\n${indent}}`;
    }
  }
  return JSON.stringify(value);
}

/** The literal, starting with `{`; put `// prettier-ignore` above the statement holding it. */
export function tableIRLiteral(table: TableIR): string {
  return block(canonical(table), '');
}
