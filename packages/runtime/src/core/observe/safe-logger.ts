/**
 * The engine's logger, made unable to change what it reports on. The logger is the user's
 * (a log sink, a file, a network client), and it is called after a statement ran: its echo
 * line, the slow-statement line, a failed listener's line. Called unguarded, a logger that
 * threw turned a statement that had succeeded into a failure — a COMMIT that was durable
 * reported as failed, the session's objects put back to pending, and the caller's retry
 * writing every row a second time. A logger's failure (thrown, or a rejected promise) is
 * now written to stderr with the line it was given, and the statement's outcome stands.
 */

/** `logger`, never throwing and never leaving a rejection unhandled. */
export function safeLogger(logger: (line: string) => void): (line: string) => void {
  return (line) => {
    try {
      const result: unknown = logger(line);
      if (result instanceof Promise) result.catch((error: unknown) => loggerFailed(error, line));
    } catch (error) {
      loggerFailed(error, line);
    }
  };
}

function loggerFailed(error: unknown, line: string): void {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`[dbgen] the engine's logger failed (${message}); its line: ${line}`);
}
