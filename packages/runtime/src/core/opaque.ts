/**
 * What `util.inspect` and `JSON.stringify` show of a driver's objects (its driver, its
 * connections): their name, never their fields. Those hold the URL with its password and
 * the driver's pool and connection config (mysql2 keeps `password` in plain sight), and
 * are reachable from every `Connection` and `Session` a user may log or serialise.
 */
export const INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never;

/** The `[INSPECT]` and `toJSON` of an object shown only by `name`. */
export function opaque(name: string): { text: string; json: { readonly kind: string } } {
  return { text: `${name} {}`, json: Object.freeze({ kind: name }) };
}
