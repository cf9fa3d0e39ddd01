/**
 * A number literal in one spelling, exactly: `9007199254740993` and `9007199254740992`
 * are two numbers, though `Number()` reads both as the same double. `1.50`, `1.5` and
 * `+1.5` are one.
 */
export function numberKey(value: number | string): string {
  const text = String(value).trim().toLowerCase();
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  // An exponent or other spelling: as the double it is.
  if (match === null) return String(Number(text));
  const whole = (match[2] ?? '').replace(/^0+/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (whole === '' && fraction === '') return '0';
  return `${match[1] === '-' ? '-' : ''}${whole === '' ? '0' : whole}${fraction === '' ? '' : `.${fraction}`}`;
}
