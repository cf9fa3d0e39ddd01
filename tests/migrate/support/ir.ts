/** The migration tests' convention on top of the shared IR builder (tests/support/ir.ts). */
import type { ColumnIR, ColumnTypeIR } from '@dbgen/runtime';
import { column, type ColumnOptions } from '../../support/ir.js';

/**
 * A column as DBML declares it: nullable unless `nullable: false`, its property named as
 * the column. Migrations are about DDL, where NULL/NOT NULL is what the tests vary.
 */
export function col(
  name: string,
  type: string | ColumnTypeIR,
  options: ColumnOptions = {},
): ColumnIR {
  return column(name, type, { nullable: true, propertyName: name, ...options });
}
