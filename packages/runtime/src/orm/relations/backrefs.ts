/**
 * Backrefs: after a flush, the other side of each changed relation is brought in step in
 * memory where it is loaded, as SQLAlchemy's backrefs do (there is no hidden I/O on
 * property access, so this happens at flush rather than on assignment).
 */
import type { InstanceState } from '../state/instance-state.js';
import type { Assignment } from './relation-sync.js';

/**
 * Keeps the other side of a changed relation in step in memory (SQLAlchemy's backrefs):
 * `post.author = user` appends `post` to a loaded `user.posts` and takes it out of the
 * previous author's loaded `posts`; adding `post` to `user.posts` sets a loaded-or-not
 * `post.author`.
 */
export function backref(a: Assignment, resnap: Set<InstanceState>): void {
  const inverseName = a.via.ir.inverse;
  if (inverseName === null || a.child.deletedFlushed) return;
  if (a.fromParentSide) {
    const inv = a.child.mapper.relations.get(inverseName);
    if (inv === undefined || inv.collection) return;
    a.child.relations.set(inv.name, a.parent === null ? null : a.parent.obj);
    resnap.add(a.child);
    return;
  }
  if (a.previousParent !== undefined && a.previousParent !== a.parent) {
    leaveInverse(a.previousParent, inverseName, a.child.obj, resnap);
  }
  if (a.parent === null) return;
  const inv = a.parent.mapper.relations.get(inverseName);
  if (inv === undefined || !a.parent.relations.has(inv.name)) return;
  if (inv.collection) {
    const list = a.parent.relations.get(inv.name) as object[];
    if (!list.includes(a.child.obj)) list.push(a.child.obj);
  } else {
    a.parent.relations.set(inv.name, a.child.obj);
  }
  resnap.add(a.parent);
}

/** Takes `child` out of the previous parent's loaded side of the relation, if it holds it. */
function leaveInverse(
  parent: InstanceState,
  inverseName: string,
  child: object,
  resnap: Set<InstanceState>,
): void {
  if (parent.deletedFlushed || !parent.hasRelations) return;
  const inv = parent.mapper.relations.get(inverseName);
  if (inv === undefined || !parent.relations.has(inv.name)) return;
  if (inv.collection) {
    const list = parent.relations.get(inv.name) as object[];
    const at = list.indexOf(child);
    if (at < 0) return;
    list.splice(at, 1);
  } else if (parent.relations.get(inv.name) === child) {
    parent.relations.set(inv.name, null);
  } else {
    return;
  }
  resnap.add(parent);
}
