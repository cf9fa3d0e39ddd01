/**
 * Which column type changes PostgreSQL makes by itself (an assignment cast) and which need
 * a USING clause (ddl.ts writes it).
 */
import type { ColumnTypeIR } from '../../schema/ir.js';
import { STRING_TYPES as STRINGS } from '../../schema/types.js';

const NUMBERS = new Set(['smallint', 'integer', 'bigint', 'real', 'double', 'decimal']);
const DATETIMES = new Set(['date', 'timestamp', 'timestamptz']);
const JSONS = new Set(['json', 'jsonb']);

/**
 * Whether PostgreSQL converts `from` to `to` by itself (an assignment cast, as an INSERT
 * would): then ALTER … TYPE needs no USING, and keeps the cast's checks (`varchar(3)`
 * refuses 'abcdef' with "value too long"). An explicit `USING col::varchar(3)` would
 * truncate it instead, silently. Same dimensions only: arrays convert element by element.
 */
export function convertsByItself(from: ColumnTypeIR, to: ColumnTypeIR): boolean {
  if (from.arrayDims !== to.arrayDims) return false;
  const a = from.logical;
  const b = to.logical;
  // Values never move between enums or into one by themselves (the USING goes via text).
  if (a === 'enum' || b === 'enum') return b !== 'enum' && STRINGS.has(b);
  // Anything converts to a string type (its text form); numbers convert among themselves.
  if (STRINGS.has(b)) return true;
  // A custom type by itself only to itself with other arguments (`bit(8)` → `bit(4)`).
  if (a === 'unknown' || b === 'unknown') return a === b && baseName(from) === baseName(to);
  if (a === b) return true;
  if (NUMBERS.has(a) && NUMBERS.has(b)) return true;
  if (DATETIMES.has(a) && DATETIMES.has(b)) return true;
  return JSONS.has(a) && JSONS.has(b);
}

/** A custom type's name without its arguments or array brackets, in lower case. */
function baseName(type: ColumnTypeIR): string {
  return type.raw
    .replace(/\(.*$|\[.*$/s, '')
    .trim()
    .toLowerCase();
}
