/**
 * Window functions: a function call that can be turned into `fn(...) OVER (...)`, and the
 * frame bounds an OVER clause takes. Kept apart from the general {@link Expression} so that
 * file holds only what every expression has.
 */
import { node, type FrameBound, type FrameNode, type FunctionNode } from './nodes.js';
import { Expression, toOrderNode, type OrderBy } from './expression.js';

/** A frame bound for window functions. */
export const frame = {
  unboundedPreceding: Object.freeze({ kind: 'unboundedPreceding' }) as FrameBound,
  currentRow: Object.freeze({ kind: 'currentRow' }) as FrameBound,
  unboundedFollowing: Object.freeze({ kind: 'unboundedFollowing' }) as FrameBound,
  preceding: (offset: number): FrameBound => Object.freeze({ kind: 'preceding', offset }),
  following: (offset: number): FrameBound => Object.freeze({ kind: 'following', offset }),
};

export interface OverOptions {
  partitionBy?: readonly Expression<unknown>[];
  orderBy?: readonly (OrderBy | Expression<unknown>)[];
  frame?: { mode: FrameNode['mode']; start: FrameBound; end?: FrameBound };
}

/** A function call; aggregates and window functions can be turned into windows with `over`. */
export class FunctionExpression<T> extends Expression<T> {
  declare readonly node: FunctionNode;
  constructor(fnNode: FunctionNode) {
    super(fnNode);
  }
  /** `fn(...) OVER (PARTITION BY ... ORDER BY ... ROWS BETWEEN ...)`. */
  over(options: OverOptions = {}): Expression<T> {
    const f = options.frame;
    return new Expression(
      node({
        kind: 'window',
        fn: this.node,
        partitionBy: Object.freeze((options.partitionBy ?? []).map((e) => e.node)),
        orderBy: Object.freeze((options.orderBy ?? []).map(toOrderNode)),
        frame: f ? Object.freeze({ mode: f.mode, start: f.start, end: f.end ?? null }) : null,
      }),
    );
  }
}
