/**
 * Children gathered per parent while a load's rows are read, made into one array per
 * parent only at the end.
 *
 * Why not push each child into its parent's array as it comes: V8 tracks where array
 * literals are allocated, and when nearly everything one site allocates survives a young
 * collection (a loaded collection lives as long as its session), it "pretenures" the site:
 * its arrays are then allocated in the old generation. An old array that dies (the session
 * ends) still holds its children until the next full collection, and until then every
 * young collection must keep, copy and finally promote them, their rows and their strings.
 * Measured on the select-in benchmark (1,000 parents, 10,000 children): ten times the
 * collector's pause time. Arrays cut from one scratch array with `slice()` are allocated
 * young, without such tracking, and die with their session; the scratch arrays are
 * emptied by {@link ChildGroups.release}.
 */
import { anchorShape } from '../../core/shape-anchors.js';

export class ChildGroups {
  private readonly children: object[] = [];
  /** The group of each child in `children`. */
  private readonly groupOf: number[] = [];
  private readonly counts: number[] = [];
  private ordered: object[] = [];
  private readonly starts: number[] = [];

  /** A new group; returns its number. */
  addGroup(): number {
    this.counts.push(0);
    return this.counts.length - 1;
  }

  add(group: number, child: object): void {
    this.children.push(child);
    this.groupOf.push(group);
    (this.counts[group] as number)++;
  }

  /** Orders the children by group (keeping their order within each): call once, after the rows. */
  finish(): void {
    const counts = this.counts;
    this.starts.length = 0;
    let start = 0;
    for (let g = 0; g < counts.length; g++) {
      this.starts.push(start);
      start += counts[g] as number;
    }
    const ordered: object[] = new Array<object>(this.children.length);
    const next = this.starts.slice();
    for (let i = 0; i < this.children.length; i++) {
      const g = this.groupOf[i] as number;
      ordered[(next[g] as number)++] = this.children[i] as object;
    }
    this.ordered = ordered;
    this.children.length = 0;
    this.groupOf.length = 0;
  }

  /**
   * Puts each group's children in `before` order where they are not in it already (one
   * compare per child when they are: the usual case, see loaders.ts). Call after
   * {@link finish}.
   */
  sortGroups(before: (a: object, b: object) => number): void {
    const ordered = this.ordered;
    for (let g = 0; g < this.counts.length; g++) {
      const start = this.starts[g] as number;
      const end = start + (this.counts[g] as number);
      let i = start + 1;
      while (i < end && before(ordered[i - 1] as object, ordered[i] as object) <= 0) i++;
      if (i >= end) continue;
      const part = ordered.slice(start, end).sort(before);
      for (let j = 0; j < part.length; j++) ordered[start + j] = part[j] as object;
    }
  }

  /** The children of `group`, in the order they were added (a new array each call). */
  list(group: number): object[] {
    const start = this.starts[group] as number;
    return this.ordered.slice(start, start + (this.counts[group] as number));
  }

  /** {@link list} with each child once (its first place kept). */
  uniqueList(group: number): object[] {
    const list = this.list(group);
    if (list.length < 2) return list;
    const seen = new Set<object>(list);
    return seen.size === list.length ? list : [...seen];
  }

  /** Drops every reference to the children (see the module comment). */
  release(): void {
    this.ordered.length = 0;
    this.children.length = 0;
    this.groupOf.length = 0;
  }
}

// One per select-in load, dead after it: one kept alive keeps the map its methods are
// compiled against (shape-anchors.ts).
anchorShape(new ChildGroups());
