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
  /** It needs `JsonValue` imported from the runtime (enum types: {@link enumTypeOf}). */
  readonly usesJson: boolean;
}

/**
 * How a file refers to the names of {@link SCALAR} that a generated name declared or
 * imported in it shadows (a class `Date` of a table `dates`, `JsonValue` of `json_values`):
 * the runtime's `JsonValue` is imported as `$JsonValue` there (see `RuntimeImports`), and
 * the globals are reached through `globalThis`.
 */
const SHADOWED: Readonly<Record<string, string>> = {
  JsonValue: '$JsonValue',
  Date: 'globalThis.Date',
  Buffer: 'globalThis.Buffer',
};

const NO_NAMES: ReadonlySet<string> = new Set();

/** The generated type name of an enum column's enum; null for other columns (or an unknown enum). */
export function enumTypeOf(column: ColumnIR, plan: ClientPlan): string | null {
  const { type } = column;
  if (type.logical !== 'enum' || !type.enum) return null;
  return plan.enums.get(`${type.enum.schema}.${type.enum.name}`)?.typeName ?? null;
}

/** The column's type as written in a file whose own names (classes, imports) are `scope`. */
export function columnType(
  column: ColumnIR,
  plan: ClientPlan,
  scope: ReadonlySet<string> = NO_NAMES,
): ColumnType {
  const { type } = column;
  let scalar = SCALAR[type.logical];
  const usesJson = scalar === 'JsonValue';
  if (scope.has(scalar)) scalar = SHADOWED[scalar] ?? scalar;
  const enumType = enumTypeOf(column, plan);
  if (enumType !== null) scalar = enumType;
  if (column.jsonType) scalar = jsonTypeLocalName(column.jsonType.name, scope);
  let base = scalar;
  for (let i = 0; i < type.arrayDims; i++) base = `${base}[]`;
  return {
    base,
    full: column.nullable ? `${base} | null` : base,
    usesJson: usesJson && !column.jsonType,
  };
}

/**
 * The name a `@dbgen type:` type is imported as in a file: its own, or `$Name` where the
 * file declares that name itself (a type `User` for a column of the table `users`).
 */
export function jsonTypeLocalName(name: string, scope: ReadonlySet<string>): string {
  return scope.has(name) ? `$${name}` : name;
}

/** `import type { A, B as $B } from 'module';` lines for the `@dbgen type:` types of columns. */
export function jsonTypeImports(columns: readonly ColumnIR[], scope: ReadonlySet<string>): string {
  const byModule = new Map<string, Set<string>>();
  for (const { jsonType } of columns) {
    if (!jsonType) continue;
    const local = jsonTypeLocalName(jsonType.name, scope);
    const names = byModule.get(jsonType.from) ?? new Set<string>();
    names.add(local === jsonType.name ? local : `${jsonType.name} as ${local}`);
    byModule.set(jsonType.from, names);
  }
  return [...byModule]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(
      ([
        from,
        names,
      ]) => `import type { ${[...names].sort().join(', ')} } from ${JSON.stringify(from)};
`,
    )
    .join('');
}
