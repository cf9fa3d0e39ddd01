/**
 * A flush when the session has event handlers: `beforeFlush` (its handlers may add,
 * change or delete objects), the unit of work (with the per-object events), then
 * `afterFlush` with what was written. Handlers of `afterFlush` may add objects too (an
 * audit row, say): the flush then runs again for them, up to {@link MAX_PASSES} times.
 * The caller rolls back on any error, a handler's included.
 */
import { InvalidRequestError } from '../errors.js';
import type { FlushRecord } from './flush-events.js';
import type { SessionEvents } from './session-events.js';

/** Flush passes one call may take before handlers that keep adding changes are an error. */
export const MAX_PASSES = 100;

interface ObservedSession {
  hasPendingChanges(): boolean;
  readonly new: object[];
  readonly dirty: object[];
  readonly deletedObjects: object[];
}

export async function flushWithEvents(
  session: ObservedSession,
  events: SessionEvents,
  run: () => Promise<FlushRecord | null>,
): Promise<void> {
  for (let pass = 0; session.hasPendingChanges(); pass++) {
    if (pass === MAX_PASSES)
      throw new InvalidRequestError(
        `flush: event handlers kept adding changes for ${MAX_PASSES} passes (does an afterFlush handler react to its own writes?)`,
      );
    if (events.has('beforeFlush')) {
      await events.emit('beforeFlush', {
        session,
        new: session.new,
        dirty: session.dirty,
        deleted: session.deletedObjects,
      });
      if (!session.hasPendingChanges()) return;
    }
    const record = await run();
    if (record !== null && events.has('afterFlush'))
      await events.emit('afterFlush', { session, ...record });
  }
}
