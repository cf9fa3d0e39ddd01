/**
 * The type a VALUES table's first-row cells are cast to on PostgreSQL, which reads a bare
 * parameter in VALUES as text. The column's type without its length or precision: an
 * explicit cast to `varchar(2)`, `numeric(5, 2)` or `bit(3)` truncates or rounds
 * silently, where assigning the value to the column raises an error as a plain
 * parameter's would. The assignment then applies the column's limits.
 */
import type { ColumnTypeIR } from '../../schema/ir.js';
import { postgresType } from './ddl.js';

export function valuesCastType(type: ColumnTypeIR): string {
  // `character` alone is char(1); `bpchar` alone has no length.
  if (type.logical === 'char') return `bpchar${'[]'.repeat(type.arrayDims)}`;
  return postgresType({ ...type, args: [], raw: type.raw.replace(/\s*\([^)]*\)/, '') });
}
