/**
 * MySQL's UNSIGNED types on PostgreSQL, which has none (schema/unsigned.ts): an unsigned
 * integer is stored in the next wider integer type, so that its whole range fits
 * (`smallint unsigned` → integer, `int unsigned` → bigint), with a CHECK named
 * `unsigned:<column>` holding it to that range; `bigint unsigned` stays a bigint (an
 * identity key must be one; a value past 2^63 - 1 is refused as out of range), held to
 * at least 0, as decimals and floats are. Introspection reads the pair back as the
 * unsigned type, and leaves the CHECK out of the table's checks.
 */
import type { CheckIR, ColumnIR, ColumnTypeIR } from '../../schema/ir.js';
import { quoteIdent } from '../../schema/render.js';
import { isUnsigned, parseType } from '../../schema/types.js';
import { unsignedCondition } from '../../schema/unsigned.js';

/** The prefix of the CHECK that holds an unsigned column to its range. */
export const UNSIGNED_CHECK_PREFIX = 'unsigned:';

const WIDER: Partial<Record<string, string>> = { smallint: 'integer', integer: 'bigint' };

/** The type an unsigned column is stored in (`int unsigned` → `bigint`), else `type` itself. */
export function storageOf(type: ColumnTypeIR): ColumnTypeIR {
  if (!isUnsigned(type) || type.arrayDims > 0) return type;
  const wider = WIDER[type.logical];
  return wider === undefined ? signedOf(type) : parseType(wider);
}

/** `type` without UNSIGNED (`decimal(5,2) unsigned` → `decimal(5,2)`). */
function signedOf(type: ColumnTypeIR): ColumnTypeIR {
  return parseType(type.raw.replace(/\s*\bunsigned\b/i, ''));
}

/** The name of `column`'s unsigned CHECK. */
export function unsignedCheckName(column: string): string {
  return `${UNSIGNED_CHECK_PREFIX}${column}`;
}

/** ` CONSTRAINT "unsigned:c" CHECK (…)` for an unsigned column, else ''. */
export function unsignedConstraint(column: ColumnIR): string {
  const condition = unsignedCondition(quoteIdent(column.name), column.type);
  if (condition === null) return '';
  return ` CONSTRAINT ${quoteIdent(unsignedCheckName(column.name))} CHECK (${condition})`;
}

/** The ALTER TABLE action renaming an unsigned `column`'s CHECK along with it (none otherwise). */
export function renamedCheck(column: ColumnIR, to: string): string[] {
  if (unsignedConstraint(column) === '') return [];
  const from = quoteIdent(unsignedCheckName(column.name));
  return [`RENAME CONSTRAINT ${from} TO ${quoteIdent(unsignedCheckName(to))}`];
}

/**
 * The type compared for drift and push, as introspection reads it back: an unsigned one
 * as its own type spelled by PostgreSQL plus `unsigned` (`int(11) unsigned` → `integer
 * unsigned`, never the wider type it is stored in, which `bigint unsigned` shares).
 */
export function postgresStoredType(
  type: ColumnTypeIR,
  render: (type: ColumnTypeIR) => string,
): ColumnTypeIR {
  return isUnsigned(type) && type.arrayDims === 0
    ? parseType(`${render(signedOf(type))} unsigned`)
    : parseType(render(type));
}

/** The unsigned types by the type stored and the upper bound of the CHECK (none: ''). */
const READ_BACK: Readonly<Record<string, string>> = {
  'integer 65535': 'smallint',
  'bigint 4294967295': 'integer',
  'bigint ': 'bigint',
};

/**
 * A table's columns and checks as read from the catalog, each `unsigned:<column>` CHECK of
 * one column folded into that column's type (`bigint` under `0..4294967295` → `integer
 * unsigned`). A CHECK that is not what the DDL writes stays a check (and push sees it).
 * `columnOf` gives the one column a CHECK constrains, or null.
 */
export function foldUnsigned(
  columns: readonly ColumnIR[],
  checks: readonly CheckIR[],
  columnOf: (check: CheckIR) => string | null,
): { columns: ColumnIR[]; checks: CheckIR[] } {
  const folded = new Map<string, ColumnTypeIR>();
  const kept: CheckIR[] = [];
  for (const check of checks) {
    const name = columnOf(check);
    const column = columns.find((c) => c.name === name);
    const type =
      column && check.name?.startsWith(UNSIGNED_CHECK_PREFIX) && !folded.has(column.name)
        ? unsignedRead(column, check.expression)
        : null;
    if (type === null || column === undefined) kept.push(check);
    else folded.set(column.name, type);
  }
  return {
    columns: columns.map((c) => {
      const type = folded.get(c.name);
      return type === undefined ? c : { ...c, type };
    }),
    checks: kept,
  };
}

/** The unsigned type `column` stands for under the CHECK `expression`, or null. */
function unsignedRead(column: ColumnIR, expression: string): ColumnTypeIR | null {
  const c = column.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ref = `(?:"${c.replace(/"/g, '""')}"|${c})`;
  // PostgreSQL writes it back as `(c >= 0) AND (c <= '4294967295'::bigint)`, a decimal's
  // bound as `(0)::numeric`.
  const literal = (digits: string): string => `\\(?'?(${digits})'?\\)?(?:::[a-z ]+)?`;
  const match = new RegExp(
    `^\\(?${ref} >= ${literal('0')}\\)?(?: AND \\(${ref} <= ${literal('\\d+')}\\))?$`,
  ).exec(expression.trim());
  if (match === null || column.type.arrayDims > 0) return null;
  const { logical } = column.type;
  if (['smallint', 'integer', 'bigint'].includes(logical)) {
    const base = READ_BACK[`${column.type.name} ${match[2] ?? ''}`];
    return base === undefined ? null : parseType(`${base} unsigned`);
  }
  if (match[2] !== undefined || !['decimal', 'real', 'double'].includes(logical)) return null;
  const args = column.type.args.length > 0 ? `(${column.type.args.join(',')})` : '';
  return parseType(`${column.type.name}${args} unsigned`);
}
