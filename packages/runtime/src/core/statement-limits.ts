/**
 * Statement timeouts and `AbortSignal` cancellation: one driver call raced against a timer
 * and a signal. When either fires, the driver cancels the statement on the server
 * ({@link DriverConnection.cancel}) and the caller gets a {@link TimeoutError} or a
 * {@link CancelledError}; the connection stays usable.
 *
 * A server that stops answering (a network partition: the socket stays open, nothing
 * comes back) answers neither the statement nor its cancel. The statement is then given
 * up {@link abandonAfterMs} after the cancel: the caller gets a {@link ConnectionError}
 * and the connection is closed, never pooled again (a late answer or cancel would land
 * on its next statement).
 */
import type { Driver, DriverConnection } from './driver.js';
import {
  CancelledError,
  ConfigError,
  ConnectionError,
  redact,
  TimeoutError,
  type DbgenError,
} from './errors.js';
import { noteHiddenTwin, valuesHidden } from './observe/hidden-values.js';

/** How long after a cancel that has not stopped the statement another is sent (ms). */
const RECANCEL_MS = 100;

/**
 * How long a cancelled statement may take to stop before its connection is given up: as
 * long as its timeout, at least 1 s (a cancel on a loaded server takes a few ms) and at
 * most 10 s.
 */
export function abandonAfterMs(limits: StatementLimits): number {
  return Math.min(10_000, Math.max(1_000, limits.timeoutMs ?? 0));
}

/** Errors of statements given up on a silent server: their connections are closed. */
const abandoned = new WeakSet<object>();

/** Per-statement limits; they override the session's and the engine's. */
export interface StatementOptions {
  /**
   * Cancel the statement when it runs longer than this (ms). `0` runs it without a
   * timeout even when the engine or session sets one.
   */
  readonly timeoutMs?: number;
  /** Cancel the statement when this signal aborts (before it starts: it never runs). */
  readonly signal?: AbortSignal;
}

/** The limits one statement runs under, after defaults (both may be absent). */
export interface StatementLimits {
  readonly timeoutMs: number | undefined;
  readonly signal: AbortSignal | undefined;
}

/** Checks a timeout option: a finite number ≥ 0 (0: none). */
export function checkTimeout(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new ConfigError(
      `${name} must be a number of milliseconds ≥ 0 (0: no timeout), got ${String(value)}`,
    );
  return value === 0 ? undefined : value;
}

/**
 * The limits of one statement: its own options over the default timeout (of the session
 * or engine). `undefined` when nothing limits it (the fast path).
 */
export function resolveLimits(
  options: StatementOptions | undefined,
  defaultTimeoutMs: number | undefined,
): StatementLimits | undefined {
  const timeoutMs =
    options?.timeoutMs !== undefined
      ? checkTimeout(options.timeoutMs, 'timeoutMs')
      : defaultTimeoutMs;
  const signal = options?.signal;
  if (timeoutMs === undefined && signal === undefined) return undefined;
  return { timeoutMs, signal };
}

/** True when a stopped statement's connection was abandoned (no cancel): destroy it. */
export function abandonsConnection(
  connection: Pick<DriverConnection, 'cancel'>,
  error: unknown,
): boolean {
  if (typeof error === 'object' && error !== null && abandoned.has(error)) return true;
  return (
    connection.cancel === undefined &&
    (error instanceof TimeoutError || error instanceof CancelledError)
  );
}

/** The error of a statement whose server answered neither it nor its cancel. */
function abandonedError(
  why: 'timeout' | 'abort',
  limits: StatementLimits,
  sql: string,
  parameters: readonly unknown[],
): ConnectionError {
  const error = new ConnectionError(
    `statement ${why === 'timeout' ? `timed out after ${limits.timeoutMs} ms` : 'cancelled by its AbortSignal'}, ` +
      `and the server answered neither it nor its cancel within ${abandonAfterMs(limits)} ms: ` +
      'its connection was closed (the server is unreachable or stopped answering; ' +
      'whether a write took effect is unknown)',
    { sql, parameters },
  );
  abandoned.add(error);
  return error;
}

function stoppedError(
  why: 'timeout' | 'abort',
  limits: StatementLimits,
  sql: string,
  parameters: readonly unknown[],
  cause: unknown,
): DbgenError {
  if (why === 'timeout')
    return new TimeoutError(
      `statement cancelled after its ${limits.timeoutMs} ms timeout ` +
        '(raise timeoutMs, or pass timeoutMs: 0 to run it without one)',
      { sql, parameters, cause },
    );
  const reason = limits.signal?.reason as unknown;
  const said =
    reason instanceof Error ? reason.message : reason === undefined ? '' : String(reason);
  return new CancelledError(`statement cancelled by its AbortSignal${said ? ` (${said})` : ''}`, {
    sql,
    parameters,
    cause: reason,
  });
}

/**
 * The error `make` builds for the statement, its parameters as errors show them and the
 * driver's error (`driverError`, if any) as the dialect's mapping gives it: without values
 * unless they are shown (mysql2's error carries the statement with its values written
 * in). Where values are shown, its twin without them is noted for the listeners added
 * without values (observe/hidden-values.ts).
 */
function limitError(
  driver: Driver,
  sql: string,
  parameters: readonly unknown[],
  driverError: unknown,
  make: (parameters: readonly unknown[], cause: unknown) => DbgenError,
): DbgenError {
  const build = (shown: readonly unknown[]): DbgenError => {
    if (driverError === undefined) return make(shown, undefined);
    const mapped = driver.mapError(driverError, sql, shown);
    return make(shown, mapped === driverError ? driverError : (mapped.cause ?? driverError));
  };
  const error = build(parameters);
  if (!valuesHidden(parameters)) noteHiddenTwin(error, () => build(redact(parameters)));
  return error;
}

/**
 * Runs `start` (one driver call) under `limits`. `sql` and `parameters` (already redacted
 * as errors show them) describe the statement in the error.
 */
export async function runWithLimits<T>(
  driver: Driver,
  connection: Pick<DriverConnection, 'cancel'>,
  limits: StatementLimits,
  sql: string,
  parameters: readonly unknown[],
  start: () => Promise<T>,
): Promise<T> {
  const { timeoutMs, signal } = limits;
  const stoppedBy = (why: 'timeout' | 'abort', driverError: unknown): DbgenError =>
    limitError(driver, sql, parameters, driverError, (shown, cause) =>
      stoppedError(why, limits, sql, shown, cause),
    );
  if (signal?.aborted) throw stoppedBy('abort', undefined);
  let stopped: 'timeout' | 'abort' | null = null;
  let settled = false;
  let wake: (() => void) | null = null;
  let cancelling: Promise<void> | null = null;
  let abandon: ((error: Error) => void) | null = null;
  let giveUp: ReturnType<typeof setTimeout> | undefined;
  let gaveUp = false;
  // A cancel that reaches the server before the statement has started is lost (SQLite
  // clears its interrupt flag when a statement starts; a PostgreSQL backend still reading
  // the statement ignores a cancel): cancel again until the statement settles.
  const cancelUntilSettled = async (cancel: () => Promise<void>): Promise<void> => {
    while (!settled) {
      await cancel().catch(() => undefined);
      if (settled) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, RECANCEL_MS).unref();
      });
    }
  };
  const stop = (why: 'timeout' | 'abort'): void => {
    if (stopped !== null) return;
    stopped = why;
    if (connection.cancel) {
      cancelling = cancelUntilSettled(() => connection.cancel!());
      giveUp = setTimeout(() => {
        gaveUp = true;
        abandon?.(
          limitError(driver, sql, parameters, undefined, (shown) =>
            abandonedError(why, limits, sql, shown),
          ),
        );
      }, abandonAfterMs(limits));
    } else abandon?.(stoppedBy(why, undefined));
  };
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), timeoutMs);
  const onAbort = (): void => stop('abort');
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const running = start();
    // Without a cancel there is no way to stop it on the server, and with one the server
    // may not answer: either way the caller stops waiting and destroys the connection.
    running.catch(() => undefined);
    return await Promise.race([
      running,
      new Promise<never>((_, reject) => {
        abandon = reject;
      }),
    ]);
  } catch (error) {
    if (gaveUp) throw error;
    if (stopped !== null && !(error instanceof TimeoutError || error instanceof CancelledError)) {
      if (driver.isCancelled?.(error) ?? true) throw stoppedBy(stopped, error);
    }
    throw error;
  } finally {
    settled = true;
    (wake as (() => void) | null)?.();
    clearTimeout(timer);
    clearTimeout(giveUp);
    signal?.removeEventListener('abort', onAbort);
    // The cancel request must have reached the server before the connection runs anything
    // else, or it could stop the next statement (a connection given up runs nothing more).
    if (cancelling !== null && !gaveUp) await cancelling;
  }
}
