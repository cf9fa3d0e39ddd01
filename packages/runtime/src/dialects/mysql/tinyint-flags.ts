/**
 * TINYINT(1) is how MySQL spells a boolean (BOOL is its alias), so `pull` reads one as
 * `boolean`. A table made outside dbgen may use it as a small integer, though: a column
 * holding 5 then read true and was written back as 1. A TINYINT(1) column of a table is
 * read as a boolean only when it holds nothing but 0, 1 and NULL; otherwise it is read as
 * the integer it is, with a remark. One query a table that has such columns: an EXISTS
 * that stops at the first other value (a full scan only when every value is a flag).
 */
import type { SqlRow as Row } from '../../core/dialect-contract.js';

const quote = (name: string): string => `\`${name.replace(/`/g, '``')}\``;

/** Whether a COLUMN_TYPE is TINYINT(1), signed or not. */
export function isTinyintOne(columnType: string): boolean {
  return /^tinyint\(1\)(\s+unsigned)?(\s+zerofill)?$/i.test(columnType.trim());
}

/**
 * The TINYINT(1) columns of `tables` (base tables, by name) holding a value other than 0,
 * 1 or NULL, by table name.
 */
export async function tinyintsNotFlags(
  query: (sql: string) => Promise<Row[]>,
  tables: readonly string[],
  columnRows: readonly Row[],
): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>();
  for (const table of tables) {
    const columns = columnRows
      .filter((c) => c['table'] === table && isTinyintOne(String(c['type'])))
      .map((c) => String(c['name']));
    if (columns.length === 0) continue;
    const probes = columns.map(
      (column, i) =>
        `EXISTS (SELECT 1 FROM ${quote(table)} WHERE ${quote(column)} NOT IN (0, 1)) AS "c${i}"`,
    );
    const [row] = await query(`SELECT ${probes.join(', ')}`);
    const others = new Set(columns.filter((_column, i) => Number(row?.[`c${i}`]) === 1));
    if (others.size > 0) found.set(table, others);
  }
  return found;
}

/** The pull remark of a TINYINT(1) column read as an integer. */
export function tinyintRemark(column: string): string {
  return (
    `column ${column} is a TINYINT(1) holding values other than 0 and 1, so it is read as ` +
    `an integer, not a boolean (as a boolean, 5 would read true and be written back as 1); ` +
    `pull reads it as boolean again once it holds only 0, 1 and NULL.`
  );
}
