/**
 * The check of `json`/`jsonb` values: a value must be what JSON can hold and read back as
 * it went in. JSON.stringify would otherwise write NaN and ±Infinity as `null`, drop
 * functions, turn `undefined` array items into `null` and a Map or Set into `{}`, and
 * throw a bare TypeError on a bigint or a cycle.
 *
 * Kept (documented in docs/runtime-core.md): object properties whose value is `undefined`
 * are left out, as JSON.stringify does; objects with a `toJSON` method (Date) are stored as
 * what it returns.
 */
import type { Misfit } from './misfit.js';
import { describeValue } from './describe-value.js';
import { textProblem } from './text-check.js';

/** Deeper nesting is refused: it is most likely a cycle, and PostgreSQL limits depth too. */
export const MAX_JSON_DEPTH = 1_000;

const EXPECTED = 'a JSON value (null, boolean, finite number, string, array or plain object)';

/** Checks a JSON value; `jsonb` refuses NUL in strings too (PostgreSQL's jsonb cannot hold it). */
export function jsonMisfit(value: unknown, jsonb: boolean): Misfit | null {
  const problem = walk(value, jsonb, '$', 0);
  return problem === null ? null : { expected: EXPECTED, received: problem };
}

function walk(value: unknown, jsonb: boolean, path: string, depth: number): string | null {
  switch (typeof value) {
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${describeValue(value)} at ${path}`;
    case 'string': {
      const problem = textProblem(value, !jsonb);
      return problem === null ? null : `${problem} at ${path}`;
    }
    case 'object':
      if (value === null) return null;
      if (depth >= MAX_JSON_DEPTH) return `nesting deeper than ${MAX_JSON_DEPTH} levels at ${path}`;
      return walkObject(value, jsonb, path, depth + 1);
    default:
      return `${describeValue(value)} at ${path}`;
  }
}

function walkObject(value: object, jsonb: boolean, path: string, depth: number): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const problem =
        item === undefined
          ? `undefined at ${path}[${i}]`
          : walk(item, jsonb, `${path}[${i}]`, depth);
      if (problem !== null) return problem;
    }
    return null;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return null;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `${describeValue(value)} at ${path}`;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const keyProblem = textProblem(key, !jsonb);
    if (keyProblem !== null) return `${keyProblem} in a key at ${path}`;
    const problem = walk(item, jsonb, `${path}.${key}`, depth);
    if (problem !== null) return problem;
  }
  return null;
}
