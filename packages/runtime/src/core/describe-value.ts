/**
 * Short descriptions of JS values for error messages. They name a value's kind and size,
 * and numbers as they are, but never a string's text: it may be a password or a token,
 * and the engine shows bound parameters only with `echo: { values: true }`.
 */

/** E.g. `a string of length 21`, `the number NaN`, `an invalid Date`, `a Map`. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `a string of length ${value.length}`;
    case 'number':
      return `the number ${String(value)}`;
    case 'bigint':
      return `the bigint ${value}n`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return describeObject(value as object | null);
  }
}

function describeObject(value: object | null): string {
  if (value === null) return 'null';
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'an invalid Date' : `the Date ${value.toISOString()}`;
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (value instanceof Uint8Array) return `a ${value.constructor.name} of ${value.length} bytes`;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  if (proto === null || proto === Object.prototype) return 'a plain object';
  const name = proto.constructor?.name;
  return name ? `an instance of ${name}` : 'an object';
}
