/**
 * Numbers bound into MySQL/MariaDB statements as number literals. mysql2 formats bound
 * values into the statement text (its `query`: the text protocol) and writes an object's
 * `toSqlString()` as it is, in every version (sqlstring before 3.15, sql-escaper since).
 *
 * - A bigint bound as its decimal text (a string) makes MySQL compute with DOUBLE where
 *   it meets a number (`big + '4611686018427387905'` is 4611686018427387904, and
 *   `coalesce(big, '0') > '5'` compares text): as a literal it is an exact BIGINT.
 * - A `real` value is a FLOAT column's single precision: bound as the double literal of
 *   `Math.fround(v)`, it compares equal to what the column stores (`r = 0.1` compares the
 *   float 0.1 with the double 0.1 and finds nothing; PostgreSQL types the parameter
 *   `real` and finds it).
 *
 * The text is made here from a bigint or a finite number only (digits, sign, point,
 * exponent): nothing of a caller's string reaches the SQL.
 */
export class MysqlLiteral {
  private constructor(private readonly text: string) {}

  /** A bigint as an integer literal (negative ones in parentheses: `a - (-5)`). */
  static integer(value: bigint): MysqlLiteral {
    return new MysqlLiteral(value < 0n ? `(${value})` : value.toString());
  }

  /** A finite number as a DOUBLE literal of its single-precision value (`1.0000000149011612e-1`). */
  static float(value: number): MysqlLiteral {
    const text = Math.fround(value).toExponential();
    return new MysqlLiteral(text.startsWith('-') ? `(${text})` : text);
  }

  /** What mysql2 writes into the statement. */
  toSqlString(): string {
    return this.text;
  }

  /** Echo and error parameters show the number's text, as they showed the bound string. */
  toJSON(): string {
    return this.text;
  }

  toString(): string {
    return this.text;
  }
}

/**
 * The shortest decimal that reads back as the same single-precision float as `value`
 * (what PostgreSQL prints for a `real`): MySQL prints a FLOAT with 6 digits (1234567 as
 * 1234570), so the compiler selects it as its exact double (`selectWrapper`) and this
 * gives back the value that was written (98765.4296875 → 98765.43).
 */
export function shortestFloat(value: number): number {
  const single = Math.fround(value);
  if (!Number.isFinite(single) || single === 0) return single;
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(single.toPrecision(digits));
    if (Math.fround(candidate) === single) return candidate;
  }
  return Number(single.toPrecision(9));
}
