/**
 * Statement timeouts and `AbortSignal` cancellation: one driver call raced against a timer
 * and a signal. When either fires, the driver cancels the statement on the server
 * ({@link DriverConnection.cancel}) and the caller gets a {@link TimeoutError} or a
 * {@link CancelledError}; the connection stays usable.
 */
import type { Driver, DriverConnection } from './driver.js';
import { CancelledError, ConfigError, TimeoutError, type DbgenError } from './errors.js';

/** How long after a cancel that has not stopped the statement another is sent (ms). */
const RECANCEL_MS = 100;

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
  return (
    connection.cancel === undefined &&
    (error instanceof TimeoutError || error instanceof CancelledError)
  );
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
  if (signal?.aborted) throw stoppedError('abort', limits, sql, parameters, undefined);
  let stopped: 'timeout' | 'abort' | null = null;
  let settled = false;
  let wake: (() => void) | null = null;
  let cancelling: Promise<void> | null = null;
  let abandon: ((error: Error) => void) | null = null;
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
    if (connection.cancel) cancelling = cancelUntilSettled(() => connection.cancel!());
    else abandon?.(stoppedError(why, limits, sql, parameters, undefined));
  };
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), timeoutMs);
  const onAbort = (): void => stop('abort');
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const running = start();
    if (connection.cancel) return await running;
    // No way to stop it on the server: stop waiting (the caller destroys the connection).
    running.catch(() => undefined);
    return await Promise.race([
      running,
      new Promise<never>((_, reject) => {
        abandon = reject;
      }),
    ]);
  } catch (error) {
    if (stopped !== null && !(error instanceof TimeoutError || error instanceof CancelledError)) {
      if (driver.isCancelled?.(error) ?? true)
        throw stoppedError(stopped, limits, sql, parameters, error);
    }
    throw error;
  } finally {
    settled = true;
    (wake as (() => void) | null)?.();
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    // The cancel request must have reached the server before the connection runs anything
    // else, or it could stop the next statement.
    if (cancelling !== null) await cancelling;
  }
}
