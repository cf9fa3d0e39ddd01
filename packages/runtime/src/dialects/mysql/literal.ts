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
 * - A decimal bound as text makes MySQL compute and compare in DOUBLE where it meets a
 *   DECIMAL in arithmetic, IN lists of two or more and BETWEEN (`bal + '0.01'` on
 *   123456789012345.67 stored .69): as a literal it is an exact DECIMAL.
 *
 * The text is made here from a bigint, a finite number or a decimal's text that is only
 * digits, a sign and a point (checked): nothing else of a caller's string reaches the SQL.
 */
/** Digits with an optional sign and fraction (the sign captured). */
const PLAIN_DECIMAL = /^(-)?\d+(?:\.\d+)?$/;

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

  /**
   * A decimal's text as an exact-value literal, or null when it is not plain decimal
   * digits that MySQL reads as one (at most 65 digits; an exponent would make a DOUBLE).
   */
  static decimal(text: string): MysqlLiteral | null {
    const match = PLAIN_DECIMAL.exec(text);
    if (match === null) return null;
    const digits = text.length - (match[1] === undefined ? 0 : 1) - (text.includes('.') ? 1 : 0);
    if (digits > 65) return null;
    return new MysqlLiteral(match[1] === undefined ? text : `(${text})`);
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
