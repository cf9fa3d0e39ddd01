// The SQL that reads a JSON column as the text the database keeps (to check digits and
// spelling a JSON parse would lose), per dialect.
import type { TestDialect } from './databases.js';

export function jsonText(dialect: TestDialect, column: string): string {
  if (dialect === 'postgres') return `cast(${column} as text)`;
  if (dialect === 'mysql') return `cast(${column} as char)`;
  return column;
}
