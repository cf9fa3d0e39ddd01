/**
 * A uuid, or an array of them, in lowercase: what the SQLite and MySQL/MariaDB dialects
 * bind for a uuid column. They store uuids as text compared byte by byte, where the
 * uppercase form of a uuid was another value: it was stored as written, a lookup of the
 * lowercase form missed it, and both forms went under one primary key. PostgreSQL's uuid
 * type reads either form and prints the lowercase one.
 */
export function lowerUuids(value: unknown): unknown {
  return typeof value === 'string'
    ? value.toLowerCase()
    : Array.isArray(value)
      ? value.map(lowerUuids)
      : value;
}
