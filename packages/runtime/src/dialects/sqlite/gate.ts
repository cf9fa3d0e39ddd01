/**
 * A lock with a queue of timed waiters: one holder at a time (SQLite's single writer, or
 * one reader connection), and a waiter that waits longer than the acquire timeout fails
 * with PoolTimeoutError instead of hanging.
 */
import { PoolTimeoutError } from '../../core/errors.js';

export class Gate {
  private held = false;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(
    private readonly timeoutMs: number,
    /** The PoolTimeoutError's message. */
    private readonly busyMessage: () => string,
  ) {}

  /** Takes the gate when it is free (no waiting). */
  tryTake(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  take(): Promise<void> {
    if (this.tryTake()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(new PoolTimeoutError(this.busyMessage()));
        }, this.timeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  /** Hands the gate to the next waiter, or frees it. */
  give(): void {
    const next = this.waiting.shift();
    if (next) next.grant();
    else this.held = false;
  }
}
