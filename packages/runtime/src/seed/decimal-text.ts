/**
 * Number literals as exact decimal text. DBML writes numbers the way people do (`1.5e10`,
 * `+3`, `.5`), but the databases take a decimal exactly only as plain digits (SQLite's
 * decimal CHECK, and the runtime's decimal check, refuse an exponent), and going through
 * a double would lose the digits a `decimal(30,20)` keeps: the text is rewritten digit by
 * digit instead.
 */

const NUMBER_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** `text` as plain decimal digits (`-1.5e3` → `-1500`, `.5` → `0.5`), or null when it is no number. */
export function plainDecimal(text: string): string | null {
  const match = NUMBER_TEXT.exec(text.trim());
  if (match === null) return null;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  if (whole === '' && fraction === '') return null;
  // An absurd exponent would make a string of millions of zeros: no database takes it.
  const shift = Number(exponent);
  if (Math.abs(shift) > 1000) return null;
  const digits = `${whole}${fraction}`;
  const point = whole.length + shift; // where the point goes in `digits`
  let integer: string;
  let decimals: string;
  if (point <= 0) {
    integer = '0';
    decimals = `${'0'.repeat(-point)}${digits}`;
  } else if (point >= digits.length) {
    integer = `${digits}${'0'.repeat(point - digits.length)}`;
    decimals = '';
  } else {
    integer = digits.slice(0, point);
    decimals = digits.slice(point);
  }
  integer = integer.replace(/^0+(?=\d)/, '');
  const body = decimals === '' ? integer : `${integer}.${decimals}`;
  return sign === '-' && /[1-9]/.test(body) ? `-${body}` : body;
}
