/**
 * The session's pending objects: an insertion-ordered set of states kept as an array,
 * each state remembering its position in it (`InstanceState.pendingAt`).
 *
 * A flush of 10,000 new objects adds them one at a time. A `Set` hashed each state and
 * rehashed its whole table at every doubling (about 640 KB of tables for 10,000 states,
 * most of it garbage by the flush); here an add is a push and a field write.
 *
 * Membership is `items[st.pendingAt] === st`, so a stale position (left from another
 * session, or from before a `clear`) never counts. Deleting leaves a hole that iteration
 * skips: deleting while iterating is safe, and iteration, like a Set's, visits states
 * added while it runs. Holes are squeezed out by an `add` when they outnumber the states
 * (never while an iteration runs).
 */
import { objectArray } from '../../core/object-arrays.js';
import type { InstanceState } from './instance-state.js';

export class PendingSet implements Iterable<InstanceState> {
  private items: (InstanceState | undefined)[] = objectArray();
  private count = 0;
  /** Iterations under way: positions must not move while one runs. */
  private iterating = 0;

  get size(): number {
    return this.count;
  }

  has(st: InstanceState): boolean {
    const i = st.pendingAt;
    return i >= 0 && this.items[i] === st;
  }

  add(st: InstanceState): this {
    if (this.has(st)) return this;
    const items = this.items;
    if (this.iterating === 0 && items.length > 64 && items.length > 2 * this.count) this.compact();
    st.pendingAt = this.items.length;
    this.items.push(st);
    this.count++;
    return this;
  }

  delete(st: InstanceState): boolean {
    if (!this.has(st)) return false;
    this.items[st.pendingAt] = undefined;
    st.pendingAt = -1;
    if (--this.count === 0 && this.iterating === 0) this.items = objectArray();
    return true;
  }

  clear(): void {
    // Positions left in the states are stale against the new array: no walk over them.
    this.items = objectArray();
    this.count = 0;
  }

  /**
   * Calls `fn` for every state in insertion order, including states added meanwhile
   * (a plain loop: no iterator object or generator resumption per state).
   */
  forEach(fn: (st: InstanceState) => void): void {
    this.iterating++;
    try {
      const items = this.items;
      for (let i = 0; i < items.length; i++) {
        const st = items[i];
        if (st !== undefined) fn(st);
        // `clear` swapped the array: nothing is left to visit, as with a Set.
        if (items !== this.items) return;
      }
    } finally {
      this.iterating--;
    }
  }

  *[Symbol.iterator](): Generator<InstanceState, void, undefined> {
    this.iterating++;
    try {
      const items = this.items;
      for (let i = 0; i < items.length; i++) {
        const st = items[i];
        if (st !== undefined) yield st;
        if (items !== this.items) return;
      }
    } finally {
      this.iterating--;
    }
  }

  private compact(): void {
    const kept: InstanceState[] = objectArray();
    for (const st of this.items) {
      if (st === undefined) continue;
      st.pendingAt = kept.length;
      kept.push(st);
    }
    this.items = kept;
  }
}
