/**
 * When the open documents' diagnostics are checked. A check is the whole `dbgen check` of
 * a file and its imports, synchronous, and the server answers nothing while it runs: on a
 * 1 MB schema one takes seconds, so checking on every keystroke queued ten checks behind
 * ten quick edits and a hover waited for all of them (27 s). Edits now only note the
 * changed file; the check runs once the edits have paused for `delayMs`, over the text
 * as it is then. Opening a file and saving it check at once (what the editor shows then
 * is up to date), and so does anything else that asks for `flush()`.
 */

/** The pause after the last edit before its file's open importers are checked (ms). */
export const DEFAULT_CHECK_DELAY_MS = 250;

export class CheckScheduler {
  /** Files changed since the last check, in the order they changed. */
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param check checks again every open document affected by the changed files.
   * @param delayMs the pause in edits after which the check runs.
   */
  constructor(
    private readonly check: (changed: readonly string[]) => void,
    private readonly delayMs: number,
  ) {}

  /** Notes an edit of `path`; the check waits until the edits pause. */
  changedLater(path: string): void {
    this.changed.add(path);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** Notes a change of `path` and checks what is pending now. */
  changedNow(path: string): void {
    this.changed.add(path);
    this.flush();
  }

  /** Runs the pending check, if any. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.changed.size === 0) return;
    const paths = [...this.changed];
    this.changed.clear();
    this.check(paths);
  }

  /** Stops the timer (the server is shutting down). */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.changed.clear();
  }
}

/** The longest delay a Node timer keeps; a longer one would fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The delay an editor asked for in `initializationOptions.diagnosticsDelay` (ms, a whole
 * number from 0 up, at most about 24 days), or the default.
 */
export function checkDelay(options: unknown): number {
  const asked =
    typeof options === 'object' && options !== null
      ? (options as { diagnosticsDelay?: unknown }).diagnosticsDelay
      : undefined;
  return typeof asked === 'number' && Number.isSafeInteger(asked) && asked >= 0
    ? Math.min(asked, MAX_DELAY_MS)
    : DEFAULT_CHECK_DELAY_MS;
}
