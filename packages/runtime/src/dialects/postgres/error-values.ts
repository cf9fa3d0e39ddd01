/**
 * The driver's error (`cause` of a mapped error) without the values of the failed
 * statement, for when values are hidden. pg's error keeps the server's fields: its
 * `detail` (`Key (email)=(...) already exists.`, `Failing row contains (...)`), `where`
 * and `internalQuery` can quote values, and so can a data exception's message; and
 * `console.error(err)` or a logger prints the cause with the error.
 */

/** pg's fields that name schema or say where, never values: kept on the copy. */
const KEPT = [
  'code',
  'severity',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'position',
  'hint',
  'file',
  'line',
  'routine',
] as const;

/** A copy of pg's `error` whose message is `message` (already without values), no detail. */
export function pgCauseWithoutValues(error: unknown, message: string): unknown {
  if (!(error instanceof Error)) return error;
  const original = error as Error & Record<string, unknown>;
  const copy = new Error(message) as Error & Record<string, unknown>;
  copy.name = original.name;
  for (const key of KEPT) if (original[key] !== undefined) copy[key] = original[key];
  const frames = original.stack?.split('\n').slice(1).join('\n');
  copy.stack = frames ? `${copy.name}: ${message}\n${frames}` : `${copy.name}: ${message}`;
  return copy;
}
