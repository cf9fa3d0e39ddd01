/**
 * Compares the IR with DDL written by @dbml/core's exporters: table names (synthesized join
 * tables included), column names in order, column types (as written, or the same logical
 * type when the exporter respells it, e.g. SQL Server's `nvarchar(255)` for `varchar`),
 * primary keys, foreign keys with their actions, and indexes.
 */
import type { SchemaIR } from '@dbgen/runtime';
import { logicalTypeOf, typesCompatible } from '@dbgen/generator';
import { parseExporterSql } from './sql-reference.js';

const norm = (s: string): string => s.replace(/["`[\]\s]/g, '').toLowerCase();

export function compareWithSql(ir: SchemaIR, sql: string): string[] {
  const out: string[] = [];
  const reference = parseExporterSql(sql);
  const expected = reference.tables.map((t) => t.key).sort();
  const actual = ir.tables.map((t) => t.key).sort();
  if (expected.join('|') !== actual.join('|')) {
    out.push(`tables ${actual.join(', ')}; reference ${expected.join(', ')}`);
  }
  for (const sqlTable of reference.tables) {
    const table = ir.tables.find((t) => t.key === sqlTable.key);
    if (table === undefined) continue;
    const names = table.columns.map((c) => c.name).join(', ');
    const sqlNames = sqlTable.columns.map((c) => c.name).join(', ');
    if (names !== sqlNames) out.push(`${table.key}: columns ${names}; reference ${sqlNames}`);
    for (const sqlColumn of sqlTable.columns) {
      const column = table.columns.find((c) => c.name === sqlColumn.name);
      if (column === undefined) continue;
      const where = `${table.key}.${column.name}`;
      const sameText = norm(sqlColumn.type) === norm(column.type.raw);
      const sqlBase = sqlColumn.type.replace(/\(.*$/, '').replace(/["`[\]]/g, '');
      const sqlLogical = logicalTypeOf(sqlBase);
      const sameLogical =
        column.type.logical === 'enum'
          ? sqlLogical === 'unknown' || /^enum/i.test(sqlColumn.type)
          : typesCompatible(column.type.logical, sqlLogical) && sqlLogical !== 'unknown';
      if (!sameText && !sameLogical) {
        out.push(
          `${where}: type ${column.type.raw} (${column.type.logical}), reference ${sqlColumn.type}`,
        );
      }
      if (sqlColumn.notNull && column.nullable) out.push(`${where}: nullable, reference NOT NULL`);
      if (sqlColumn.unique !== column.unique) {
        out.push(`${where}: unique ${column.unique}, reference ${sqlColumn.unique}`);
      }
    }
    const pk = table.primaryKey?.columns ?? [];
    if (pk.join(',') !== sqlTable.primaryKey.join(',')) {
      out.push(
        `${table.key}: primary key (${pk.join(', ')}), reference (${sqlTable.primaryKey.join(', ')})`,
      );
    }
  }
  const fkText = (fk: {
    table: string;
    columns: readonly string[];
    target: string;
    targetColumns: readonly string[];
    onDelete: string | null;
    onUpdate: string | null;
  }): string =>
    `${fk.table}(${fk.columns.join(',')}) -> ${fk.target}(${fk.targetColumns.join(',')}) delete:${fk.onDelete ?? '-'} update:${fk.onUpdate ?? '-'}`;
  const expectedFks = reference.foreignKeys.map(fkText).sort();
  const actualFks = ir.tables
    .flatMap((t) => t.foreignKeys.map((fk) => fkText({ ...fk, table: t.key })))
    .sort();
  if (expectedFks.join('\n') !== actualFks.join('\n')) {
    out.push(
      `foreign keys:\n  ${actualFks.join('\n  ')}\nreference:\n  ${expectedFks.join('\n  ')}`,
    );
  }
  const indexText = (
    table: string,
    name: string | null,
    unique: boolean,
    parts: string[],
  ): string => `${table} ${name ?? '-'} ${unique ? 'unique ' : ''}(${parts.map(norm).join(',')})`;
  const expectedIndexes = reference.indexes
    .map((i) => indexText(i.table, i.name, i.unique, i.parts))
    .sort();
  const actualIndexes = ir.tables
    .flatMap((t) =>
      t.indexes.map((i) =>
        indexText(
          t.key,
          i.name,
          i.unique,
          i.parts.map((p) => (p.kind === 'column' ? p.name : `(${p.sql})`)),
        ),
      ),
    )
    .sort();
  if (expectedIndexes.join('\n') !== actualIndexes.join('\n')) {
    out.push(`indexes ${actualIndexes.join('; ')}; reference ${expectedIndexes.join('; ')}`);
  }
  return out;
}
