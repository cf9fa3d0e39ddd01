/** The TypeScript type of a column, per the LogicalType table in the IR. */
import type { ColumnIR, LogicalType } from '@dbgen/runtime';
import type { ClientPlan } from './plan.js';

const SCALAR: Record<LogicalType, string> = {
  smallint: 'number',
  integer: 'number',
  real: 'number',
  double: 'number',
  bigint: 'bigint',
  decimal: 'string',
  boolean: 'boolean',
  char: 'string',
  varchar: 'string',
  text: 'string',
  uuid: 'string',
  time: 'string',
  interval: 'string',
  date: 'Date',
  timestamp: 'Date',
  timestamptz: 'Date',
  json: 'JsonValue',
  jsonb: 'JsonValue',
  bytes: 'Buffer',
  // Filled from the enum's values; a column whose enum is unknown falls back to string.
  enum: 'string',
  unknown: 'string',
};

export interface ColumnType {
  /** The TS type without null, e.g. `number`, `Status[]`. */
  readonly base: string;
  /** With `| null` when the column is nullable. */
  readonly full: string;
  /** Named types this one needs imported: `JsonValue` from the runtime, enum types. */
  readonly usesJson: boolean;
  readonly enumType: string | null;
}

export function columnType(column: ColumnIR, plan: ClientPlan): ColumnType {
  const { type } = column;
  let scalar = SCALAR[type.logical];
  let enumType: string | null = null;
  if (type.logical === 'enum' && type.enum) {
    const found = plan.enums.get(`${type.enum.schema}.${type.enum.name}`);
    if (found) scalar = enumType = found.typeName;
  }
  let base = scalar;
  for (let i = 0; i < type.arrayDims; i++) base = `${base}[]`;
  return {
    base,
    full: column.nullable ? `${base} | null` : base,
    usesJson: scalar === 'JsonValue',
    enumType,
  };
}
