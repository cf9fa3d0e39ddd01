/**
 * A name (table, column, alias) as SQLite reads it in a statement that uses it: in grave
 * accents, not double quotes. SQLite reads a double-quoted name that stands alone and is
 * no column as a string literal (its "DQS" misfeature, on in the `sqlite3` build and not
 * settable through it). Against a table that lacks a column (a migration not run yet, or
 * a table changed by hand) a RETURNING, which SQLite takes unqualified, gave the column's
 * name as every row's value, `sql.id()` in a WHERE compared with the name, a table
 * rebuild copied the name into every row and a CREATE INDEX indexed it as a constant,
 * where the other dialects fail with "unknown column". A name in grave accents is always
 * a name. So are the names migrations' checks of existing rows use (the dialect's
 * `quoteIdentifier`: migrate/misfit.ts, run-loss.ts).
 *
 * The rest of the DDL keeps double quotes (schema/render.ts): it names columns as it
 * creates them, where a name cannot be read as a string.
 */
export const sqliteName = (name: string): string => `\`${name.replace(/`/g, '``')}\``;
