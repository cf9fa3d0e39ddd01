/**
 * What objects point to instead of their session: a {@link SessionEpoch} (closing a
 * session, or `expungeAll`, ends its link, which detaches every object in one write;
 * `expireOnCommit` expires the epoch), and the {@link LoadTag} of a lazily loaded object
 * (see lazy-state.ts). Below both instance-state.ts and lazy-state.ts.
 */
import type { IdentityKey } from '../mapping/identity-key.js';
import type { Mapper } from '../mapping/mapper.js';

/** The holder of objects (a Session); kept opaque so that state code need not import it. */
export interface StateOwner {
  readonly id: number;
  /** The token its objects point to (replaced when the session is closed or expires them). */
  readonly epoch: SessionEpoch;
  readonly identityMap: { get(mapper: Mapper, key: IdentityKey): object | undefined };
}

/** @internal The slot of a lazily loaded object's {@link LoadTag} (null once its state is made). */
export const LAZY_TAG = Symbol('dbgen.orm.loaded');
/** @internal The slot of a lazily loaded object's back-reference (see {@link LoadTag.refSlot}). */
export const LAZY_REF = Symbol('dbgen.orm.reference');

/** A session while it is open; closing it (or `expungeAll`) sets `session` to null. */
export class SessionLink {
  constructor(public session: StateOwner | null) {}
}

/**
 * A session's membership token for a stretch of its life: objects (and states) point to
 * it. Its session is null once the session was closed (its objects are then detached);
 * `expired` is set by a commit with `expireOnCommit`, which starts a new epoch on the same
 * link (old epochs live as long as their objects, not as long as the session).
 */
export class SessionEpoch {
  expired = false;
  /** The tag of lazily loaded objects without a back-reference. */
  readonly plain: LoadTag;
  private readonly refTags: LoadTag[] = [];

  constructor(readonly link: SessionLink) {
    this.plain = new LoadTag(this, -1);
  }

  get session(): StateOwner | null {
    return this.link.session;
  }

  /** The tag of lazily loaded objects whose relation `slot` is loaded (one per relation). */
  refTag(slot: number): LoadTag {
    return (this.refTags[slot] ??= new LoadTag(this, slot));
  }
}

/**
 * What a lazily loaded object points to: its epoch and which reference its `LAZY_REF` slot
 * holds (a relation slot of its mapper, -1 for none). Shared by every object of the epoch
 * with the same loaded reference, so an object pays one slot for it.
 */
export class LoadTag {
  constructor(
    readonly epoch: SessionEpoch,
    readonly refSlot: number,
  ) {}
}
