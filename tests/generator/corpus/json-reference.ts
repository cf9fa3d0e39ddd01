/**
 * Compares the IR of a corpus file with the reference interpreter's output (`.out.json`):
 * tables, columns (type, pk, unique, not null, increment, default), refs (endpoints,
 * cardinality, actions), enums and indexes. Returns the differences as readable lines, so
 * a failing test says exactly what disagrees.
 */
import type { ColumnIR, SchemaIR, TableIR } from '@dbgen/runtime';

interface RefEndpoint {
  schemaName?: string | null;
  tableName: string;
  fieldNames: string[];
  relation: '1' | '*';
}
interface RefJson {
  endpoints: [RefEndpoint, RefEndpoint];
  onDelete?: string;
  onUpdate?: string;
}
interface FieldJson {
  name: string;
  type: { type_name: string; schemaName?: string | null; args?: string };
  pk?: boolean;
  unique?: boolean;
  not_null?: boolean;
  increment?: boolean;
  dbdefault?: { type: string; value: string | number };
}
interface IndexJson {
  name?: string;
  unique?: boolean;
  pk?: boolean;
  type?: string;
  columns: { type: 'column' | 'expression'; value: string }[];
}
interface TableJson {
  name: string;
  schemaName?: string | null;
  fields: FieldJson[];
  indexes?: IndexJson[];
  partials?: { name: string; order: number }[];
}
interface PartialJson {
  name: string;
  fields: FieldJson[];
  indexes?: IndexJson[];
}
interface EnumJson {
  name: string;
  schemaName?: string | null;
  values: { name: string }[];
}
export interface ReferenceJson {
  database: {
    tables?: TableJson[];
    refs?: RefJson[];
    enums?: EnumJson[];
    tablePartials?: PartialJson[];
  };
}

const key = (schema: string | null | undefined, name: string): string =>
  `${schema ?? 'public'}.${name}`;

const norm = (s: string): string => s.replace(/\s+/g, '').replace(/"/g, '').toLowerCase();

function compareColumn(where: string, field: FieldJson, column: ColumnIR, out: string[]): void {
  const expectedType = field.type.schemaName
    ? `${field.type.schemaName}.${field.type.type_name}`
    : field.type.type_name;
  const actualType =
    column.type.enum !== undefined && field.type.schemaName
      ? `${column.type.enum.schema}.${column.type.enum.name}`
      : column.type.raw;
  if (norm(expectedType) !== norm(actualType)) {
    out.push(`${where}: type ${actualType}, reference ${expectedType}`);
  }
  // A column in a composite `[pk]` index is pk in the IR but not `pk` in the reference.
  if (field.pk === true && !column.primaryKey) out.push(`${where}: not pk, reference pk`);
  if ((field.unique ?? false) !== column.unique) {
    out.push(`${where}: unique ${column.unique}, reference ${field.unique ?? false}`);
  }
  // The reference leaves not_null unset for pk columns; the IR makes them not null.
  if (field.not_null === true && column.nullable)
    out.push(`${where}: nullable, reference not null`);
  if (field.not_null === false && !column.nullable && !column.primaryKey) {
    out.push(`${where}: not null, reference null`);
  }
  if ((field.increment ?? false) && !column.autoIncrement) {
    out.push(`${where}: not increment, reference increment`);
  }
  const d = field.dbdefault;
  const actual = column.default;
  if (d === undefined) {
    if (actual !== null) out.push(`${where}: default ${JSON.stringify(actual)}, reference none`);
    return;
  }
  const same = ((): boolean => {
    if (actual === null) return false;
    switch (d.type) {
      case 'number':
        return actual.kind === 'number' && Number(actual.value) === Number(d.value);
      case 'string':
        return actual.kind === 'string' && actual.value === d.value;
      case 'expression':
        return actual.kind === 'expression' && actual.sql === d.value;
      case 'boolean':
        return String(d.value).toLowerCase() === 'null'
          ? actual.kind === 'null'
          : actual.kind === 'boolean' && String(actual.value) === String(d.value).toLowerCase();
      default:
        return false;
    }
  })();
  if (!same) {
    out.push(`${where}: default ${JSON.stringify(actual)}, reference ${JSON.stringify(d)}`);
  }
}

function compareIndexes(table: TableIR, indexes: readonly IndexJson[], out: string[]): void {
  const nonPk = indexes.filter((i) => i.pk !== true);
  const pk = indexes.filter((i) => i.pk === true);
  if (nonPk.length !== table.indexes.length) {
    out.push(`${table.key}: ${table.indexes.length} indexes, reference ${nonPk.length}`);
    return;
  }
  nonPk.forEach((expected, i) => {
    const actual = table.indexes[i];
    if (actual === undefined) return;
    const where = `${table.key} index #${i + 1}`;
    const expectedParts = expected.columns.map((c) => `${c.type}:${c.value}`).join(', ');
    const actualParts = actual.parts
      .map((p) => (p.kind === 'column' ? `column:${p.name}` : `expression:${p.sql}`))
      .join(', ');
    if (expectedParts !== actualParts)
      out.push(`${where}: parts ${actualParts}, reference ${expectedParts}`);
    if ((expected.unique ?? false) !== actual.unique) out.push(`${where}: unique ${actual.unique}`);
    if ((expected.name ?? null) !== actual.name)
      out.push(`${where}: name ${actual.name}, reference ${expected.name}`);
    if ((expected.type ?? null) !== actual.type)
      out.push(`${where}: type ${actual.type}, reference ${expected.type}`);
  });
  for (const expected of pk) {
    const columns = expected.columns.map((c) => c.value);
    if (table.primaryKey?.columns.join(',') !== columns.join(',')) {
      out.push(
        `${table.key}: primary key (${table.primaryKey?.columns.join(', ')}), reference (${columns.join(', ')})`,
      );
    }
  }
}

/** The fields a table ends up with: its own, then its partials' (own ones win). */
function effectiveFields(table: TableJson, partials: readonly PartialJson[]): FieldJson[] {
  const byName = new Map<string, FieldJson>();
  const injected = [...(table.partials ?? [])].sort((a, b) => a.order - b.order);
  for (const injection of injected) {
    for (const field of partials.find((p) => p.name === injection.name)?.fields ?? []) {
      byName.set(field.name, field);
    }
  }
  for (const field of table.fields) byName.set(field.name, field);
  return [...byName.values()];
}

/** Differences between the IR and the reference output; empty when they agree. */
export function compareWithJson(ir: SchemaIR, reference: ReferenceJson): string[] {
  const out: string[] = [];
  const db = reference.database;
  const partials = db.tablePartials ?? [];
  const declared = ir.tables.filter((t) => !t.synthesized);
  const expectedTables = (db.tables ?? []).map((t) => key(t.schemaName, t.name));
  const actualTables = declared.map((t) => t.key);
  if (expectedTables.join('|') !== actualTables.join('|')) {
    out.push(`tables ${actualTables.join(', ')}; reference ${expectedTables.join(', ')}`);
  }
  for (const tableJson of db.tables ?? []) {
    const table = declared.find((t) => t.key === key(tableJson.schemaName, tableJson.name));
    if (table === undefined) continue;
    const fields = effectiveFields(tableJson, partials);
    const expectedNames = fields.map((f) => f.name).sort();
    const actualNames = table.columns.map((c) => c.name).sort();
    if (expectedNames.join('|') !== actualNames.join('|')) {
      out.push(
        `${table.key}: columns ${actualNames.join(', ')}; reference ${expectedNames.join(', ')}`,
      );
    }
    for (const field of fields) {
      const column = table.columns.find((c) => c.name === field.name);
      if (column !== undefined) compareColumn(`${table.key}.${field.name}`, field, column, out);
    }
    const partialIndexes = (tableJson.partials ?? []).flatMap(
      (p) => partials.find((q) => q.name === p.name)?.indexes ?? [],
    );
    compareIndexes(table, [...(tableJson.indexes ?? []), ...partialIndexes], out);
  }
  const refs = db.refs ?? [];
  if (refs.length !== ir.refs.length) out.push(`${ir.refs.length} refs, reference ${refs.length}`);
  for (const ref of refs) {
    const [a, b] = ref.endpoints;
    const ka = key(a.schemaName, a.tableName);
    const kb = key(b.schemaName, b.tableName);
    const found = ir.refs.find(
      (r) =>
        (r.from.table === ka &&
          r.from.columns.join(',') === a.fieldNames.join(',') &&
          r.to.table === kb &&
          r.to.columns.join(',') === b.fieldNames.join(',')) ||
        (r.from.table === kb &&
          r.from.columns.join(',') === b.fieldNames.join(',') &&
          r.to.table === ka &&
          r.to.columns.join(',') === a.fieldNames.join(',')),
    );
    const label = `ref ${ka}.(${a.fieldNames.join(',')}) ${a.relation}-${b.relation} ${kb}.(${b.fieldNames.join(',')})`;
    if (found === undefined) {
      out.push(`${label}: missing`);
      continue;
    }
    // Cardinality seen from endpoint a.
    const forward =
      found.from.table === ka && found.from.columns.join(',') === a.fieldNames.join(',');
    const rel = `${a.relation}${b.relation}`;
    const expected =
      rel === '11'
        ? 'one-to-one'
        : rel === '**'
          ? 'many-to-many'
          : rel === '*1'
            ? 'many-to-one'
            : 'one-to-many';
    const flip: Record<string, string> = {
      'one-to-many': 'many-to-one',
      'many-to-one': 'one-to-many',
      'one-to-one': 'one-to-one',
      'many-to-many': 'many-to-many',
    };
    const actual = forward ? found.cardinality : flip[found.cardinality];
    if (actual !== expected) out.push(`${label}: cardinality ${actual}, reference ${expected}`);
    if ((ref.onDelete ?? null) !== found.onDelete)
      out.push(`${label}: onDelete ${found.onDelete}, reference ${ref.onDelete}`);
    if ((ref.onUpdate ?? null) !== found.onUpdate)
      out.push(`${label}: onUpdate ${found.onUpdate}, reference ${ref.onUpdate}`);
  }
  const enums = db.enums ?? [];
  const expectedEnums = enums.map(
    (e) => `${key(e.schemaName, e.name)}(${e.values.map((v) => v.name).join(',')})`,
  );
  const actualEnums = ir.enums.map(
    (e) => `${e.schema}.${e.name}(${e.values.map((v) => v.name).join(',')})`,
  );
  if (expectedEnums.sort().join('|') !== actualEnums.sort().join('|')) {
    out.push(`enums ${actualEnums.join(' ')}; reference ${expectedEnums.join(' ')}`);
  }
  return out;
}
