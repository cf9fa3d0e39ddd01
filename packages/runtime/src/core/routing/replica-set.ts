/**
 * The replicas of a routed engine and what is known of each: reachable or down (skipped
 * for `retryMs` after a connection failure), promoted (out of the rotation for good: it
 * no longer follows the primary), lagging (over `maxLagMs`), and the last write position
 * it was seen to have applied. Reads take them round robin, skipping unusable ones.
 */
import type { Connection, ConnectOptions, Executor } from '../connection.js';
import { DbgenError } from '../errors.js';
import { sql } from '../raw.js';
import { redactUrl } from '../url.js';
import type { ReplicaProblem } from './errors.js';
import type { ReplicationProbe } from './replication.js';

/** An engine as routing uses it (the Core's Engine; routing does not import it). */
export interface RoutableEngine extends Executor {
  connect(options?: ConnectOptions): Promise<Connection>;
  close(): Promise<void>;
}

/** A replica's state: usable, unreachable, promoted (out for good), or too far behind. */
export type ReplicaHealth = 'up' | 'down' | 'promoted' | 'lagging';

/** One replica's state, as {@link ReplicaSet.check} reports it. */
export interface ReplicaStatus {
  /** The replica's URL, password redacted. */
  readonly url: string;
  readonly state: ReplicaHealth;
  /** Why it is not up ('' when up). */
  readonly reason: string;
  /** Its lag behind the primary in ms at the last check, when known. */
  readonly lagMs: number | null;
}

interface Member {
  readonly url: string;
  readonly engine: RoutableEngine;
  state: ReplicaHealth;
  reason: string;
  lagMs: number | null;
  /** When a down or lagging member is tried again (ms since epoch). */
  retryAt: number;
  replayed: bigint | null;
  checkedAt: number;
  checking: Promise<void> | null;
}

export interface ReplicaSetSettings {
  /** How long a replica that failed to connect is skipped (ms). */
  readonly retryMs: number;
  /** How often each replica's state (promoted? lag?) is asked in the background (ms). */
  readonly checkIntervalMs: number;
  /** A replica further behind than this (ms) is skipped until it catches up; undefined: no limit. */
  readonly maxLagMs: number | undefined;
}

/** A replica chosen for a statement (report its failures with `markDown`). */
export interface ReplicaChoice {
  readonly url: string;
  readonly engine: RoutableEngine;
}

/** The replica could not be reached (or its connection died): try another. */
export function isConnectionFailure(error: unknown): boolean {
  return error instanceof DbgenError && error.code === 'CONNECTION';
}

export class ReplicaSet {
  private readonly members: Member[];
  private turn = 0;

  constructor(
    replicas: readonly { readonly url: string; readonly engine: RoutableEngine }[],
    private readonly probe: ReplicationProbe | undefined,
    private readonly settings: ReplicaSetSettings,
  ) {
    this.members = replicas.map(({ url, engine }) => ({
      url: redactUrl(url),
      engine,
      state: 'up',
      reason: '',
      lagMs: null,
      retryAt: 0,
      replayed: null,
      checkedAt: 0,
      checking: null,
    }));
  }

  get size(): number {
    return this.members.length;
  }

  /**
   * The usable replicas, starting one further along at each call (round robin). A down
   * or lagging replica whose retry time has come is included again (at the end): the
   * statement it gets is its health check.
   */
  candidates(): ReplicaChoice[] {
    const count = this.members.length;
    if (count === 0) return [];
    const start = this.turn++ % count;
    const now = Date.now();
    const ready: Member[] = [];
    const retrying: Member[] = [];
    for (let i = 0; i < count; i++) {
      const member = this.members[(start + i) % count] as Member;
      this.checkSoon(member, now);
      if (member.state === 'up') ready.push(member);
      else if (member.state !== 'promoted' && now >= member.retryAt) retrying.push(member);
    }
    return [...ready, ...retrying];
  }

  /** Records that `choice` could not be reached: it is skipped for `retryMs`. */
  markDown(choice: ReplicaChoice, error: unknown): void {
    const member = this.memberOf(choice);
    if (member.state === 'promoted') return;
    member.state = 'down';
    member.reason = error instanceof Error ? error.message : String(error);
    member.retryAt = Date.now() + this.settings.retryMs;
  }

  /** Records that `choice` answered: a down replica is up again. */
  markUp(choice: ReplicaChoice): void {
    const member = this.memberOf(choice);
    if (member.state === 'down') {
      member.state = 'up';
      member.reason = '';
    }
  }

  /**
   * Whether `choice` has applied every write up to `position` (read-your-writes). Asks the
   * replica unless it was already seen that far; a replica that cannot say is taken as behind.
   */
  async hasReplayed(choice: ReplicaChoice, position: bigint): Promise<boolean> {
    const member = this.memberOf(choice);
    if (member.replayed !== null && member.replayed >= position) return true;
    await this.check(member);
    return member.state === 'up' && member.replayed !== null && member.replayed >= position;
  }

  /** Why each unusable replica is not used. */
  problems(): ReplicaProblem[] {
    return this.members
      .filter((m) => m.state !== 'up')
      .map((m) => ({ url: m.url, state: m.state as ReplicaProblem['state'], reason: m.reason }));
  }

  /** Asks every replica its state now (for health endpoints and tests). */
  async checkAll(): Promise<ReplicaStatus[]> {
    await Promise.all(this.members.map((m) => this.check(m)));
    return this.members.map(({ url, state, reason, lagMs }) => ({ url, state, reason, lagMs }));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.members.map((m) => m.checking));
    await Promise.all(this.members.map((m) => m.engine.close()));
  }

  private memberOf(choice: ReplicaChoice): Member {
    return choice as Member;
  }

  /** A background check when the last one is older than the interval. */
  private checkSoon(member: Member, now: number): void {
    if (this.probe === undefined || member.state === 'promoted') return;
    if (member.checking === null && now - member.checkedAt >= this.settings.checkIntervalMs) {
      void this.check(member);
    }
  }

  private check(member: Member): Promise<void> {
    const probe = this.probe;
    if (probe === undefined || member.state === 'promoted') return Promise.resolve();
    return (member.checking ??= (async () => {
      try {
        const { rows } = await member.engine.execute(sql.raw(probe.replicaStateSql));
        const state = probe.parseReplicaState((rows[0] ?? {}) as Record<string, unknown>);
        member.replayed = state.replayed;
        member.lagMs = state.lagMs;
        const maxLag = this.settings.maxLagMs;
        if (!state.inRecovery) {
          member.state = 'promoted';
          member.reason = 'it was promoted and no longer replicates the primary';
        } else if (maxLag !== undefined && state.lagMs > maxLag) {
          member.state = 'lagging';
          member.reason = `${Math.round(state.lagMs)} ms behind the primary (maxReplicaLagMs ${maxLag})`;
          member.retryAt = Date.now() + this.settings.checkIntervalMs;
        } else {
          member.state = 'up';
          member.reason = '';
        }
      } catch (error) {
        if (isConnectionFailure(error)) this.markDown(member, error);
        else {
          // Not a replica we can read the state of (another error): keep it out for a while.
          member.state = 'down';
          member.reason = `its replication state could not be read: ${(error as Error).message}`;
          member.retryAt = Date.now() + this.settings.retryMs;
        }
      } finally {
        member.checkedAt = Date.now();
        member.checking = null;
      }
    })());
  }
}
