/**
 * Zero dates: `0000-00-00`, `0000-00-00 00:00:00`, and dates with a zero month or day
 * (`2024-00-15`). dbgen's sessions refuse to write them (NO_ZERO_DATE, NO_ZERO_IN_DATE),
 * but a table written by another client in a lax sql_mode holds them, and no JS Date
 * does. Reading one fails the statement with a QueryError naming the column and the
 * stored text, as PostgreSQL's `infinity` does (postgres/unreadable.ts), rather than
 * giving an Invalid Date that compares as nothing and writes back as an error.
 *
 * The value is converted after the driver has built the row, where the column is not
 * known: core/run.ts names it (`column`) from the result's key before the error is mapped.
 */
export class UnreadableMysqlValue extends Error {
  column: string | undefined;
  constructor(
    readonly typeName: string,
    readonly text: string,
  ) {
    super(
      `MySQL/MariaDB ${typeName} value '${text}' has no JS Date (a zero date, which a ` +
        `client in a lax sql_mode wrote); select the column as text (cast(col as char)), ` +
        `or replace the zero dates in the table (update ... set col = null where ` +
        `cast(col as char) = '${text}')`,
    );
  }
}

/** `parsed`, or an {@link UnreadableMysqlValue} when it is an invalid Date. */
export function readableDate(parsed: Date, typeName: string, text: string): Date {
  if (Number.isNaN(parsed.getTime())) throw new UnreadableMysqlValue(typeName, text);
  return parsed;
}
