/**
 * Binary elements of arrays kept as JSON text (`bytes[]` on SQLite and MySQL/MariaDB).
 * JSON has no bytes: `JSON.stringify` writes a Buffer as `{"type":"Buffer","data":[...]}`
 * and a Uint8Array as `{"0":7,"1":8}`, which read back as plain objects. Each element is
 * written instead as the text PostgreSQL gives a bytea (`\x` and lower-case hex digits):
 * self-describing (a decoder tells it apart from any other string and from the objects
 * older versions stored), one canonical text per value (so `any`, `contains` and
 * `overlaps` compare elements as JSON strings exactly), and ordered as the bytes are.
 * Reads also decode the two object forms older versions stored.
 */

const HEX_ELEMENT = /^\\x(?:[0-9a-fA-F]{2})*$/;

/** `value` (an array, nested or not) with each Buffer / Uint8Array as its `\x` hex text. */
export function encodeBinaryElements(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(encodeBinaryElements);
  if (value instanceof Uint8Array)
    return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  return value;
}

/**
 * A parsed JSON array of a `bytes[]` column with each element back as a Buffer: the `\x`
 * hex text, and the objects older versions stored (`{"type":"Buffer","data":[...]}`,
 * `{"0":7,"1":8}`). Anything else (null, a string written by another program) is left as
 * it is.
 */
export function decodeBinaryElements(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeBinaryElements);
  if (typeof value === 'string') {
    return HEX_ELEMENT.test(value) ? Buffer.from(value.slice(2), 'hex') : value;
  }
  if (typeof value === 'object' && value !== null) return legacyBytes(value) ?? value;
  return value;
}

/** The bytes of an element an older version stored as `JSON.stringify` wrote it, or null. */
function legacyBytes(value: object): Buffer | null {
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // Buffer#toJSON: exactly `type` and `data`.
  if (
    keys.length === 2 &&
    record['type'] === 'Buffer' &&
    Array.isArray(record['data']) &&
    record['data'].every(isByte)
  ) {
    return Buffer.from(record['data'] as number[]);
  }
  // A Uint8Array's own indexes, "0" to "n-1" (an empty one is `{}`).
  const bytes: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const byte = record[String(i)];
    if (!isByte(byte)) return null;
    bytes.push(byte);
  }
  return Buffer.from(bytes);
}

function isByte(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255;
}
