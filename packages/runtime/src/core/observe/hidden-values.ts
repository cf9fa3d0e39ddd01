/**
 * Bound values in database error messages. A driver's error can quote the values of the
 * failed statement (PostgreSQL's `Key (email)=(...) already exists.`, MariaDB's
 * `Duplicate entry '...' for key ...`); dbgen hides values unless asked to show them, so
 * the dialects' error mappers rewrite such messages, and tracing (which decides on its own
 * whether spans carry values) reads the rewritten message of an error that shows them.
 */

/** A value's place in a message that does not show values. */
export const HIDDEN_VALUE = '<redacted>';

/**
 * Whether values are hidden for a failed statement, told by the parameters its error
 * mapper was given: the redacted ones (`redact()` in core/errors.ts: `'[redacted]'` each)
 * unless values are shown. A statement without parameters counts as hidden: its values, if
 * any, are in its SQL (the error's `sql`), and a message may quote rows already stored.
 */
export function valuesHidden(parameters: readonly unknown[]): boolean {
  return parameters.every((value) => value === '[redacted]');
}

// The message without values of each mapped error whose message shows them (values
// shown): a WeakMap, so an error costs nothing once dropped.
const hiddenMessages = new WeakMap<object, string>();

/** @internal Records `hidden`, the message of `error` without values, when they differ. */
export function noteHiddenMessage(error: Error, hidden: string): void {
  if (hidden !== error.message) hiddenMessages.set(error, hidden);
}

/** The message of `error` without bound values (its own message if it shows none). */
export function messageWithoutValues(error: Error): string {
  return hiddenMessages.get(error) ?? error.message;
}

// The same failure as an engine that hides values would have thrown it, of errors dbgen
// builds itself with the values shown (a statement's timeout or cancel): the driver's
// errors are mapped again instead (core/run.ts, hiddenMapping).
const hiddenTwins = new WeakMap<object, () => Error>();

/** @internal Records how to make `error`'s twin without values. */
export function noteHiddenTwin(error: Error, make: () => Error): void {
  hiddenTwins.set(error, make);
}

/** @internal `error` as an engine that hides values would have thrown it, if dbgen made it. */
export function hiddenTwinOf(error: unknown): Error | undefined {
  return typeof error === 'object' && error !== null ? hiddenTwins.get(error)?.() : undefined;
}
