/**
 * Relations assigned while not loaded (`user.posts = [p2]` on a user whose posts were
 * never loaded, or `session.merge()` onto such a user): the flush cannot tell what the
 * assignment removed without the rows the relation held. SQLAlchemy loads the old
 * collection before replacing it (its attribute events may do I/O); here property access
 * never does, so the flush loads it, as the relation's snapshot, and then diffs as for a
 * loaded relation: children left out are orphans (deleted or detached, as the relation's
 * `orphan` says), many-to-many links left out are deleted, an inverse one-to-one's previous
 * object is orphaned.
 */
import type { RelationMapping } from '../mapping/mapper.js';
import type { InstanceState } from '../state/instance-state.js';
import type { Journal } from '../state/journal.js';
import { selectinLoad, type LoaderSession } from './loaders.js';

/** The session as this load needs it: a loader's, and the journal of the transaction. */
export interface ReplacedRelationsSession extends LoaderSession {
  readonly journal: Journal;
}

/**
 * Loads each relation of `unknown` for its owners, one select-in per relation (and per
 * chunk of 1,000 owners), as their snapshots; the values the user assigned stay the
 * relations' current values.
 */
export async function loadReplacedRelations(
  session: ReplacedRelationsSession,
  unknown: ReadonlyMap<RelationMapping, readonly InstanceState[]>,
): Promise<void> {
  for (const [rel, owners] of unknown) {
    const assigned = owners.map((st) => st.relations.get(rel.name));
    // Recorded first: a failed flush puts the unknown snapshot back, and the next flush
    // loads it again (the rows loaded here may be rolled back with the transaction).
    for (const st of owners) session.journal.record(st);
    // `overwrite`: the relation counts as loaded already (it holds the assigned value).
    await selectinLoad(
      session,
      owners.map((st) => st.obj),
      rel,
      true,
      false,
      false,
    );
    owners.forEach((st, i) => st.relations.set(rel.name, assigned[i]));
  }
}
