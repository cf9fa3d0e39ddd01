/**
 * Health checks of idle pooled connections (`idleCheckMs`): a connection that sat in the
 * pool longer than that is asked `SELECT 1` before it is lent. A connection whose server
 * went away without the socket noticing yet (a restart behind a proxy, a failover, a
 * network cut) then fails the check, not the caller's statement, and is replaced; a write
 * that would otherwise fail with ConnectionError runs on a new connection instead. Off by
 * default: the check costs one round trip per checkout after an idle period.
 */
import type pg from 'pg';

export class IdleCheck {
  private readonly releasedAt = new WeakMap<pg.PoolClient, number>();

  constructor(
    private readonly idleMs: number,
    private readonly timeoutMs: number,
  ) {}

  /** Notes when `client` went back to the pool. */
  released(client: pg.PoolClient): void {
    this.releasedAt.set(client, performance.now());
  }

  /** Whether `client` has been idle long enough to be checked before use. */
  due(client: pg.PoolClient): boolean {
    const at = this.releasedAt.get(client);
    return at !== undefined && performance.now() - at >= this.idleMs;
  }

  /** Resolves true when the connection answers `SELECT 1` within the timeout. */
  ping(client: pg.PoolClient): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), this.timeoutMs);
      timer.unref();
      try {
        client.query('SELECT 1', (error: Error | null) => {
          clearTimeout(timer);
          resolve(error === null);
        });
      } catch {
        clearTimeout(timer);
        resolve(false);
      }
    });
  }
}
