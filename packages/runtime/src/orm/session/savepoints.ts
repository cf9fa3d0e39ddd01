/**
 * The session's open SAVEPOINTs (`beginNested`), innermost last. Each matches a journal
 * frame begun with it: releasing one merges its frame into the enclosing one, rolling
 * one back restores the session's objects from its frame before the database rolls back
 * (the session then expires every object: session-transaction.ts `rollbackSavepoint`).
 */
import type { Journal, JournalTarget } from '../state/journal.js';

/** A SAVEPOINT on the session's connection. */
export interface Savepoint {
  release(): Promise<void>;
  rollback(): Promise<void>;
}

/** What a nested transaction knows of its savepoint: whether it is still open. */
export interface SavepointHandle {
  active: boolean;
}

export class Savepoints {
  private readonly stack: { sp: Savepoint; handle: SavepointHandle }[] = [];

  /** Whether any savepoint is open. */
  get open(): boolean {
    return this.stack.length > 0;
  }

  /** Records a savepoint just made (its journal frame begun with it); returns its handle. */
  push(sp: Savepoint): SavepointHandle {
    const handle = { active: true };
    this.stack.push({ sp, handle });
    return handle;
  }

  /** Whether `handle`'s savepoint is the innermost open one. */
  isInnermost(handle: SavepointHandle): boolean {
    return this.stack[this.stack.length - 1]?.handle === handle;
  }

  /** Forgets every savepoint without SQL: the whole transaction is rolled back. */
  dropAll(): void {
    for (const s of this.stack) s.handle.active = false;
    this.stack.length = 0;
  }

  /** RELEASE of the innermost savepoint; its journal frame joins the enclosing one. */
  async releaseInnermost(journal: Journal): Promise<void> {
    const top = this.stack.pop();
    if (top === undefined) return;
    top.handle.active = false;
    journal.release();
    await top.sp.release();
  }

  /** ROLLBACK TO the innermost savepoint, the session's objects restored from its frame. */
  async rollbackInnermost(journal: Journal, target: JournalTarget): Promise<void> {
    const top = this.stack.pop();
    if (top === undefined) return;
    top.handle.active = false;
    journal.rollback(target);
    await top.sp.rollback();
  }
}
