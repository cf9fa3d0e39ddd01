/**
 * Decides every name the generated client uses — file names, class, interface, constant
 * and enum type names — once for the whole schema, so that names are unique across files
 * (index.ts re-exports everything with `export *`, where a duplicate is an error) and the
 * same IR always gets the same names.
 */
import type { EnumIR, SchemaIR, TableIR, TableKey } from '@dbgen/runtime';
import { camelCase, fileBaseName, NameAllocator, pascalCase, safeIdentifier } from './names.js';

export interface TablePlan {
  readonly table: TableIR;
  /** File name without `.ts`, e.g. `users`. */
  readonly file: string;
  readonly className: string;
  /** The exported `Table<...>` constant, e.g. `users`. */
  readonly tableVar: string;
  readonly rowName: string;
  readonly columnsName: string;
  readonly initName: string;
  /** The file-local constant holding the table's IR. */
  readonly irVar: string;
}

export interface EnumPlan {
  readonly enumIR: EnumIR;
  readonly typeName: string;
}

export interface ClientPlan {
  readonly tables: readonly TablePlan[];
  readonly tablesByKey: ReadonlyMap<TableKey, TablePlan>;
  /** By `"<schema>.<name>"`. */
  readonly enums: ReadonlyMap<string, EnumPlan>;
}

/** The schema-qualified name, or the bare name in the default schema. */
function displayName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}_${name}`;
}

export function planClient(ir: SchemaIR): ClientPlan {
  const names = new NameAllocator();
  const files = new NameAllocator(['index', 'enums'], true);

  const classNames = ir.tables.map((t) => names.allocate(safeIdentifier(t.orm.className)));
  const enums = new Map<string, EnumPlan>();
  for (const e of ir.enums) {
    const typeName = names.allocate(pascalCase(displayName(e.schema, e.name)));
    enums.set(`${e.schema}.${e.name}`, { enumIR: e, typeName });
  }
  const tableVars = ir.tables.map((t) => names.allocate(camelCase(displayName(t.schema, t.name))));
  const tables = ir.tables.map((table, i): TablePlan => {
    const className = classNames[i] ?? 'Model';
    const tableVar = tableVars[i] ?? 'table';
    const pascalTable = pascalCase(displayName(table.schema, table.name));
    return {
      table,
      file: files.allocate(fileBaseName(table.schema, table.name)),
      className,
      tableVar,
      rowName: names.allocate(`${className}Row`),
      columnsName: names.allocate(`${pascalTable}Columns`),
      initName: names.allocate(`${className}Init`),
      irVar: names.allocate(`${tableVar}IR`),
    };
  });
  return { tables, tablesByKey: new Map(tables.map((t) => [t.table.key, t])), enums };
}
